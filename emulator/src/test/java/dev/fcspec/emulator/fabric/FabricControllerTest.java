package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("fabric controller (FFFFFD): SCR and RSCN")
class FabricControllerTest {

    private SwitchFixture s;
    private FakeNPort watcher;
    private FcId w;

    @BeforeEach
    void registeredWatcher() {
        s = new SwitchFixture();
        watcher = s.attach(9);
        w = watcher.login(wwpn(9, 1), wwnn(9, 1));
        assertThat(watcher.scr(w, Scr.FULL)).isEqualTo(LsAcc.INSTANCE);
        assertThat(s.fabric.rscnRegistrations()).containsEntry(w, Scr.FULL);
    }

    private static List<RscnPage> pages(List<Rscn> rscns) {
        return rscns.stream().flatMap(r -> r.pages().stream()).toList();
    }

    @Test
    void aLoginIsAnnouncedAsANewNameServerObject() {
        FcId h = s.attach(1).login(wwpn(1, 1), wwnn(1, 1));

        assertThat(pages(watcher.rscns())).containsExactly(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, h));
        Frame f = watcher.rscnFrames().get(0);
        assertThat(f.header().sId()).isEqualTo(FcId.FABRIC_CONTROLLER);
        assertThat(f.header().dId()).isEqualTo(w);
        assertThat(f.header().rCtl()).isEqualTo(RCtl.ELS_REQ);
        assertThat(s.fabric.statistics().rscnsAccepted()).isEqualTo(1);
    }

    @Test
    void aLogoutIsAnnouncedAsARemovedObject() {
        FakeNPort np = s.attach(1);
        FcId h = np.login(wwpn(1, 1), wwnn(1, 1));
        watcher.clearRscns();

        np.logo(h, wwpn(1, 1));

        assertThat(pages(watcher.rscns())).containsExactly(RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, h));
    }

    @Test
    void aVportRemovalIsAnnouncedAndAPhysicalLogoutAnnouncesItsVportsInOneRscn() {
        FakeNPort np = s.attach(1);
        FcId h = np.login(wwpn(1, 1), wwnn(1, 1));
        FcId v1 = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
        FcId v2 = np.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));
        FcId v3 = np.loginVport(vportWwpn(1, 3), vportWwnn(1, 3));
        watcher.clearRscns();

        np.logo(v1, vportWwpn(1, 1));
        List<Rscn> afterVportLogo = watcher.rscns();
        watcher.clearRscns();
        np.logo(h, wwpn(1, 1));
        List<Rscn> afterPhysicalLogo = watcher.rscns();

        assertThat(pages(afterVportLogo)).containsExactly(RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, v1));
        assertThat(afterPhysicalLogo).hasSize(1);
        assertThat(pages(afterPhysicalLogo)).containsExactlyInAnyOrder(
                RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, v2), RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, v3),
                RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, h));
    }

    @Test
    void aPortGoingOfflineIsAnnounced() {
        FcId h = s.attach(1).login(wwpn(1, 1), wwnn(1, 1));
        watcher.clearRscns();

        s.fabric.port(1).goOffline();

        assertThat(pages(watcher.rscns())).containsExactly(RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, h));
    }

    @Test
    void aNameServerRegistrationThatChangesSomethingIsAnnounced() {
        FakeNPort np = s.attach(1);
        FcId h = np.login(wwpn(1, 1), wwnn(1, 1));
        watcher.clearRscns();

        np.registerFcp(h);
        List<Rscn> first = watcher.rscns();
        watcher.clearRscns();
        np.registerFcp(h);

        assertThat(pages(first)).containsExactly(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, h));
        assertThat(watcher.rscns()).as("registering the same types again changes nothing").isEmpty();
    }

    @Test
    void eachRscnTravelsOnItsOwnExchange() {
        FakeNPort np = s.attach(1);
        for (int i = 1; i <= 3; i++) {
            np.login(wwpn(1, i), wwnn(1, i));
            s.scheduler.runUntilIdle();
        }

        List<Frame> frames = watcher.rscnFrames();
        assertThat(frames).hasSizeGreaterThanOrEqualTo(3);
        assertThat(new HashSet<>(frames.stream().map(f -> f.header().oxId()).toList())).hasSize(frames.size());
    }

    @Test
    void rscnsAreExchangesOfTheRecipientsFPortThatTheirAnswersEnd() {
        FakeNPort np = s.attach(1);
        np.login(wwpn(1, 1), wwnn(1, 1));
        s.scheduler.runUntilIdle();

        List<Frame> frames = watcher.rscnFrames();
        assertThat(frames).isNotEmpty();
        var watcherPort = s.fabric.port(9);
        var stats = watcherPort.exchangeManager().statistics();
        assertThat(stats.originated()).as("RSCNs originated by the F_Port's exchange manager")
                .isEqualTo(s.fabric.statistics().rscnsSent());
        assertThat(s.fabric.statistics().rscnsAccepted()).isEqualTo(s.fabric.statistics().rscnsSent());
        assertThat(watcherPort.exchangeManager().exchanges()).as("every RSCN exchange ended with its LS_ACC")
                .isEmpty();
    }

    @Test
    void portsDoNotHearAboutThemselvesAndUnregisteredPortsHearNothing() {
        FakeNPort quiet = s.attach(2);
        FcId q = quiet.login(wwpn(2, 1), wwnn(2, 1));
        watcher.clearRscns();

        FakeNPort np = s.attach(1);
        np.login(wwpn(1, 1), wwnn(1, 1));

        assertThat(quiet.rscns()).isEmpty();
        assertThat(np.rscns()).isEmpty();
        assertThat(pages(watcher.rscns())).extracting(RscnPage::affected).doesNotContain(w, q);
    }

    @Test
    void afterAClearRegistrationNoRscnArrives() {
        assertThat(watcher.scr(w, Scr.CLEAR)).isEqualTo(LsAcc.INSTANCE);
        watcher.clearRscns();

        s.attach(1).login(wwpn(1, 1), wwnn(1, 1));

        assertThat(watcher.rscns()).isEmpty();
        assertThat(s.fabric.rscnRegistrations()).isEmpty();
    }

    @Test
    void fabricDetectedOnlyRegistrantsDoNotGetNPortDetectedRscns() {
        FakeNPort a = s.attach(1);
        FcId ia = a.login(wwpn(1, 1), wwnn(1, 1));
        a.scr(ia, Scr.FABRIC_DETECTED);
        FakeNPort b = s.attach(2);
        FcId ib = b.login(wwpn(2, 1), wwnn(2, 1));
        b.scr(ib, Scr.N_PORT_DETECTED);
        FakeNPort sender = s.attach(3);
        FcId is = sender.login(wwpn(3, 1), wwnn(3, 1));
        a.clearRscns();
        b.clearRscns();
        watcher.clearRscns();

        Rscn detected = Rscn.of(RscnPage.port(RscnPage.EVENT_PORT_ATTRIBUTE, is));
        assertThat(sender.els(is, FcId.FABRIC_CONTROLLER, detected)).isEqualTo(LsAcc.INSTANCE);

        assertThat(a.rscns()).isEmpty();
        assertThat(b.rscns()).containsExactly(detected);
        assertThat(watcher.rscns()).containsExactly(detected);
        assertThat(sender.rscns()).isEmpty();
    }

    @Test
    void theRscnPayloadSplitsWhenItWouldNotFitTheRecipient() {
        FakeNPort np = s.attach(1);
        FcId h = np.login(wwpn(1, 1), wwnn(1, 1));
        for (int i = 1; i <= 255; i++) {
            np.loginVport(vportWwpn(1, i), vportWwnn(1, i));
        }
        watcher.clearRscns();

        np.logo(h, wwpn(1, 1));

        // 256 removed IDs; a 2048-byte receive size holds (2048 - 4) / 4 = 511 pages: one RSCN
        assertThat(watcher.rscns()).hasSize(1);
        assertThat(pages(watcher.rscns())).hasSize(256);
    }

    @Nested
    @DisplayName("bad requests")
    class BadRequests {

        @Test
        void anScrWithAnUnknownFunctionIsRejected() {
            FabricState before = s.fabric.state();

            assertThat(watcher.els(w, FcId.FABRIC_CONTROLLER, new byte[] {0x62, 0, 0, 0, 0, 0, 0, 0x07}))
                    .isEqualTo(LsRjt.of(0x09, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
            assertThat(s.events).contains(new FabricEvent.ServiceRejected(9, FcId.FABRIC_CONTROLLER, w, 0x62, 0x09,
                    0x00));
        }

        @Test
        void anScrOfTheWrongLengthIsAnInvalidPayloadLength() {
            FabricState before = s.fabric.state();

            assertThat(watcher.els(w, FcId.FABRIC_CONTROLLER, new byte[] {0x62, 0, 0, 0}))
                    .isEqualTo(LsRjt.of(0x03, 0x2D));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void anScrFromAPortThatIsNotLoggedInNeedsALogin() {
            FakeNPort stranger = s.attach(4);
            FabricState before = s.fabric.state();

            assertThat(stranger.scr(FcId.of(1, 4, 0), Scr.FULL)).isEqualTo(LsRjt.of(0x09, 0x1E));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void anotherElsIsNotSupported() {
            FabricState before = s.fabric.state();

            assertThat(watcher.els(w, FcId.FABRIC_CONTROLLER,
                    new dev.fcspec.emulator.port.els.Logo(w, wwpn(9, 1)))).isEqualTo(LsRjt.of(0x0B, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void anUnsolicitedReplyIsDiscarded() {
            watcher.sendFrame(Frame.single(new dev.fcspec.emulator.wire.FrameHeader(RCtl.ELS_REP,
                    FcId.FABRIC_CONTROLLER, 0, w, FcType.ELS, dev.fcspec.emulator.wire.FCtl.FINAL_RESPONSE, 0, 0, 0,
                    0x7777, 1, 0), LsAcc.INSTANCE.encode()));
            s.scheduler.runUntilIdle();

            assertThat(s.fabric.statistics().discarded(DiscardReason.UNSUPPORTED)).isEqualTo(1);
        }
    }

    @Test
    void registrationOfFc4TypesByAVportIsAnnouncedWithTheVportsId() {
        FakeNPort np = s.attach(1);
        np.login(wwpn(1, 1), wwnn(1, 1));
        FcId v = np.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
        watcher.clearRscns();

        np.ns(v, new NameServerRequest.RftId(v, Fc4Types.of(FcType.FCP)));

        assertThat(pages(watcher.rscns())).containsExactly(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, v));
    }
}
