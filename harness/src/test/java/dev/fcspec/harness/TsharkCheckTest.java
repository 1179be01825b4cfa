package dev.fcspec.harness;

import dev.fcspec.emulator.port.els.Echo;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.PcapWriter;
import dev.fcspec.emulator.wire.RCtl;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture check of the end-to-end test finds what it must find. */
@DisplayName("The tshark capture check")
class TsharkCheckTest {

    private static final FcId HOST = FcId.of(1, 2, 0);
    private static final FcId TARGET = FcId.of(1, 3, 0);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsTshark() {
        if (!TsharkTool.available()) {
            assertThat(System.getenv("CI")).as("tshark is required when CI=true").isNotEqualTo("true");
            Assumptions.assumeTrue(false, "tshark is not installed (Debian package tshark)");
        }
    }

    private static byte[] echoExchange() {
        Echo echo = new Echo(0x10, new byte[] {1, 2, 3, 4});
        Frame request = Frame.single(FrameHeader.of(RCtl.ELS_REQ, TARGET, HOST, FcType.ELS, FCtl.REQUEST, 0x1234),
                echo.encode());
        Frame reply = Frame.single(FrameHeader.of(RCtl.ELS_REP, HOST, TARGET, FcType.ELS, FCtl.FINAL_RESPONSE, 0x1234)
                .withRxId(0x10), echo.accept().encode());
        return PcapWriter.toPcap(new long[] {0, 1000}, request, reply);
    }

    @Test
    @DisplayName("passes a well-formed exchange")
    void passesGoodCapture() throws Exception {
        Path pcap = Files.write(dir.resolve("good.pcap"), echoExchange());
        assertThat(TsharkTool.problems(pcap, FcspecRunTest.PROBLEM_FILTER)).isEmpty();
        assertThat(TsharkTool.run(pcap, "-T", "fields", "-e", "fc.crc.status")).containsExactly("1", "1");
    }

    @Test
    @DisplayName("finds a frame whose CRC is wrong")
    void findsBadCrc() throws Exception {
        byte[] bytes = echoExchange();
        int firstPayloadByte = PcapWriter.GLOBAL_HEADER_LENGTH + PcapWriter.RECORD_HEADER_LENGTH + 4 + FrameHeader.LENGTH;
        bytes[firstPayloadByte + 6] ^= 0x5A;
        Path pcap = Files.write(dir.resolve("bad-crc.pcap"), bytes);
        assertThat(TsharkTool.problems(pcap, FcspecRunTest.PROBLEM_FILTER))
                .contains("bad-crc.pcap frame 1: fc.crc.status '0' (1 = good)")
                .anySatisfy(p -> assertThat(p).startsWith("bad-crc.pcap frame 1 ").contains("Bad checksum"));
        assertThat(TsharkTool.run(pcap, "-T", "fields", "-e", "fc.crc.status")).containsExactly("0", "1");
    }

    @Test
    @DisplayName("does not excuse a login-server accept that answers no FDISC")
    void findsStrayAccept() throws Exception {
        byte[] acc = new byte[116];
        acc[0] = 0x02;
        Frame stray = Frame.single(FrameHeader.of(RCtl.ELS_REP, FcId.of(1, 1, 1), FcId.FABRIC_LOGIN_SERVER, FcType.ELS,
                FCtl.FINAL_RESPONSE, 0x0042).withRxId(0x0001), acc);
        Path pcap = Files.write(dir.resolve("stray.pcap"), PcapWriter.toPcap(new long[] {0}, stray));
        assertThat(TsharkTool.problems(pcap, FcspecRunTest.PROBLEM_FILTER)).singleElement().asString()
                .contains("stray.pcap frame 1 ");
    }

    /** An FCP_CMND for LUN 0 carrying a MAINTENANCE IN CDB with this service action. */
    private static byte[] maintenanceIn(int serviceAction) {
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xA3;
        cdb[1] = (byte) serviceAction;
        cdb[9] = 0x10; // allocation length 4096
        byte[] cmnd = new byte[32];
        System.arraycopy(cdb, 0, cmnd, 12, cdb.length);
        cmnd[10] = 0x02; // RDDATA
        cmnd[30] = 0x10; // FCP_DL 4096
        Frame f = Frame.single(FrameHeader.of(RCtl.FCP_CMND, TARGET, HOST, FcType.FCP, FCtl.REQUEST, 0x0777), cmnd);
        return PcapWriter.toPcap(new long[] {0}, f);
    }

    @Test
    @DisplayName("excuses only the missing REPORT TARGET PORT GROUPS dissector, not other undissected CDBs")
    void excusesReportTargetPortGroupsOnly() throws Exception {
        Path rtpg = Files.write(dir.resolve("rtpg.pcap"), maintenanceIn(0x0A));
        Path other = Files.write(dir.resolve("other.pcap"), maintenanceIn(0x0B));
        assertThat(TsharkTool.run(rtpg, "-Y", "scsi.no_dissection_for_service_action")).as("tshark flags it").hasSize(1);
        assertThat(TsharkTool.problems(rtpg, FcspecRunTest.PROBLEM_FILTER)).isEmpty();
        assertThat(TsharkTool.run(other, "-Y", "scsi.no_dissection_for_service_action")).as("tshark flags it").hasSize(1);
        assertThat(TsharkTool.problems(other, FcspecRunTest.PROBLEM_FILTER)).singleElement().asString()
                .contains("other.pcap frame 1 ");
    }
}
