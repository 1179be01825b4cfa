package dev.fcspec.emulator.fcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A host reaches a SCSI target core through FCP over a direct link")
class FcpTargetTest {
    static final Wwn HOST_WWPN = Wwn.parse("10:00:00:00:c9:00:00:0a");
    static final Wwn HOST_WWNN = Wwn.parse("20:00:00:00:c9:00:00:0a");
    static final Wwn ARRAY_WWPN = Wwn.parse("50:0a:09:81:00:00:a1:0a");
    static final Wwn ARRAY_WWNN = Wwn.parse("50:0a:09:80:00:00:a1:00");

    final VirtualScheduler s = new VirtualScheduler(7);
    final Link link = new Link(s, "host-array");
    final CaptureTap capture = new CaptureTap().attach(link);
    final List<Frame> wire = new ArrayList<>();
    NPort host;
    NPort array;
    TargetCore core;
    FcpTarget target;
    FcpInitiator initiator;
    FcId arrayId;

    @BeforeEach
    void bench() {
        link.addTap((t, from, f) -> wire.add(f));
        host = new NPort(s, PortConfig.of(HOST_WWPN, HOST_WWNN).withFcpRoles(true, false), link.a());
        array = new NPort(s, PortConfig.of(ARRAY_WWPN, ARRAY_WWNN).withFcpRoles(false, true), link.b());
        core = TargetCore.builder("array1")
                .port(FcpTarget.targetPort(array, 1))
                .unit(0, LogicalUnit.builder("lun0", new SparseMemoryStore(1 << 20, 512)).blockSize(512).build())
                .unit(3, LogicalUnit.builder("lun3", new SparseMemoryStore(1 << 20, 512)).blockSize(512).build())
                .build();
        target = FcpTarget.attach(array, core, 1);
        initiator = new FcpInitiator(host);
        host.enable();
        array.enable();
        assertThat(s.runUntil(() -> host.remotePort(array.fcId()).map(RemotePort::isReady).orElse(false)
                && array.remotePort(host.fcId()).map(RemotePort::isReady).orElse(false), Duration.ofMinutes(1))).isTrue();
        arrayId = array.fcId();
        // A host's SCSI layer sees the power-on unit attention once per I_T nexus and LU when it scans.
        for (long lun : new long[] {0, 3}) {
            complete(initiator.command(arrayId, lun, new byte[6]));
        }
    }

    <T> T complete(CompletableFuture<T> f) {
        assertThat(s.runUntil(f::isDone, Duration.ofMinutes(1))).as("completed in virtual time").isTrue();
        return f.join();
    }

