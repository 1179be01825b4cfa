package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.Rejected;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidFt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidPn;
import dev.fcspec.emulator.port.ct.NameServerRequest.GpnId;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.port.bls.BaRjt;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("routing and WWPN zoning")
class ZoningAndRoutingTest {

    private static final Wwn H1 = wwpn(1, 1);
    private static final Wwn H2 = wwpn(2, 1);
    private static final Wwn T1 = Wwn.parse("50:0a:09:81:00:00:a1:0a");
    private static final Wwn T2 = Wwn.parse("50:0a:09:81:00:00:a1:0b");
    private static final Wwn LONER = wwpn(5, 1);

    private SwitchFixture s;
    private FakeNPort h1;
    private FakeNPort h2;
    private FakeNPort t1;
    private FakeNPort t2;
    private FakeNPort loner;
    private FcId ih1;
    private FcId ih2;
    private FcId it1;
    private FcId it2;
    private FcId iloner;

    @BeforeEach
    void fiveRegisteredPorts() {
        s = new SwitchFixture();
        h1 = s.attach(1);
        h2 = s.attach(2);
        t1 = s.attach(10);
        t2 = s.attach(11);
        loner = s.attach(5);
        ih1 = h1.login(H1, wwnn(1, 1));
        ih2 = h2.login(H2, wwnn(2, 1));
        it1 = t1.login(T1, Wwn.parse("50:0a:09:80:00:00:a1:00"));
        it2 = t2.login(T2, Wwn.parse("50:0a:09:80:00:00:a1:00"));
        iloner = loner.login(LONER, wwnn(5, 1));
        h1.registerFcp(ih1);
        h2.registerFcp(ih2);
        t1.registerFcp(it1);
        t2.registerFcp(it2);
        loner.registerFcp(iloner);
        for (FakeNPort p : List.of(h1, h2, t1, t2, loner)) {
            p.clearRscns();
        }
    }

    private static ZoneSet twoZones() {
        return ZoneSet.of("cfg1", Zone.of("h1_t1", H1, T1), Zone.of("h2_t2", H2, T2));
    }

    private static Frame data(FcId from, FcId to, int oxId) {
        return Frame.single(FrameHeader.of(RCtl.FCP_CMND, to, from, FcType.FCP, FCtl.REQUEST, oxId), new byte[32]);
    }

    private static boolean got(FakeNPort p, int oxId) {
        return p.received().stream().anyMatch(f -> f.header().oxId() == oxId && f.header().type() == FcType.FCP);
    }

    @Nested
    @DisplayName("routing")
    class Routing {

        @Test
        void framesReachTheDestinationUnchanged() {
            Frame sent = data(ih1, it1, 0x0A01);
            h1.sendFrame(sent);
            s.scheduler.runUntilIdle();

            assertThat(t1.received()).contains(sent);
            assertThat(s.fabric.statistics().routed()).isEqualTo(1);
        }

        @Test
        void framesBetweenVportsOfTheSamePortAreRoutedBack() {
            FcId v1 = h1.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            FcId v2 = h1.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            h1.sendFrame(data(v1, v2, 0x0A02));
            s.scheduler.runUntilIdle();

            assertThat(got(h1, 0x0A02)).isTrue();
        }

        @Test
        void aFrameToAnUnknownIdIsDiscardedAndCounted() {
            h1.sendFrame(data(ih1, FcId.of(1, 7, 0), 0x0A03));
            h1.sendFrame(data(ih1, FcId.of(9, 9, 9), 0x0A04));
            s.scheduler.runUntilIdle();

            assertThat(s.fabric.statistics().discarded(DiscardReason.UNKNOWN_DESTINATION)).isEqualTo(2);
            assertThat(s.fabric.statistics().routed()).isZero();
        }

        @Test
        void aFrameWithAnotherPortsSourceIdIsDiscarded() {
            h1.sendFrame(data(ih2, it1, 0x0A05));
            s.scheduler.runUntilIdle();

            assertThat(got(t1, 0x0A05)).isFalse();
            assertThat(s.fabric.statistics().discarded(DiscardReason.INVALID_SOURCE)).isEqualTo(1);
        }

        @Test
        void aCorruptedFrameIsDiscardedAndCounted() {
            h1.end().link().faults().corruptNext(1, f -> true);
            h1.sendFrame(data(ih1, it1, 0x0A06));
            s.scheduler.runUntilIdle();

            assertThat(got(t1, 0x0A06)).isFalse();
            assertThat(s.fabric.statistics().discarded(DiscardReason.CORRUPTED)).isEqualTo(1);
        }

