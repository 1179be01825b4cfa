package dev.fcspec.emulator.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.exchange.ExchangeTimeouts;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("N_Port and NPIV virtual ports on a (fake) F_Port")
class FabricAttachedTest extends PortTestSupport {
    static final Wwn VPORT_WWPN = Wwn.parse("2f:01:00:00:c9:00:00:0a");
    static final Wwn VPORT_WWNN = Wwn.parse("2f:00:00:00:c9:00:00:0a");

    FakeFPort fabric;
    NPort host;

    @BeforeEach
    void attach() {
        fabric = new FakeFPort(link.b());
        host = new NPort(s, PortConfig.of(WWPN_A, WWNN_A).withFcpRoles(true, false).withSymbolicName("host a"),
                link.a());
        host.addListener(events::add);
    }

    void hostReady() {
        host.enable();
        runUntil(() -> host.state() == LportState.READY);
    }

    List<LportState> statesOf(LocalPort p) {
        return events.stream().filter(e -> e instanceof PortEvent.StateChanged sc && sc.port() == p)
                .map(e -> ((PortEvent.StateChanged) e).to()).toList();
    }

    List<Integer> ctCommands() {
        return fabric.received.stream().filter(f -> f.header().rCtl() == RCtl.CT_REQ)
                .map(f -> CtIu.decode(f.payload()).preamble().commandResponse()).toList();
    }

    @Test
    void flogiAdoptsTheAssignedAddressAndTheFabricTimeoutsThenRegisters() {
        hostReady();

        assertThat(host.fcId()).isEqualTo(FakeFPort.NPORT_ID);
        assertThat(host.isFabricAttached()).isTrue();
        assertThat(host.isPointToPoint()).isFalse();
        assertThat(host.fabricSupportsNpiv()).isTrue();
        assertThat(host.exchangeManager().timeouts())
                .isEqualTo(new ExchangeTimeouts(Duration.ofMillis(1_000), Duration.ofMillis(5_000)));
        assertThat(statesOf(host)).containsExactly(LportState.FLOGI, LportState.DNS, LportState.RNN_ID,
                LportState.RSPN_ID, LportState.RFT_ID, LportState.RFF_ID, LportState.SCR, LportState.READY);
        assertThat(ctCommands()).containsExactly(CtConstants.RNN_ID, CtConstants.RSPN_ID, CtConstants.RFT_ID,
                CtConstants.RFF_ID);
        Frame flogi = fabric.requests(ElsCommand.FLOGI).get(0);
        assertThat(flogi.header().sId()).isEqualTo(FcId.UNASSIGNED);
        LoginParameters lp = LoginParameters.decode(flogi.payload(), ElsCommand.FLOGI);
        assertThat(lp.portName()).isEqualTo(WWPN_A);
        assertThat(lp.common().has(dev.fcspec.emulator.port.els.CommonFeatures.NPIV_SUPPORTED)).isTrue();
        assertThat(fabric.requests(ElsCommand.SCR)).singleElement()
                .satisfies(f -> assertThat(f.payloadByte(7)).isEqualTo(3));
        assertThat(host.registrationFailures()).isEmpty();
        assertThat(host.remotePort(FcId.DIRECTORY_SERVER)).hasValueSatisfying(r ->
                assertThat(r.state()).isEqualTo(RportState.READY));
    }

    @Test
    void withoutRegistrationTheFabricLoginGoesStraightToReady() {
        NPort quiet = new NPort(s, PortConfig.of(WWPN_B, WWNN_B).withRegistration(false), new dev.fcspec.emulator.link.Link(s, "q").a());
        FakeFPort f2 = new FakeFPort(quiet.linkEnd().peer());
        quiet.enable();
        runUntil(() -> quiet.state() == LportState.READY);
        assertThat(f2.received).hasSize(1);
    }

