package dev.fcspec.emulator.wire;

import static dev.fcspec.emulator.wire.ReferenceFrames.FABRIC_NAME;
import static dev.fcspec.emulator.wire.ReferenceFrames.FABRIC_PORT_WWN;
import static dev.fcspec.emulator.wire.ReferenceFrames.HOST;
import static dev.fcspec.emulator.wire.ReferenceFrames.HOST_WWNN;
import static dev.fcspec.emulator.wire.ReferenceFrames.HOST_WWPN;
import static dev.fcspec.emulator.wire.ReferenceFrames.TARGET;
import static dev.fcspec.emulator.wire.ReferenceFrames.TARGET_WWNN;
import static dev.fcspec.emulator.wire.ReferenceFrames.TARGET_WWPN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.testing.Tshark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures of representative frames, built by hand from the reference tables and written by {@link PcapWriter},
 * decoded by tshark (an independent implementation). Field names are those of TShark 4.0.
 */
@DisplayName("tshark decodes our captures as the reference says")
class TsharkFrameDecodeTest {

    private static Tshark tshark;

    @TempDir
    Path dir;

    @BeforeAll
    static void tshark() {
        tshark = Tshark.require();
    }

    private Path capture(String name, Frame... frames) throws IOException {
        long[] times = new long[frames.length];
        for (int i = 0; i < frames.length; i++) {
            times[i] = 1_000_000L * (i + 1);
        }
        Path f = dir.resolve(name + ".pcap");
        Files.write(f, PcapWriter.toPcap(times, frames));
        return f;
    }

    /** Decodes with one tshark run: asserts no frame is malformed or flagged and every CRC is good. */
    private static List<Tshark.Row> decodeClean(Tshark t, Path pcap, int frames, String... fields) {
        Tshark.Decoded d = t.decode(pcap, fields);
        Tshark.Check check = d.check();
        assertThat(check.frames()).as("frames in %s", pcap).isEqualTo(frames);
        assertThat(check.problemFrames()).as("malformed or flagged frames: %s", check.messages()).isEmpty();
        assertThat(check.crcNotGoodFrames()).as("frames without a good CRC").isEmpty();
        return d.rows();
    }

    private static void assertCleanDecode(Path pcap, int frames) {
        decodeClean(tshark, pcap, frames);
    }

    @Test
    void fabricLoginAndItsAcceptCarryAddressesOpcodesAndNames() throws IOException {
        Frame flogi = ReferenceFrames.request(RCtl.ELS_REQ, FcId.FABRIC_LOGIN_SERVER, FcId.UNASSIGNED, FcType.ELS,
                0x0010, ReferenceFrames.loginPayload(0x04, 0x0800, HOST_WWPN, HOST_WWNN));
        Frame acc = ReferenceFrames.reply(RCtl.ELS_REP, HOST, FcId.FABRIC_LOGIN_SERVER, FcType.ELS, 0x0010, 0x0001,
                ReferenceFrames.loginPayload(0x02, 0x1800, FABRIC_PORT_WWN, FABRIC_NAME));
        Path pcap = capture("flogi", flogi, acc);

        List<Tshark.Row> rows = decodeClean(tshark, pcap, 2, "fc.d_id", "fc.s_id", "fc.r_ctl", "fc.type", "fc.ox_id",
                "fc.rx_id", "fcels.opcode", "fcels.npname", "fcels.fnname", "fcels.logi.rcvsize", "fc.sof", "fc.eof",
                "fc.crc", "fc.fctl.exchange_first", "fc.fctl.seq_last", "fc.fctl.exchange_responder");

        Tshark.Row req = rows.get(0);
        assertThat(req.get("fc.d_id")).isEqualTo("ff.ff.fe");
        assertThat(req.get("fc.s_id")).isEqualTo("00.00.00");
        assertThat(req.get("fc.r_ctl")).isEqualTo("0x22");
        assertThat(req.get("fc.type")).isEqualTo("0x01");
        assertThat(req.get("fc.ox_id")).isEqualTo("0x0010");
        assertThat(req.get("fc.rx_id")).isEqualTo("0xffff");
        assertThat(req.get("fcels.opcode")).isEqualTo("0x04");
        assertThat(req.get("fcels.npname")).isEqualTo("10:00:00:00:c9:12:34:56");
        assertThat(req.get("fcels.fnname")).isEqualTo("20:00:00:00:c9:12:34:56");
        assertThat(req.get("fcels.logi.rcvsize")).isEqualTo("2048");
        assertThat(req.get("fc.fctl.exchange_first")).isEqualTo("1");
        assertThat(req.get("fc.fctl.seq_last")).isEqualTo("1");
        assertThat(req.get("fc.fctl.exchange_responder")).isEqualTo("0");

        Tshark.Row rep = rows.get(1);
        assertThat(rep.get("fc.d_id")).isEqualTo("01.02.00");
        assertThat(rep.get("fc.s_id")).isEqualTo("ff.ff.fe");
        assertThat(rep.get("fc.r_ctl")).isEqualTo("0x23");
        assertThat(rep.get("fcels.opcode")).isEqualTo("0x02");
        assertThat(rep.get("fcels.npname")).isEqualTo(FABRIC_PORT_WWN.toString());
        assertThat(rep.get("fcels.fnname")).isEqualTo(FABRIC_NAME.toString());
        assertThat(rep.get("fc.fctl.exchange_responder")).isEqualTo("1");
    }

