package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.CtPreamble;
import dev.fcspec.emulator.port.ct.Fc4Features;
import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.ct.NameServerReply.Rejected;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.ct.NameServerRequest.GaNxt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GffId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GftId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidFt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidPn;
import dev.fcspec.emulator.port.ct.NameServerRequest.GnnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GpnFt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GpnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GspnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RffId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RftId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RnnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RspnId;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("name server (FFFFFC)")
class NameServerTest {

    private SwitchFixture s;
    private FakeNPort host;
    private FakeNPort array;
    private FcId h;
    private FcId v;
    private FcId t;

    /** A host with one vport on port 1, an array target on port 10; everything registered for FCP. */
    @BeforeEach
    void fabric() {
        s = new SwitchFixture();
        host = s.attach(1);
        array = s.attach(10);
        h = host.login(wwpn(1, 1), wwnn(1, 1));
        v = host.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
        t = array.login(Wwn.parse("50:0a:09:81:00:00:a1:0a"), Wwn.parse("50:0a:09:80:00:00:a1:00"));
        host.registerFcp(h);
        host.registerFcp(v);
        array.registerFcp(t);
        assertThat(host.ns(h, new RffId(h, CtConstants.FC4_FEATURE_INITIATOR, FcType.FCP)))
                .isEqualTo(new NameServerReply.Accepted());
        assertThat(array.ns(t, new RffId(t, CtConstants.FC4_FEATURE_TARGET, FcType.FCP)))
                .isEqualTo(new NameServerReply.Accepted());
    }

    @Nested
    @DisplayName("registrations")
    class Registrations {

        @Test
        void areStoredInTheEntryOfTheRegisteringPort() {
            assertThat(array.ns(t, new RspnId(t, "array1 port 0a"))).isEqualTo(new NameServerReply.Accepted());
            assertThat(array.ns(t, new RnnId(t, Wwn.parse("50:0a:09:80:00:00:a1:ff"))))
                    .isEqualTo(new NameServerReply.Accepted());

            NameServerEntry e = s.fabric.nameServer().entry(t).orElseThrow();
            assertThat(e.symbolicPortName()).isEqualTo("array1 port 0a");
            assertThat(e.nodeName()).isEqualTo(Wwn.parse("50:0a:09:80:00:00:a1:ff"));
            assertThat(e.fc4TypeCodes()).containsExactly(FcType.FCP);
            assertThat(e.fc4FeaturesOf(FcType.FCP)).isEqualTo(CtConstants.FC4_FEATURE_TARGET);
            assertThat(e.portType()).isEqualTo(CtConstants.PORT_TYPE_N_PORT);
            assertThat(e.classOfService()).isEqualTo(CtConstants.COS_CLASS_3);
        }

