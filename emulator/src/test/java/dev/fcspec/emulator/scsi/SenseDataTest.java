package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sense data: fixed and descriptor format")
class SenseDataTest {

    @Test
    void fixedFormatPlacesKeyAscAscqAndFieldPointer() {
        SenseData s = new SenseData(ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB, false, 0,
                SenseData.fieldPointer(true, 2, 5));
        byte[] b = s.encodeFixed();
        assertThat(b).hasSize(18);
        assertThat(b[0] & 0xFF).isEqualTo(0x70);
        assertThat(b[2]).isEqualTo((byte) ILLEGAL_REQUEST);
        assertThat(b[7]).isEqualTo((byte) 10);
        assertThat(b[12]).isEqualTo((byte) 0x24);
        assertThat(b[13]).isZero();
        assertThat(b[15] & 0xFF).as("SKSV C/D BPV bit 5").isEqualTo(0x80 | 0x40 | 0x08 | 5);
        assertThat(Bytes.u16(b, 16)).isEqualTo(2);
        assertThat(SenseData.decode(b)).isEqualTo(s);
    }

    @Test
    void informationSetsValidInFixedFormat() {
        byte[] b = SenseData.of(MISCOMPARE, ASC_MISCOMPARE_DURING_VERIFY_OPERATION).withInformation(513).encodeFixed();
        assertThat(b[0] & 0x80).isEqualTo(0x80);
        assertThat(Bytes.u32(b, 3)).isEqualTo(513);
    }

    @Test
    void descriptorFormatCarriesInformationAndSenseKeySpecificDescriptors() {
        SenseData s = new SenseData(ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST, true, 1L << 40,
                SenseData.fieldPointer(false, 300, -1));
        byte[] b = s.encodeDescriptor();
        assertThat(b[0] & 0xFF).isEqualTo(0x72);
        assertThat(b[7] & 0xFF).isEqualTo(b.length - 8);
        assertThat(b[8]).as("information descriptor").isZero();
        assertThat(b[20]).as("sense key specific descriptor").isEqualTo((byte) 2);
        SenseData back = SenseData.decode(b);
        assertThat(back).isEqualTo(s);
        assertThat(back.fieldPointerInCdb()).isFalse();
        assertThat(back.fieldPointerBit()).isEqualTo(-1);
        assertThat(back.fieldPointerByte()).isEqualTo(300);
    }

    @Test
    void malformedSenseDataIsRefusedWithTheDefectNamed() {
        assertThatThrownBy(() -> SenseData.decode(new byte[4])).hasMessageContaining("shorter than 8");
        assertThatThrownBy(() -> SenseData.decode(new byte[18])).hasMessageContaining("response code");
        assertThatThrownBy(() -> SenseData.of(16, 0)).isInstanceOf(IllegalArgumentException.class);
        byte[] overrun = new byte[]{0x72, 5, 0x24, 0, 0, 0, 0, 4, 2, 6, 0, 0};
        assertThatThrownBy(() -> SenseData.decode(overrun)).hasMessageContaining("overruns");
    }
}
