package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("VERIFY, WRITE AND VERIFY, COMPARE AND WRITE, ORWRITE, WRITE ATOMIC, READ CAPACITY, SYNC CACHE, PRE-FETCH")
class BlockCommandsTest {
    private final ScsiBench bench = new ScsiBench();

    private byte[] read(long lba, int blocks) {
        ScsiResponse r = bench.exec(bench.a, rw16(READ_16, lba, blocks), blocks * BS);
        assertGood(r);
        return r.dataIn();
    }

    @ParameterizedTest
    @ValueSource(ints = {VERIFY_10, VERIFY_12, VERIFY_16})
    void verifyWithByteCheckComparesAndReportsTheMiscompareOffset(int opcode) {
        byte[] data = pattern(3, BS, 3);
        assertGood(bench.write(bench.a, rw10(WRITE_10, 40, 3), data));
        byte[] cdb = opcode == VERIFY_10 ? rw10(opcode, 40, 3) : opcode == VERIFY_12 ? rw12(opcode, 40, 3)
                : rw16(opcode, 40, 3);
        cdb[1] = 0x02; // BYTCHK 01b
        assertGood(bench.write(bench.a, cdb, data));
        byte[] wrong = data.clone();
        wrong[700] ^= 1;
        ScsiResponse r = bench.write(bench.a, cdb, wrong);
        assertCheck(r, MISCOMPARE, ASC_MISCOMPARE_DURING_VERIFY_OPERATION);
        assertThat(r.senseData().informationValid()).isTrue();
        assertThat(r.senseData().information()).isEqualTo(700);
        cdb[1] = 0x00; // no byte check: medium verification only
        assertGood(bench.exec(bench.a, cdb, 0));
    }