        @Test
        void forAnotherLoggedInPortAreDenied() {
            FabricState before = s.fabric.state();

            assertThat(host.ns(h, new RftId(t, Fc4Types.of(FcType.IP)))).isEqualTo(new Rejected(0x09, 0x10));
            assertThat(host.ns(h, new RspnId(v, "not mine"))).isEqualTo(new Rejected(0x09, 0x10));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void forAnIdThatIsNotLoggedInNameAnUnacceptablePortId() {
            FabricState before = s.fabric.state();

            assertThat(host.ns(h, new RftId(FcId.of(1, 5, 0), Fc4Types.of(FcType.FCP))))
                    .isEqualTo(new Rejected(0x09, 0x11));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void fromAPortThatIsNotLoggedInAreDenied() {
            FakeNPort stranger = s.attach(4);
            FabricState before = s.fabric.state();
            FcId unassigned = FcId.of(1, 4, 0);

            assertThat(stranger.ns(unassigned, new RftId(unassigned, Fc4Types.of(FcType.FCP))))
                    .isEqualTo(new Rejected(0x09, 0x10));
            assertThat(stranger.ns(h, new RftId(h, Fc4Types.of(FcType.IP))))
                    .as("spoofing a logged-in S_ID from another F_Port").isEqualTo(new Rejected(0x09, 0x10));
            assertThat(s.fabric.state()).isEqualTo(before);
        }
    }

    @Nested
    @DisplayName("queries")
    class Queries {

        @Test
        void gidFtListsEveryFcpPortByAscendingId() {
            assertThat(host.ns(h, GidFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(h, v, t)));
        }

        @Test
        void gidFtHonoursDomainAndAreaScope() {
            assertThat(host.ns(h, new GidFt(1, 10, FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(t)));
            assertThat(host.ns(h, new GidFt(1, 0, FcType.FCP))).isEqualTo(new NameServerReply.PortIds(List.of(h, v, t)));
            assertThat(host.ns(h, new GidFt(2, 0, FcType.FCP))).isEqualTo(new Rejected(0x09, 0x07));
        }

        @Test
        void gidFtForATypeNobodyRegisteredIsRejected() {
            assertThat(host.ns(h, GidFt.of(FcType.IP))).isEqualTo(new Rejected(0x09, 0x07));
        }

        @Test
        void gpnFtListsIdsWithPortNames() {
            assertThat(array.ns(t, GpnFt.of(FcType.FCP))).isEqualTo(new NameServerReply.PortIdsAndNames(List.of(
                    new PortIdAndName(h, wwpn(1, 1)), new PortIdAndName(v, vportWwpn(1, 1)),
                    new PortIdAndName(t, Wwn.parse("50:0a:09:81:00:00:a1:0a")))));
        }

        @Test
        void gpnIdAndGnnIdNameAPortAndRejectAnUnknownOne() {
            assertThat(array.ns(t, new GpnId(v))).isEqualTo(new NameServerReply.PortName(vportWwpn(1, 1)));
            assertThat(array.ns(t, new GnnId(v))).isEqualTo(new NameServerReply.NodeName(vportWwnn(1, 1)));
            assertThat(array.ns(t, new GpnId(FcId.of(1, 1, 9)))).isEqualTo(new Rejected(0x09, 0x01));
            assertThat(array.ns(t, new GnnId(FcId.of(1, 9, 0)))).isEqualTo(new Rejected(0x09, 0x01));
        }

        @Test
        void gidPnFindsThePortAndRejectsAnUnknownName() {
            assertThat(host.ns(h, new GidPn(Wwn.parse("50:0a:09:81:00:00:a1:0a")))).isEqualTo(new NameServerReply.PortId(t));
            assertThat(host.ns(h, new GidPn(wwpn(7, 7)))).isEqualTo(new Rejected(0x09, 0x02));
        }

        @Test
        void gftIdGffIdAndGspnIdAnswerWhatWasRegistered() {
            array.ns(t, new RspnId(t, "array1 0a"));

            assertThat(host.ns(h, new GftId(t))).isEqualTo(new NameServerReply.Types(Fc4Types.of(FcType.FCP)));
            assertThat(host.ns(h, new GffId(t))).isEqualTo(new NameServerReply.Features(
                    Fc4Features.of(Map.of(FcType.FCP, CtConstants.FC4_FEATURE_TARGET))));
            assertThat(host.ns(h, new GspnId(t))).isEqualTo(new NameServerReply.SymbolicPortName("array1 0a"));
            assertThat(host.ns(h, new GspnId(h))).as("no symbolic name registered").isEqualTo(new Rejected(0x09, 0x08));
            assertThat(host.ns(h, new GffId(v))).as("no features registered").isEqualTo(new Rejected(0x09, 0x0F));
        }

        @Test
        void gftIdOfAPortWithoutTypesIsRejected() {
            FcId v2 = host.loginVport(vportWwpn(1, 2), vportWwnn(1, 2));

            assertThat(host.ns(h, new GftId(v2))).isEqualTo(new Rejected(0x09, 0x07));
        }

        @Test
        void gaNxtWalksThePortsInIdOrderAndWrapsAround() {
            NameServerReply.PortObject first = (NameServerReply.PortObject) host.ns(h, new GaNxt(FcId.UNASSIGNED));
            NameServerReply.PortObject second = (NameServerReply.PortObject) host.ns(h, new GaNxt(first.portId()));
            NameServerReply.PortObject third = (NameServerReply.PortObject) host.ns(h, new GaNxt(second.portId()));
            NameServerReply.PortObject wrapped = (NameServerReply.PortObject) host.ns(h, new GaNxt(third.portId()));

            assertThat(List.of(first.portId(), second.portId(), third.portId(), wrapped.portId()))
                    .containsExactly(h, v, t, h);
            assertThat(third.portName()).isEqualTo(Wwn.parse("50:0a:09:81:00:00:a1:0a"));
            assertThat(third.nodeName()).isEqualTo(Wwn.parse("50:0a:09:80:00:00:a1:00"));
            assertThat(third.types()).isEqualTo(Fc4Types.of(FcType.FCP));
            assertThat(third.portType()).isEqualTo(CtConstants.PORT_TYPE_N_PORT);
            assertThat(third.fabricPortName()).isEqualTo(s.fabric.port(10).portName());
        }

        @Test
        void aMaximumSizeCutsTheListAndReportsTheResidual() {
            NameServerReply r = host.ns(h, GidFt.of(FcType.FCP).toCtIu(2).encode(), CtConstants.GID_FT);

            assertThat(r).isEqualTo(new NameServerReply.PortIds(List.of(h, v), 1));
        }

        @Test
        void anAnswerLargerThanTheRequestersReceiveSizeTravelsAsOneMultiFrameSequence() {
            for (int i = 2; i <= 140; i++) {
                host.registerFcp(host.loginVport(vportWwpn(1, i), vportWwnn(1, i)));
            }

            int ox = array.send(t, FcId.DIRECTORY_SERVER, RCtl.CT_REQ, FcType.CT, GpnFt.of(FcType.FCP).toCtIu().encode());
            dev.fcspec.emulator.wire.ReassembledSequence seq = array.sequenceOn(ox);
            NameServerReply.PortIdsAndNames r = (NameServerReply.PortIdsAndNames) NameServerReply.decode(
                    CtConstants.GPN_FT, CtIu.decode(seq.payload()));

            // 142 FCP ports: 16 + 142 * 16 = 2288 bytes, two frames for a 2048-byte receive size
            assertThat(r.entries()).hasSize(142);
            assertThat(r.residualWords()).isZero();
            assertThat(seq.frameCount()).isEqualTo(2);
            assertThat(array.received()).filteredOn(f -> f.header().oxId() == ox)
                    .allSatisfy(f -> assertThat(f.payloadLength()).isLessThanOrEqualTo(2048));
        }
    }

    @Nested
    @DisplayName("malformed requests get FS_RJT and change nothing")
    class Malformed {

        private FabricState before;

        @BeforeEach
        void snapshot() {
            before = s.fabric.state();
        }

        private NameServerReply raw(byte[] ctIu) {
            return host.ns(h, ctIu, CtConstants.RFT_ID);
        }

        @Test
        void aBadRevisionIsAnInvalidVersionLevel() {
            byte[] b = new RftId(h, Fc4Types.of(FcType.IP)).toCtIu().encode();
            b[0] = 2;

            assertThat(raw(b)).isEqualTo(new Rejected(0x02, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void revision3IsServed() {
            byte[] b = new RftId(h, Fc4Types.of(FcType.IP)).toCtIu().encode();
            b[0] = 3;

            assertThat(raw(b)).isEqualTo(new NameServerReply.Accepted());
            assertThat(s.fabric.nameServer().entry(h).orElseThrow().fc4TypeCodes()).containsExactly(FcType.IP);
        }

        @Test
        void anUnknownCommandIsAnInvalidCommandCode() {
            byte[] b = new CtIu(CtPreamble.nameServerRequest(0x0777), new byte[4]).encode();

            assertThat(raw(b)).isEqualTo(new Rejected(0x01, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void anUnimplementedCommandIsNotSupported() {
            byte[] b = new CtIu(CtPreamble.nameServerRequest(CtConstants.DA_ID), new byte[4]).encode();

            assertThat(raw(b)).isEqualTo(new Rejected(0x0B, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void aShortPayloadIsAnInvalidCtIuSize() {
            byte[] b = new RftId(h, Fc4Types.of(FcType.IP)).toCtIu().encode();

            assertThat(raw(Arrays.copyOf(b, b.length - 4))).isEqualTo(new Rejected(0x04, 0x00));
            assertThat(raw(Arrays.copyOf(b, 12))).as("not even a preamble").isEqualTo(new Rejected(0x04, 0x00));
            assertThat(s.fabric.state()).isEqualTo(before);
        }

        @Test
        void everyRejectIsReportedToListeners() {
            s.events.clear();

            host.ns(h, new GpnId(FcId.of(1, 9, 9)));

            assertThat(s.events).containsExactly(new FabricEvent.ServiceRejected(1, FcId.DIRECTORY_SERVER, h,
                    CtConstants.GPN_ID, 0x09, 0x01));
        }

        @Test
        void theRejectAnswersInTheRequestsPreamble() {
            byte[] b = new RftId(h, Fc4Types.of(FcType.IP)).toCtIu().encode();
            b[0] = 3;
            b[9] = 0x77;
            int ox = host.send(h, FcId.DIRECTORY_SERVER, RCtl.CT_REQ, FcType.CT, b);

            Frame reply = host.replyTo(ox);
            CtPreamble p = CtIu.decode(reply.payload()).preamble();

            assertThat(reply.header().sId()).isEqualTo(FcId.DIRECTORY_SERVER);
            assertThat(reply.header().dId()).isEqualTo(h);
            assertThat(reply.header().rCtl()).isEqualTo(RCtl.CT_REP);
            assertThat(p.revision()).isEqualTo(3);
            assertThat(p.commandResponse()).isEqualTo(CtConstants.FS_RJT);
            assertThat(p.gsType()).isEqualTo(0xFC);
            assertThat(p.gsSubtype()).isEqualTo(0x02);
        }
    }

    @Nested
    @DisplayName("ELS at the directory server")
    class Els {

        @Test
        void plogiAndLogoAreAcceptedFromALoggedInPort() {
            ElsPayload acc = host.els(h, FcId.DIRECTORY_SERVER, LoginParameters.plogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000));

            assertThat(acc).isInstanceOfSatisfying(LoginParameters.class,
                    lp -> assertThat(lp.portName()).isEqualTo(SwitchFixture.SWITCH_NAME));
            assertThat(host.els(h, FcId.DIRECTORY_SERVER, new Logo(h, wwpn(1, 1)))).isEqualTo(LsAcc.INSTANCE);
            assertThat(s.fabric.login(h)).as("LOGO at the name server is not a fabric logout").isPresent();
        }

        @Test
        void plogiFromAPortThatIsNotLoggedInNeedsALogin() {
            FakeNPort stranger = s.attach(3);

            assertThat(stranger.els(FcId.of(1, 3, 0), FcId.DIRECTORY_SERVER,
                    LoginParameters.plogi(wwpn(3, 1), wwnn(3, 1), 2048, 2000))).isEqualTo(LsRjt.of(0x09, 0x1E));
        }
    }

    @Test
    void theViewShowsWhatARequesterIsShown() {
        assertThat(s.fabric.nameServer().visibleTo(t)).extracting(NameServerEntry::portId).containsExactly(h, v, t);
        assertThat(s.fabric.nameServer().entryByPortName(vportWwpn(1, 1))).hasValueSatisfying(
                e -> assertThat(e.portId()).isEqualTo(v));
        assertThat(s.fabric.nameServer().visibleTo(FcId.of(1, 9, 9))).isEmpty();
    }
}
