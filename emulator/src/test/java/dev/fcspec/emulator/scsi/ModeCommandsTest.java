package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MODE SENSE and MODE SELECT (6)/(10)")
class ModeCommandsTest {
    private final ScsiBench bench = new ScsiBench();

    private byte[] sense6(int pcPage, int alloc) {
        ScsiResponse r = bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 2, pcPage, 4, alloc), alloc);
        assertGood(r);
        return r.dataIn();
    }

    /** Finds a page in MODE SENSE(6) data; returns its offset or -1. */
    private static int find(byte[] d, int headerLen, int bdLen, int page) {
        for (int p = headerLen + bdLen; p + 1 < d.length; p += 2 + (d[p + 1] & 0xFF)) {
            if ((d[p] & 0x3F) == page) {
                return p;
            }
        }
        return -1;
    }

    @Test
    void allPagesIncludeCachingControlAndInformationalExceptionsAfterABlockDescriptor() {
        byte[] d = sense6(0x3F, 255);
        assertThat(d[0] & 0xFF).as("MODE DATA LENGTH").isEqualTo(d.length - 1);
        assertThat(d[3]).as("BLOCK DESCRIPTOR LENGTH").isEqualTo((byte) 8);
        assertThat(Bytes.u32(d, 4)).isEqualTo(BLOCKS);
        assertThat(Bytes.u24(d, 9)).isEqualTo(BS);
        assertThat(d[2] & 0x80).as("WP clear").isZero();
        assertThat(find(d, 4, 8, MODE_PAGE_CACHING)).isPositive();
        assertThat(find(d, 4, 8, MODE_PAGE_CONTROL)).isPositive();
        assertThat(find(d, 4, 8, MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL)).isPositive();
    }

    @Test
    void smallAllocationLengthTruncatesWithoutOverrun() {
        ScsiResponse r = bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 2, 0x3F, 4, 4), 4);
        assertGood(r);
        assertThat(r.dataIn()).hasSize(4);
        assertThat(r.residual()).isEqualTo(Residual.NONE);
    }

    @Test
    void dbdOmitsTheBlockDescriptorAndModeSense10CanReturnALongOne() {
        byte[] d = bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 1, 0x08, 2, MODE_PAGE_CONTROL, 4, 255), 255).dataIn();
        assertThat(d[3]).isZero();
        assertThat(d[4] & 0x3F).isEqualTo(MODE_PAGE_CONTROL);
        byte[] ten = bench.exec(bench.a, cdb(MODE_SENSE_10, 10, 1, 0x10, 2, 0x3F, 8, 255), 255).dataIn();
        assertThat(Bytes.u16(ten, 0)).isEqualTo(ten.length - 2);
        assertThat(ten[4] & 0x01).as("LONGLBA").isEqualTo(1);
        assertThat(Bytes.u16(ten, 6)).isEqualTo(16);
        assertThat(Bytes.u64(ten, 8)).isEqualTo(BLOCKS);
        assertThat(Bytes.u32(ten, 20)).isEqualTo(BS);
    }

    @Test
    void changeableValuesShowDSenseSwpAndWce() {
        byte[] d = sense6(0x40 | 0x3F, 255);
        int control = find(d, 4, 8, MODE_PAGE_CONTROL);
        assertThat(d[control + 2] & 0x04).isEqualTo(0x04);
        assertThat(d[control + 4] & 0x08).isEqualTo(0x08);
        int caching = find(d, 4, 8, MODE_PAGE_CACHING);
        assertThat(d[caching + 2] & 0x04).isEqualTo(0x04);
    }

    @Test
    void savedValuesAreNotSupported() {
        assertCheck(bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 2, 0xC0 | 0x3F, 4, 255), 255), ILLEGAL_REQUEST,
                ASC_SAVING_PARAMETERS_NOT_SUPPORTED);
    }

    @Test
    void unknownPageAndSubpageAreInvalidFieldsInCdb() {
        assertInvalidField(bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 2, 0x2E, 4, 255), 255), 2, 5);
        assertInvalidField(bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 2, 0x0A, 3, 0x01, 4, 255), 255), 3, 7);
    }

    private ScsiResponse select6(ItNexus n, byte[] page) {
        byte[] param = new byte[4 + page.length];
        System.arraycopy(page, 0, param, 4, page.length);
        return bench.write(n, cdb(MODE_SELECT_6, 6, 1, 0x10, 4, param.length), param);
    }

    private byte[] currentPage(int page) {
        byte[] d = bench.exec(bench.a, cdb(MODE_SENSE_6, 6, 1, 0x08, 2, page, 4, 255), 255).dataIn();
        return java.util.Arrays.copyOfRange(d, 4, d.length);
    }

    @Test
    void settingDSenseSwitchesToDescriptorSenseData() {
        byte[] control = currentPage(MODE_PAGE_CONTROL);
        control[2] |= 0x04;
        assertGood(select6(bench.a, control));
        ScsiResponse r = bench.exec(bench.a, rw16(READ_16, -1L, 1), BS);
        assertThat(r.sense()[0] & 0x7F).isEqualTo(0x72);
        assertThat(r.senseData().ascAscq()).isEqualTo(ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION, ASC_MODE_PARAMETERS_CHANGED);
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void settingSwpWriteProtectsTheUnitUntilCleared() {
        byte[] control = currentPage(MODE_PAGE_CONTROL);
        control[4] |= 0x08;
        assertGood(select6(bench.a, control));
        assertCheck(bench.write(bench.a, rw10(WRITE_10, 0, 1), new byte[BS]), DATA_PROTECT,
                ASC_LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED);
        assertGood(bench.exec(bench.a, rw10(READ_10, 0, 1), BS));
        assertThat(sense6(0x3F, 255)[2] & 0x80).as("WP").isEqualTo(0x80);
        control[4] &= ~0x08;
        assertGood(select6(bench.a, control));
        assertGood(bench.write(bench.a, rw10(WRITE_10, 0, 1), new byte[BS]));
    }

    @Test
    void changingANonChangeableBitIsRefusedWithPointerAndChangesNothing() {
        byte[] caching = currentPage(MODE_PAGE_CACHING);
        caching[2] ^= 0x04; // WCE: changeable
        caching[3] = 0x11; // not changeable
        ScsiResponse r = select6(bench.a, caching);
        assertCheck(r, ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(r.senseData().fieldPointerInCdb()).isFalse();
        assertThat(r.senseData().fieldPointerByte()).isEqualTo(4 + 3);
        assertThat(currentPage(MODE_PAGE_CACHING)[2]).as("WCE unchanged").isEqualTo((byte) 0x04);
    }

    @Test
    void wrongPageLengthUnknownPageAndPsBitAreInvalidFieldsInParameterList() {
        byte[] control = currentPage(MODE_PAGE_CONTROL);
        byte[] bad = control.clone();
        bad[1] = 0x08;
        assertCheck(select6(bench.a, java.util.Arrays.copyOf(bad, 10)), ILLEGAL_REQUEST,
                ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        bad = control.clone();
        bad[0] = 0x2E;
        assertCheck(select6(bench.a, bad), ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        bad = control.clone();
        bad[0] |= (byte) 0x80;
        assertCheck(select6(bench.a, bad), ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
    }

    @Test
    void saveBitAndMissingPfAreInvalidFieldsInCdb() {
        byte[] control = currentPage(MODE_PAGE_CONTROL);
        byte[] param = new byte[4 + control.length];
        System.arraycopy(control, 0, param, 4, control.length);
        assertInvalidField(bench.write(bench.a, cdb(MODE_SELECT_6, 6, 1, 0x11, 4, param.length), param), 1, 0);
        assertInvalidField(bench.write(bench.a, cdb(MODE_SELECT_6, 6, 1, 0x00, 4, param.length), param), 1, 4);
    }

    @Test
    void truncatedParameterListIsAParameterListLengthError() {
        assertCheck(bench.write(bench.a, cdb(MODE_SELECT_6, 6, 1, 0x10, 4, 3), new byte[3]), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
    }

    @Test
    void blockDescriptorMayNotChangeTheBlockLength() {
        byte[] param = new byte[4 + 8];
        param[3] = 8;
        Bytes.put24(param, 9, 4096);
        ScsiResponse r = bench.write(bench.a, cdb(MODE_SELECT_6, 6, 1, 0x10, 4, param.length), param);
        assertCheck(r, ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        assertThat(r.senseData().fieldPointerByte()).isEqualTo(9);
    }

    @Test
    void modeSelect10AppliesPagesToo() {
        byte[] caching = currentPage(MODE_PAGE_CACHING);
        caching[2] &= ~0x04;
        byte[] param = new byte[8 + caching.length];
        System.arraycopy(caching, 0, param, 8, caching.length);
        assertGood(bench.write(bench.a, cdb(MODE_SELECT_10, 10, 1, 0x10, 8, param.length), param));
        assertThat(currentPage(MODE_PAGE_CACHING)[2] & 0x04).isZero();
        assertThat(bench.lu0.modePages.writeCacheEnabled()).isFalse();
    }
}
