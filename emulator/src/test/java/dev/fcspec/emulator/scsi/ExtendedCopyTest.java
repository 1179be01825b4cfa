package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EXTENDED COPY (LID1) and RECEIVE COPY RESULTS")
class ExtendedCopyTest {
    private final ScsiBench bench = new ScsiBench();

    private static byte[] targetDescriptor(LogicalUnit lu) {
        byte[] d = new byte[32];
        d[0] = (byte) XCOPY_TARGET_IDENTIFICATION;
        d[4] = CODE_SET_BINARY;
        d[5] = DESIGNATOR_NAA;
        d[7] = 16;
        System.arraycopy(lu.naa(), 0, d, 8, 16);
        Bytes.put24(d, 29, lu.blockSize());
        return d;
    }

    private static byte[] segment(int src, int dst, int blocks, long srcLba, long dstLba) {
        byte[] s = new byte[28];
        s[0] = XCOPY_SEGMENT_BLOCK_TO_BLOCK;
        Bytes.put16(s, 2, 0x18);
        Bytes.put16(s, 4, src);
        Bytes.put16(s, 6, dst);
        Bytes.put16(s, 10, blocks);
        Bytes.put64(s, 12, srcLba);
        Bytes.put64(s, 20, dstLba);
        return s;
    }

    private static byte[] list(int listId, int usage, byte[][] targets, byte[][] segments) {
        int tdl = 32 * targets.length;
        int sdl = 0;
        for (byte[] s : segments) {
            sdl += s.length;
        }
        byte[] p = new byte[16 + tdl + sdl];
        p[0] = (byte) listId;
        p[1] = (byte) (usage << 3);
        Bytes.put16(p, 2, tdl);
        Bytes.put32(p, 8, sdl);
        int off = 16;
        for (byte[] t : targets) {
            System.arraycopy(t, 0, p, off, t.length);
            off += t.length;
        }
        for (byte[] s : segments) {
            System.arraycopy(s, 0, p, off, s.length);
            off += s.length;
        }
        return p;
    }

    private ScsiResponse xcopy(byte[] param, int pll) {
        byte[] c = cdb(EXTENDED_COPY, 16);
        Bytes.put32(c, 10, pll);
        return bench.write(bench.a, c, param);
    }

    @Test
    void copiesBlocksWithinALogicalUnitAndReportsTheCopyStatus() {
        byte[] data = pattern(16, BS, 2);
        assertGood(bench.write(bench.a, rw10(WRITE_10, 0, 16), data));
        byte[] p = list(5, 0, new byte[][]{targetDescriptor(bench.lu0)},
                new byte[][]{segment(0, 0, 16, 0, BLOCKS - 16)});
        assertGood(xcopy(p, p.length));
        assertThat(bench.exec(bench.a, rw16(READ_16, BLOCKS - 16, 16), 16 * BS).dataIn()).isEqualTo(data);
        byte[] rcr = cdb(RECEIVE_COPY_RESULTS, 16, 1, RCR_COPY_STATUS, 2, 5, 13, 64);
        byte[] status = bench.exec(bench.a, rcr, 64).dataIn();
        assertThat(status[4] & 0x7F).as("completed").isZero();
        assertThat(Bytes.u16(status, 5)).isEqualTo(1);
        assertThat(Bytes.u32(status, 8)).isEqualTo(16L * BS);
        assertInvalidField(bench.exec(bench.a, cdb(RECEIVE_COPY_RESULTS, 16, 1, RCR_COPY_STATUS, 2, 6, 13, 64), 64),
                2, 7);
    }

    @Test
    void operatingParametersDescribeTheLimits() {
        byte[] d = bench.exec(bench.a, cdb(RECEIVE_COPY_RESULTS, 16, 1, RCR_OPERATING_PARAMETERS, 13, 128), 128)
                .dataIn();
        assertThat(Bytes.u32(d, 0)).isEqualTo(d.length - 4);
        assertThat(Bytes.u16(d, 8)).isEqualTo(ExtendedCopy.MAX_TARGET_DESCRIPTORS);
        assertThat(Bytes.u16(d, 10)).isEqualTo(ExtendedCopy.MAX_SEGMENT_DESCRIPTORS);
        assertThat(d[43]).isEqualTo((byte) 2);
    }

