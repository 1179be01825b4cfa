package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Thin provisioning: WRITE SAME, UNMAP, GET LBA STATUS")
class ProvisioningTest {
    private final ScsiBench bench = new ScsiBench();

    private static byte[] ws10(long lba, int blocks, int flags) {
        byte[] c = rw10(WRITE_SAME_10, lba, blocks);
        c[1] = (byte) flags;
        return c;
    }

    private static byte[] ws16(long lba, long blocks, int flags) {
        byte[] c = rw16(WRITE_SAME_16, lba, blocks);
        c[1] = (byte) flags;
        return c;
    }

    private byte[] read(long lba, int blocks) {
        return bench.exec(bench.a, rw16(READ_16, lba, blocks), blocks * BS).dataIn();
    }

    private byte[] lbaStatus(long lba, int alloc) {
        ScsiResponse r = bench.exec(bench.a, getLbaStatus(lba, alloc), alloc);
        assertGood(r);
        return r.dataIn();
    }

    private static byte[] getLbaStatus(long lba, int alloc) {
        byte[] c = cdb(SERVICE_ACTION_IN_16, 16, 1, SAI_GET_LBA_STATUS);
        Bytes.put64(c, 2, lba);
        Bytes.put32(c, 10, alloc);
        return c;
    }

    private static byte[] unmapList(long... lbaCount) {
        byte[] p = new byte[8 + 8 * lbaCount.length];
        Bytes.put16(p, 0, p.length - 2);
        Bytes.put16(p, 2, 8 * lbaCount.length);
        for (int i = 0; i < lbaCount.length; i += 2) {
            Bytes.put64(p, 8 + 8 * i, lbaCount[i]);
            Bytes.put32(p, 16 + 8 * i, lbaCount[i + 1]);
        }
        return p;
    }

    private ScsiResponse unmap(byte[] list) {
        return bench.write(bench.a, cdb(UNMAP, 10, 7, list.length >>> 8, 8, list.length & 0xFF), list);
    }

    @Test
    void writeSameReplicatesOneBlock() {
        byte[] block = pattern(1, BS, 4);
        for (int n = 1; n <= 5; n++) {
            assertGood(bench.write(bench.a, ws10(100, n, 0), block));
            byte[] back = read(100, n);
            for (int i = 0; i < n; i++) {
                assertThat(java.util.Arrays.copyOfRange(back, i * BS, (i + 1) * BS)).isEqualTo(block);
            }
        }
        assertGood(bench.write(bench.a, ws16(BLOCKS - 3, 3, 0), block));
        assertThat(java.util.Arrays.copyOfRange(read(BLOCKS - 1, 1), 0, BS)).isEqualTo(block);
    }

