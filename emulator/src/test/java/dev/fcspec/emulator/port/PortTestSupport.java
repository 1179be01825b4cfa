package dev.fcspec.emulator.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Two N_Ports on a direct link, driven by a virtual scheduler. */
class PortTestSupport {
    static final Wwn WWPN_A = Wwn.parse("10:00:00:00:c9:00:00:0a");
    static final Wwn WWNN_A = Wwn.parse("20:00:00:00:c9:00:00:0a");
    static final Wwn WWPN_B = Wwn.parse("10:00:00:00:c9:00:00:0b");
    static final Wwn WWNN_B = Wwn.parse("20:00:00:00:c9:00:00:0b");

    final VirtualScheduler s = new VirtualScheduler(42);
    final Link link = new Link(s, "a-b");
    final List<Frame> wire = new ArrayList<>();
    final List<PortEvent> events = new ArrayList<>();

    PortTestSupport() {
        link.addTap((t, from, f) -> wire.add(f));
    }

    /** Runs until {@code cond} holds, failing the test when it does not within a minute of virtual time. */
    void runUntil(java.util.function.BooleanSupplier cond) {
        assertThat(s.runUntil(cond, Duration.ofMinutes(1))).as("condition reached in virtual time").isTrue();
    }

    void settle() {
        s.runFor(Duration.ofMillis(10));
    }

    /** Sends raw ELS request bytes from {@code from} and returns the decoded reply. */
    ElsPayload rawEls(LocalPort from, FcId sId, FcId to, byte[] payload) {
        CompletableFuture<Sequence> f = from.exchangeManager().request(sId, to, RCtl.ELS_REQ, FcType.ELS, payload,
                Duration.ofSeconds(20), 2112);
        settle();
        assertThat(f).as("reply to raw ELS").isCompleted();
        return ElsCodec.decodeReply(payload.length > 0 ? payload[0] & 0xFF : 0, f.join().payload());
    }

    static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("not failed");
    }

    /** What a rejected request must not change: the port's state, address and remote ports. */
    record Snapshot(LportState state, FcId fcId, Map<FcId, RportState> rports, int exchanges) {
        static Snapshot of(LocalPort p) {
            Map<FcId, RportState> m = new LinkedHashMap<>();
            for (RemotePort r : p.remotePorts()) {
                m.put(r.portId(), r.state());
            }
            long open = p.exchanges().stream().filter(e -> !e.state().isTerminal()).count();
            return new Snapshot(p.state(), p.fcId(), m, (int) open);
        }
    }
}
