package dev.fcspec.emulator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.time.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Servers' mirror transports joined in memory with a fixed one-way latency (tests of the engine alone). */
final class LoopbackNetwork {
    static final int BS = 512;
    private final VirtualScheduler scheduler;
    private final Duration latency;
    private final Map<Integer, MirrorTransport.Receiver> receivers = new HashMap<>();
    int requests;
    private final java.util.Set<Integer> isolated = new java.util.HashSet<>();

    /** Messages to and from {@code server} are lost until {@link #heal}. */
    void isolate(int server) {
        isolated.add(server);
    }

    void heal(int server) {
        isolated.remove(server);
    }

    LoopbackNetwork(VirtualScheduler scheduler, Duration latency) {
        this.scheduler = scheduler;
        this.latency = latency;
    }

    /** Sends raw bytes to server {@code to} as if from {@code from}; the reply goes to {@code onReply}. */
    void inject(int from, int to, byte[] payload, Consumer<byte[]> onReply) {
        receivers.get(to).onRequest(from, payload, onReply);
    }

    MirrorTransport transportOf(int self) {
        return new MirrorTransport() {
            @Override
            public void start(Receiver receiver) {
                receivers.put(self, receiver);
            }

            @Override
            public void request(int peer, byte[] payload, Duration timeout, Consumer<byte[]> onReply,
                                Consumer<Throwable> onFailure) {
                requests++;
                boolean[] ended = {false};
                Timer t = scheduler.schedule(timeout, () -> {
                    if (!ended[0]) {
                        ended[0] = true;
                        onFailure.accept(new IllegalStateException("no reply within " + timeout));
                    }
                });
                scheduler.schedule(latency, () -> {
                    MirrorTransport.Receiver r = receivers.get(peer);
                    if (r == null || isolated.contains(self) || isolated.contains(peer)) {
                        return;
                    }
                    r.onRequest(self, payload, reply -> scheduler.schedule(latency, () -> {
                        if (!ended[0]) {
                            ended[0] = true;
                            t.cancel();
                            onReply.accept(reply);
                        }
                    }));
                });
            }

            @Override
            public void stop() {
                receivers.remove(self);
            }
        };
    }

    /** Server {@code id}'s engine: a 1 MiB device of 512-byte blocks, 64-block regions, a 2 s peer timeout. */
    MirrorEngine engine(int id) {
        MassStorageDevice d = new MassStorageDevice("s" + id, new SparseMemoryStore(1 << 20, BS), BS);
        return new MirrorEngine(scheduler, "s" + id, id, d, 64, Duration.ofSeconds(2));
    }

    /** A write through {@code e}, run to its result on virtual time. */
    MirrorEngine.Result write(MirrorEngine e, long lba, byte[] data) {
        MirrorEngine.Result[] r = new MirrorEngine.Result[1];
        e.write(lba, data, x -> r[0] = x);
        assertThat(scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(10))).as("write completes").isTrue();
        return r[0];
    }

    /** A read through {@code e}, run to its result on virtual time. */
    MirrorEngine.Result read(MirrorEngine e, long lba, int blocks) {
        MirrorEngine.Result[] r = new MirrorEngine.Result[1];
        e.read(lba, blocks, x -> r[0] = x);
        assertThat(scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(10))).as("read completes").isTrue();
        return r[0];
    }

    /** {@code blocks} blocks filled with {@code seed}. */
    static byte[] pattern(int seed, int blocks) {
        byte[] b = new byte[blocks * BS];
        java.util.Arrays.fill(b, (byte) seed);
        return b;
    }
}
