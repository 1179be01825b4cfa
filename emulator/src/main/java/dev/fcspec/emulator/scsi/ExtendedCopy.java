package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * EXTENDED COPY (LID1) and RECEIVE COPY RESULTS (SPC-4 6.4, 6.18): the copy manager of the core copies
 * between logical units of this target named by identification descriptor (E4h) target descriptors, with
 * block device to block device (02h) segment descriptors. Every descriptor is validated before the first
 * block moves.
 */
final class ExtendedCopy {
    static final int MAX_TARGET_DESCRIPTORS = 2;
    static final int MAX_SEGMENT_DESCRIPTORS = 1;
    static final int MAX_DESCRIPTOR_LIST_LENGTH = 1024;
    static final int MAX_SEGMENT_BLOCKS = 65535;
    private static final int HEADER = 16;
    private static final int TARGET_DESCRIPTOR_LENGTH = 32;
    private static final int CHUNK = 1 << 20;

    record CopyKey(ItNexus nexus, int listId) {
    }

    private record Segment(LogicalUnit source, LogicalUnit destination, int blocks, long sourceLba,
                           long destinationLba) {
    }

    private ExtendedCopy() {
    }

    private static CheckConditionException copyAborted(int ascAscq, String what) {
        return new CheckConditionException(SenseData.of(COPY_ABORTED, ascAscq), "copy aborted: " + what);
    }

    private static CheckConditionException tooMany(int ascAscq, int byteOffset, String what) {
        return new CheckConditionException.InvalidFieldInParameterList(ascAscq, byteOffset, 7, what);
    }

    static byte[] extendedCopy(Task t) {
        long pll = Bytes.u32(t.cdb, 10);
        if (pll == 0) {
            return CommandSet.EMPTY;
        }
        int have = t.takeDataOut(pll);
        if (have < pll || pll < HEADER) {
            throw new CheckConditionException.ParameterListLengthError("EXTENDED COPY parameter list of " + have
                    + " bytes (CDB says " + pll + ")");
        }
        byte[] p = t.dataOut();
        int listId = p[0] & 0xFF;
        int usage = (p[1] >>> 3) & 0x03;
        int tdll = Bytes.u16(p, 2);
        long sdll = Bytes.u32(p, 8);
        long inline = Bytes.u32(p, 12);
        if (HEADER + tdll + sdll + inline > pll) {
            throw new CheckConditionException.ParameterListLengthError("descriptor lists overrun the parameter list");
        }
        if (tdll + sdll > MAX_DESCRIPTOR_LIST_LENGTH) {
            throw new CheckConditionException.ParameterListLengthError("descriptor lists exceed MAXIMUM DESCRIPTOR "
                    + "LIST LENGTH " + MAX_DESCRIPTOR_LIST_LENGTH);
        }
        if (inline != 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(12, 7, "inline data not supported");
        }
        if (usage == 1) {
            throw new CheckConditionException.InvalidFieldInParameterList(1, 4, "LIST ID USAGE 01b is reserved");
        }
        if (usage == 3 && listId != 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(0, 7,
                    "LIST IDENTIFIER must be zero with LIST ID USAGE 11b");
        }
        if (tdll % TARGET_DESCRIPTOR_LENGTH != 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(2, 7, "TARGET DESCRIPTOR LIST LENGTH "
                    + tdll + " is not a multiple of 32");
        }
        int targetCount = tdll / TARGET_DESCRIPTOR_LENGTH;
        if (targetCount > MAX_TARGET_DESCRIPTORS) {
            throw tooMany(ASC_TOO_MANY_TARGET_DESCRIPTORS, 2, targetCount + " target descriptors");
        }
        // count segment descriptors before looking inside them
        int segStart = HEADER + tdll;
        int segEnd = (int) (segStart + sdll);
        List<Integer> segOffsets = new ArrayList<>();
        for (int off = segStart; off < segEnd; ) {
            if (off + 4 > segEnd) {
                throw new CheckConditionException.ParameterListLengthError("truncated segment descriptor");
            }
            segOffsets.add(off);
            off += 4 + Bytes.u16(p, off + 2);
        }
        if (segOffsets.size() > MAX_SEGMENT_DESCRIPTORS) {
            throw tooMany(ASC_TOO_MANY_SEGMENT_DESCRIPTORS, 8, segOffsets.size() + " segment descriptors");
        }
        LogicalUnit[] targets = new LogicalUnit[targetCount];
        for (int i = 0; i < targetCount; i++) {
            targets[i] = targetDescriptor(t, p, HEADER + i * TARGET_DESCRIPTOR_LENGTH);
        }
        List<Segment> segments = new ArrayList<>();
        for (int off : segOffsets) {
            segments.add(segmentDescriptor(p, off, segEnd, targets));
        }
        long transferred = 0;
        int processed = 0;
        for (Segment s : segments) {
            copy(s);
            transferred += (long) s.blocks * s.source.blockSize();
            processed++;
        }
        CopyKey key = new CopyKey(t.nexus, listId);
        if (usage == 0) {
            byte[] status = new byte[12];
            Bytes.put32(status, 0, 8);
            status[4] = 0x00; // HDD 0, COPY MANAGER STATUS: completed without errors
            Bytes.put16(status, 5, processed);
            status[7] = 0x00; // TRANSFER COUNT UNITS: bytes
            Bytes.put32(status, 8, Math.min(transferred, 0xFFFFFFFFL));
            t.lu.copyResults.put(key, status);
        } else {
            t.lu.copyResults.remove(key);
        }
        return CommandSet.EMPTY;
    }

