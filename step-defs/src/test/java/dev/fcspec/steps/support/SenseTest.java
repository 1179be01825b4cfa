package dev.fcspec.steps.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.scsi.ScsiConstants;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SenseData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sense data as steps read it")
class SenseTest {

    private static final SenseData UNIT_ATTENTION = SenseData.of(ScsiConstants.UNIT_ATTENTION,
            ScsiConstants.ASC_REPORTED_LUNS_DATA_HAS_CHANGED);

    @Test
    @DisplayName("decodes fixed and descriptor format alike, and none from an empty field")
    void decodesBothFormats() {
        assertThat(Sense.of(UNIT_ATTENTION.encodeFixed())).contains(UNIT_ATTENTION);
        assertThat(Sense.of(UNIT_ATTENTION.encodeDescriptor())).contains(UNIT_ATTENTION);
        assertThat(Sense.of(new byte[0])).isEmpty();
    }

    @Test
    @DisplayName("tells a unit attention from other CHECK CONDITIONs, whatever the format")
    void unitAttention() {
        byte[] illegal = SenseData.of(ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_FIELD_IN_CDB).encodeFixed();

        assertThat(Sense.isUnitAttention(ScsiStatus.CHECK_CONDITION, UNIT_ATTENTION.encodeDescriptor())).isTrue();
        assertThat(Sense.isUnitAttention(ScsiStatus.CHECK_CONDITION, illegal)).isFalse();
        assertThat(Sense.isUnitAttention(ScsiStatus.GOOD, new byte[0])).isFalse();
    }

    @Test
    @DisplayName("names sense keys and additional sense as SPC-4 does, and refuses a name it does not know")
    void names() {
        assertThat(Sense.key("NOT READY")).isEqualTo(ScsiConstants.NOT_READY);
        assertThat(Sense.asc("LOGICAL UNIT NOT READY, CAUSE NOT REPORTABLE"))
                .isEqualTo(ScsiConstants.ASC_LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE);
        assertThat(Sense.describe(UNIT_ATTENTION)).isEqualTo("UNIT ATTENTION, REPORTED LUNS DATA HAS CHANGED");
        assertThat(Sense.ascName(0x5E01)).isEqualTo("5Eh/01h");
        assertThatThrownBy(() -> Sense.asc("LOGICAL UNIT ON FIRE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown additional sense 'LOGICAL UNIT ON FIRE'")
                .hasMessageContaining("INVALID FIELD IN CDB");
    }
}
