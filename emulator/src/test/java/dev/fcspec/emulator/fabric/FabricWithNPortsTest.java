package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.port.VportState;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The switch with the emulator's own N_Ports (port layer) instead of raw frames. */
@DisplayName("switch with emulated N_Ports")
class FabricWithNPortsTest {

    private static final Wwn TARGET_WWPN = Wwn.parse("50:0a:09:81:00:00:a1:0a");
    private static final Wwn TARGET_WWNN = Wwn.parse("50:0a:09:80:00:00:a1:00");

    private final VirtualScheduler scheduler = new VirtualScheduler(11);

    private FabricSwitch fabric(FabricConfig config) {
        return new FabricSwitch(scheduler, config);
    }

    private FabricSwitch fabric() {
        return fabric(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME));
    }

    private NPort nport(FabricSwitch sw, int fPort, PortConfig config) {
        Link link = new Link(scheduler, "l" + fPort);
        sw.attach(fPort, link.b());
        return new NPort(scheduler, config, link.a());
    }

    private void runUntil(BooleanSupplier condition) {
        assertThat(scheduler.runUntil(condition, Duration.ofMinutes(2))).as("reached in virtual time").isTrue();
    }

    @Test
    void hostAndArrayLogInRegisterAndFindEachOther() {
        FabricSwitch sw = fabric();
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)).withFcpRoles(true, false)
                .withSymbolicName("host1"));
        NPort array = nport(sw, 10, PortConfig.of(TARGET_WWPN, TARGET_WWNN).withFcpRoles(false, true)
                .withSymbolicName("array1 0a"));

        host.enable();
        array.enable();
        runUntil(() -> host.state() == LportState.READY && array.state() == LportState.READY);

        assertThat(host.fcId()).isEqualTo(FcId.of(1, 1, 0));
        assertThat(array.fcId()).isEqualTo(FcId.of(1, 10, 0));
        assertThat(host.registrationFailures()).isEmpty();
        assertThat(array.registrationFailures()).isEmpty();
        NameServerEntry target = sw.nameServer().entry(array.fcId()).orElseThrow();
        assertThat(target.fc4TypeCodes()).containsExactly(FcType.FCP);
        assertThat(target.fc4FeaturesOf(FcType.FCP)).isEqualTo(CtConstants.FC4_FEATURE_TARGET);
        assertThat(target.symbolicPortName()).isEqualTo("array1 0a");
        assertThat(sw.rscnRegistrations()).containsEntry(host.fcId(), Scr.FULL).containsKey(array.fcId());

        CompletableFuture<NameServerReply> targets = host.queryNameServer(NameServerRequest.GidFt.of(FcType.FCP));
        runUntil(targets::isDone);
        assertThat(targets.join()).isEqualTo(new NameServerReply.PortIds(List.of(host.fcId(), array.fcId())));
    }

    @Test
    void sixtyFourVportsOfOneHostEachGetTheirOwnIdentityInTheNameServer() {
        FabricSwitch sw = fabric();
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)).withFcpRoles(true, false));
        host.enable();
        runUntil(() -> host.state() == LportState.READY);
        assertThat(host.fabricSupportsNpiv()).isTrue();

        List<VirtualPort> vports = new ArrayList<>();
        for (int i = 1; i <= 64; i++) {
            vports.add(host.createVport(vportWwpn(1, i), vportWwnn(1, i)));
        }
        runUntil(() -> vports.stream().allMatch(v -> v.vportState() == VportState.ACTIVE
                && v.state() == LportState.READY));

        assertThat(new HashSet<>(vports.stream().map(VirtualPort::fcId).toList())).hasSize(64);
        for (int i = 1; i <= 64; i++) {
            VirtualPort v = vports.get(i - 1);
            assertThat(v.fcId().area()).isEqualTo(1);
            NameServerEntry e = sw.nameServer().entry(v.fcId()).orElseThrow();
            assertThat(e.portName()).isEqualTo(vportWwpn(1, i));
            assertThat(e.nodeName()).isEqualTo(vportWwnn(1, i));
            assertThat(e.kind()).isEqualTo(LoginKind.FDISC);
            assertThat(e.fc4TypeCodes()).containsExactly(FcType.FCP);
        }
    }

    @Test
    void aNameServerAnswerOfSeveralFramesReachesTheNPortWhole() {
        FabricSwitch sw = fabric();
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)).withFcpRoles(true, false));
        host.enable();
        runUntil(() -> host.state() == LportState.READY);
        List<VirtualPort> vports = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            vports.add(host.createVport(vportWwpn(1, i), vportWwnn(1, i)));
        }
        runUntil(() -> vports.stream().allMatch(v -> v.state() == LportState.READY));

        CompletableFuture<NameServerReply> all = host.queryNameServer(NameServerRequest.GpnFt.of(FcType.FCP));
        runUntil(all::isDone);

        // 151 entries of 16 bytes after the preamble: 2432 bytes, more than the 2048-byte frames the port takes
        assertThat(all.join()).isInstanceOfSatisfying(NameServerReply.PortIdsAndNames.class,
                r -> assertThat(r.entries()).hasSize(151));
    }

    @Test
    void vportStatesFollowTheFabricsRejects() {
        FabricSwitch sw = fabric(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME).withNpiv(true, 2));
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)));
        NPort other = nport(sw, 2, PortConfig.of(wwpn(2, 1), wwnn(2, 1)));
        host.enable();
        other.enable();
        runUntil(() -> host.state() == LportState.READY && other.state() == LportState.READY);

        VirtualPort a = host.createVport(vportWwpn(1, 1), vportWwnn(1, 1));
        VirtualPort b = host.createVport(vportWwpn(1, 2), vportWwnn(1, 2));
        runUntil(() -> a.vportState() == VportState.ACTIVE && b.vportState() == VportState.ACTIVE);
        VirtualPort third = host.createVport(vportWwpn(1, 3), vportWwnn(1, 3));
        VirtualPort stolen = other.createVport(vportWwpn(1, 1), vportWwnn(1, 1));
        runUntil(() -> third.vportState() == VportState.NO_FABRIC_RESOURCES
                && stolen.vportState() == VportState.FABRIC_REJECTED_WWN);

        assertThat(sw.port(1).logins()).hasSize(3);
        assertThat(sw.loginByPortName(vportWwpn(1, 1))).hasValueSatisfying(l -> assertThat(l.fPort()).isEqualTo(1));
    }

    @Test
    void withoutNpivAtTheSwitchVportsReportNoFabricSupport() {
        FabricSwitch sw = fabric(FabricConfig.defaults("sw2", 2, SwitchFixture.SWITCH_NAME).withNpiv(false, 0));
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)));
        host.enable();
        runUntil(() -> host.state() == LportState.READY);

        VirtualPort v = host.createVport(vportWwpn(1, 1), vportWwnn(1, 1));
        runUntil(() -> v.vportState() != VportState.INITIALIZING && v.vportState() != VportState.UNKNOWN);

        assertThat(host.fabricSupportsNpiv()).isFalse();
        assertThat(v.vportState()).isEqualTo(VportState.NO_FABRIC_SUPPORT);
        assertThat(sw.logins()).hasSize(1);
    }

    @Test
    void deletingAVportLogsItOutOfTheFabric() {
        FabricSwitch sw = fabric();
        NPort host = nport(sw, 1, PortConfig.of(wwpn(1, 1), wwnn(1, 1)));
        host.enable();
        runUntil(() -> host.state() == LportState.READY);
        VirtualPort v = host.createVport(vportWwpn(1, 1), vportWwnn(1, 1));
        runUntil(() -> v.vportState() == VportState.ACTIVE);
        FcId id = v.fcId();

        CompletableFuture<Void> deleted = host.deleteVport(v);
        runUntil(deleted::isDone);

        assertThat(sw.login(id)).isEmpty();
        assertThat(sw.nameServer().entry(id)).isEmpty();
    }
}
