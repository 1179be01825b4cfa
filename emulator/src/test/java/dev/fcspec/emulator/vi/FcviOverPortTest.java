package dev.fcspec.emulator.vi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FC-VI as an FC-4 of port-layer N_Ports")
class FcviOverPortTest {
    private static final int PTAG = 3;

    final VirtualScheduler s = new VirtualScheduler(5);
    final Link link = new Link(s, "interconnect");
    final List<Frame> wire = new ArrayList<>();
    NPort a;
    NPort b;
    FcviPort va;
    FcviPort vb;
    HostMemory memA = new HostMemory(1 << 16);
    HostMemory memB = new HostMemory(1 << 16);

    @BeforeEach
    void loggedInPointToPoint() {
        a = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:24:ff:00:00:0a"), Wwn.parse("20:00:00:24:ff:00:00:0a")),
                link.a());
        b = new NPort(s, PortConfig.of(Wwn.parse("21:00:00:24:ff:00:00:0b"), Wwn.parse("20:00:00:24:ff:00:00:0b")),
                link.b());
        link.addTap((t, from, f) -> wire.add(f));
        a.enable();
        b.enable();
        s.runUntil(() -> a.remotePort(b.fcId()).map(RemotePort::isLoggedIn).orElse(false)
                && b.remotePort(a.fcId()).map(RemotePort::isLoggedIn).orElse(false), Duration.ofSeconds(5));
        va = new FcviOverPort(a).start(memA);
        vb = new FcviOverPort(b).start(memB);
        wire.clear();
    }

    VirtualInterface[] connect() {
        VirtualInterface x = va.createVi(1, ViAttributes.reliable(PTAG));
        VirtualInterface y = vb.createVi(1, ViAttributes.reliable(PTAG));
        y.acceptFrom(x.address());
        List<ConnectResult> r = new ArrayList<>();
        x.connect(y.address(), r::add);
        s.runFor(Duration.ofMillis(5));
        assertThat(r).containsExactly(ConnectResult.ACCEPTED);
        return new VirtualInterface[] {x, y};
    }

    @Test
    void theThreeStepConnectionRunsInOneExchangeOfThePortsExchangeManager() {
        VirtualInterface[] c = connect();
        assertThat(c[0].state()).isEqualTo(ViState.CONNECTED);
        assertThat(c[1].state()).isEqualTo(ViState.CONNECTED);
        List<Frame> vi = wire.stream().filter(FcviProtocol::isFcvi).toList();
        assertThat(vi).extracting(f -> FcviProtocol.decode(f.payload()).name()).containsExactly("FCVI_CONNECT_RQST",
                "FCVI_CONNECT_RESP1", "FCVI_CONNECT_RESP2", "FCVI_CONNECT_RESP3");
        assertThat(vi).extracting(f -> f.header().oxId()).containsOnly(vi.get(0).header().oxId());
        assertThat(vi.get(3).header().rxId()).isEqualTo(vi.get(1).header().rxId());
    }

    @Test
    void rdmaWriteAndReadReachTheRemoteMemoryThroughTheNPort() {
        VirtualInterface[] c = connect();
        MemoryRegion local = va.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
        MemoryRegion remote = vb.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
        memA.write(0, "over the port layer".getBytes());
        c[0].post(new Descriptor.RdmaWrite(1, local.handle(), 0, 19, remote.handle(), 0x100, null));
        c[0].post(new Descriptor.RdmaRead(2, local.handle(), 32, 19, remote.handle(), 0x100));
        s.runFor(Duration.ofMillis(5));
        assertThat(new String(memB.read(0x100, 19))).isEqualTo("over the port layer");
        assertThat(new String(memA.read(32, 19))).isEqualTo("over the port layer");
        assertThat(c[0].sendCompletions().history()).extracting(Completion::status)
                .containsExactly(ViStatus.SUCCESS, ViStatus.SUCCESS);
    }

    @Test
    void aProtectionErrorStillCompletesInErrorOnBothSidesAndChangesNothing() {
        VirtualInterface[] c = connect();
        MemoryRegion local = va.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
        vb.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
        var before = memB.snapshot();
        c[0].post(new Descriptor.RdmaWrite(1, local.handle(), 0, 8, new MemoryHandle(0xBAD), 0x100, null));
        s.runFor(Duration.ofMillis(5));
        assertThat(c[0].sendCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
        assertThat(c[1].receiveCompletions().poll().orElseThrow().status()).isEqualTo(ViStatus.RDMA_PROTECTION_ERROR);
        assertThat(memB.matches(before)).isTrue();
    }

    @Test
    void aDuplicatedRequestIsAnsweredFromThePortsDuplicateRequestCacheAndAppliedOnce() {
        VirtualInterface[] c = connect();
        MemoryRegion local = va.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
        MemoryRegion remote = vb.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
        long before = memB.writeCount();
        wire.clear();
        link.faults().duplicateNext(1, f -> FcviProtocol.isFcvi(f)
                && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST);
        c[0].post(new Descriptor.RdmaWrite(1, local.handle(), 0, 8, remote.handle(), 0x100, null));
        s.runFor(Duration.ofMillis(5));

        assertThat(memB.writeCount()).isEqualTo(before + 1);
        assertThat(wire.stream().filter(f -> FcviProtocol.isFcvi(f) && f.header().sId().equals(b.fcId())))
                .as("WRITE_RESP sent for the request and again for its duplicate").hasSize(2);
        assertThat(b.exchangeManager().statistics().answeredAgain()).isEqualTo(1);
        assertThat(vb.events(ViEvent.Kind.DUPLICATE_REQUEST)).hasSize(1);
        assertThat(va.events(ViEvent.Kind.UNMATCHED_RESPONSE)).hasSize(1);
        assertThat(c[0].sendCompletions().history()).extracting(Completion::status).containsExactly(ViStatus.SUCCESS);
    }

    @Test
    void fcviSharesThePortWithExtendedLinkServices() {
        connect();
        RemotePort rb = a.remotePort(b.fcId()).orElseThrow();
        rb.echo(new byte[] {1, 2, 3, 4});
        s.runFor(Duration.ofMillis(5));
        assertThat(wire).anyMatch(f -> f.header().rCtl() == RCtl.ELS_REQ);
        assertThat(wire).anyMatch(FcviProtocol::isFcvi);
    }
}