    @Test
    void writeSameWithUnmapAndZerosDeallocatesAndReadsZeros() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 200, 8), fill(8 * BS, 0x77)));
        byte[] s = lbaStatus(200, 64);
        assertThat(s[8 + 12]).as("mapped").isEqualTo((byte) 0);
        assertGood(bench.write(bench.a, ws10(200, 8, 0x08), new byte[BS]));
        assertThat(read(200, 8)).isEqualTo(new byte[8 * BS]);
        s = lbaStatus(200, 64);
        assertThat(Bytes.u64(s, 8)).isEqualTo(200);
        assertThat(s[8 + 12]).as("deallocated").isEqualTo((byte) 1);
        // NDOB: no data-out, zeros
        assertGood(bench.write(bench.a, rw10(WRITE_10, 300, 1), fill(BS, 0x55)));
        assertGood(bench.exec(bench.a, ws16(300, 1, 0x09), 0));
        assertThat(read(300, 1)).isEqualTo(new byte[BS]);
    }

    @Test
    void writeSameWithUnmapDeallocatesWhateverTheDataOutHolds() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 1, 3), fill(3 * BS, 0xFF)));
        assertGood(bench.write(bench.a, ws10(1, 3, 0x08), fill(BS, 0xFF)));
        assertThat(read(1, 3)).isEqualTo(new byte[3 * BS]);
        assertThat(lbaStatus(1, 24)[20]).as("deallocated").isEqualTo((byte) 1);
    }

    @Test
    void writeSameWithoutUnmapWritesZerosAsMappedBlocks() {
        assertGood(bench.write(bench.a, ws10(40, 2, 0), new byte[BS]));
        assertThat(lbaStatus(40, 24)[20]).as("mapped").isEqualTo((byte) 0);
    }

    @Test
    void writeSameOfZeroBlocksWritesToTheEndOfTheMedium() {
        assertGood(bench.write(bench.a, ws10(BLOCKS - 4, 0, 0), fill(BS, 0x42)));
        assertThat(read(BLOCKS - 4, 4)).isEqualTo(fill(4 * BS, 0x42));
        assertGood(bench.write(bench.a, ws16(BLOCKS - 4, 0, 0x08), new byte[BS]));
        assertThat(read(BLOCKS - 4, 4)).isEqualTo(new byte[4 * BS]);
    }

    @Test
    void writeSameRefusesWrongDataOutSizesAnchorRangesAndLengths() {
        assertInvalidField(bench.write(bench.a, ws10(0, 1, 0x08), new byte[BS / 2]), 7, 7);
        assertInvalidField(bench.write(bench.a, ws10(0, 1, 0x08), new byte[2 * BS]), 7, 7);
        assertInvalidField(bench.write(bench.a, ws10(0, 1, 0x18), new byte[BS]), 1, 4);
        assertInvalidField(bench.write(bench.a, ws16(0, 1, 0x01), new byte[BS]), 1, 0);
        assertInvalidField(bench.write(bench.a, ws10(0, 1, 0x02), new byte[BS]), 1, 1); // LBDATA obsolete
        assertCheck(bench.write(bench.a, ws10(BLOCKS + 1, 0, 0), new byte[BS]), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertCheck(bench.write(bench.a, ws16(-1L, 1, 0), new byte[BS]), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        LogicalUnit lu = LogicalUnit.builder("ws", new SparseMemoryStore(BLOCKS * BS, BS)).maxWriteSameLength(16)
                .build();
        ScsiBench small = new ScsiBench(lu);
        assertInvalidField(small.write(small.a, ws10(0, 17, 0), new byte[BS]), 7, 7);
    }

    @Test
    void unmapDeallocatesEveryDescriptorAndZeroLengthIsANoOp() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 10, 20), fill(20 * BS, 0x33)));
        assertGood(unmap(unmapList(10, 2, 20, 5)));
        byte[] back = read(10, 20);
        assertThat(java.util.Arrays.copyOfRange(back, 0, 2 * BS)).isEqualTo(new byte[2 * BS]);
        assertThat(java.util.Arrays.copyOfRange(back, 2 * BS, 10 * BS)).isEqualTo(fill(8 * BS, 0x33));
        assertThat(java.util.Arrays.copyOfRange(back, 10 * BS, 15 * BS)).isEqualTo(new byte[5 * BS]);
        assertGood(bench.exec(bench.a, cdb(UNMAP, 10), 0));
        assertGood(unmap(unmapList(30, 0)));
    }

    @Test
    void unmapRefusesShortListsRangesTooManyDescriptorsAndAnchor() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 0, 4), fill(4 * BS, 0x44)));
        assertCheck(bench.write(bench.a, cdb(UNMAP, 10, 8, 6), new byte[6]), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertCheck(unmap(unmapList(0, 1, BLOCKS - 1, 2)), ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertThat(read(0, 1)).as("first descriptor not applied").isEqualTo(fill(BS, 0x44));
        LogicalUnit lu = LogicalUnit.builder("um", new SparseMemoryStore(BLOCKS * BS, BS)).maxUnmapDescriptors(1)
                .build();
        ScsiBench small = new ScsiBench(lu);
        byte[] two = unmapList(0, 1, 2, 1);
        assertCheck(small.write(small.a, cdb(UNMAP, 10, 8, two.length), two), ILLEGAL_REQUEST,
                ASC_INVALID_FIELD_IN_PARAMETER_LIST);
        byte[] one = unmapList(0, 1);
        assertInvalidField(bench.write(bench.a, cdb(UNMAP, 10, 1, 1, 8, one.length), one), 1, 0);
    }

    @Test
    void getLbaStatusDescribesRunsFromTheRequestedLba() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 16, 16), fill(16 * BS, 1)));
        byte[] s = lbaStatus(0, 8 + 16 * 4);
        assertThat(Bytes.u32(s, 0)).isEqualTo(s.length - 4);
        assertThat(Bytes.u64(s, 8)).isZero();
        assertThat(Bytes.u32(s, 16)).isEqualTo(16);
        assertThat(s[20]).isEqualTo((byte) 1);
        assertThat(Bytes.u64(s, 24)).isEqualTo(16);
        assertThat(Bytes.u32(s, 32)).isEqualTo(16);
        assertThat(s[36]).isEqualTo((byte) 0);
        assertThat(Bytes.u64(s, 40)).isEqualTo(32);
        byte[] one = lbaStatus(20, 24);
        assertThat(one).hasSize(24);
        assertThat(Bytes.u64(one, 8)).isEqualTo(20);
        assertThat(Bytes.u32(one, 16)).isEqualTo(12);
    }

    @Test
    void getLbaStatusBeyondTheEndIsOutOfRange() {
        assertCheck(bench.exec(bench.a, getLbaStatus(BLOCKS, 24), 24), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertCheck(bench.exec(bench.a, getLbaStatus(-1L, 24), 24), ILLEGAL_REQUEST,
                ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE);
        assertGood(bench.exec(bench.a, getLbaStatus(BLOCKS - 1, 24), 24));
    }

    @Test
    void fullyProvisionedUnitsRefuseUnmap() {
        LogicalUnit lu = LogicalUnit.builder("thick", new SparseMemoryStore(BLOCKS * BS, BS)).thinProvisioning(false)
                .build();
        ScsiBench thick = new ScsiBench(lu);
        byte[] list = unmapList(0, 1);
        assertCheck(thick.write(thick.a, cdb(UNMAP, 10, 8, list.length), list), ILLEGAL_REQUEST,
                ASC_INVALID_COMMAND_OPERATION_CODE);
        assertInvalidField(thick.write(thick.a, ws10(0, 1, 0x08), new byte[BS]), 1, 3);
    }
}
