package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.ClassServiceParameters;
import dev.fcspec.emulator.port.els.CommonFeatures;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("login server (FFFFFE)")
class LoginServerTest {

    @Nested
    @DisplayName("FLOGI")
    class Flogi {

        @Test
        void assignsDomainAreaPortOfTheFPortAndAnswersWithTheFabricParameters() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(3);

            int ox = np.send(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, RCtl.ELS_REQ, FcType.ELS,
                    LoginParameters.flogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000, true).encode());
            Frame reply = np.replyTo(ox);
            LoginParameters acc = (LoginParameters) dev.fcspec.emulator.port.els.ElsCodec.decodeReply(ElsCommand.FLOGI,
                    reply.payload());

            assertThat(reply.header().dId()).isEqualTo(FcId.parse("01.03.00"));
            assertThat(reply.header().sId()).isEqualTo(FcId.FABRIC_LOGIN_SERVER);
            assertThat(reply.header().rCtl()).isEqualTo(RCtl.ELS_REP);
            assertThat(acc.command()).isEqualTo(ElsCommand.LS_ACC);
            assertThat(acc.common().has(CommonFeatures.F_PORT)).as("F_Port bit").isTrue();
            assertThat(acc.common().has(CommonFeatures.NPIV_ASSIGNMENT)).as("NPIV supported bit").isTrue();
            assertThat(acc.common().raTov()).isEqualTo(10_000);
            assertThat(acc.common().edTov()).isEqualTo(2_000);
            assertThat(acc.nodeName()).as("fabric name").isEqualTo(SwitchFixture.FABRIC_NAME);
            assertThat(acc.portName()).as("F_Port name").isEqualTo(Wwn.parse("20:03:00:05:33:a0:00:01"));
            assertThat(acc.class3().isValid()).isTrue();
            assertThat(s.fabric.port(3).state()).isEqualTo(FPortState.LOGGED_IN);
            assertThat(s.fabric.nameServer().entry(FcId.parse("01.03.00"))).hasValueSatisfying(e -> {
                assertThat(e.portName()).isEqualTo(wwpn(1, 1));
                assertThat(e.nodeName()).isEqualTo(wwnn(1, 1));
                assertThat(e.kind()).isEqualTo(LoginKind.FLOGI);
                assertThat(e.fabricPortName()).isEqualTo(acc.portName());
            });
            assertThat(s.events).contains(new FabricEvent.LoggedIn(new FabricLogin(FcId.parse("01.03.00"), wwpn(1, 1),
                    wwnn(1, 1), 3, LoginKind.FLOGI, 2048)));
        }

        @Test
        void eachFPortGetsItsOwnArea() {
            SwitchFixture s = new SwitchFixture();

            FcId a = s.attach(0).login(wwpn(1, 1), wwnn(1, 1));
            FcId b = s.attach(7).login(wwpn(2, 1), wwnn(2, 1));

            assertThat(a).isEqualTo(FcId.of(1, 0, 0));
            assertThat(b).isEqualTo(FcId.of(1, 7, 0));
        }

        @Test
        void withoutNpivTheAcceptDoesNotOfferIt() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw2", 2, SwitchFixture.SWITCH_NAME)
                    .withNpiv(false, 0));

            LoginParameters acc = (LoginParameters) s.attach(1).flogi(wwpn(1, 1), wwnn(1, 1));

            assertThat(acc.common().has(CommonFeatures.NPIV_ASSIGNMENT)).isFalse();
            assertThat(acc.common().has(CommonFeatures.F_PORT)).isTrue();
        }

        @Test
        void aSecondFlogiOnTheSamePortImplicitlyLogsOutEverythingThere() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(1);
            np.login(wwpn(1, 1), wwnn(1, 1));
            FcId v = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));

            FcId again = np.login(wwpn(1, 1), wwnn(1, 1));

            assertThat(again).isEqualTo(FcId.of(1, 1, 0));
            assertThat(s.fabric.login(v)).isEmpty();
            assertThat(s.fabric.nameServer().entries()).extracting(NameServerEntry::portId).containsExactly(again);
            assertThat(s.events).filteredOn(e -> e instanceof FabricEvent.LoggedOut lo && lo.cause() == LogoutCause.RELOGIN)
                    .hasSize(2);
        }
    }

    @Nested
    @DisplayName("FDISC (NPIV)")
    class Fdisc {

        @Test
        void virtualPortsGetTheirOwnIdsUnderTheSameArea() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(2);
            np.login(wwpn(1, 1), wwnn(1, 1));

            FcId v1 = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FcId v2 = np.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            assertThat(v1).isEqualTo(FcId.of(1, 2, 1));
            assertThat(v2).isEqualTo(FcId.of(1, 2, 2));
            assertThat(s.fabric.port(2).logins()).extracting(FabricLogin::kind)
                    .containsExactly(LoginKind.FLOGI, LoginKind.FDISC, LoginKind.FDISC);
        }

        @Test
        void sixtyFourVirtualPortsOnOnePhysicalPortEachAppearInTheNameServerWithTheirOwnIdentity() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort host = s.attach(1);
            FakeNPort observer = s.attach(9);
            FcId physical = host.login(wwpn(1, 1), wwnn(1, 1));
            FcId watcher = observer.login(wwpn(9, 1), wwnn(9, 1));
            List<FcId> vports = new ArrayList<>();
            for (int i = 1; i <= 70; i++) {
                FcId v = host.loginVport(vportWwpn(1, i), vportWwnn(1, i));
                host.registerFcp(v);
                vports.add(v);
            }

            assertThat(new HashSet<>(vports)).hasSize(70).doesNotContain(physical);
            assertThat(vports).allSatisfy(v -> assertThat(v.area()).isEqualTo(1));
            NameServerReply.PortIdsAndNames all = (NameServerReply.PortIdsAndNames) observer.ns(watcher,
                    NameServerRequest.GpnFt.of(FcType.FCP));
            assertThat(all.entries()).hasSize(70);
            for (int i = 1; i <= 70; i++) {
                FcId v = vports.get(i - 1);
                assertThat(all.entries()).contains(new NameServerReply.PortIdAndName(v, vportWwpn(1, i)));
                assertThat(observer.ns(watcher, new NameServerRequest.GnnId(v)))
                        .isEqualTo(new NameServerReply.NodeName(vportWwnn(1, i)));
                assertThat(observer.ns(watcher, new NameServerRequest.GidPn(vportWwpn(1, i))))
                        .isEqualTo(new NameServerReply.PortId(v));
            }
        }

        @Test
        void beforeFlogiOnThatPortIsRejectedWithLoginRequired() {
            SwitchFixture s = new SwitchFixture();
            s.attach(1).login(wwpn(1, 1), wwnn(1, 1));
            FakeNPort other = s.attach(2);
            FabricState before = s.fabric.state();

            ElsPayload r = other.fdisc(vportWwpn(2, 1), vportWwnn(2, 1));

            assertThat(r).isEqualTo(LsRjt.of(0x09, 0x1E));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void beyondTheConfiguredLimitIsRejectedForInsufficientResources() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME).withNpiv(true, 3));
            FakeNPort np = s.attach(1);
            np.login(wwpn(1, 1), wwnn(1, 1));
            for (int i = 1; i <= 3; i++) {
                np.loginVport(vportWwpn(1, i), vportWwnn(1, i));
            }
            FabricState before = s.fabric.state();

            ElsPayload r = np.fdisc(vportWwpn(1, 4), vportWwnn(1, 4));

            assertThat(r).isEqualTo(LsRjt.of(0x09, 0x29));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void theLimitCountsPerFPort() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME).withNpiv(true, 1));
            FakeNPort a = s.attach(1);
            FakeNPort b = s.attach(2);
            a.login(wwpn(1, 1), wwnn(1, 1));
            b.login(wwpn(2, 1), wwnn(2, 1));

            assertThat(a.loginVport(vportWwpn(1, 1), vportWwnn(1, 1))).isEqualTo(FcId.of(1, 1, 1));
            assertThat(b.loginVport(vportWwpn(2, 1), vportWwnn(2, 1))).isEqualTo(FcId.of(1, 2, 1));
        }

        @Test
        void onAFabricWithoutNpivIsNotSupported() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw2", 2, SwitchFixture.SWITCH_NAME).withNpiv(false, 0));
            FakeNPort np = s.attach(1);
            np.login(wwpn(1, 1), wwnn(1, 1));
            FabricState before = s.fabric.state();

            assertThat(np.fdisc(vportWwpn(1, 1), vportWwnn(1, 1))).isEqualTo(LsRjt.of(0x0B, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void aLoggedOutVportsIdIsHandedOutAgain() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(1);
            np.login(wwpn(1, 1), wwnn(1, 1));
            FcId v1 = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            np.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            assertThat(np.logo(v1, vportWwpn(1, 1))).isEqualTo(LsAcc.INSTANCE);
            FcId v3 = np.loginVport(vportWwpn(1, 3), vportWwnn(1, 3));

            assertThat(v3).isEqualTo(v1);
            assertThat(s.fabric.nameServer().entry(v3)).hasValueSatisfying(
                    e -> assertThat(e.portName()).isEqualTo(vportWwpn(1, 3)));
        }
    }

    @Nested
    @DisplayName("a WWPN that is already logged in")
    class DuplicateWwpn {

        @Test
        void isRejectedOnAnotherPortByDefaultAndTheFirstLoginStays() {
            SwitchFixture s = new SwitchFixture();
            FcId first = s.attach(1).login(wwpn(1, 1), wwnn(1, 1));
            FakeNPort second = s.attach(2);
            FabricState before = s.fabric.state();

            assertThat(second.flogi(wwpn(1, 1), wwnn(1, 1))).isEqualTo(LsRjt.of(0x03, 0x44));
            assertThat(s.fabric.state()).isEqualTo(before);
            assertThat(s.fabric.loginByPortName(wwpn(1, 1))).hasValueSatisfying(
                    l -> assertThat(l.fcId()).isEqualTo(first));
        }

        @Test
        void isRejectedInAnFdiscByDefault() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort a = s.attach(1);
            a.login(wwpn(1, 1), wwnn(1, 1));
            a.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FakeNPort b = s.attach(2);
            b.login(wwpn(2, 1), wwnn(2, 1));
            FabricState before = s.fabric.state();

            assertThat(b.fdisc(vportWwpn(1, 1), vportWwnn(1, 1))).isEqualTo(LsRjt.of(0x03, 0x44));
            assertThat(a.fdisc(vportWwpn(1, 1), vportWwnn(1, 1))).isEqualTo(LsRjt.of(0x03, 0x44));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void moveWhenTheFabricLogsOutTheExistingLogin() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME)
                    .withDuplicateWwpnPolicy(DuplicateWwpnPolicy.LOGOUT_EXISTING));
            FakeNPort a = s.attach(1);
            FcId old = a.login(wwpn(1, 1), wwnn(1, 1));
            FcId oldVport = a.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FakeNPort watcher = s.attach(5);
            FcId w = watcher.login(wwpn(5, 1), wwnn(5, 1));
            watcher.scr(w, Scr.FULL);

            FcId moved = s.attach(2).login(wwpn(1, 1), wwnn(1, 1));

            assertThat(moved).isEqualTo(FcId.of(1, 2, 0));
            assertThat(s.fabric.login(old)).isEmpty();
            assertThat(s.fabric.login(oldVport)).as("the old physical login took its vport with it").isEmpty();
            assertThat(s.fabric.port(1).state()).isEqualTo(FPortState.AWAITING_FLOGI);
            assertThat(s.events).contains(new FabricEvent.LoggedOut(new FabricLogin(old, wwpn(1, 1), wwnn(1, 1), 1,
                    LoginKind.FLOGI, 2048), LogoutCause.DUPLICATE_WWPN));
            assertThat(watcher.rscns()).flatExtracting(r -> r.pages())
                    .extracting(p -> p.affected()).contains(old, oldVport, moved);
        }

        @Test
        void aVportMovesToAnotherPortWhenTheFabricLogsOutTheExistingLogin() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME)
                    .withDuplicateWwpnPolicy(DuplicateWwpnPolicy.LOGOUT_EXISTING));
            FakeNPort a = s.attach(1);
            a.login(wwpn(1, 1), wwnn(1, 1));
            FcId v = a.loginVport(vportWwpn(7, 7), vportWwnn(7, 7));
            FakeNPort b = s.attach(2);
            b.login(wwpn(2, 1), wwnn(2, 1));

            FcId moved = b.loginVport(vportWwpn(7, 7), vportWwnn(7, 7));

            assertThat(moved).isEqualTo(FcId.of(1, 2, 1));
            assertThat(s.fabric.login(v)).isEmpty();
            assertThat(s.fabric.loginByPortName(vportWwpn(7, 7))).hasValueSatisfying(
                    l -> assertThat(l.fcId()).isEqualTo(moved));
        }

        @Test
        void anFdiscWithThePhysicalPortsOwnNameIsRejectedWhateverThePolicy() {
            SwitchFixture s = new SwitchFixture(FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME)
                    .withDuplicateWwpnPolicy(DuplicateWwpnPolicy.LOGOUT_EXISTING));
            FakeNPort a = s.attach(1);
            a.login(wwpn(1, 1), wwnn(1, 1));
            FabricState before = s.fabric.state();

            assertThat(a.fdisc(wwpn(1, 1), wwnn(1, 1))).isEqualTo(LsRjt.of(0x03, 0x44));
            assertThat(s.fabric.state()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("LOGO")
    class LogoTests {

        @Test
        void freesTheIdAndEveryRegistration() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(1);
            FcId id = np.login(wwpn(1, 1), wwnn(1, 1));
            np.registerFcp(id);
            np.scr(id, Scr.FULL);

            ElsPayload r = np.logo(id, wwpn(1, 1));

            assertThat(r).isEqualTo(LsAcc.INSTANCE);
            assertThat(s.fabric.login(id)).isEmpty();
            assertThat(s.fabric.nameServer().entries()).isEmpty();
            assertThat(s.fabric.rscnRegistrations()).isEmpty();
            assertThat(s.fabric.port(1).state()).isEqualTo(FPortState.AWAITING_FLOGI);
        }

        @Test
        void ofThePhysicalPortTakesItsVirtualPortsWithIt() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(1);
            FcId id = np.login(wwpn(1, 1), wwnn(1, 1));
            FcId v1 = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FcId v2 = np.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            np.logo(id, wwpn(1, 1));

            assertThat(s.fabric.logins()).isEmpty();
            assertThat(s.events).filteredOn(e -> e instanceof FabricEvent.LoggedOut).extracting(
                    e -> ((FabricEvent.LoggedOut) e).login().fcId() + " " + ((FabricEvent.LoggedOut) e).cause())
                    .containsExactlyInAnyOrder(v1 + " PHYSICAL_PORT_LOGGED_OUT", v2 + " PHYSICAL_PORT_LOGGED_OUT",
                            id + " LOGO");
        }

        @Test
        void ofAVirtualPortLeavesTheOthers() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort np = s.attach(1);
            FcId id = np.login(wwpn(1, 1), wwnn(1, 1));
            FcId v1 = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FcId v2 = np.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            np.logo(v1, vportWwpn(1, 1));

            assertThat(s.fabric.logins()).extracting(FabricLogin::fcId).containsExactly(id, v2);
        }

        @Test
        void fromAnIdNotLoggedInOnThatPortIsRejectedWithLoginRequired() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort a = s.attach(1);
            FcId id = a.login(wwpn(1, 1), wwnn(1, 1));
            FakeNPort b = s.attach(2);
            b.login(wwpn(2, 1), wwnn(2, 1));
            FabricState before = s.fabric.state();

            assertThat(b.logo(id, wwpn(1, 1))).as("another port's ID").isEqualTo(LsRjt.of(0x09, 0x1E));
            assertThat(b.logo(FcId.of(1, 2, 9), wwpn(2, 9))).as("an unassigned ID").isEqualTo(LsRjt.of(0x09, 0x1E));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void namingAnotherIdOrNameThanTheLoginIsALogicalError() {
            SwitchFixture s = new SwitchFixture();
            FakeNPort a = s.attach(1);
            FcId id = a.login(wwpn(1, 1), wwnn(1, 1));
            FabricState before = s.fabric.state();

            assertThat(a.els(id, FcId.FABRIC_LOGIN_SERVER, new Logo(FcId.of(1, 1, 5), wwpn(1, 1))))
                    .isEqualTo(LsRjt.of(0x03, 0x1F));
            assertThat(a.els(id, FcId.FABRIC_LOGIN_SERVER, new Logo(id, wwpn(1, 2))))
                    .isEqualTo(LsRjt.of(0x03, 0x0D));
            assertThat(s.fabric.state()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("bad requests are rejected and change nothing")
    class BadRequests {

        private SwitchFixture s;
        private FakeNPort np;
        private FcId id;

        private void loggedIn() {
            s = new SwitchFixture();
            np = s.attach(1);
            id = np.login(wwpn(1, 1), wwnn(1, 1));
            np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            np.registerFcp(id);
        }

        private ElsPayload flogiBytes(byte[] payload) {
            return np.els(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, payload);
        }

        @Test
        void aFlogiOfTheWrongLengthIsAnInvalidPayloadLength() {
            loggedIn();
            FabricState before = s.fabric.state();
            byte[] flogi = LoginParameters.flogi(wwpn(2, 1), wwnn(2, 1), 2048, 2000, true).encode();

            assertThat(flogiBytes(Arrays.copyOf(flogi, 112))).isEqualTo(LsRjt.of(0x03, 0x2D));
            assertThat(flogiBytes(Arrays.copyOf(flogi, 120))).isEqualTo(LsRjt.of(0x03, 0x2D));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void aReceiveSizeBelow256IsAServiceParameterError() {
            loggedIn();
            FabricState before = s.fabric.state();
            byte[] flogi = LoginParameters.flogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000, true).encode();
            flogi[10] = 0x00;
            flogi[11] = (byte) 0x80;

            assertThat(flogiBytes(flogi)).isEqualTo(LsRjt.of(0x03, 0x07));
            assertThat(s.fabric.state()).as("the existing login is not disturbed").isEqualTo(before);
        }

        @Test
        void anInvalidPortNameIsRejected() {
            loggedIn();
            FabricState before = s.fabric.state();
            byte[] fdisc = LoginParameters.fdisc(vportWwpn(1, 9), vportWwnn(1, 9), 2048, 2000).encode();
            Arrays.fill(fdisc, 20, 28, (byte) 0);

            assertThat(flogiBytes(fdisc)).isEqualTo(LsRjt.of(0x03, 0x0D));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void aLoginWithoutClass3IsAServiceOptionsError() {
            loggedIn();
            FabricState before = s.fabric.state();
            LoginParameters lp = LoginParameters.fdisc(vportWwpn(1, 9), vportWwnn(1, 9), 2048, 2000);
            LoginParameters noClass3 = new LoginParameters(lp.command(), lp.common(), lp.portName(), lp.nodeName(),
                    lp.class1(), lp.class2(), ClassServiceParameters.NOT_SUPPORTED, lp.class4(), null);

            assertThat(np.els(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, noClass3)).isEqualTo(LsRjt.of(0x03, 0x01));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void anElsTheLoginServerDoesNotServeIsNotSupported() {
            loggedIn();
            FabricState before = s.fabric.state();

            assertThat(np.els(id, FcId.FABRIC_LOGIN_SERVER, LoginParameters.plogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000)))
                    .isEqualTo(LsRjt.of(0x0B, 0x00));
            assertThat(np.els(id, FcId.FABRIC_LOGIN_SERVER, new byte[] {0x78, 0, 0, 0, 0, 0, 0, 0}))
                    .as("RNID is defined but not implemented").isEqualTo(LsRjt.of(0x0B, 0x00));
            assertThat(np.els(id, FcId.FABRIC_LOGIN_SERVER, new byte[] {(byte) 0xEE, 0, 0, 0}))
                    .as("0xEE is no ELS command").isEqualTo(LsRjt.of(0x01, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void everyRejectIsReportedToListeners() {
            loggedIn();
            s.events.clear();

            np.fdisc(wwpn(1, 1), wwnn(1, 1));

            assertThat(s.events).containsExactly(new FabricEvent.LoginRejected(1, ElsCommand.FDISC,
                    java.util.Optional.of(wwpn(1, 1)), 0x03, 0x44));
        }
    }

    @Test
    void aDuplicateOfAFlogiIsDroppedByTheFPortsExchangeManagerAndAnsweredOnce() {
        SwitchFixture s = new SwitchFixture();
        FakeNPort np = s.attach(1);
        np.end().link().faults().duplicateNext(1, f -> f.header().dId().equals(FcId.FABRIC_LOGIN_SERVER));

        FcId id = np.login(wwpn(1, 1), wwnn(1, 1));

        assertThat(np.received()).filteredOn(f -> f.header().sId().equals(FcId.FABRIC_LOGIN_SERVER)).hasSize(1);
        assertThat(s.fabric.port(1).exchangeManager().statistics().duplicatesDropped()).isEqualTo(1);
        assertThat(s.fabric.logins()).extracting(FabricLogin::fcId).containsExactly(id);
        assertThat(s.events).filteredOn(e -> e instanceof FabricEvent.LoggedOut).isEmpty();
    }

    @Test
    void frameOnAnOfflinePortIsDiscardedAndTheLoginsThereEnd() {
        SwitchFixture s = new SwitchFixture();
        FakeNPort np = s.attach(1);
        FcId id = np.login(wwpn(1, 1), wwnn(1, 1));

        s.fabric.port(1).goOffline();
        int ox = np.send(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, RCtl.ELS_REQ, FcType.ELS,
                LoginParameters.flogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000, true).encode());
        s.scheduler.runUntilIdle();

        assertThat(s.fabric.login(id)).isEmpty();
        assertThat(np.received()).noneMatch(f -> f.header().oxId() == ox);
        assertThat(s.fabric.statistics().discarded(DiscardReason.PORT_OFFLINE)).isEqualTo(1);

        s.fabric.port(1).goOnline();
        assertThat(np.login(wwpn(1, 1), wwnn(1, 1))).isEqualTo(id);
    }

    @Test
    void rftIdRegistersEveryTypeOfTheBitmap() {
        SwitchFixture s = new SwitchFixture();
        FakeNPort np = s.attach(1);
        FcId id = np.login(wwpn(1, 1), wwnn(1, 1));

        NameServerReply r = np.ns(id, new NameServerRequest.RftId(id, Fc4Types.of(FcType.FCP, FcType.IP)));

        assertThat(r).isEqualTo(new NameServerReply.Accepted());
        Set<Integer> types = s.fabric.nameServer().entry(id).orElseThrow().fc4TypeCodes();
        assertThat(types).containsExactly(FcType.IP, FcType.FCP);
    }
}