    @Test
    void verifyBeyondTheEndAndReservedByteCheckAreRefused() {
        assertCheck(bench.exec(bench.a, rw10(VERIFY_10, BLOCKS, 1), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        byte[] c = rw10(VERIFY_10, 0, 1);
        c[1] = 0x04; // BYTCHK 10b
        assertInvalidField(bench.write(bench.a, c, new byte[BS]), 1, 2);
        byte[] v = rw10(VERIFY_10, 0, 1);
        v[1] = (byte) 0x20; // VRPROTECT
        assertInvalidField(bench.exec(bench.a, v, 0), 1, 7);
    }

    @Test
    void byteCheck3ComparesOneBlockAgainstEveryBlock() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 60, 4), fill(4 * BS, 0x3C)));
        byte[] c = rw10(VERIFY_10, 60, 4);
        c[1] = 0x06;
        assertGood(bench.write(bench.a, c, fill(BS, 0x3C)));
        assertCheck(bench.write(bench.a, c, fill(BS, 0x3D)), MISCOMPARE, ASC_MISCOMPARE_DURING_VERIFY_OPERATION);
    }

    @ParameterizedTest
    @ValueSource(ints = {WRITE_AND_VERIFY_10, WRITE_AND_VERIFY_12, WRITE_AND_VERIFY_16})
    void writeAndVerifyStoresTheData(int opcode) {
        byte[] data = pattern(2, BS, opcode);
        byte[] cdb = opcode == WRITE_AND_VERIFY_10 ? rw10(opcode, 70, 2) : opcode == WRITE_AND_VERIFY_12
                ? rw12(opcode, 70, 2) : rw16(opcode, 70, 2);
        cdb[1] = 0x02;
        assertGood(bench.write(bench.a, cdb, data));
        assertThat(read(70, 2)).isEqualTo(data);
    }

    private static byte[] caw(long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) COMPARE_AND_WRITE;
        Bytes.put64(c, 2, lba);
        c[13] = (byte) blocks;
        return c;
    }

    @Test
    void compareAndWriteWritesOnlyWhenTheVerifyDataMatches() {
        byte[] old = fill(2 * BS, 0x01);
        byte[] fresh = fill(2 * BS, 0x02);
        assertGood(bench.write(bench.a, rw10(WRITE_10, 80, 2), old));
        byte[] both = new byte[4 * BS];
        System.arraycopy(old, 0, both, 0, old.length);
        System.arraycopy(fresh, 0, both, old.length, fresh.length);
        assertGood(bench.write(bench.a, caw(80, 2), both));
        assertThat(read(80, 2)).isEqualTo(fresh);
        // the medium now holds 'fresh': comparing against 'old' miscompares at offset 0 and writes nothing
        byte[] again = both.clone();
        Arrays.fill(again, 2 * BS, 4 * BS, (byte) 0x03);
        again[0] = 0x02;
        again[1] = 0x02;
        ScsiResponse r = bench.write(bench.a, caw(80, 2), again);
        assertCheck(r, MISCOMPARE, ASC_MISCOMPARE_DURING_VERIFY_OPERATION);
        assertThat(r.senseData().information()).isEqualTo(2);
        assertThat(read(80, 2)).isEqualTo(fresh);
    }

    @Test
    void compareAndWriteRefusesWrongDataOutSizesLengthsAndRanges() {
        assertInvalidField(bench.write(bench.a, caw(0, 1), new byte[BS]), 13, 7);
        assertInvalidField(bench.write(bench.a, caw(0, 1), new byte[4 * BS]), 13, 7);
        LogicalUnit lu = LogicalUnit.builder("caw", new SparseMemoryStore(BLOCKS * BS, BS))
                .maxCompareAndWriteLength(1).build();
        ScsiBench small = new ScsiBench(lu);
        assertInvalidField(small.write(small.a, caw(0, 2), new byte[4 * BS]), 13, 7);
        assertCheck(bench.write(bench.a, caw(BLOCKS - 1, 2), new byte[4 * BS]), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertGood(bench.write(bench.a, caw(0, 0), new byte[0]));
        assertInvalidField(bench.write(bench.a, caw(0, 0), new byte[2 * BS]), 13, 7);
    }

    @Test
    void orWriteOrsTheDataIntoTheMedium() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 90, 2), fill(2 * BS, 0xA5)));
        byte[] c = rw16(ORWRITE_16, 90, 2);
        assertGood(bench.write(bench.a, c, fill(2 * BS, 0x5A)));
        assertThat(read(90, 2)).isEqualTo(fill(2 * BS, 0xFF));
        assertCheck(bench.write(bench.a, rw16(ORWRITE_16, BLOCKS, 1), new byte[BS]), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }

    private static byte[] atomic(long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) WRITE_ATOMIC_16;
        Bytes.put64(c, 2, lba);
        Bytes.put16(c, 12, blocks);
        return c;
    }

    @Test
    void writeAtomicWritesWithinItsLimitsAndRefusesBeyond() {
        byte[] data = pattern(8, BS, 9);
        assertGood(bench.write(bench.a, atomic(BLOCKS - 8, 8), data));
        assertThat(read(BLOCKS - 8, 8)).isEqualTo(data);
        assertInvalidField(bench.write(bench.a, atomic(0, 257), new byte[257 * BS]), 12, 7);
        assertCheck(bench.write(bench.a, atomic(BLOCKS - 1, 258), new byte[258 * BS]), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        byte[] bounded = atomic(0, 1);
        bounded[11] = 1;
        assertInvalidField(bench.write(bench.a, bounded, new byte[BS]), 10, 7);
        assertInvalidField(bench.write(bench.a, atomic(0, 2), new byte[BS]), 12, 7);
        assertThat(read(0, 1)).isEqualTo(new byte[BS]);
    }

    @Test
    void readCapacityReportsLastLbaAndBlockLength() {
        byte[] d = bench.exec(bench.a, cdb(READ_CAPACITY_10, 10), 8).dataIn();
        assertThat(Bytes.u32(d, 0)).isEqualTo(BLOCKS - 1);
        assertThat(Bytes.u32(d, 4)).isEqualTo(BS);
        byte[] c16 = cdb(SERVICE_ACTION_IN_16, 16, 1, SAI_READ_CAPACITY_16, 13, 32);
        byte[] d16 = bench.exec(bench.a, c16, 32).dataIn();
        assertThat(Bytes.u64(d16, 0)).isEqualTo(BLOCKS - 1);
        assertThat(Bytes.u32(d16, 8)).isEqualTo(BS);
        assertThat(d16[14] & 0xC0).as("LBPME LBPRZ").isEqualTo(0xC0);
        byte[] c16short = cdb(SERVICE_ACTION_IN_16, 16, 1, SAI_READ_CAPACITY_16, 13, 12);
        assertThat(bench.exec(bench.a, c16short, 12).dataIn()).hasSize(12);
        byte[] lu1 = bench.exec(bench.a, 1, cdb(READ_CAPACITY_10, 10), 8).dataIn();
        assertThat(Bytes.u32(lu1, 4)).isEqualTo(4096);
    }

    @Test
    void readCapacityWithAnLbaButNoPmiIsInvalid() {
        assertInvalidField(bench.exec(bench.a, cdb(READ_CAPACITY_10, 10, 5, 1), 8), 2, 7);
        assertGood(bench.exec(bench.a, cdb(READ_CAPACITY_10, 10, 5, 1, 8, 1), 8));
        assertInvalidField(bench.exec(bench.a, cdb(READ_CAPACITY_10, 10, 8, 2), 8), 8, 1);
    }

    @Test
    void capacityChangeIsAnnouncedByUnitAttention() throws Exception {
        bench.lu0.resize(BLOCKS * 2);
        assertCheck(bench.exec(bench.b, cdb(READ_CAPACITY_10, 10), 8), UNIT_ATTENTION, ASC_CAPACITY_DATA_HAS_CHANGED);
        assertThat(Bytes.u32(bench.exec(bench.b, cdb(READ_CAPACITY_10, 10), 8).dataIn(), 0)).isEqualTo(
                2 * BLOCKS - 1);
    }

    @Test
    void synchronizeCacheChecksItsRange() {
        assertGood(bench.exec(bench.a, rw10(SYNCHRONIZE_CACHE_10, 0, 0), 0));
        assertGood(bench.exec(bench.a, rw16(SYNCHRONIZE_CACHE_16, 10, 10), 0));
        assertCheck(bench.exec(bench.a, rw10(SYNCHRONIZE_CACHE_10, BLOCKS, 1), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }

    @Test
    void preFetchIsConditionMetWithinRangeAndOutOfRangeBeyond() {
        assertThat(bench.exec(bench.a, rw10(PRE_FETCH_10, 0, 8), 0).status()).isEqualTo(ScsiStatus.CONDITION_MET);
        assertThat(bench.exec(bench.a, rw16(PRE_FETCH_16, 0, 8), 0).status()).isEqualTo(ScsiStatus.CONDITION_MET);
        assertCheck(bench.exec(bench.a, rw10(PRE_FETCH_10, BLOCKS - 1, 2), 0), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
    }
}