    private static LogicalUnit targetDescriptor(Task t, byte[] p, int off) {
        int type = p[off] & 0xFF;
        if (type != XCOPY_TARGET_IDENTIFICATION) {
            throw new CheckConditionException.InvalidFieldInParameterList(ASC_UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE,
                    off, 7, String.format("target descriptor type %02Xh not supported", type));
        }
        // LU ID TYPE and NUL are ignored (SPC-4); the peripheral device type must be direct access
        if ((p[off + 1] & 0x1F) != PERIPHERAL_DEVICE_TYPE_DISK) {
            throw new CheckConditionException.InvalidFieldInParameterList(off + 1, 4,
                    "only direct-access copy targets are supported");
        }
        int codeSet = p[off + 4] & 0x0F;
        int association = (p[off + 5] >>> 4) & 0x03;
        int designatorType = p[off + 5] & 0x0F;
        int len = p[off + 7] & 0xFF;
        if (len > 20) {
            throw new CheckConditionException.InvalidFieldInParameterList(off + 7, 7, "designator longer than 20");
        }
        byte[] designator = Arrays.copyOfRange(p, off + 8, off + 8 + len);
        int blockLength = Bytes.u24(p, off + 29);
        if (codeSet != CODE_SET_BINARY || association != ASSOCIATION_LOGICAL_UNIT
                || designatorType != DESIGNATOR_NAA) {
            return null;
        }
        for (long lun : t.target.visibleLuns(t.nexus)) {
            LogicalUnit lu = t.target.unit(lun);
            if (lu != null && Arrays.equals(lu.naaRaw(), designator)) {
                if (blockLength != lu.blockSize()) {
                    throw new CheckConditionException.InvalidFieldInParameterList(off + 29, 7,
                            "DISK BLOCK LENGTH " + blockLength + " does not match the copy target");
                }
                return lu;
            }
        }
        return null;
    }

