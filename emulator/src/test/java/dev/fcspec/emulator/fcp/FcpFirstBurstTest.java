package dev.fcspec.emulator.fcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FCP first burst: write data sent with the command when PRLI agreed WRITE FCP_XFER_RDY DISABLED")
class FcpFirstBurstTest extends FcpLinkTest {
    /** A host and an array on one link, logged in with the first bursts given (0: none). */
    void bench(int hostFirstBurst, int arrayFirstBurst) {
        bringUp(11, hostFirstBurst, arrayFirstBurst, 0);
    }

    byte[] readBack(long lba, int blocks) {
        FcpResult r = complete(initiator.read(arrayId, 0, read10(lba, blocks), blocks * 512));
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        return r.data();
    }

    /** The FCP frames of the wire, from FCP_CMND on, as "R_CTL:offset:length" from the host (>) or array (<). */
    List<String> exchangeFrames() {
        List<String> out = new ArrayList<>();
        for (Frame f : wire) {
            if (f.header().type() != 0x08) {
                continue;
            }
            String dir = f.header().sId().equals(arrayId) ? "<" : ">";
            String what = switch (f.header().rCtl()) {
                case RCtl.FCP_CMND -> "CMND";
                case RCtl.FCP_DATA -> "DATA@" + f.header().parameter() + "+" + f.payloadLength();
                case RCtl.FCP_XFER_RDY -> {
                    FcpXferRdy x = FcpXferRdy.decode(f.payload());
                    yield "XFER_RDY@" + x.relativeOffset() + "+" + x.burstLength();
                }
                case RCtl.FCP_RSP -> "RSP";
                default -> String.format("R_CTL %02x", f.header().rCtl());
            };
            out.add(dir + what);
        }
        return out;
    }

    @Test
    void bothEndsAgreeToAFirstBurstOnlyWhenBothOfferIt() {
        bench(2048, 2048);
        assertThat(host.remotePort(arrayId).orElseThrow().fcpFirstBurstAgreed()).isTrue();
        assertThat(array.remotePort(host.fcId()).orElseThrow().fcpFirstBurstAgreed()).isTrue();
    }

    @Test
    void aTargetThatAllowsNoFirstBurstLeavesTheBitClearInItsAccept() {
        bench(2048, 0);
        assertThat(host.remotePort(arrayId).orElseThrow().fcpFirstBurstAgreed()).isFalse();
        assertThat(array.remotePort(host.fcId()).orElseThrow().fcpFirstBurstAgreed()).isFalse();
        assertThat(initiator.firstBurstLength(arrayId)).isZero();
    }

    @Test
    void aHostThatAsksForNoFirstBurstGetsNone() {
        bench(0, 2048);
        assertThat(host.remotePort(arrayId).orElseThrow().fcpFirstBurstAgreed()).isFalse();
        assertThat(array.remotePort(host.fcId()).orElseThrow().fcpFirstBurstAgreed()).isFalse();
    }

    @Test
    void theFirstBurstPrecedesAnyXferRdyAndTheRestIsSolicited() {
        bench(2048, 2048);
        byte[] data = pattern(4096, 1);

        FcpResult w = complete(initiator.write(arrayId, 0, write10(10, 8), data));

        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(exchangeFrames()).containsExactly(">CMND", ">DATA@0+2048", "<XFER_RDY@2048+2048",
                ">DATA@2048+2048", "<RSP");
        Frame cmnd = wire.stream().filter(f -> f.header().rCtl() == RCtl.FCP_CMND).findFirst().orElseThrow();
        assertThat(cmnd.header().has(FCtl.SEQ_INIT)).as("FCP_CMND keeps the sequence initiative").isFalse();
        assertThat(readBack(10, 8)).isEqualTo(data);
    }

    @Test
    void aWriteThatFitsTheFirstBurstNeedsNoXferRdy() {
        bench(4096, 4096);
        byte[] data = pattern(2048, 2);

        FcpResult w = complete(initiator.write(arrayId, 0, write10(20, 4), data));

        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(exchangeFrames()).containsExactly(">CMND", ">DATA@0+2048", "<RSP");
        assertThat(readBack(20, 4)).isEqualTo(data);
    }

    @Test
    void theTargetsFirstBurstBoundsWhatAHostWithALargerSettingSends() {
        bench(8192, 1024);
        byte[] data = pattern(2048, 3);

        // The host learns nothing of the target's size from PRLI; sending more than the target allows is an
        // error the target reports, and nothing reaches the logical unit.
        FcpResult w = complete(initiator.write(arrayId, 0, write10(30, 4), data));

        assertThat(w.response().rspCode()).hasValue(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH);
        assertThat(readBack(30, 4)).isEqualTo(new byte[2048]);
    }

    @Test
    void theRestComesInMaximumBurstPieces() {
        bench(1024, 1024);
        target.setMaxBurstLength(1024);
        byte[] data = pattern(4096, 4);

        FcpResult w = complete(initiator.write(arrayId, 0, write10(40, 8), data));

        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(exchangeFrames()).containsExactly(">CMND", ">DATA@0+1024", "<XFER_RDY@1024+1024",
                ">DATA@1024+1024", "<XFER_RDY@2048+1024", ">DATA@2048+1024", "<XFER_RDY@3072+1024",
                ">DATA@3072+1024", "<RSP");
        assertThat(readBack(40, 8)).isEqualTo(data);
    }