    @Test
    void truncatedListsTooManyDescriptorsAndUnknownTypesAreRefused() {
        byte[] p = list(1, 0, new byte[][]{targetDescriptor(bench.lu0)}, new byte[][]{segment(0, 0, 1, 0, 1)});
        assertCheck(xcopy(java.util.Arrays.copyOf(p, 47), 47), ILLEGAL_REQUEST, ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertCheck(xcopy(java.util.Arrays.copyOf(p, p.length - 1), p.length - 1), ILLEGAL_REQUEST,
                ASC_PARAMETER_LIST_LENGTH_ERROR);
        assertGood(xcopy(new byte[0], 0));
        byte[] t = targetDescriptor(bench.lu0);
        assertCheck(xcopy(list(1, 0, new byte[][]{t, t, t}, new byte[][]{segment(0, 0, 1, 0, 1)}), 16 + 96 + 28),
                ILLEGAL_REQUEST, ASC_TOO_MANY_TARGET_DESCRIPTORS);
        byte[] s = segment(0, 0, 1, 0, 1);
        assertCheck(xcopy(list(1, 0, new byte[][]{t}, new byte[][]{s, s}), 16 + 32 + 56), ILLEGAL_REQUEST,
                ASC_TOO_MANY_SEGMENT_DESCRIPTORS);
        byte[] fc = t.clone();
        fc[0] = (byte) 0xE0;
        assertCheck(xcopy(list(1, 0, new byte[][]{fc}, new byte[][]{s}), 16 + 32 + 28), ILLEGAL_REQUEST,
                ASC_UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE);
        byte[] stream = s.clone();
        stream[0] = 0x03;
        assertCheck(xcopy(list(1, 0, new byte[][]{t}, new byte[][]{stream}), 16 + 32 + 28), ILLEGAL_REQUEST,
                ASC_UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE);
    }

    @Test
    void unreachableTargetsAndOutOfRangeSegmentsAbortTheCopyWithoutWriting() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, BLOCKS - 1, 1), fill(BS, 0x31)));
        byte[] t = targetDescriptor(bench.lu0);
        byte[] p = list(1, 0, new byte[][]{t}, new byte[][]{segment(0, 1, 1, 0, 0)});
        assertCheck(xcopy(p, p.length), COPY_ABORTED, ASC_COPY_TARGET_DEVICE_NOT_REACHABLE);
        p = list(1, 0, new byte[][]{t}, new byte[][]{segment(0, 0, 2, 0, BLOCKS - 1)});
        assertCheck(xcopy(p, p.length), COPY_ABORTED, ASC_COPY_TARGET_DEVICE_NOT_REACHABLE);
        assertThat(bench.exec(bench.a, rw10(READ_10, BLOCKS - 1, 1), BS).dataIn()).isEqualTo(fill(BS, 0x31));
        byte[] unknown = t.clone();
        unknown[10] ^= 0x55;
        p = list(1, 0, new byte[][]{unknown}, new byte[][]{segment(0, 0, 1, 0, 1)});
        assertCheck(xcopy(p, p.length), COPY_ABORTED, ASC_COPY_TARGET_DEVICE_NOT_REACHABLE);
    }

    @Test
    void copiesBetweenLogicalUnitsOfTheSameBlockSize() {
        LogicalUnit other = LogicalUnit.builder("other", new SparseMemoryStore(BLOCKS * BS, BS)).build();
        TargetCore t = TargetCore.builder("iqn.t").port(bench.port1).unit(0, bench.lu0).unit(1, other).build();
        byte[] data = pattern(4, BS, 8);
        t.execute(bench.a, new ScsiCommand(0, rw10(WRITE_10, 0, 4), TaskAttribute.SIMPLE, 1, new byte[0], 0));
        bench.clearUa(bench.a);
        assertGood(t.execute(bench.a, new ScsiCommand(0, cdb(TEST_UNIT_READY, 6), TaskAttribute.SIMPLE, 2,
                new byte[0], 0)));
        assertGood(t.execute(bench.a, new ScsiCommand(0, rw10(WRITE_10, 0, 4), TaskAttribute.SIMPLE, 3, data, 0)));
        byte[] p = list(0, 3, new byte[][]{targetDescriptor(bench.lu0), targetDescriptor(other)},
                new byte[][]{segment(0, 1, 4, 0, 100)});
        byte[] c = cdb(EXTENDED_COPY, 16);
        Bytes.put32(c, 10, p.length);
        assertGood(t.execute(bench.a, new ScsiCommand(0, c, TaskAttribute.SIMPLE, 4, p, 0)));
        t.execute(bench.a, new ScsiCommand(1, cdb(TEST_UNIT_READY, 6), TaskAttribute.SIMPLE, 5, new byte[0], 0));
        assertThat(t.execute(bench.a, new ScsiCommand(1, rw10(READ_10, 100, 4), TaskAttribute.SIMPLE, 6,
                new byte[0], 4 * BS)).dataIn()).isEqualTo(data);
    }
}