        @Test
        void anAbortOfAnExchangeAServiceNoLongerHoldsIsRejectedByItsExchangeManager() {
            // The directory server answered (and ended) its exchanges at once: none with these X_IDs is open.
            int ox = 0x0B01;
            h1.sendFrame(Frame.single(new FrameHeader(RCtl.BA_ABTS, FcId.DIRECTORY_SERVER, 0, ih1, FcType.BLS,
                    0x090000, 0, 0, 0, ox, 0x0033, 0), new byte[0]));
            Frame reply = h1.replyTo(ox);

            assertThat(reply.header().rCtl()).isEqualTo(RCtl.BA_RJT);
            assertThat(reply.header().sId()).isEqualTo(FcId.DIRECTORY_SERVER);
            assertThat(reply.header().rxId()).isEqualTo(0x0033);
            assertThat(reply.payload()).isEqualTo(BaRjt.unknownExchange().encode());
            assertThat(s.fabric.port(1).exchangeManager().statistics().abtsReceived()).isEqualTo(1);
        }

        @Test
        void aPortCannotBeAttachedTwice() {
            assertThatThrownBy(() -> s.fabric.attach(1, h2.end())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> s.fabric.port(16)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("zoning")
    class Zoning {

        @Test
        void withoutZonesEveryoneSeesEveryone() {
            assertThat(h1.ns(ih1, GidFt.of(FcType.FCP)))
                    .isEqualTo(new NameServerReply.PortIds(List.of(ih1, ih2, iloner, it1, it2)));
        }

        @Test
        void theNameServerShowsOnlyPortsThatShareAZone() {
            s.fabric.zoning().activate(twoZones());

            assertThat(h1.ns(ih1, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(ih1, it1)));
            assertThat(t2.ns(it2, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(ih2, it2)));
            assertThat(h1.ns(ih1, new GpnId(it2))).isEqualTo(new Rejected(0x09, 0x01));
            assertThat(h1.ns(ih1, new GidPn(T2))).isEqualTo(new Rejected(0x09, 0x02));
            assertThat(h1.ns(ih1, new GpnId(it1))).isEqualTo(new NameServerReply.PortName(T1));
        }

        @Test
        void framesBetweenPortsThatShareNoZoneNeverArriveAndAreCounted() {
            s.fabric.zoning().activate(twoZones());

            h1.sendFrame(data(ih1, it2, 0x0C01));
            h1.sendFrame(data(ih1, it1, 0x0C02));
            t2.sendFrame(data(it2, ih1, 0x0C03));
            s.scheduler.runUntilIdle();

            assertThat(got(t2, 0x0C01)).isFalse();
            assertThat(got(t1, 0x0C02)).isTrue();
            assertThat(got(h1, 0x0C03)).isFalse();
            assertThat(s.fabric.statistics().discardedByZoning()).isEqualTo(2);
        }

        @Test
        void aPortInNoZoneSeesNobodyWhenTheDefaultZoneHasNoAccess() {
            s.fabric.zoning().setDefaultZone(DefaultZone.NO_ACCESS);
            s.fabric.zoning().activate(twoZones());
            FcId other = s.attach(6).login(wwpn(6, 1), wwnn(6, 1));

            assertThat(loner.ns(iloner, GidFt.of(FcType.FCP))).as("it still sees itself")
                    .isEqualTo(new NameServerReply.PortIds(List.of(iloner)));
            assertThat(loner.ns(iloner, new GpnId(other))).isEqualTo(new Rejected(0x09, 0x01));
            loner.sendFrame(data(iloner, other, 0x0C04));
            s.scheduler.runUntilIdle();
            assertThat(s.fabric.statistics().discardedByZoning()).isEqualTo(1);
        }

        @Test
        void portsInNoZoneSeeEachOtherButNoZonedPortWithDefaultZoneAll() {
            s.fabric.zoning().activate(twoZones());
            FakeNPort second = s.attach(6);
            FcId other = second.login(wwpn(6, 1), wwnn(6, 1));
            second.registerFcp(other);

            assertThat(loner.ns(iloner, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(iloner, other)));
            assertThat(h1.ns(ih1, new GpnId(iloner))).isEqualTo(new Rejected(0x09, 0x01));
        }

        @Test
        void withNoZoneSetAndNoAccessNobodySeesAnybody() {
            s.fabric.zoning().setDefaultZone(DefaultZone.NO_ACCESS);

            assertThat(h1.ns(ih1, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(ih1)));
            h1.sendFrame(data(ih1, it1, 0x0C05));
            s.scheduler.runUntilIdle();
            assertThat(got(t1, 0x0C05)).isFalse();
        }

        @Test
        void npivVportsAreZonedByTheirOwnPortNames() {
            FcId v = h1.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
            h1.registerFcp(v);
            s.fabric.zoning().activate(ZoneSet.of("cfg", Zone.of("vport_t2", vportWwpn(1, 1), T2),
                    Zone.of("h1_t1", H1, T1)));

            assertThat(h1.ns(v, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(v, it2)));
            assertThat(h1.ns(ih1, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(ih1, it1)));
            h1.sendFrame(data(v, it1, 0x0C06));
            h1.sendFrame(data(v, it2, 0x0C07));
            s.scheduler.runUntilIdle();
            assertThat(got(t1, 0x0C06)).isFalse();
            assertThat(got(t2, 0x0C07)).isTrue();
        }

        @Test
        void aZoneChangeSendsRscnsToTheRegisteredPortsItAffects() {
            h1.scr(ih1, Scr.FULL);
            t1.scr(it1, Scr.FULL);
            h2.scr(ih2, Scr.FULL);
            s.fabric.zoning().activate(twoZones());
            h1.clearRscns();
            t1.clearRscns();
            h2.clearRscns();

            // move T2 from H2's zone into H1's
            s.fabric.zoning().activate(ZoneSet.of("cfg2", Zone.of("h1_t1_t2", H1, T1, T2), Zone.of("h2", H2)));

            assertThat(h1.rscns()).flatExtracting(r -> r.pages())
                    .containsExactly(RscnPage.port(RscnPage.EVENT_SWITCH_CONFIGURATION, it2));
            assertThat(t1.rscns()).flatExtracting(r -> r.pages())
                    .containsExactly(RscnPage.port(RscnPage.EVENT_SWITCH_CONFIGURATION, it2));
            assertThat(h2.rscns()).flatExtracting(r -> r.pages())
                    .containsExactly(RscnPage.port(RscnPage.EVENT_SWITCH_CONFIGURATION, it2));
            assertThat(loner.rscns()).as("not registered").isEmpty();
        }

        @Test
        void aZoneChangeThatChangesNothingForAPortSendsItNothing() {
            t1.scr(it1, Scr.FULL);
            s.fabric.zoning().activate(twoZones());
            t1.clearRscns();

            s.fabric.zoning().activate(ZoneSet.of("renamed", Zone.of("a", H1, T1), Zone.of("b", H2, T2)));

            assertThat(t1.rscns()).isEmpty();
            assertThat(s.events).filteredOn(e -> e instanceof FabricEvent.ZoningChanged).hasSize(2);
        }

        @Test
        void loginRscnsGoOnlyToZonedRegistrants() {
            s.fabric.zoning().activate(twoZones());
            h1.scr(ih1, Scr.FULL);
            h2.scr(ih2, Scr.FULL);
            h1.clearRscns();
            h2.clearRscns();

            t2.logo(it2, T2);

            assertThat(h1.rscns()).isEmpty();
            assertThat(h2.rscns()).flatExtracting(r -> r.pages())
                    .containsExactly(RscnPage.port(RscnPage.EVENT_REMOVED_OBJECT, it2));
        }

        @Test
        void deactivatingTheZoneSetRestoresTheDefaultZone() {
            s.fabric.zoning().activate(twoZones());
            s.fabric.zoning().deactivate();

            assertThat(s.fabric.zoning().activeZoneSet()).isEmpty();
            assertThat(h1.ns(ih1, GidFt.of(FcType.FCP)))
                    .isEqualTo(new NameServerReply.PortIds(List.of(ih1, ih2, iloner, it1, it2)));
        }

        @Test
        void zoneSetsRefuseDuplicateZoneNames() {
            assertThatThrownBy(() -> ZoneSet.of("cfg", Zone.of("z", H1), Zone.of("z", H2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("z");
        }
    }

    @Test
    void aFlogiRequestLeavesTheSwitchStateUnchangedWhenTheLinkCorruptsIt() {
        FakeNPort np = s.attach(7);
        FabricState before = s.fabric.state();
        np.end().link().faults().corruptNext(1, f -> true);

        np.send(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, RCtl.ELS_REQ, FcType.ELS,
                LoginParameters.flogi(wwpn(7, 1), wwnn(7, 1), 2048, 2000, true).encode());
        s.scheduler.runUntilIdle();

        assertThat(s.fabric.state()).isEqualTo(before);
    }
}