    @Test
    void aLogoFromTheFabricIsAcceptedAndThePortLogsInAgain() {
        hostReady();
        int ox = fabric.sendEls(FcId.FABRIC_LOGIN_SERVER, host.fcId(), new Logo(FcId.FABRIC_LOGIN_SERVER, FakeFPort.F_PORT_NAME));
        runUntil(() -> fabric.requests(ElsCommand.FLOGI).size() == 2 && host.state() == LportState.READY);

        assertThat(ElsCodec.decodeReply(ElsCommand.LOGO, fabric.replyTo(ox).payload())).isEqualTo(LsAcc.INSTANCE);
        assertThat(events).contains(new PortEvent.FabricLogout(host));
        assertThat(statesOf(host)).contains(LportState.RESET);
    }

    @Test
    void anRscnIsAcceptedAndReportedToListeners() {
        hostReady();
        Rscn rscn = Rscn.of(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, FcId.of(0x0A, 2, 0)));
        int ox = fabric.sendEls(FcId.FABRIC_CONTROLLER, host.fcId(), rscn);
        settle();

        assertThat(fabric.replyTo(ox).payload()).isEqualTo(LsAcc.INSTANCE.encode());
        assertThat(events).contains(new PortEvent.RscnReceived(host, FcId.FABRIC_CONTROLLER, rscn));
    }

    @Test
    void aPlogiWhileThePortIsLoggingOutIsLogicalBusyAndChangesNothing() {
        hostReady();
        fabric.ignoreLogo = true;
        host.disable();
        settle();
        assertThat(host.state()).isEqualTo(LportState.LOGO);
        Snapshot before = Snapshot.of(host);

        int ox = fabric.sendEls(FcId.of(0x0A, 2, 0), host.fcId(),
                LoginParameters.plogi(WWPN_B, WWNN_B, 2048, 2000));
        settle();

        assertThat(ElsCodec.decodeReply(ElsCommand.PLOGI, fabric.replyTo(ox).payload()))
                .isEqualTo(LsRjt.of(LsRjtReason.LOGICAL_BUSY, LsRjtExplanation.NONE));
        assertThat(Snapshot.of(host)).isEqualTo(before);
    }

    @Test
    void disableLogsOutFromTheFabric() {
        hostReady();
        host.disable();
        settle();
        assertThat(fabric.requests(ElsCommand.LOGO)).singleElement().satisfies(f ->
                assertThat(Logo.decode(f.payload())).isEqualTo(new Logo(FakeFPort.NPORT_ID, WWPN_A)));
        assertThat(host.state()).isEqualTo(LportState.DISABLED);
        assertThat(host.fcId()).isEqualTo(FcId.UNASSIGNED);
    }

    @Nested
    @DisplayName("NPIV")
    class Npiv {
        @Test
        void aVportLogsInWithFdiscUnderItsOwnNamesAndAddress() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);

            assertThat(v.fcId()).isEqualTo(FcId.of(0x0A, 1, 1));
            assertThat(v.state()).isEqualTo(LportState.READY);
            assertThat(v.vportState().displayName()).isEqualTo("Active");
            Frame fdisc = fabric.requests(ElsCommand.FDISC).get(0);
            assertThat(fdisc.header().sId()).isEqualTo(FcId.UNASSIGNED);
            assertThat(fdisc.header().dId()).isEqualTo(FcId.FABRIC_LOGIN_SERVER);
            LoginParameters lp = LoginParameters.decode(fdisc.payload(), ElsCommand.FDISC);
            assertThat(lp.portName()).isEqualTo(VPORT_WWPN);
            assertThat(lp.nodeName()).isEqualTo(VPORT_WWNN);
            // the vport registers itself with the name server under its own N_Port_ID
            assertThat(fabric.received.stream().filter(f -> f.header().rCtl() == RCtl.CT_REQ
                    && f.header().sId().equals(v.fcId()))).hasSize(4);
            assertThat(host.vports().byPortName(VPORT_WWPN)).hasValueSatisfying(e -> assertThat(e.vport()).isSameAs(v));
            assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(
                    new PortEvent.VportStateChanged(v, VportState.INITIALIZING, VportState.ACTIVE, Optional.empty())));
        }

        @Test
        void aVportCreatedBeforeTheFabricLoginWaitsInLinkdown() {
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            assertThat(v.vportState()).isEqualTo(VportState.LINKDOWN);
            hostReady();
            runUntil(() -> v.vportState() == VportState.ACTIVE);
        }

        @ParameterizedTest(name = "LS_RJT {0}/{1} leaves the vport in \"{2}\"")
        @CsvSource({
                "0x09, 0x29, No Fabric Resources",
                "0x03, 0x44, Fabric Rejected WWN",
                "0x03, 0x0D, Fabric Rejected WWN",
                "0x07, 0x1F, Fabric Rejected WWN",
                "0x0B, 0x00, No Fabric Support",
                "0x03, 0x00, VPort Failed"})
        void aRejectedFdiscSetsTheStateLinuxReports(String reason, String explanation, String shown) {
            hostReady();
            LsRjt rjt = LsRjt.of(Integer.decode(reason), Integer.decode(explanation));
            fabric.fdiscReject = rjt;
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            settle();

            assertThat(v.vportState()).isEqualTo(VportState.fromDisplayName(shown));
            assertThat(v.lastReject()).contains(rjt);
            assertThat(v.fcId()).isEqualTo(FcId.UNASSIGNED);
            assertThat(events).anySatisfy(e -> assertThat(e).isEqualTo(new PortEvent.VportStateChanged(v,
                    VportState.INITIALIZING, VportState.fromDisplayName(shown), Optional.of(rjt))));
            assertThat(host.state()).as("the physical port is not affected").isEqualTo(LportState.READY);
        }

        @Test
        void anUnansweredFdiscIsRetriedThenTheVportFails() {
            hostReady();
            fabric.ignoreFdisc = true;
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            s.runFor(Duration.ofMinutes(1));
            assertThat(v.vportState()).isEqualTo(VportState.FAILED);
            assertThat(fabric.requests(ElsCommand.FDISC)).hasSize(1 + host.config().maxRetries());
        }

        @Test
        void aFabricWithoutNpivMeansNoFabricSupport() {
            fabric.npiv = false;
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            settle();
            assertThat(v.vportState()).isEqualTo(VportState.NO_FABRIC_SUPPORT);
            assertThat(fabric.requests(ElsCommand.FDISC)).isEmpty();
        }

        @Test
        void anImplicitLogoutByTheFabricLeavesFabricLogoutAndKeepsThePhysicalPort() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);
            FcId id = v.fcId();

            int ox = fabric.sendEls(FcId.FABRIC_LOGIN_SERVER, id, new Logo(FcId.FABRIC_LOGIN_SERVER, FakeFPort.F_PORT_NAME));
            settle();

            assertThat(fabric.replyTo(ox).header().sId()).isEqualTo(id);
            assertThat(v.vportState()).isEqualTo(VportState.FABRIC_LOGOUT);
            assertThat(v.fcId()).isEqualTo(FcId.UNASSIGNED);
            assertThat(host.state()).isEqualTo(LportState.READY);
            assertThat(events).contains(new PortEvent.FabricLogout(v));
        }

        @Test
        void failoverChangesTheEntrysNamesAndLogsInAgainUnderThem() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);
            FcId oldId = v.fcId();
            Wwn failedWwpn = Wwn.parse("50:0a:09:81:00:00:00:77");
            Wwn failedWwnn = Wwn.parse("50:0a:09:80:00:00:00:77");

            v.entry().setNames(failedWwpn, failedWwnn);
            assertThat(v.vportState()).as("a name change alone does not log in again").isEqualTo(VportState.ACTIVE);
            v.relogin();
            runUntil(() -> fabric.requests(ElsCommand.FDISC).size() == 2 && v.vportState() == VportState.ACTIVE);

            assertThat(fabric.requests(ElsCommand.LOGO)).singleElement().satisfies(f -> {
                assertThat(f.header().sId()).isEqualTo(oldId);
                assertThat(Logo.decode(f.payload())).isEqualTo(new Logo(oldId, failedWwpn));
            });
            LoginParameters second = LoginParameters.decode(fabric.requests(ElsCommand.FDISC).get(1).payload(),
                    ElsCommand.FDISC);
            assertThat(second.portName()).isEqualTo(failedWwpn);
            assertThat(second.nodeName()).isEqualTo(failedWwnn);
            assertThat(v.portName()).isEqualTo(failedWwpn);
            assertThat(host.vports().byPortName(failedWwpn)).isPresent();
            assertThat(host.vports().byPortName(VPORT_WWPN)).isEmpty();
        }

        @Test
        void disablingThePhysicalPortTakesTheVportsDownAndEnablingBringsThemBack() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);

            host.disable();
            settle();
            assertThat(v.vportState()).isEqualTo(VportState.LINKDOWN);
            assertThat(v.fcId()).isEqualTo(FcId.UNASSIGNED);

            host.enable();
            runUntil(() -> v.vportState() == VportState.ACTIVE);
            assertThat(fabric.requests(ElsCommand.FDISC)).hasSize(2);
        }

        @Test
        void aDisabledVportLogsOutAndStaysDisabled() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);
            v.disable();
            settle();
            assertThat(v.vportState()).isEqualTo(VportState.DISABLED);
            assertThat(fabric.requests(ElsCommand.LOGO)).hasSize(1);
            host.disable();
            host.enable();
            runUntil(() -> host.state() == LportState.READY);
            settle();
            assertThat(v.vportState()).isEqualTo(VportState.DISABLED);
        }

        @Test
        void eachVportHasItsOwnRemotePortsAndExchanges() {
            hostReady();
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN);
            runUntil(() -> v.vportState() == VportState.ACTIVE);
            assertThat(v.remotePorts()).extracting(RemotePort::portId).containsExactly(FcId.DIRECTORY_SERVER);
            v.originate(FcId.of(0x0A, 3, 0), FcType.FCP, (e, q) -> { }).send(RCtl.FCP_CMND, new byte[32]);
            assertThat(v.exchanges()).hasSize(1);
            assertThat(host.exchanges()).isEmpty();
        }

        @Test
        void theVportDatabaseRefusesNamesThatWouldCollideOnThisPort() {
            VirtualPort v = host.createVport(VPORT_WWPN, VPORT_WWNN, false);
            assertThatThrownBy(() -> host.createVport(VPORT_WWPN, VPORT_WWNN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> host.createVport(WWPN_A, VPORT_WWNN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> v.entry().setPortName(WWPN_A)).isInstanceOf(IllegalArgumentException.class);
            assertThat(v.vportState()).isEqualTo(VportState.DISABLED);
            assertThat(host.vports().size()).isEqualTo(1);
        }

        @Test
        void onAPointToPointLinkVportsHaveNoFabricSupport() {
            NPort peer = new NPort(s, PortConfig.of(WWPN_B, WWNN_B), new dev.fcspec.emulator.link.Link(s, "p").a());
            NPort me = new NPort(s, PortConfig.of(WWPN_A, WWNN_A), peer.linkEnd().peer());
            VirtualPort v = me.createVport(VPORT_WWPN, VPORT_WWNN);
            me.enable();
            peer.enable();
            runUntil(() -> me.state() == LportState.READY);
            settle();
            assertThat(v.vportState()).isEqualTo(VportState.NO_FABRIC_SUPPORT);
        }
    }

    @Test
    void vportStatesUseTheLinuxSysfsNames() {
        assertThat(List.of(VportState.values())).extracting(VportState::displayName).containsExactly("Unknown", "Active",
                "Disabled", "Linkdown", "Initializing", "No Fabric Support", "No Fabric Resources", "Fabric Logout",
                "Fabric Rejected WWN", "VPort Failed");
    }
}