    @Test
    void portLoginNamesMatchAsFcWwnFilters() throws IOException {
        Frame plogi = ReferenceFrames.request(RCtl.ELS_REQ, TARGET, HOST, FcType.ELS, 0x0020,
                ReferenceFrames.loginPayload(0x03, 0x8800, HOST_WWPN, HOST_WWNN));
        Frame acc = ReferenceFrames.reply(RCtl.ELS_REP, HOST, TARGET, FcType.ELS, 0x0020, 0x0100,
                ReferenceFrames.loginPayload(0x02, 0x8800, TARGET_WWPN, TARGET_WWNN));
        Path pcap = capture("plogi", plogi, acc);

        assertCleanDecode(pcap, 2);
        assertThat(tshark.frameNumbers(pcap, "fcels.opcode == 0x03 && fcels.npname == " + HOST_WWPN
                + " && fcels.fnname == " + HOST_WWNN + " && fc.d_id == 01.03.00 && fc.s_id == 01.02.00"))
                .containsExactly(1);
        assertThat(tshark.frameNumbers(pcap, "fcels.opcode == 0x02 && fcels.npname == " + TARGET_WWPN))
                .containsExactly(2);
    }

    @Test
    void lsRjtCarriesReasonAndExplanation() throws IOException {
        Frame plogi = ReferenceFrames.request(RCtl.ELS_REQ, TARGET, HOST, FcType.ELS, 0x0030,
                ReferenceFrames.loginPayload(0x03, 0x8800, HOST_WWPN, HOST_WWNN));
        // logical error (0x03), invalid N_Port name (0x0D)
        Frame rjt = ReferenceFrames.reply(RCtl.ELS_REP, HOST, TARGET, FcType.ELS, 0x0030, 0x0200,
                ReferenceFrames.lsRjt(0x03, 0x0D));
        Path pcap = capture("ls_rjt", plogi, rjt);

        Tshark.Row row = decodeClean(tshark, pcap, 2, "fcels.opcode", "fcels.rjt.reason", "fcels.rjt.detail").get(1);
        assertThat(row.get("fcels.opcode")).isEqualTo("0x01");
        assertThat(row.get("fcels.rjt.reason")).isEqualTo("0x03");
        assertThat(row.get("fcels.rjt.detail")).isEqualTo("0x0d");
    }

