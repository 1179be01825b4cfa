package dev.fcspec.emulator.fcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.scsi.TaskAttribute;
import java.util.OptionalInt;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FCP information units encode and decode strictly")
class FcpCodecTest {

    private static final byte[] READ10 = {0x28, 0, 0, 0, 0, 8, 0, 0, 8, 0};

    @Test
    void aReadCommandLaysOutLunControlCdbAndDataLengthAsFcp4Says() {
        byte[] b = FcpCmnd.command(3, READ10, TaskAttribute.SIMPLE, true, false, 4096).encode();

        assertThat(b).hasSize(32);
        assertThat(b[1]).isEqualTo((byte) 3);
        assertThat(b[11]).as("RDDATA").isEqualTo((byte) 0x02);
        assertThat(b[12]).as("CDB opcode").isEqualTo((byte) 0x28);
        assertThat(FcpXferRdy.getInt(b, 28)).as("FCP_DL").isEqualTo(4096);
        assertThat(FcpCmnd.decode(b)).isEqualTo(FcpCmnd.command(3, READ10, TaskAttribute.SIMPLE, true, false, 4096));
    }

    @Test
    void lunsFrom256UseFlatSpaceAddressing() {
        byte[] b = FcpCmnd.command(300, READ10, TaskAttribute.ORDERED, true, false, 512).encode();

        assertThat(b[0] & 0xFF).isEqualTo(0x41);
        assertThat(b[1] & 0xFF).isEqualTo(300 & 0xFF);
        assertThat(FcpCmnd.decode(b).lun()).isEqualTo(300);
        assertThat(FcpCmnd.decode(b).attribute()).isEqualTo(TaskAttribute.ORDERED);
    }

    @Test
    void aLongCdbTravelsInTheAdditionalCdbField() {
        byte[] cdb = new byte[32];
        cdb[0] = 0x7F;
        FcpCmnd c = FcpCmnd.command(0, cdb, TaskAttribute.SIMPLE, false, false, 0);
        byte[] b = c.encode();

        assertThat(b).hasSize(48);
        assertThat((b[11] & 0xFC) >>> 2).isEqualTo(4);
        assertThat(FcpCmnd.decode(b)).isEqualTo(c);
    }

    @Test
    void malformedCommandsAreRejectedWithCmndFieldsInvalid() {
        byte[] good = FcpCmnd.command(0, READ10, TaskAttribute.SIMPLE, true, false, 512).encode();

        byte[] shortCmnd = java.util.Arrays.copyOf(good, 20);
        byte[] badAddl = good.clone();
        badAddl[11] |= 0x04; // says 4 more CDB bytes that are not there
        byte[] badAttr = good.clone();
        badAttr[9] = 3;
        byte[] twoTmfs = good.clone();
        twoTmfs[10] = FcpConstants.TMF_LUN_RESET | FcpConstants.TMF_ABORT_TASK_SET;
        byte[] bothDirections = good.clone();
        bothDirections[11] = 0x03;
        byte[] secondLevelLun = good.clone();
        secondLevelLun[2] = 1;

        for (byte[] bad : new byte[][] {shortCmnd, badAddl, badAttr, twoTmfs, bothDirections, secondLevelLun}) {
            assertThatThrownBy(() -> FcpCmnd.decode(bad))
                    .isInstanceOf(FcpDecodeException.class)
                    .satisfies(e -> assertThat(((FcpDecodeException) e).rspCode())
                            .isEqualTo(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID));
        }
    }

    @Test
    void responsesCarryResidualsSenseAndResponseCodes() {
        byte[] sense = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x21, 0};
        FcpRsp under = FcpRsp.ofStatus(0x02, sense, true, false, 512);
        byte[] b = under.encode();

        assertThat(b[10] & 0xFF).as("RESID_UNDER | SNS_LEN_VALID").isEqualTo(0x0A);
        assertThat(b[11]).isEqualTo((byte) 0x02);
        assertThat(FcpXferRdy.getInt(b, 12)).isEqualTo(512);
        assertThat(FcpXferRdy.getInt(b, 16)).isEqualTo(sense.length);
        assertThat(FcpRsp.decode(b)).isEqualTo(under);

        FcpRsp tmf = FcpRsp.ofRspCode(FcpConstants.RSP_CODE_TMF_INCORRECT_LUN);
        assertThat(FcpRsp.decode(tmf.encode()).rspCode()).isEqualTo(OptionalInt.of(9));
    }

    @Test
    void malformedResponsesAreRejected() {
        byte[] b = FcpRsp.ofStatus(0, new byte[18], false, false, 0).encode();
        byte[] truncated = java.util.Arrays.copyOf(b, 30);
        byte[] badRspLen = FcpRsp.ofRspCode(0).encode();
        badRspLen[23] = 5;
        byte[] bothResid = b.clone();
        bothResid[10] |= 0x0C;

        for (byte[] bad : new byte[][] {new byte[10], truncated, badRspLen, bothResid}) {
            assertThatThrownBy(() -> FcpRsp.decode(bad)).isInstanceOf(FcpDecodeException.class);
        }
    }

    @Test
    void xferRdyIsTwelveBytesWithOffsetAndBurst() {
        byte[] b = new FcpXferRdy(4096, 8192).encode();

        assertThat(FcpXferRdy.decode(b)).isEqualTo(new FcpXferRdy(4096, 8192));
        assertThatThrownBy(() -> FcpXferRdy.decode(new byte[8])).isInstanceOf(FcpDecodeException.class);
        assertThatThrownBy(() -> FcpXferRdy.decode(new byte[12])).isInstanceOf(FcpDecodeException.class)
                .hasMessageContaining("burst");
    }
}
