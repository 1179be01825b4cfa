package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Servers' mirror transports joined in memory with a fixed one-way latency (tests of the engine alone). */
final class LoopbackNetwork {
    private final Scheduler scheduler;
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

    LoopbackNetwork(Scheduler scheduler, Duration latency) {
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
}
