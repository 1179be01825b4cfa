package dev.fcspec.emulator.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.fabric.FabricConfig;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.fabric.Zone;
import dev.fcspec.emulator.fabric.ZoneSet;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("target discovery (libfc fc_disc): GPN_FT, then PLOGI and PRLI to every port found")
class DiscoveryTest {

    static Wwn hostWwpn(int n) {
        return Wwn.of(0x10000000c9000000L | n);
    }

    static Wwn hostWwnn(int n) {
        return Wwn.of(0x20000000c9000000L | n);
    }

    static Wwn targetWwpn(int n) {
        return Wwn.of(0x500a098100000000L | n);
    }

    static Wwn targetWwnn(int n) {
        return Wwn.of(0x500a098000000000L | n);
    }

    /** A switch on virtual time with emulated N_Ports; every frame on the host's link is kept. */
    @Nested
    @DisplayName("on an emulated switch")
    class OnASwitch {
        final VirtualScheduler s = new VirtualScheduler(7, 50_000_000);
        final FabricSwitch sw = new FabricSwitch(s, FabricConfig.defaults("sw1", 1, Wwn.parse("10:00:00:05:33:a0:00:01"))
                .withPortCount(256));
        final List<Frame> hostWire = new ArrayList<>();
        final List<PortEvent> events = new ArrayList<>();

        NPort attach(int fPort, PortConfig c, boolean tapped) {
            Link link = new Link(s, "l" + fPort);
            sw.attach(fPort, link.b());
            if (tapped) {
                link.addTap((t, from, f) -> hostWire.add(f));
            }
            return new NPort(s, c, link.a());
        }

        NPort host(boolean discovery) {
            NPort h = attach(1, PortConfig.of(hostWwpn(1), hostWwnn(1)).withFcpRoles(true, false)
                    .withDiscovery(discovery), true);
            h.addListener(events::add);
            return h;
        }

        NPort target(int fPort, int n) {
            return attach(fPort, PortConfig.of(targetWwpn(n), targetWwnn(n)).withFcpRoles(false, true), false);
        }

        void runUntil(BooleanSupplier c) {
            assertThat(s.runUntil(c, Duration.ofMinutes(5))).as("reached in virtual time").isTrue();
        }

        void upAndSettled(NPort... ports) {
            for (NPort p : ports) {
                p.enable();
            }
            runUntil(() -> java.util.Arrays.stream(ports).allMatch(p -> p.state() == LportState.READY));
            s.runFor(Duration.ofSeconds(30));
        }

        List<Frame> ctRequests(int code) {
            return hostWire.stream().filter(f -> f.header().rCtl() == RCtl.CT_REQ
                    && CtIu.decode(f.payload()).preamble().commandResponse() == code).toList();
        }

        List<Frame> elsRequestsTo(FcId to, int command) {
            return hostWire.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REQ && f.header().dId().equals(to)
                    && f.payloadLength() > 0 && f.payloadByte(0) == command).toList();
        }

        List<DiscoveryState> discoveryStates() {
            return events.stream().filter(e -> e instanceof PortEvent.DiscoveryStateChanged)
                    .map(e -> ((PortEvent.DiscoveryStateChanged) e).to()).toList();
        }

        List<PortEvent.DiscoveryFinished> finished() {
            return events.stream().filter(e -> e instanceof PortEvent.DiscoveryFinished)
                    .map(e -> (PortEvent.DiscoveryFinished) e).toList();
        }

        @Test
        void aHostWithDiscoveryFindsTheTargetsAndLogsInToEachWithoutBeingToldTheirAddresses() {
            NPort a = target(10, 1);
            NPort b = target(11, 2);
            upAndSettled(a, b);
            NPort host = host(true);
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);

