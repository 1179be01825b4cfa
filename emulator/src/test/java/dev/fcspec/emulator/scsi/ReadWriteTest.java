package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("READ and WRITE (6/10/12/16)")
class ReadWriteTest {
    private final ScsiBench bench = new ScsiBench();

    @Test
    void dataWrittenWithWrite10IsReadBackByEveryReadSize() {
        byte[] data = pattern(4, BS, 1);
        assertGood(bench.write(bench.a, rw10(WRITE_10, 100, 4), data));
        assertThat(bench.exec(bench.a, rw10(READ_10, 100, 4), 4 * BS).dataIn()).isEqualTo(data);
        assertThat(bench.exec(bench.a, rw12(READ_12, 100, 4), 4 * BS).dataIn()).isEqualTo(data);
        assertThat(bench.exec(bench.a, rw16(READ_16, 100, 4), 4 * BS).dataIn()).isEqualTo(data);
        assertThat(bench.exec(bench.a, cdb(READ_6, 6, 3, 100, 4, 4), 4 * BS).dataIn()).isEqualTo(data);
    }

    @ParameterizedTest
    @ValueSource(ints = {WRITE_6, WRITE_10, WRITE_12, WRITE_16})
    void everyWriteSizeStoresData(int opcode) {
        byte[] data = pattern(2, BS, opcode);
        byte[] cdb = switch (opcode) {
            case WRITE_6 -> cdb(WRITE_6, 6, 2, 0x01, 3, 0x00, 4, 2);
            case WRITE_10 -> rw10(WRITE_10, 256, 2);
            case WRITE_12 -> rw12(WRITE_12, 256, 2);
            default -> rw16(WRITE_16, 256, 2);
        };
        assertGood(bench.write(bench.a, cdb, data));
        assertThat(bench.exec(bench.b, rw10(READ_10, 256, 2), 2 * BS).dataIn()).isEqualTo(data);
    }

    @Test
    void unwrittenBlocksReadAsZeros() {
        assertThat(bench.exec(bench.a, rw10(READ_10, 7, 1), BS).dataIn()).isEqualTo(new byte[BS]);
    }

    @Test
    void readBeyondTheEndIsLbaOutOfRange() {
        assertCheck(bench.exec(bench.a, rw10(READ_10, BLOCKS - 1, 2), 2 * BS), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertCheck(bench.exec(bench.a, rw16(READ_16, -1L, 1), BS), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertGood(bench.exec(bench.a, rw10(READ_10, BLOCKS, 0), 0));
        assertCheck(bench.exec(bench.a, rw10(READ_10, BLOCKS + 1, 0), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }

    @Test
    void writeBeyondTheEndChangesNothing() {
        byte[] before = bench.exec(bench.a, rw10(READ_10, BLOCKS - 1, 1), BS).dataIn();
        assertCheck(bench.write(bench.a, rw10(WRITE_10, BLOCKS - 1, 2), fill(2 * BS, 0x5A)), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertThat(bench.exec(bench.a, rw10(READ_10, BLOCKS - 1, 1), BS).dataIn()).isEqualTo(before);
    }

    @Test
    void readProtectIsRefusedWithoutProtectionInformation() {
        byte[] c = rw10(READ_10, 0, 1);
        c[1] = (byte) 0x20;
        assertInvalidField(bench.exec(bench.a, c, BS), 1, 7);
    }

    @Test
    void reservedBitsAreInvalidFieldsInCdbWithPointer() {
        byte[] c = rw10(READ_10, 0, 1);
        c[6] = (byte) 0x80;
        assertInvalidField(bench.exec(bench.a, c, BS), 6, 7);
        byte[] w = rw10(WRITE_10, 0, 1);
        w[9] = 0x04; // NACA
        assertInvalidField(bench.write(bench.a, w, new byte[BS]), 9, 2);
    }

    @Test
    void shortExpectedLengthTruncatesReadAndReportsOverrun() {
        ScsiResponse r = bench.exec(bench.a, rw10(READ_10, 0, 2), BS);
        assertGood(r);
        assertThat(r.dataIn()).hasSize(BS);
        assertThat(r.residual()).isEqualTo(Residual.overflow(BS));
        ScsiResponse u = bench.exec(bench.a, rw10(READ_10, 0, 1), 10000);
        assertThat(u.dataIn()).hasSize(BS);
        assertThat(u.residual()).isEqualTo(Residual.underflow(10000 - BS));
    }

    @Test
    void shortDataOutWritesOnlyWholeBlocksSentAndReportsOverrun() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 10, 2), fill(2 * BS, 'a')));
        ScsiResponse r = bench.write(bench.a, rw10(WRITE_10, 10, 2), fill(BS, 'b'));
        assertGood(r);
        assertThat(r.residual()).isEqualTo(Residual.overflow(BS));
        byte[] back = bench.exec(bench.a, rw10(READ_10, 10, 2), 2 * BS).dataIn();
        assertThat(back).startsWith(fill(BS, 'b'));
        assertThat(java.util.Arrays.copyOfRange(back, BS, 2 * BS)).isEqualTo(fill(BS, 'a'));
        ScsiResponse over = bench.write(bench.a, rw10(WRITE_10, 10, 1), fill(2 * BS, 'c'));
        assertGood(over);
        assertThat(over.residual()).isEqualTo(Residual.underflow(BS));
    }

    @Test
    void transferLengthBeyondTheMaximumIsRefused() {
        LogicalUnit lu = LogicalUnit.builder("small", new SparseMemoryStore(BLOCKS * BS, BS)).maxTransferLength(8)
                .build();
        ScsiBench small = new ScsiBench(lu);
        assertInvalidField(small.exec(small.a, rw10(READ_10, 0, 9), 9 * BS), 7, 7);
    }

    @Test
    void unknownOpcodeIsInvalidCommandOperationCode() {
        assertCheck(bench.exec(bench.a, cdb(0xC5, 16), 0), ILLEGAL_REQUEST, ASC_INVALID_COMMAND_OPERATION_CODE);
    }

    @Test
    void newNexusSeesPowerOnUnitAttentionOnce() {
        ItNexus c = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI, "iqn.x:c,i,0x1", "iqn.x:c"),
                bench.port1);
        assertCheck(bench.exec(c, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        assertGood(bench.exec(c, cdb(TEST_UNIT_READY, 6), 0));
    }
}
