package dev.fcspec.emulator.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.time.VirtualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("History checker: each read returns the last acknowledged write or one still in flight")
class HistoryTest {
    final VirtualScheduler clock = new VirtualScheduler(3);
    final History h = new History(clock, 4);

    void tick() {
        clock.runFor(Duration.ofNanos(10));
    }

    static byte[] b(int v) {
        return new byte[] {(byte) v, (byte) v, (byte) v, (byte) v};
    }

    @Test
    @DisplayName("a read of the last acknowledged write is fine; a read of an older one is a violation with the history")
    void staleRead() {
        var w1 = h.invokeWrite("h1", "x", b(1));
        tick();
        h.ok(w1, null);
        tick();
        var w2 = h.invokeWrite("h1", "x", b(2));
        tick();
        h.ok(w2, null);
        tick();
        var r1 = h.invokeRead("h1", "x");
        tick();
        h.ok(r1, b(2));
        var r2 = h.invokeRead("h1", "x");
        tick();
        h.ok(r2, b(1));
        assertThat(h.check()).hasSize(1).first().satisfies(v -> {
            assertThat(v.read().id()).isEqualTo(r2.id());
            assertThat(v.history()).contains("history of x").contains("#1").contains("#2");
        });
    }

    @Test
    @DisplayName("a write in flight or timed out may or may not be seen; zeros only before any acknowledged write")
    void inFlight() {
        var w1 = h.invokeWrite("h1", "x", b(1));
        tick();
        h.ok(w1, null);
        var w2 = h.invokeWrite("h1", "x", b(2));
        tick();
        var r1 = h.invokeRead("h2", "x");
        tick();
        h.ok(r1, b(2));
        h.timedOut(w2);
        var r2 = h.invokeRead("h2", "x");
        tick();
        h.ok(r2, b(1));
        var r3 = h.invokeRead("h2", "y");
        tick();
        h.ok(r3, new byte[4]);
        var r4 = h.invokeRead("h2", "x");
        tick();
        h.ok(r4, new byte[4]);
        assertThat(h.check()).hasSize(1).first().satisfies(v -> assertThat(v.read().id()).isEqualTo(r4.id()));
    }

    @Test
    @DisplayName("ending an operation twice or writing a partial block is refused")
    void misuse() {
        var w = h.invokeWrite("h1", "x", b(1));
        h.ok(w, null);
        assertThatThrownBy(() -> h.failed(w)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> h.invokeWrite("h1", "x", new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }
}