    private static Segment segmentDescriptor(byte[] p, int off, int end, LogicalUnit[] targets) {
        int type = p[off] & 0xFF;
        if (type != XCOPY_SEGMENT_BLOCK_TO_BLOCK) {
            throw new CheckConditionException.InvalidFieldInParameterList(
                    ASC_UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE, off, 7,
                    String.format("segment descriptor type %02Xh not supported", type));
        }
        if (Bytes.u16(p, off + 2) != 0x18 || off + 28 > end) {
            throw new CheckConditionException.InvalidFieldInParameterList(off + 2, 7,
                    "block to block segment descriptor length must be 18h");
        }
        int src = Bytes.u16(p, off + 4);
        int dst = Bytes.u16(p, off + 6);
        if (src >= targets.length || targets[src] == null) {
            throw copyAborted(ASC_COPY_TARGET_DEVICE_NOT_REACHABLE, "source target descriptor " + src);
        }
        if (dst >= targets.length || targets[dst] == null) {
            throw copyAborted(ASC_COPY_TARGET_DEVICE_NOT_REACHABLE, "destination target descriptor " + dst);
        }
        int blocks = Bytes.u16(p, off + 10);
        long srcLba = Bytes.u64(p, off + 12);
        long dstLba = Bytes.u64(p, off + 20);
        LogicalUnit s = targets[src];
        LogicalUnit d = targets[dst];
        if (Long.compareUnsigned(srcLba, s.blocks()) > 0 || blocks > s.blocks() - srcLba) {
            throw copyAborted(ASC_COPY_TARGET_DEVICE_NOT_REACHABLE, "source range beyond the end of the medium");
        }
        if (Long.compareUnsigned(dstLba, d.blocks()) > 0 || blocks > d.blocks() - dstLba) {
            throw copyAborted(ASC_COPY_TARGET_DEVICE_NOT_REACHABLE,
                    "destination range beyond the end of the medium");
        }
        if (d.readOnly() || d.modePages.softwareWriteProtect()) {
            throw new CheckConditionException.WriteProtected(ASC_WRITE_PROTECTED);
        }
        return new Segment(s, d, blocks, srcLba, dstLba);
    }

    private static void copy(Segment s) {
        int bs = s.source.blockSize();
        long total = (long) s.blocks * bs;
        byte[] buf = new byte[(int) Math.min(total, CHUNK)];
        long done = 0;
        try {
            while (done < total) {
                int n = (int) Math.min(buf.length, total - done);
                s.source.store().read(s.sourceLba * bs + done, buf, 0, n);
                s.destination.store().write(s.destinationLba * bs + done, buf, 0, n,
                        !s.destination.modePages.writeCacheEnabled());
                done += n;
            }
        } catch (IOException e) {
            throw copyAborted(ASC_NO_ADDITIONAL_SENSE_INFORMATION, "I/O error: " + e);
        }
    }

    static byte[] receiveCopyResults(Task t) {
        int sa = t.cdb[1] & 0x1F;
        int listId = t.cdb[2] & 0xFF;
        long alloc = Bytes.u32(t.cdb, 10);
        if (sa == RCR_COPY_STATUS) {
            byte[] status = t.lu.copyResults.get(new CopyKey(t.nexus, listId));
            if (status == null) {
                throw new CheckConditionException.InvalidFieldInCdb(2, 7, "no copy with LIST IDENTIFIER " + listId);
            }
            return Task.allocation(status.clone(), alloc);
        }
        int[] implemented = {XCOPY_SEGMENT_BLOCK_TO_BLOCK, XCOPY_TARGET_IDENTIFICATION};
        byte[] b = new byte[44 + implemented.length];
        Bytes.put32(b, 0, b.length - 4L);
        b[4] = 0x01; // SNLID
        Bytes.put16(b, 8, MAX_TARGET_DESCRIPTORS);
        Bytes.put16(b, 10, MAX_SEGMENT_DESCRIPTORS);
        Bytes.put32(b, 12, MAX_DESCRIPTOR_LIST_LENGTH);
        Bytes.put32(b, 16, (long) MAX_SEGMENT_BLOCKS * t.lu.blockSize()); // MAXIMUM SEGMENT LENGTH
        Bytes.put32(b, 20, 0); // MAXIMUM INLINE DATA LENGTH
        Bytes.put32(b, 24, 0); // HELD DATA LIMIT
        Bytes.put16(b, 34, 1); // TOTAL CONCURRENT COPIES
        b[36] = 1; // MAXIMUM CONCURRENT COPIES
        b[37] = (byte) (31 - Integer.numberOfLeadingZeros(t.lu.blockSize())); // DATA SEGMENT GRANULARITY (log2)
        b[43] = (byte) implemented.length;
        for (int i = 0; i < implemented.length; i++) {
            b[44 + i] = (byte) implemented[i];
        }
        return Task.allocation(b, alloc);
    }
}
