package dev.fcspec.emulator.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The data-out a CDB calls for, which front ends collect instead of the initiator's expected length. */
class DataOutLengthTest {
    private static final int BS = 512;
    private static final long BLOCKS = 2048;
    private static final long MAX = 1024;

    private static long of(int... cdb) {
        byte[] b = new byte[cdb.length];
        for (int i = 0; i < cdb.length; i++) {
            b[i] = (byte) cdb[i];
        }
        return DataOutLength.of(b, BS, BLOCKS, MAX);
    }

    @Test
    @DisplayName("WRITE(6/10/16) call for TRANSFER LENGTH blocks; WRITE(6) length 0 means 256")
    void writes() {
        assertThat(of(0x0A, 0, 0, 0, 8, 0)).isEqualTo(8 * BS);
        assertThat(of(0x0A, 0, 0, 0, 0, 0)).isEqualTo(256 * BS);
        assertThat(of(0x2A, 0, 0, 0, 0, 16, 0, 0, 8, 0)).isEqualTo(8 * BS);
        assertThat(of(0x8A, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 8, 0, 0)).isEqualTo(8 * BS);
    }

    @Test
    @DisplayName("an LBA range beyond the medium or a length beyond MAXIMUM TRANSFER LENGTH calls for nothing")
    void outOfRange() {
        assertThat(of(0x2A, 0, 0, 0, 0x07, 0xFF, 0, 0, 2, 0)).as("last block + 1").isZero();
        assertThat(of(0x2A, 0, 0, 0, 0x07, 0xFF, 0, 0, 1, 0)).as("the last block").isEqualTo(BS);
        assertThat(of(0x2A, 0, 0, 0, 0, 0, 0, 0x04, 0x01, 0)).as("1025 blocks, MAXIMUM TRANSFER LENGTH 1024").isZero();
        assertThat(of(0x8A, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 0, 0)).as("LBA 2^64-1").isZero();
    }

    @Test
    @DisplayName("parameter lists: UNMAP, MODE SELECT, PERSISTENT RESERVE OUT; WRITE SAME one block unless NDOB; VERIFY by BYTCHK")
    void parameterListsAndSpecialCases() {
        assertThat(of(0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0)).isEqualTo(24);
        assertThat(of(0x15, 0x10, 0, 0, 28, 0)).isEqualTo(28);
        assertThat(of(0x5F, 0x01, 0, 0, 0, 0, 0, 0, 24, 0)).isEqualTo(24);
        assertThat(of(0x93, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0)).isEqualTo(BS);
        assertThat(of(0x93, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0)).as("NDOB").isZero();
        assertThat(of(0x2F, 0x02, 0, 0, 0, 0, 0, 0, 4, 0)).as("BYTCHK 01b").isEqualTo(4 * BS);
        assertThat(of(0x2F, 0x06, 0, 0, 0, 0, 0, 0, 4, 0)).as("BYTCHK 11b").isEqualTo(BS);
        assertThat(of(0x2F, 0x00, 0, 0, 0, 0, 0, 0, 4, 0)).as("BYTCHK 00b").isZero();
    }

    @Test
    @DisplayName("an unknown operation code, COMPARE AND WRITE (its buffer length is checked by the core) or a short CDB: unknown")
    void unknown() {
        assertThat(of(0xC0, 0, 0, 0, 0, 0)).isEqualTo(DataOutLength.UNKNOWN);
        assertThat(of(0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0)).isEqualTo(DataOutLength.UNKNOWN);
        assertThat(of(0x2A, 0, 0)).isEqualTo(DataOutLength.UNKNOWN);
    }
}
