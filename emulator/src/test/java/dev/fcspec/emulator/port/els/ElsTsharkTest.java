package dev.fcspec.emulator.port.els;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.bls.BaRjt;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.wire.Eof;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.PcapWriter;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Sof;
import dev.fcspec.emulator.wire.Wwn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ELS and BLS payload the codecs encode, sent as a request and its reply on one exchange, decoded by
 * tshark (an independent implementation): no frame is malformed, every CRC is good, and the fields tshark
 * reads are the values the payload was built from.
 */
@DisplayName("tshark decodes the ELS and BLS codecs' payloads")
class ElsTsharkTest {
    static final FcId HOST = FcId.of(0x01, 0x02, 0x03);
    static final FcId TARGET = FcId.of(0x01, 0x0a, 0x00);
    static final Wwn WWPN = Wwn.parse("10:00:00:00:c9:12:34:56");
    static final Wwn WWNN = Wwn.parse("20:00:00:00:c9:12:34:56");

    static Tshark tshark;

    @TempDir
    Path dir;

    final List<Frame> frames = new ArrayList<>();
    int ox = 0x0100;

    @BeforeAll
    static void tshark() {
        tshark = Tshark.require();
    }

    @BeforeEach
    void clear() {
        frames.clear();
    }

    /** A request from {@code from} to {@code to} and its reply, on a new exchange. */
    void pair(FcId from, FcId to, ElsPayload request, ElsPayload reply) {
        int x = ox++;
        frames.add(Frame.single(FrameHeader.of(RCtl.ELS_REQ, to, from, FcType.ELS, FCtl.REQUEST, x), request.encode()));
        frames.add(Frame.single(new FrameHeader(RCtl.ELS_REP, from, 0, to, FcType.ELS, FCtl.FINAL_RESPONSE, 1, 0, 0, x,
                0x2000 + x, 0), reply.encode()));
    }

    Path pcap() throws IOException {
        long[] t = new long[frames.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_000_000L * (i + 1);
        }
        Path p = dir.resolve("els.pcap");
        Files.write(p, PcapWriter.toPcap(t, frames.toArray(Frame[]::new)));
        Tshark.Check check = tshark.check(p);
        assertThat(check.frames()).isEqualTo(frames.size());
        assertThat(check.problemFrames()).as("malformed or flagged frames: %s", check.messages()).isEmpty();
        assertThat(check.crcNotGoodFrames()).isEmpty();
        return p;
    }

    static int num(String v) {
        return Integer.decode(v.trim());
    }

    @Test
    void loginsAndTheirAccepts() throws IOException {
        pair(HOST, TARGET, LoginParameters.plogi(WWPN, WWNN, 2048, 2000),
                LoginParameters.plogi(Wwn.parse("50:0a:09:81:00:00:00:01"), Wwn.parse("50:0a:09:80:00:00:00:01"), 1024, 2000)
                        .withCommand(ElsCommand.LS_ACC));
        pair(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, LoginParameters.flogi(WWPN, WWNN, 2048, 2000, true),
                LoginParameters.fabricAcc(Wwn.parse("20:01:00:05:33:9a:00:01"), Wwn.parse("10:00:00:05:33:9a:00:00"),
                        2112, 10_000, 2000, true));
        pair(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, LoginParameters.fdisc(WWPN, WWNN, 2048, 2000),
                LsRjt.of(LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.INSUFFICIENT_RESOURCES));
        Path p = pcap();

        List<Tshark.Row> rows = tshark.fields(p, "fcels.opcode", "fcels.npname", "fcels.fnname", "fcels.logi.rcvsize",
                "fcels.edtov", "fcels.rjt.reason", "fcels.rjt.detail");
        assertThat(rows).extracting(r -> num(r.get("fcels.opcode")))
                .containsExactly(0x03, 0x02, 0x04, 0x02, 0x51, 0x01);
        assertThat(rows.get(0).get("fcels.npname")).isEqualTo(WWPN.toString());
        assertThat(rows.get(0).get("fcels.fnname")).isEqualTo(WWNN.toString());
        assertThat(num(rows.get(0).get("fcels.logi.rcvsize"))).isEqualTo(2048);
        assertThat(rows.get(1).get("fcels.npname")).isEqualTo("50:0a:09:81:00:00:00:01");
        assertThat(num(rows.get(1).get("fcels.logi.rcvsize"))).isEqualTo(1024);
        assertThat(num(rows.get(0).get("fcels.edtov"))).isEqualTo(2000);
        assertThat(rows.get(3).get("fcels.fnname")).isEqualTo("10:00:00:05:33:9a:00:00");
        assertThat(num(rows.get(5).get("fcels.rjt.reason"))).isEqualTo(0x09);
        assertThat(num(rows.get(5).get("fcels.rjt.detail"))).isEqualTo(0x29);
    }