    @Test
    void nameServerRequestsAndAcceptsCarryTheirCommandCodes() throws IOException {
        Frame rftId = ReferenceFrames.request(RCtl.CT_REQ, FcId.DIRECTORY_SERVER, HOST, FcType.CT, 0x0040,
                ReferenceFrames.rftIdFcp(HOST));
        Frame rftAcc = ReferenceFrames.reply(RCtl.CT_REP, HOST, FcId.DIRECTORY_SERVER, FcType.CT, 0x0040, 0x0300,
                ReferenceFrames.ctAccept());
        Frame gidFt = ReferenceFrames.request(RCtl.CT_REQ, FcId.DIRECTORY_SERVER, HOST, FcType.CT, 0x0041,
                ReferenceFrames.gidFt(FcType.FCP));
        Frame gidAcc = ReferenceFrames.reply(RCtl.CT_REP, HOST, FcId.DIRECTORY_SERVER, FcType.CT, 0x0041, 0x0301,
                ReferenceFrames.gidFtAccept(HOST, TARGET));
        Path pcap = capture("ns", rftId, rftAcc, gidFt, gidAcc);

        List<Tshark.Row> rows = decodeClean(tshark, pcap, 4, "fc.d_id", "fc.type", "fc.r_ctl", "fcct.gstype",
                "fcct.gssubtype", "fcdns.opcode", "fcdns.req.portid", "fcdns.req.fc4type", "fcdns.fc4types.fcp",
                "fcdns.rply.portid");
        assertThat(rows).extracting(r -> r.get("fcdns.opcode"))
                .containsExactly("0x0217", "0x8002", "0x0171", "0x8002");
        assertThat(rows.get(0).get("fc.d_id")).isEqualTo("ff.ff.fc");
        assertThat(rows.get(0).get("fc.type")).isEqualTo("0x20");
        assertThat(rows.get(0).get("fc.r_ctl")).isEqualTo("0x02");
        assertThat(rows.get(0).get("fcct.gstype")).isEqualTo("0xfc");
        assertThat(rows.get(0).get("fcct.gssubtype")).isEqualTo("0x02");
        assertThat(rows.get(0).get("fcdns.req.portid")).isEqualTo("01.02.00");
        assertThat(rows.get(0).get("fcdns.fc4types.fcp")).isEqualTo("1");
        assertThat(rows.get(1).get("fc.r_ctl")).isEqualTo("0x03");
        assertThat(rows.get(2).get("fcdns.req.fc4type")).isEqualTo("0x08");
        assertThat(rows.get(3).all("fcdns.rply.portid")).containsExactly("01.02.00", "01.03.00");
    }

    @Test
    void abtsAndBaAccCarryTheAbortedExchange() throws IOException {
        FrameHeader abtsHeader = ReferenceFrames.header(RCtl.BA_ABTS, TARGET, HOST, FcType.BLS, 0x090000, 0x1234,
                0x0500);
        Frame abts = Frame.single(abtsHeader, new byte[0]);
        Frame baAcc = ReferenceFrames.reply(RCtl.BA_ACC, HOST, TARGET, FcType.BLS, 0x1234, 0x0500,
                ReferenceFrames.baAcc(0x1234, 0x0500));
        Path pcap = capture("abts", abts, baAcc);

        List<Tshark.Row> rows = decodeClean(tshark, pcap, 2, "fc.r_ctl", "fc.type", "fc.f_ctl", "fc.ox_id",
                "fc.bls_oxid", "fc.bls_rxid", "fc.bls_lseqcnt", "fc.bls_hseqcnt");
        assertThat(rows.get(0).get("fc.r_ctl")).isEqualTo("0x81");
        assertThat(rows.get(0).get("fc.type")).isEqualTo("0x00");
        assertThat(rows.get(0).get("fc.f_ctl")).isEqualTo("0x090000");
        assertThat(rows.get(0).get("fc.ox_id")).isEqualTo("0x1234");
        assertThat(rows.get(1).get("fc.r_ctl")).isEqualTo("0x84");
        assertThat(rows.get(1).get("fc.bls_oxid")).isEqualTo("0x1234");
        assertThat(rows.get(1).get("fc.bls_rxid")).isEqualTo("0x0500");
        assertThat(rows.get(1).get("fc.bls_lseqcnt")).isEqualTo("0x0000");
        assertThat(rows.get(1).get("fc.bls_hseqcnt")).isEqualTo("0xffff");
    }

