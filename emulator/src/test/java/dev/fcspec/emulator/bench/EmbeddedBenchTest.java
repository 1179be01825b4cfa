package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fabric.FPortState;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The embedded bench")
class EmbeddedBenchTest {

    private final BenchSpec spec = BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml"));

    @Test
    void bringsUpEachFabricsSwitchWithItsDomainAndItsCabledPortsWaitingForFlogi() {
        EmbeddedBench bench = new EmbeddedBench(spec, new VirtualScheduler(7));

        FabricSwitch a = bench.fabric("A");
        assertThat(a.domainId()).isEqualTo(spec.fabric("A").orElseThrow().domainId());
        assertThat(a.port(1).state()).isEqualTo(FPortState.AWAITING_FLOGI);
        assertThat(a.port(10).state()).isEqualTo(FPortState.AWAITING_FLOGI);
        assertThat(a.port(5).state()).isEqualTo(FPortState.OFFLINE);
        assertThat(bench.fabric("B").config().npivSupported()).isFalse();
        assertThat(bench.fabricOf(new Endpoint("h1", "host2")).orElseThrow().name()).isEqualTo("B");
        assertThat(bench.fabricOf(new Endpoint("h3", "host1"))).isEmpty();
        assertThat(bench.peerOf(new Endpoint("h3", "host1"))).contains(new Endpoint("array1", "0b"));
    }

    @Test
    void carriesAFlogiFromAHostPortToItsSwitchAndTheAcceptBack() {
        EmbeddedBench bench = new EmbeddedBench(spec, new VirtualScheduler(7));
        HbaSpec hba = spec.host("h1").orElseThrow().hba("host1").orElseThrow();
        LinkEnd end = bench.linkEnd(new Endpoint("h1", "host1")).orElseThrow();
        List<Frame> received = new ArrayList<>();
        end.attach(received::add);

        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, FcId.FABRIC_LOGIN_SERVER, FcId.UNASSIGNED, FcType.ELS,
                FCtl.REQUEST, 0x1234);
        end.send(Frame.single(h, LoginParameters.flogi(hba.wwpn(), hba.wwnn(), 2048, 2000, true).encode()));
        bench.scheduler().runUntil(() -> !received.isEmpty(), Duration.ofSeconds(1));