    static byte[] read10(long lba, int blocks) {
        return new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
                (byte) (blocks >>> 8), (byte) blocks, 0};
    }

    static byte[] write10(long lba, int blocks) {
        byte[] c = read10(lba, blocks);
        c[0] = 0x2A;
        return c;
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void dataWrittenThroughXferRdyIsReadBackFromTheLogicalUnit() {
        byte[] data = pattern(8 * 512, 5);

        FcpResult w = complete(initiator.write(arrayId, 3, write10(100, 8), data));
        FcpResult r = complete(initiator.read(arrayId, 3, read10(100, 8), 8 * 512));

        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(Arrays.equals(r.data(), data)).as("read data equals written data").isTrue();
        assertThat(wire).anyMatch(f -> f.header().rCtl() == RCtl.FCP_XFER_RDY);
        assertThat(wire.stream().filter(f -> f.header().rCtl() == RCtl.FCP_DATA && f.header().sId().equals(arrayId)))
                .as("read data split to the host's receive size (2048) with relative offsets")
                .extracting(f -> f.header().parameter()).containsExactly(0, 2048);
    }

    @Test
    void anOutOfRangeLbaIsACheckConditionWithIllegalRequestSense() {
        FcpResult r = complete(initiator.read(arrayId, 0, read10(1 << 20, 1), 512));

        assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.senseKey()).isEqualTo(0x05);
        assertThat(r.ascAscq()).isEqualTo(0x2100);
        assertThat(r.response().residUnder()).isTrue();
        assertThat(r.response().residual()).isEqualTo(512);
    }

    @Test
    void aShortReadReportsAnUnderrunResidual() {
        byte[] inquiry = {0x12, 0, 0, 0, 36, 0};
        FcpResult r = complete(initiator.read(arrayId, 0, inquiry, 255));

        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(r.data()).hasSize(36);
        assertThat(r.response().residUnder()).isTrue();
        assertThat(r.response().residual()).isEqualTo(255 - 36);
    }

    @Test
    void aLunResetCompletesAndAnUnknownLunIsReported() {
        FcpResult ok = complete(initiator.taskManagement(arrayId, 3, FcpConstants.TMF_LUN_RESET));
        FcpResult bad = complete(initiator.taskManagement(arrayId, 9, FcpConstants.TMF_LUN_RESET));

        assertThat(ok.response().rspCode()).hasValue(FcpConstants.RSP_CODE_TMF_COMPLETE);
        assertThat(bad.response().rspCode()).hasValue(FcpConstants.RSP_CODE_TMF_INCORRECT_LUN);
    }

    @Test
    void aMalformedCommandGetsFcpCmndFieldsInvalidAndOtherCommandsKeepWorking() {
        byte[] data = pattern(512, 9);
        complete(initiator.write(arrayId, 0, write10(7, 1), data));
        byte[] malformed = FcpCmnd.command(0, read10(7, 1), dev.fcspec.emulator.scsi.TaskAttribute.SIMPLE, true,
                false, 512).encode();
        malformed[9] = 3; // reserved task attribute

        FcpResult rejected = complete(initiator.sendRaw(arrayId, malformed, 512, null));
        FcpResult after = complete(initiator.read(arrayId, 0, read10(7, 1), 512));

        assertThat(rejected.response().rspCode()).hasValue(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID);
        assertThat(Arrays.equals(after.data(), data)).as("data intact").isTrue();
    }

    @Test
    void writeDataShorterThanFcpDlIsADataLengthMismatchAndChangesNothing() {
        complete(initiator.write(arrayId, 0, write10(20, 1), pattern(512, 1)));
        FcpCmnd cmnd = FcpCmnd.command(0, write10(20, 1), dev.fcspec.emulator.scsi.TaskAttribute.SIMPLE, false,
                true, 512);
        // FCP_DL says 512 but only 256 bytes are offered when the target asks for them.
        CompletableFuture<FcpResult> f = initiator.sendRaw(arrayId, cmnd.encode(), 512, pattern(256, 2));

        assertThat(s.runUntil(f::isDone, Duration.ofMinutes(1))).isTrue();
        assertThat(f).isCompletedExceptionally();
        FcpResult r = complete(initiator.read(arrayId, 0, read10(20, 1), 512));
        assertThat(Arrays.equals(r.data(), pattern(512, 1))).as("acknowledged data intact").isTrue();
    }

    @Test
    void theCaptureDecodesInWiresharkAsFcpWithTheFieldsWeSent(@TempDir Path dir) throws Exception {
        Tshark tshark = Tshark.require();
        complete(initiator.write(arrayId, 3, write10(0, 4), pattern(2048, 3)));
        complete(initiator.read(arrayId, 3, read10(0, 4), 2048));
        complete(initiator.read(arrayId, 0, read10(1 << 20, 1), 512));
        Path pcap = dir.resolve("fcp.pcap");
        Files.write(pcap, capture.toPcap());

        assertThat(tshark.check(pcap).clean()).as(tshark.check(pcap) + "\n" + tshark.summary(pcap)).isTrue();
        var cmnds = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x06 && fcp.dl > 0", "fcp.lun", "fcp.dl", "fcp.rddata", "fcp.wrdata",
                "scsi_sbc.opcode");
        assertThat(cmnds).extracting(r -> r.get("scsi_sbc.opcode")).containsExactly("0x2a", "0x28", "0x28");
        assertThat(cmnds).extracting(r -> r.get("fcp.dl")).containsExactly("2048", "2048", "512");
        assertThat(cmnds.get(0).get("fcp.wrdata")).isIn("1", "True");
        assertThat(cmnds.get(1).get("fcp.rddata")).isIn("1", "True");
        var xfer = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x05", "fcp.data_ro", "fcp.burstlen");
        assertThat(xfer).singleElement().satisfies(r -> assertThat(r.get("fcp.burstlen")).isEqualTo("2048"));
        var rsps = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x07", "fcp.status", "fcp.resid", "fcp.snslen");
        assertThat(rsps).as("two TEST UNIT READY, write, read, bad read").hasSize(5);
        var badRead = rsps.get(4);
        assertThat(badRead.get("fcp.status")).isEqualTo("0x02");
        assertThat(badRead.get("fcp.resid")).isEqualTo("512");
        assertThat(Integer.parseInt(badRead.get("fcp.snslen"))).isGreaterThanOrEqualTo(18);
        assertThat(tshark.fieldsWhere(pcap, "fc.r_ctl == 0x07 && fcp.status == 0x02", "scsi.sns.key"))
                .extracting(r -> r.get("scsi.sns.key")).contains("0x06", "0x05");
    }
}
