package dev.fcspec.emulator.iop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("I/O processors on port-layer N_Ports")
class IopOverPortTest {

    @Test
    void aReplicatedWriteTravelsInTheExchangesOfLoggedInNPorts() {
        VirtualScheduler s = new VirtualScheduler(9);
        Link link = new Link(s, "adapter-link");
        List<Frame> wire = new ArrayList<>();
        link.addTap((t, from, f) -> wire.add(f));
        Wwn node1 = Wwn.parse("20:00:00:00:0a:00:00:01");
        Wwn node2 = Wwn.parse("20:00:00:00:0a:00:00:02");
        NPort p1 = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:00:0a:00:00:01"), node1), link.a());
        NPort p2 = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:00:0a:00:00:02"), node2), link.b());
        p1.enable();
        p2.enable();
        s.runUntil(() -> p1.remotePort(p2.fcId()).map(RemotePort::isLoggedIn).orElse(false)
                && p2.remotePort(p1.fcId()).map(RemotePort::isLoggedIn).orElse(false), Duration.ofSeconds(5));
        StorageSet st1 = new StorageSet();
        StorageSet st2 = new StorageSet();
        st1.create(1, 512, 16);
        IoProcessor iop1 = new IopOverPort(p1).start("adapter 1", node1, st1, IoProcessor.Config.DEFAULT);
        IoProcessor iop2 = new IopOverPort(p2).start("adapter 2", node2, st2, IoProcessor.Config.DEFAULT);
        iop1.addPeer(node2, p2.fcId());
        iop2.addPeer(node1, p1.fcId());
        List<HostCompletion> told = new ArrayList<>();
        wire.clear();

        iop1.submit(HostRequest.designate(1, 1, node2, 5), told::add);
        byte[] data = new byte[512];
        java.util.Arrays.fill(data, (byte) 0x6b);
        iop1.submit(HostRequest.replicate(2, 1, 3, data), told::add);
        s.runFor(Duration.ofMillis(50));

        assertThat(told).extracting(HostCompletion::messageId, HostCompletion::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0), org.assertj.core.groups.Tuple.tuple(2, 0));
        assertThat(st2.volume(5).orElseThrow().read(3, 1)).isEqualTo(data);
        List<Frame> iop = wire.stream().filter(f -> f.header().type() == IopProtocol.TYPE).toList();
        assertThat(iop).hasSize(4);
        // each completion answers in the exchange its request opened
        assertThat(iop.get(1).header().oxId()).isEqualTo(iop.get(0).header().oxId());
        assertThat(iop.get(3).header().oxId()).isEqualTo(iop.get(2).header().oxId());
        assertThat(IopProtocol.decode(iop.get(3).payload()).messageId()).isEqualTo(2);
    }
}