    @Test
    void logoPrliScrAndRscn() throws IOException {
        pair(HOST, TARGET, new Logo(HOST, WWPN), LsAcc.INSTANCE);
        pair(HOST, TARGET, Prli.of(ElsCommand.PRLI, ServiceParameterPage.fcpRequest(true, false)),
                Prli.of(ElsCommand.LS_ACC, ServiceParameterPage.fcpAccept(PrliConstants.RESPONSE_EXECUTED, false, true)));
        pair(HOST, FcId.FABRIC_CONTROLLER, new Scr(Scr.FULL), LsAcc.INSTANCE);
        pair(FcId.FABRIC_CONTROLLER, HOST, Rscn.of(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, FcId.of(0x01, 0x0a, 0x00)),
                new RscnPage(RscnPage.EVENT_REMOVED_OBJECT, RscnPage.FORMAT_AREA, FcId.of(0x02, 0x05, 0x00))), LsAcc.INSTANCE);
        Path p = pcap();

        Tshark.Row logo = tshark.fieldsWhere(p, "fcels.opcode == 0x05", "fcels.portid", "fcels.npname").get(0);
        assertThat(logo.get("fcels.npname")).isEqualTo(WWPN.toString());
        assertThat(logo.get("fcels.portid").replace(':', '.')).isEqualTo(HOST.toString());
        List<Tshark.Row> prli = tshark.fieldsWhere(p, "fcels.prlilo.type == 0x08", "fcels.opcode",
                "fcels.prlilo.page_length", "fcels.prlilo.payload_length", "fcels.fcpflags.initiator",
                "fcels.fcpflags.target", "fcels.fcpflags.rdxr", "fcels.prlilo.response_code");
        assertThat(prli).hasSize(2);
        assertThat(num(prli.get(0).get("fcels.prlilo.page_length"))).isEqualTo(16);
        assertThat(num(prli.get(0).get("fcels.prlilo.payload_length"))).isEqualTo(20);
        assertThat(prli.get(0).get("fcels.fcpflags.initiator")).isIn("1", "True");
        assertThat(prli.get(0).get("fcels.fcpflags.rdxr")).isIn("1", "True");
        assertThat(prli.get(1).get("fcels.fcpflags.target")).isIn("1", "True");
        assertThat(num(prli.get(1).get("fcels.prlilo.response_code"))).isEqualTo(0x21);
        assertThat(num(tshark.fieldsWhere(p, "fcels.opcode == 0x62", "fcels.scr.regn").get(0).get("fcels.scr.regn")))
                .isEqualTo(3);
        Tshark.Row rscn = tshark.fieldsWhere(p, "fcels.opcode == 0x61", "fcels.rscn.payload_len", "fcels.rscn.evqual",
                "fcels.rscn.addrfmt", "fcels.rscn.domain", "fcels.rscn.area").get(0);
        assertThat(num(rscn.get("fcels.rscn.payload_len"))).isEqualTo(12);
        assertThat(rscn.all("fcels.rscn.evqual")).extracting(ElsTsharkTest::num).containsExactly(1, 5);
        assertThat(rscn.all("fcels.rscn.addrfmt")).extracting(ElsTsharkTest::num).containsExactly(0, 1);
        assertThat(rscn.all("fcels.rscn.domain")).extracting(ElsTsharkTest::num).containsExactly(1, 2);
        assertThat(rscn.all("fcels.rscn.area")).extracting(ElsTsharkTest::num).containsExactly(0x0a, 5);
    }

    @Test
    void adiscEchoRlsAndRtv() throws IOException {
        Adisc adisc = new Adisc(ElsCommand.ADISC, FcId.of(0, 0, 0xEF), WWPN, WWNN, HOST);
        pair(HOST, TARGET, adisc, new Adisc(ElsCommand.LS_ACC, FcId.UNASSIGNED, Wwn.parse("50:0a:09:81:00:00:00:01"),
                Wwn.parse("50:0a:09:80:00:00:00:01"), TARGET));
        pair(HOST, TARGET, new Echo(ElsCommand.ECHO, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new Echo(ElsCommand.LS_ACC, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        pair(HOST, TARGET, new Rls(TARGET), new RlsAcc(1, 2, 3, 4, 5, 6));
        pair(HOST, TARGET, new Rtv(), new RtvAcc(10_000, 2_000, 0));
        Path p = pcap();

        List<Tshark.Row> ad = tshark.fieldsWhere(p, "fcels.opcode == 0x52 || (fcels.opcode == 0x02 && fcels.npname)",
                "fcels.hrdaddr", "fcels.npname", "fcels.fnname", "fcels.portid");
        assertThat(ad).hasSize(2);
        assertThat(ad.get(0).get("fcels.npname")).isEqualTo(WWPN.toString());
        assertThat(ad.get(0).get("fcels.fnname")).isEqualTo(WWNN.toString());
        assertThat(ad.get(0).get("fcels.hrdaddr").replace(':', '.')).isEqualTo("00.00.ef");
        assertThat(ad.get(1).get("fcels.portid").replace(':', '.')).isEqualTo(TARGET.toString());
        // TShark 4.0 names the RLS and RTV replies but does not dissect their bodies (its link error counters
        // belong to RPS): the clean decode above is the independent check for them.
        assertThat(tshark.summary(p)).contains("RLS", "ACC (RLS)", "RTV", "ACC (RTV)", "ACC (ECHO)");
    }

    @Test
    void abtsAnsweredWithBaAccAndBaRjt() throws IOException {
        bls(0x0301, BaAcc.wholeExchange(0x0301, 0x0042));
        bls(0x0302, BaRjt.unknownExchange());
        Path p = pcap();

        Tshark.Row acc = tshark.fieldsWhere(p, "fc.r_ctl == 0x84", "fc.bls_oxid", "fc.bls_rxid", "fc.bls_lseqcnt",
                "fc.bls_hseqcnt").get(0);
        assertThat(num(acc.get("fc.bls_oxid"))).isEqualTo(0x0301);
        assertThat(num(acc.get("fc.bls_rxid"))).isEqualTo(0x0042);
        assertThat(num(acc.get("fc.bls_lseqcnt"))).isEqualTo(0);
        assertThat(num(acc.get("fc.bls_hseqcnt"))).isEqualTo(0xFFFF);
        Tshark.Row rjt = tshark.fieldsWhere(p, "fc.r_ctl == 0x85", "fc.bls_reason", "fc.bls_rjtdetail").get(0);
        assertThat(num(rjt.get("fc.bls_reason"))).isEqualTo(0x03);
        assertThat(num(rjt.get("fc.bls_rjtdetail"))).isEqualTo(0x03);
    }

    private void bls(int oxId, BlsPayload answer) {
        frames.add(Frame.of(Sof.SOFI3, new FrameHeader(RCtl.BA_ABTS, TARGET, 0, HOST, FcType.BLS, 0x090000, 3, 0, 0,
                oxId, 0x0042, 0), new byte[0], Eof.EOFT));
        frames.add(Frame.of(Sof.SOFI3, new FrameHeader(answer.rCtl(), HOST, 0, TARGET, FcType.BLS,
                FCtl.EX_CTX | FCtl.LAST_SEQ | FCtl.END_SEQ | FCtl.SEQ_INIT, 3, 0, 0, oxId, 0x0042, 0), answer.encode(),
                Eof.EOFT));
    }
}