            assertThat(discoveryStates()).startsWith(DiscoveryState.GPN_FT, DiscoveryState.LOGGING_IN,
                    DiscoveryState.READY);
            assertThat(host.discovery().found()).extracting(PortIdAndName::portName)
                    .containsExactlyInAnyOrder(targetWwpn(1), targetWwpn(2));
            assertThat(host.discovery().targets()).extracting(RemotePort::portId)
                    .containsExactlyInAnyOrder(a.fcId(), b.fcId());
            assertThat(host.remotePort(a.fcId()).orElseThrow().isFcpTarget()).isTrue();
            PortEvent.DiscoveryFinished done = finished().get(0);
            assertThat(done.loggedInTargets()).containsExactlyInAnyOrder(a.fcId(), b.fcId());
            // what crossed the wire: GPN_FT for TYPE 0x08, then PLOGI and PRLI to each target, none to itself
            Frame gpnFt = ctRequests(CtConstants.GPN_FT).get(0);
            assertThat(gpnFt.header().dId()).isEqualTo(FcId.DIRECTORY_SERVER);
            assertThat(gpnFt.payloadByte(16 + 3)).isEqualTo(FcType.FCP);
            for (NPort t : List.of(a, b)) {
                assertThat(elsRequestsTo(t.fcId(), ElsCommand.PLOGI)).hasSize(1);
                assertThat(elsRequestsTo(t.fcId(), ElsCommand.PRLI)).hasSize(1);
            }
            assertThat(elsRequestsTo(host.fcId(), ElsCommand.PLOGI)).isEmpty();
            assertThat(host.remotePort(host.fcId())).isEmpty();
        }

        @Test
        void discoveryIsOffUnlessTheConfigurationAsksForIt() {
            NPort a = target(10, 1);
            upAndSettled(a);
            NPort host = host(false);
            upAndSettled(host);

            assertThat(ctRequests(CtConstants.GPN_FT)).isEmpty();
            assertThat(host.remotePort(a.fcId())).isEmpty();
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.IDLE);
            assertThat(discoveryStates()).isEmpty();
        }

        @Test
        void aTargetDoesNotDiscoverEvenWhenAskedToBecauseItIsNoInitiator() {
            NPort t = attach(10, PortConfig.of(targetWwpn(1), targetWwnn(1)).withFcpRoles(false, true)
                    .withDiscovery(true), true);
            upAndSettled(t);
            assertThat(t.discovery().state()).isEqualTo(DiscoveryState.IDLE);
            assertThat(ctRequests(CtConstants.GPN_FT)).isEmpty();
        }

        @Test
        void aFabricWithNoOtherFcpPortIsReadyWithNoPortsNotAFailure() {
            NPort host = host(true);
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);

            assertThat(host.discovery().found()).isEmpty();
            assertThat(host.discovery().failure()).isEmpty();
            assertThat(ctRequests(CtConstants.GPN_FT)).hasSize(1);
            assertThat(host.remotePorts()).extracting(RemotePort::portId).containsOnly(FcId.DIRECTORY_SERVER);
        }

        @Test
        void twoHundredTargetsArriveInAMultiFrameAcceptAndAreAllLoggedIn() {
            List<NPort> targets = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                targets.add(target(20 + i, 100 + i));
            }
            upAndSettled(targets.toArray(NPort[]::new));
            NPort host = host(true);
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);

            assertThat(host.discovery().found()).hasSize(200);
            assertThat(host.discovery().targets()).hasSize(200);
            int oxId = ctRequests(CtConstants.GPN_FT).get(0).header().oxId();
            List<Frame> accept = hostWire.stream().filter(f -> f.header().rCtl() == RCtl.CT_REP
                    && f.header().oxId() == oxId).toList();
            assertThat(accept).as("frames of the GPN_FT accept (16 + 200 x 16 bytes)").hasSizeGreaterThan(1);
            int bytes = accept.stream().mapToInt(Frame::payloadLength).sum();
            // 200 targets and the host itself, which discovery skips
            assertThat(bytes).isEqualTo(16 + 201 * 16);
            for (NPort t : targets) {
                assertThat(host.remotePort(t.fcId())).as(t.toString()).hasValueSatisfying(r ->
                        assertThat(r.isReady()).isTrue());
            }
        }

        @Test
        void aTargetZonedApartIsNotDiscovered() {
            NPort a = target(10, 1);
            NPort b = target(11, 2);
            sw.zoning().activate(ZoneSet.of("cfg", Zone.of("h1_a", hostWwpn(1), targetWwpn(1)),
                    Zone.of("other", targetWwpn(2))));
            upAndSettled(a, b);
            NPort host = host(true);
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);

            assertThat(host.discovery().found()).extracting(PortIdAndName::portName).containsExactly(targetWwpn(1));
            assertThat(elsRequestsTo(b.fcId(), ElsCommand.PLOGI)).isEmpty();
            assertThat(host.remotePort(b.fcId())).isEmpty();
        }

        @Test
        void anRscnStartsDiscoveryAgainSoATargetThatLogsInLaterIsFoundAndOneThatLeftIsRemoved() {
            NPort a = target(10, 1);
            upAndSettled(a);
            NPort host = host(true);
            upAndSettled(host);
            assertThat(host.discovery().targets()).extracting(RemotePort::portId).containsExactly(a.fcId());
            int runs = host.discovery().completedRuns();

            NPort late = target(11, 2);
            upAndSettled(late);
            assertThat(host.discovery().completedRuns()).isGreaterThan(runs);
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.READY);
            assertThat(host.discovery().targets()).extracting(RemotePort::portId)
                    .containsExactlyInAnyOrder(a.fcId(), late.fcId());
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(PortEvent.RscnReceived.class));

            FcId gone = a.fcId();
            a.disable();
            s.runFor(Duration.ofSeconds(30));
            assertThat(host.discovery().found()).extracting(PortIdAndName::portId).containsExactly(late.fcId());
            assertThat(host.remotePort(gone)).isEmpty();
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    PortEvent.RemotePortStateChanged.class, rc -> {
                        assertThat(rc.remote().portId()).isEqualTo(gone);
                        assertThat(rc.to()).isEqualTo(RportState.DELETED);
                    }));
            assertThat(host.remotePort(late.fcId()).orElseThrow().isReady()).isTrue();
        }

        @Test
        void anAddressGivenToAnotherPortEndsWithASessionUnderTheNewName() {
            Link link = new Link(s, "l10");
            sw.attach(10, link.b());
            NPort first = new NPort(s, PortConfig.of(targetWwpn(1), targetWwnn(1)).withFcpRoles(false, true), link.a());
            upAndSettled(first);
            NPort host = host(true);
            upAndSettled(host);
            FcId id = first.fcId();
            assertThat(host.remotePort(id).flatMap(RemotePort::portName)).contains(targetWwpn(1));

            first.disable();
            s.runFor(Duration.ofSeconds(1));
            sw.detach(10);
            Link relinked = new Link(s, "l10b");
            sw.attach(10, relinked.b());
            NPort second = new NPort(s, PortConfig.of(targetWwpn(2), targetWwnn(2)).withFcpRoles(false, true),
                    relinked.a());
            upAndSettled(second);

            assertThat(second.fcId()).as("the F_Port gives the same address").isEqualTo(id);
            assertThat(host.remotePort(id)).hasValueSatisfying(r -> {
                assertThat(r.portName()).contains(targetWwpn(2));
                assertThat(r.isReady()).isTrue();
            });
            assertThat(host.discovery().found()).containsExactly(new PortIdAndName(id, targetWwpn(2)));
        }

        @Test
        void anNpivVirtualPortDiscoversOnItsOwn() {
            NPort a = target(10, 1);
            upAndSettled(a);
            NPort host = host(true);
            upAndSettled(host);
            VirtualPort v = host.createVport(Wwn.parse("2f:01:00:00:c9:00:00:01"), Wwn.parse("2f:00:00:00:c9:00:00:01"));
            runUntil(() -> v.discovery().state() == DiscoveryState.READY
                    && !v.discovery().targets().isEmpty());

            assertThat(v.discovery().targets()).extracting(RemotePort::portId).containsExactly(a.fcId());
            assertThat(v.remotePort(a.fcId()).orElseThrow().isFcpTarget()).isTrue();
        }

        @Test
        void startingByHandNeedsAPortReadyOnAFabric() {
            NPort host = host(false);
            assertThatThrownBy(() -> host.discovery().start()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not READY on a fabric");
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.IDLE);
        }

        @Test
        void aPortThatLosesItsFabricLoginForgetsItsDiscovery() {
            NPort a = target(10, 1);
            upAndSettled(a);
            NPort host = host(true);
            upAndSettled(host);
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.READY);
            host.disable();
            s.runFor(Duration.ofSeconds(5));
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.IDLE);
            assertThat(host.discovery().found()).isEmpty();
            assertThat(host.remotePorts()).isEmpty();
        }
    }

    /** The name server is a fake F_Port that answers GPN_FT as each test says. */
    @Nested
    @DisplayName("against a name server that misbehaves")
    class Misbehaving extends PortTestSupport {
        final FakeFPort fabric = new FakeFPort(link.b());
        final NPort host = new NPort(s, PortConfig.of(WWPN_A, WWNN_A).withFcpRoles(true, false).withDiscovery(true)
                .withMaxRetries(2), link.a());

        Misbehaving() {
            host.addListener(events::add);
        }

        long gpnFtSent() {
            return fabric.received.stream().filter(f -> f.header().rCtl() == RCtl.CT_REQ
                    && CtIu.decode(f.payload()).preamble().commandResponse() == CtConstants.GPN_FT).count();
        }

        void fail() {
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.FAILED);
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "FS_RJT 0x09/0x{0}")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"07", "13", "12", "01"})
        void anFsRjtSayingNothingIsRegisteredMeansAnEmptyFabric(String explanation) {
            fabric.nameServerQueries = iu -> new NameServerReply.Rejected(CtConstants.RJT_UNABLE_TO_PERFORM,
                    Integer.parseInt(explanation, 16)).toCtIu(iu.preamble());
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);
            assertThat(gpnFtSent()).isEqualTo(1);
            assertThat(host.discovery().found()).isEmpty();
            assertThat(host.discovery().failure()).isEmpty();
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(PortEvent.DiscoveryFinished.class,
                    f -> assertThat(f.found()).isEmpty()));
        }

        @Test
        void anUnansweredGpnFtIsRetriedThenDiscoveryFailsWithNoAnswer() {
            fabric.nameServerQueries = iu -> null;
            fail();
            assertThat(gpnFtSent()).isEqualTo(3);
            DiscoveryFailedException f = host.discovery().failure().orElseThrow();
            assertThat(f.reason()).isEqualTo(DiscoveryFailedException.Reason.NO_ANSWER);
            assertThat(f.attempts()).isEqualTo(3);
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(PortEvent.DiscoveryFailed.class));
            assertThat(host.state()).as("the port itself stays logged in").isEqualTo(LportState.READY);
        }

        @Test
        void aRejectOtherThanAnEmptyFabricIsRetriedThenFailsNamingTheReject() {
            fabric.nameServerQueries = iu -> new NameServerReply.Rejected(CtConstants.RJT_LOGICAL_BUSY,
                    CtConstants.EXPL_NONE).toCtIu(iu.preamble());
            fail();
            assertThat(gpnFtSent()).isEqualTo(3);
            DiscoveryFailedException f = host.discovery().failure().orElseThrow();
            assertThat(f.reason()).isEqualTo(DiscoveryFailedException.Reason.NAME_SERVER_REJECTED);
            assertThat(f.reject()).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(CtConstants.RJT_LOGICAL_BUSY));
        }

        @Test
        void anUndecodableAcceptFailsAsUndecodable() {
            // an FS_ACC without entries is not a GPN_FT accept
            fabric.nameServerQueries = iu -> new NameServerReply.Accepted().toCtIu(iu.preamble());
            fail();
            assertThat(host.discovery().failure().orElseThrow().reason())
                    .isEqualTo(DiscoveryFailedException.Reason.UNDECODABLE_ANSWER);
        }

        @Test
        void aRetryThatSucceedsEndsReady() {
            int[] calls = {0};
            FcId target = FcId.of(0x0A, 0x02, 0x00);
            fabric.nameServerQueries = iu -> calls[0]++ == 0 ? null
                    : new NameServerReply.PortIdsAndNames(List.of(new PortIdAndName(FakeFPort.NPORT_ID, WWPN_A),
                    new PortIdAndName(target, WWPN_B))).toCtIu(iu.preamble());
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.LOGGING_IN);
            assertThat(gpnFtSent()).isEqualTo(2);
            assertThat(host.discovery().found()).containsExactly(new PortIdAndName(target, WWPN_B));
            assertThat(host.discovery().failure()).isEmpty();
            // the fake fabric routes nothing: the PLOGI goes unanswered, and discovery still finishes
            runUntil(() -> host.discovery().state() == DiscoveryState.READY);
            assertThat(host.discovery().targets()).isEmpty();
        }

        @Test
        void anRscnDuringARunningDiscoveryStartsAnotherOnceItIsDone() {
            fabric.nameServerQueries = iu -> new NameServerReply.Rejected(CtConstants.RJT_UNABLE_TO_PERFORM,
                    CtConstants.EXPL_FC4_TYPES_NOT_REGISTERED).toCtIu(iu.preamble());
            host.enable();
            runUntil(() -> host.discovery().state() == DiscoveryState.GPN_FT);
            fabric.sendEls(FcId.FABRIC_CONTROLLER, FakeFPort.NPORT_ID,
                    new Rscn(List.of(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, FcId.of(0x0A, 0x02, 0x00)))));
            settle();
            s.runFor(Duration.ofSeconds(5));
            assertThat(host.discovery().completedRuns()).isEqualTo(2);
            assertThat(gpnFtSent()).isEqualTo(2);
            assertThat(host.discovery().state()).isEqualTo(DiscoveryState.READY);
        }
    }
}