    @Test
    void fcpCommandDataSequenceAndResponseDecode() throws IOException {
        int size = 512;
        int blocks = 3;
        List<Frame> frames = new ArrayList<>();
        frames.add(ReferenceFrames.request(RCtl.FCP_CMND, TARGET, HOST, FcType.FCP, 0x0050,
                ReferenceFrames.fcpCmndRead10(1, blocks)));
        // Read data: one sequence of three frames, SOFi3 then SOFn3, EOFn then EOFt, relative offsets.
        for (int i = 0; i < blocks; i++) {
            boolean last = i == blocks - 1;
            byte[] data = new byte[size];
            java.util.Arrays.fill(data, (byte) i);
            FrameHeader h = new FrameHeader(RCtl.FCP_DATA, HOST, 0, TARGET, FcType.FCP,
                    FCtl.EX_CTX | FCtl.REL_OFF | (last ? FCtl.END_SEQ : 0), 1, 0, i, 0x0050, 0x0600, i * size);
            frames.add(Frame.of(i == 0 ? Sof.SOFI3 : Sof.SOFN3, h, data, last ? Eof.EOFT : Eof.EOFN));
        }
        frames.add(ReferenceFrames.reply(RCtl.FCP_RSP, HOST, TARGET, FcType.FCP, 0x0050, 0x0600,
                ReferenceFrames.fcpRspGood()));
        Path pcap = capture("fcp", frames.toArray(Frame[]::new));
        Tshark t = tshark.withPreference("fc.max_frame_size", Integer.toString(size));

        List<Tshark.Row> rows = decodeClean(t, pcap, 5, "fc.r_ctl", "fc.seq_id", "fc.seq_cnt", "fc.relative_offset",
                "fc.fctl.rel_offset", "fc.fctl.seq_last", "fc.sof", "fc.eof", "fcp.dl", "fcp.rddata",
                "scsi_sbc.opcode", "fcp.status");
        assertThat(rows.get(0).get("fcp.dl")).isEqualTo("1536");
        assertThat(rows.get(0).get("fcp.rddata")).isEqualTo("1");
        assertThat(rows.get(0).get("scsi_sbc.opcode")).isEqualTo("0x28");
        assertThat(rows.subList(1, 4)).extracting(r -> r.get("fc.seq_cnt")).containsExactly("0", "1", "2");
        assertThat(rows.subList(1, 4)).extracting(r -> r.get("fc.relative_offset"))
                .containsExactly("0", "512", "1024");
        assertThat(rows.subList(1, 4)).extracting(r -> r.get("fc.fctl.rel_offset")).containsOnly("1");
        assertThat(rows.subList(1, 4)).extracting(r -> r.get("fc.fctl.seq_last")).containsExactly("0", "0", "1");
        assertThat(rows.subList(1, 4)).extracting(r -> r.get("fc.seq_id")).containsOnly("0x01");
        assertThat(rows.get(4).get("fcp.status")).isEqualTo("0x00");
    }

    /**
     * Without REL_OFF: Wireshark 4.0 hands a reassembled sequence to the FC-4 dissector only when REL_OFF is clear
     * or the last frame's relative offset is 0 (packet-fc.c), and numbers fragments by SEQ_CNT times
     * {@code fc.max_frame_size}.
     */
    @Test
    void aSegmentedNameServerAcceptIsReassembledByTshark() throws IOException {
        FcId[] ports = new FcId[300];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = FcId.of(0x01, 0x10 + i / 256, i % 256);
        }
        int size = 512;
        Frame gidFt = ReferenceFrames.request(RCtl.CT_REQ, FcId.DIRECTORY_SERVER, HOST, FcType.CT, 0x0070,
                ReferenceFrames.gidFt(FcType.FCP));
        FrameHeader template = ReferenceFrames.header(RCtl.CT_REP, HOST, FcId.DIRECTORY_SERVER, FcType.CT,
                FCtl.FINAL_RESPONSE, 0x0070, 0x0400).withSeqId(0x11);
        List<Frame> frames = new ArrayList<>();
        frames.add(gidFt);
        frames.addAll(SequenceSegmenter.segment(template, ReferenceFrames.gidFtAccept(ports), size));
        Path pcap = capture("gid_ft-multi", frames.toArray(Frame[]::new));
        Tshark t = tshark.withPreference("fc.max_frame_size", Integer.toString(size));