    @Test
    void withoutAFirstBurstEveryByteIsSolicited() {
        bench(0, 0);
        target.setMaxBurstLength(2048);
        byte[] data = pattern(4096, 5);

        FcpResult w = complete(initiator.write(arrayId, 0, write10(50, 8), data));

        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(exchangeFrames()).containsExactly(">CMND", "<XFER_RDY@0+2048", ">DATA@0+2048",
                "<XFER_RDY@2048+2048", ">DATA@2048+2048", "<RSP");
        assertThat(readBack(50, 8)).isEqualTo(data);
    }

    @Test
    void unsolicitedDataBeyondTheAgreedFirstBurstIsRefusedAndChangesNothing() {
        bench(2048, 2048);
        complete(initiator.write(arrayId, 0, write10(60, 8), pattern(4096, 6)));

        FcpResult w = complete(initiator.writeWithFirstBurst(arrayId, 0, write10(60, 8), pattern(4096, 7), 4096));

        assertThat(w.response().rspCode()).hasValue(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH);
        assertThat(readBack(60, 8)).as("the acknowledged write is intact").isEqualTo(pattern(4096, 6));
    }

    @Test
    void unsolicitedDataWithoutAnAgreedFirstBurstIsRefused() {
        bench(0, 0);

        FcpResult w = complete(initiator.writeWithFirstBurst(arrayId, 0, write10(70, 2), pattern(1024, 8), 512));

        assertThat(w.response().rspCode()).hasValue(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH);
        assertThat(readBack(70, 2)).isEqualTo(new byte[1024]);
    }

    @Test
    void aFirstBurstAtTheWrongOffsetIsARelativeOffsetMismatch() {
        bench(2048, 2048);
        FcpCmnd cmnd = FcpCmnd.command(0, write10(80, 4), dev.fcspec.emulator.scsi.TaskAttribute.SIMPLE, false,
                true, 2048);
        // Sent by hand: the command, then data claiming offset 512.
        var x = host.originate(arrayId, 0x08, (e, seq) -> { });
        x.send(RCtl.FCP_CMND, cmnd.encode(), false, false, -1);
        x.send(RCtl.FCP_DATA, pattern(1024, 9), false, true, 512);
        s.runFor(Duration.ofSeconds(1));

        Frame rsp = wire.stream().filter(f -> f.header().rCtl() == RCtl.FCP_RSP).findFirst()
                .orElseThrow();
        assertThat(FcpRsp.decode(rsp.payload()).rspCode()).hasValue(FcpConstants.RSP_CODE_DATA_RO_MISMATCH);
        assertThat(readBack(80, 4)).isEqualTo(new byte[2048]);
    }

    @Test
    void wiresharkSeesTheAgreementInPrliAndNoXferRdyBeforeTheFirstBurst(@TempDir Path dir) throws Exception {
        Tshark tshark = Tshark.require();
        bench(2048, 2048);
        complete(initiator.write(arrayId, 0, write10(0, 8), pattern(4096, 10)));
        Path pcap = dir.resolve("first-burst.pcap");
        Files.write(pcap, capture.toPcap());

        assertThat(tshark.check(pcap).clean()).as(tshark.check(pcap) + "\n" + tshark.summary(pcap)).isTrue();
        var prli = tshark.fieldsWhere(pcap, "fcels.prlilo.type == 0x08",
                "fcels.opcode", "fcels.fcpflags.wrxr");
        assertThat(prli).as("PRLI and its accept").hasSize(2)
                .allSatisfy(r -> assertThat(r.get("fcels.fcpflags.wrxr")).isIn("1", "True"));
        var fcp = tshark.fieldsWhere(pcap, "fc.type == 0x08 && fc.r_ctl != 0x07", "fc.r_ctl", "fc.fctl.transfer_seq_initiative",
                "fc.relative_offset", "fcp.data_ro", "fcp.burstlen", "fcp.wrdata");
        List<String> order = fcp.stream().map(r -> r.get("fc.r_ctl")).toList();
        int writeCmnd = -1;
        for (int i = 0; i < fcp.size(); i++) {
            if ("0x06".equals(fcp.get(i).get("fc.r_ctl")) && List.of("1", "True").contains(fcp.get(i).get("fcp.wrdata"))) {
                writeCmnd = i;
            }
        }
        assertThat(writeCmnd).as("the WRITE's FCP_CMND in " + order).isNotNegative();
        assertThat(fcp.get(writeCmnd).get("fc.fctl.transfer_seq_initiative")).isIn("0", "False");
        assertThat(order.subList(writeCmnd, order.size())).as("FCP_CMND, first burst, XFER_RDY, rest")
                .containsExactly("0x06", "0x01", "0x05", "0x01");
        assertThat(fcp.get(writeCmnd + 2).get("fcp.data_ro")).isEqualTo("2048");
        assertThat(fcp.get(writeCmnd + 2).get("fcp.burstlen")).isEqualTo("2048");
    }
}
