package dev.fcspec.emulator.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.HostMemory;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Interconnect driver whose FC-VI provider comes later (an interconnect port that logs in first)")
class InterconnectDriverTest {
    final VirtualScheduler scheduler = new VirtualScheduler(5);
    final Link link = new Link(scheduler, "ic", Duration.ofNanos(1000));

    @Test
    @DisplayName("messages sent before the provider is attached wait, and are delivered once the VI connects")
    void messagesWaitForTheProvider() {
        InterconnectDriver a = new InterconnectDriver("n1", 0x21);
        InterconnectDriver b = new InterconnectDriver("n2", 0x20);
        assertThat(a.attached()).isFalse();
        assertThat(a.address()).isNull();
        assertThat(a.connected()).isFalse();
        List<String> got = new ArrayList<>();
        b.onMessage(m -> got.add(new String(m)));
        a.send("sent before attach".getBytes());
        HostMemory ma = new HostMemory(2 * InterconnectDriver.MEMORY);
        HostMemory mb = new HostMemory(2 * InterconnectDriver.MEMORY);
        FcviPort pa = new FcviPort(scheduler, FcId.of(0x04, 0x01, 0x00), ma, link.a()::send);
        FcviPort pb = new FcviPort(scheduler, FcId.of(0x04, 0x02, 0x00), mb, link.b()::send);
        link.a().attach(pa);
        link.b().attach(pb);
        a.attach(pa, ma, InterconnectDriver.MEMORY); // the slots of both at a base other than 0
        b.attach(pb, mb, InterconnectDriver.MEMORY);
        b.acceptFrom(a);
        a.connect(b);
        scheduler.runFor(Duration.ofMillis(5));
        assertThat(a.connected()).isTrue();
        assertThat(a.address()).isEqualTo(FcId.of(0x04, 0x01, 0x00));
        a.send("sent after".getBytes());
        scheduler.runFor(Duration.ofMillis(5));
        assertThat(got).containsExactly("sent before attach", "sent after");
    }

    @Test
    @DisplayName("a second provider is refused")
    void attachOnce() {
        InterconnectDriver a = new InterconnectDriver("n1", 0x21);
        HostMemory m = new HostMemory(InterconnectDriver.MEMORY);
        FcviPort p = new FcviPort(scheduler, FcId.of(0x04, 0x01, 0x00), m, link.a()::send);
        a.attach(p, m, 0);
        assertThatThrownBy(() -> a.attach(p, m, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has its FC-VI provider");
    }
}