        assertThat(frames).hasSize(4);
        List<Tshark.Row> rows = decodeClean(t, pcap, 4, "fc.seq_id", "fc.seq_cnt", "fc.parameter", "fc.fctl.rel_offset", "fc.fctl.seq_last",
                "fc.fctl.exchange_last", "fc.fctl.transfer_seq_initiative", "fc.sof", "fc.eof", "fcdns.opcode",
                "fcdns.rply.portid", "fc.reassembled");
        List<Tshark.Row> seq = rows.subList(1, 4);
        assertThat(seq).extracting(r -> r.get("fc.seq_id")).containsOnly("0x11");
        assertThat(seq).extracting(r -> r.get("fc.seq_cnt")).containsExactly("0", "1", "2");
        assertThat(seq).extracting(r -> r.get("fc.parameter")).containsOnly("0x00000000");
        assertThat(seq).extracting(r -> r.get("fc.fctl.rel_offset")).containsOnly("0");
        assertThat(seq).extracting(r -> r.get("fc.fctl.seq_last")).containsExactly("0", "0", "1");
        assertThat(seq).extracting(r -> r.get("fc.fctl.exchange_last")).containsExactly("0", "0", "1");
        assertThat(seq).extracting(r -> r.get("fc.fctl.transfer_seq_initiative")).containsExactly("0", "0", "1");
        assertThat(seq).extracting(r -> r.get("fc.sof")).containsExactly("0xbcb55656", "0xbcb53636", "0xbcb53636");
        assertThat(seq).extracting(r -> r.get("fc.eof")).containsExactly("0xbc95d5d5", "0xbc95d5d5", "0xbc957575");
        Tshark.Row last = rows.get(3);
        assertThat(last.get("fc.reassembled")).isEqualTo("1");
        assertThat(last.get("fcdns.opcode")).as("decoded from the reassembled sequence").isEqualTo("0x8002");
        assertThat(last.all("fcdns.rply.portid")).hasSize(300).startsWith("01.10.00", "01.10.01")
                .endsWith("01.11.2b");
    }

    @Test
    void aCorruptedCrcIsReportedBad() throws IOException {
        Frame plogi = ReferenceFrames.request(RCtl.ELS_REQ, TARGET, HOST, FcType.ELS, 0x0060,
                ReferenceFrames.loginPayload(0x03, 0x8800, HOST_WWPN, HOST_WWNN));
        byte[] good = FrameCodec.encode(plogi);
        byte[] bad = good.clone();
        bad[bad.length - 8] ^= 0x01;            // lowest byte of the stored CRC
        Path pcap = dir.resolve("bad-crc.pcap");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out);
        w.writeEncoded(1000, good);
        w.writeEncoded(2000, bad);
        Files.write(pcap, out.toByteArray());

        Tshark.Check check = tshark.check(pcap);
        assertThat(check.frames()).isEqualTo(2);
        assertThat(check.crcNotGoodFrames()).containsExactly(2);
        assertThat(check.problemFrames()).containsExactly(2);
        assertThat(check.messages()).singleElement().asString().contains("Bad checksum");
        assertThat(check.clean()).isFalse();
        assertThat(tshark.frameNumbers(pcap, Tshark.PROBLEM_FILTER)).as("the same as a display filter")
                .containsExactly(2);
        assertThat(tshark.frameNumbers(pcap, "fc.crc.status == 0")).containsExactly(2);
    }

    @Test
    void aMalformedFrameIsReported() throws IOException {
        byte[] shortPlogi = new byte[12];
        shortPlogi[0] = 0x03;
        Frame truncated = ReferenceFrames.request(RCtl.ELS_REQ, TARGET, HOST, FcType.ELS, 0x0061, shortPlogi);
        Path pcap = capture("malformed", truncated);

        Tshark.Check check = tshark.check(pcap);
        assertThat(check.problemFrames()).containsExactly(1);
        assertThat(check.crcNotGoodFrames()).isEmpty();
        assertThat(check.messages()).singleElement().asString().contains("Malformed");
    }

    @Test
    void theAbtsTestVectorHasTheReferenceCrc() throws IOException {
        FrameHeader h = FrameHeader.readFrom(java.util.HexFormat.ofDelimiter(" ").parseHex(
                "81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 12 34 ff ff 00 00 00 00"), 0);
        Path pcap = capture("abts-vector", Frame.of(Sof.SOFI3, h, new byte[0], Eof.EOFT));

        Tshark.Row row = tshark.fields(pcap, "fc.crc", "fc.crc.status").get(0);
        assertThat(row.get("fc.crc")).isEqualTo("0xb883aed8");
        assertThat(row.get("fc.crc.status")).isEqualTo("1");
    }
}