        assertThat(received).hasSize(1);
        Frame acc = received.get(0);
        LoginParameters p = (LoginParameters) ElsCodec.decodeReply(ElsCommand.FLOGI, acc.payload());
        assertThat(p.command()).isEqualTo(ElsCommand.LS_ACC);
        assertThat(p.nodeName()).isEqualTo(spec.fabric("A").orElseThrow().fabricName());
        assertThat(acc.header().dId().domain()).isEqualTo(1);
        assertThat(bench.fabric("A").loginByPortName(hba.wwpn())).isPresent();
    }

    @Test
    void activatesTheZonesOfTheBenchFile() {
        BenchSpec zoned = BenchLoader.parse("""
                fabrics:
                  - name: A
                    switch: {name: sw1, domain_id: 3, wwn: 10:00:00:05:33:00:00:01}
                    zoning:
                      default_zone: none
                      zones:
                        - {name: z1, members: [10:00:00:00:c9:00:00:01, 50:0a:09:81:00:00:00:01]}
                """, "zoned");
        EmbeddedBench bench = new EmbeddedBench(zoned, new VirtualScheduler(1));

        var zoning = bench.fabric("A").zoning();
        assertThat(zoning.activeZoneSet()).isPresent();
        assertThat(zoning.permits(Wwn.parse("10:00:00:00:c9:00:00:01"), Wwn.parse("50:0a:09:81:00:00:00:01"))).isTrue();
        assertThat(zoning.permits(Wwn.parse("10:00:00:00:c9:00:00:01"), Wwn.parse("10:00:00:00:c9:00:00:02"))).isFalse();
    }

    @Test
    @DisplayName("cluster c3's three nodes log their interconnect ports in to switch sw4 and connect a VI to each peer through it")
    void threeNodeClusterInterconnectsThroughItsSwitch() {
        EmbeddedBench bench = new EmbeddedBench(spec, new VirtualScheduler(7));
        var c3 = bench.cluster("c3");
        bench.scheduler().runUntil(() -> c3.interconnected().isDone(), Duration.ofSeconds(2));
        assertThat(c3.interconnected()).isCompleted();
        assertThat(c3.interconnected().isCompletedExceptionally()).isFalse();
        bench.scheduler().runUntil(() -> c3.nodes().values().stream().allMatch(n -> n.interconnected()),
                Duration.ofSeconds(1));
        FabricSwitch d = bench.fabric("D");
        for (String node : List.of("nb1", "nb2", "nb3")) {
            var n = c3.node(node);
            assertThat(n.interconnected()).as("%s's VIs to both peers connected", node).isTrue();
            assertThat(n.adapters().keySet()).containsExactlyInAnyOrderElementsOf(
                    List.of("nb1", "nb2", "nb3").stream().filter(x -> !x.equals(node)).toList());
            Wwn ic = c3.fabricInterconnectPorts().get(node).portName();
            assertThat(d.loginByPortName(ic)).as("%s's interconnect port logged in to sw4", node).isPresent();
            assertThat(n.adapters().values()).allSatisfy(a -> assertThat(a.driver().address())
                    .isEqualTo(d.loginByPortName(ic).orElseThrow().fcId()));
        }
        assertThat(c3.node("nb1").targetPortGroup()).isEqualTo(1);
        assertThat(c3.node("nb3").targetPortGroup()).isEqualTo(3);
        assertThat(c3.survivorOf("nb2").name()).isEqualTo("nb3");
        assertThat(c3.survivorOf("nb3").name()).as("wrapping around").isEqualTo("nb1");
        assertThat(bench.cluster("c1").interconnect().name()).isEqualTo("c1.interconnect");
    }

    @Test
    void givesPortsTheFirstAndMaximumBurstsOfTheBenchFileSoTheyAgreeInProcessLogin() {
        BenchSpec tuned = oneHostOneArray(", first_burst: 2048", ", first_burst: 4096, max_burst: 8192");
        VirtualScheduler s = new VirtualScheduler(3);
        EmbeddedBench bench = new EmbeddedBench(tuned, s);
        var host = bench.nPort(new Endpoint("h1", "host1"));
        var array = bench.nPort(new Endpoint("array1", "0a"));

        assertThat(host.config().firstBurstLength()).isEqualTo(2048);
        assertThat(array.config().firstBurstLength()).isEqualTo(4096);
        assertThat(bench.fcpTarget(new Endpoint("array1", "0a")).maxBurstLength()).isEqualTo(8192);
        host.enable();
        array.enable();
        assertThat(s.runUntil(() -> host.state() == dev.fcspec.emulator.port.LportState.READY
                && array.state() == dev.fcspec.emulator.port.LportState.READY, Duration.ofMinutes(1))).isTrue();
        var login = host.login(array.fcId());
        assertThat(s.runUntil(login::isDone, Duration.ofMinutes(1))).isTrue();
        assertThat(login.join().fcpFirstBurstAgreed()).isTrue();
        assertThat(bench.fcpInitiator(new Endpoint("h1", "host1")).firstBurstLength(array.fcId())).isEqualTo(2048);
    }

    @Test
    void aHostPortWithDiscoveryInTheBenchFileFindsAndLogsInToTheArrayOnItsOwn() {
        BenchSpec spec = oneHostOneArray(", discovery: true", "");
        VirtualScheduler s = new VirtualScheduler(3);
        EmbeddedBench bench = new EmbeddedBench(spec, s);
        var host = bench.nPort(new Endpoint("h1", "host1"));
        var array = bench.nPort(new Endpoint("array1", "0a"));
        assertThat(host.config().discovery()).isTrue();
        assertThat(array.config().discovery()).isFalse();

        array.enable();
        host.enable();
        assertThat(s.runUntil(() -> host.discovery().state() == dev.fcspec.emulator.port.DiscoveryState.READY
                && !host.discovery().targets().isEmpty(), Duration.ofMinutes(1))).isTrue();
        assertThat(host.discovery().targets()).extracting(dev.fcspec.emulator.port.RemotePort::portId)
                .containsExactly(array.fcId());
    }

    /** Host h1 and array1 port 0a (one 1 MiB LUN) on switch sw1; extra keys for the HBA and the array port. */
    private static BenchSpec oneHostOneArray(String hbaKeys, String arrayPortKeys) {
        return BenchLoader.parse("""
                fabrics:
                  - name: A
                    switch: {name: sw1, domain_id: 3, wwn: 10:00:00:05:33:00:00:01}
                hosts:
                  - name: h1
                    hbas:
                      - {name: host1, wwnn: 20:00:00:00:c9:00:00:01, wwpn: 10:00:00:00:c9:00:00:01%s}
                storage:
                  - name: array1
                    ports:
                      - {name: 0a, wwnn: 50:0a:09:80:00:00:00:01, wwpn: 50:0a:09:81:00:00:00:01%s}
                    luns:
                      - {id: 0, size: 1MiB}
                links:
                  - {a: h1.host1, b: sw1.1}
                  - {a: array1.0a, b: sw1.2}
                """.formatted(hbaKeys, arrayPortKeys), "one-host-one-array");
    }
}
