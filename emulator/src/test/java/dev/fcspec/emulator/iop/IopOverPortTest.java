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
import java.util.Arrays;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("I/O processors on port-layer N_Ports")
class IopOverPortTest {
    static final Wwn NODE1 = Wwn.parse("20:00:00:00:0a:00:00:01");
    static final Wwn NODE2 = Wwn.parse("20:00:00:00:0a:00:00:02");

    final VirtualScheduler s = new VirtualScheduler(9);
    final Link link = new Link(s, "adapter-link");
    final List<Frame> wire = new ArrayList<>();
    final StorageSet st1 = new StorageSet();
    final StorageSet st2 = new StorageSet();
    final List<HostCompletion> told = new ArrayList<>();
    NPort p1;
    NPort p2;
    IoProcessor iop1;
    IoProcessor iop2;

    @BeforeEach
    void loggedInPointToPoint() {
        link.addTap((t, from, f) -> wire.add(f));
        p1 = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:00:0a:00:00:01"), NODE1), link.a());
        p2 = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:00:0a:00:00:02"), NODE2), link.b());
        p1.enable();
        p2.enable();
        s.runUntil(() -> p1.remotePort(p2.fcId()).map(RemotePort::isLoggedIn).orElse(false)
                && p2.remotePort(p1.fcId()).map(RemotePort::isLoggedIn).orElse(false), Duration.ofSeconds(5));
        st1.create(1, 512, 16);
        iop1 = new IopOverPort(p1).start("adapter 1", NODE1, st1, IoProcessor.Config.DEFAULT);
        iop2 = new IopOverPort(p2).start("adapter 2", NODE2, st2, IoProcessor.Config.DEFAULT);
        iop1.addPeer(NODE2, p2.fcId());
        iop2.addPeer(NODE1, p1.fcId());
        wire.clear();
    }

    static byte[] block(int fill) {
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) fill);
        return data;
    }

    List<Frame> iopFrames() {
        return wire.stream().filter(f -> f.header().type() == IopProtocol.TYPE).toList();
    }

    @Test
    void aReplicatedWriteTravelsInTheExchangesOfLoggedInNPorts() {
        iop1.submit(HostRequest.designate(1, 1, NODE2, 5), told::add);
        iop1.submit(HostRequest.replicate(2, 1, 3, block(0x6b)), told::add);
        s.runFor(Duration.ofMillis(50));

        assertThat(told).extracting(HostCompletion::messageId, HostCompletion::status)
                .containsExactly(Tuple.tuple(1, 0), Tuple.tuple(2, 0));
        assertThat(st2.volume(5).orElseThrow().read(3, 1)).isEqualTo(block(0x6b));
        List<Frame> iop = iopFrames();
        assertThat(iop).hasSize(4);
        // each completion answers in the exchange its request opened
        assertThat(iop.get(1).header().oxId()).isEqualTo(iop.get(0).header().oxId());
        assertThat(iop.get(3).header().oxId()).isEqualTo(iop.get(2).header().oxId());
        assertThat(IopProtocol.decode(iop.get(3).payload()).messageId()).isEqualTo(2);
    }

    @Test
    void aRetransmissionAfterALostCompletionIsAnsweredFromTheDuplicateRequestCacheOfAdapter2sPort() {
        iop1.submit(HostRequest.designate(1, 1, NODE2, 5), told::add);
        s.runFor(Duration.ofMillis(50));
        long writes = st2.volume(5).orElseThrow().writeCount();
        wire.clear();
        link.faults().dropNext(1, f -> f.header().type() == IopProtocol.TYPE && f.header().sId().equals(p2.fcId()));

        iop1.submit(HostRequest.replicate(2, 1, 3, block(0x5a)), told::add);
        s.runFor(Duration.ofMillis(50));

        List<Frame> requests = iopFrames().stream().filter(f -> f.header().sId().equals(p1.fcId())).toList();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).header().oxId()).as("the retransmission opens a new exchange")
                .isNotEqualTo(requests.get(0).header().oxId());
        assertThat(st2.volume(5).orElseThrow().writeCount()).isEqualTo(writes + 1);
        assertThat(iop2.events(IopEvent.Kind.DUPLICATE_REQUEST)).singleElement()
                .satisfies(e -> assertThat(e.messageId()).isEqualTo(2));
        assertThat(p2.exchangeManager().statistics().answeredAgain()).isEqualTo(1);
        assertThat(told).filteredOn(c -> c.messageId() == 2).singleElement()
                .satisfies(c -> assertThat(c.isGood()).isTrue());
    }
}
