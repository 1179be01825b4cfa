package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.IOException;

/** Logical block provisioning (SBC-3 4.7): WRITE SAME (with UNMAP), UNMAP and GET LBA STATUS. */
final class Provisioning {
    private static final int WRITE_SAME_CHUNK = 1 << 20;
    private static final int MAX_LBA_STATUS_DESCRIPTORS = 1024;

    private Provisioning() {
    }

    static byte[] writeSame(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        boolean sixteen = (c[0] & 0xFF) == WRITE_SAME_16;
        BlockCommands.checkNoProtection(c);
        boolean anchor = (c[1] & 0x10) != 0;
        boolean unmap = (c[1] & 0x08) != 0;
        boolean ndob = sixteen && (c[1] & 0x01) != 0;
        long lba = sixteen ? Bytes.u64(c, 2) : Bytes.u32(c, 2);
        long blocks = sixteen ? Bytes.u32(c, 10) : Bytes.u16(c, 7);
        if (anchor) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 4, "ANCHOR not supported");
        }
        if (unmap && !lu.thinProvisioning()) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 3, "UNMAP without thin provisioning");
        }
        long capacity = lu.blocks();
        if (Long.compareUnsigned(lba, capacity) > 0) {
            throw new CheckConditionException.LbaOutOfRange(lba, blocks, capacity);
        }
        if (blocks == 0) {
            blocks = capacity - lba; // WSNZ = 0: to the end of the medium
        }
        BlockCommands.checkRange(lu, lba, blocks);
        if (blocks > lu.maxWriteSameLength) {
            throw new CheckConditionException.InvalidFieldInCdb(sixteen ? 10 : 7, 7, "NUMBER OF LOGICAL BLOCKS "
                    + blocks + " exceeds MAXIMUM WRITE SAME LENGTH " + lu.maxWriteSameLength);
        }
        int bs = lu.blockSize();
        byte[] block;
        if (ndob) {
            if (t.command.dataOut().length != 0) {
                throw new CheckConditionException.InvalidFieldInCdb(1, 0, "NDOB set but data-out sent");
            }
            block = new byte[bs];
        } else {
            if (t.command.dataOut().length != bs) {
                throw new CheckConditionException.InvalidFieldInCdb(sixteen ? 10 : 7, 7, "WRITE SAME data-out of "
                        + t.command.dataOut().length + " bytes; the logical block size is " + bs);
            }
            t.takeDataOut(bs);
            block = t.dataOut();
        }
        if (blocks == 0) {
            return CommandSet.EMPTY;
        }
        try {
            if (unmap) {
                // UNMAP set: deallocate (LBPRZ: the blocks read back as zeros), whatever the data-out holds
                // (as Linux LIO and the libiscsi conformance suite expect)
                lu.store().unmap(lba * bs, blocks * bs);
                return CommandSet.EMPTY;
            }
            int per = (int) Math.min(blocks, Math.max(1, WRITE_SAME_CHUNK / bs));
            byte[] pattern = new byte[per * bs];
            for (int i = 0; i < per; i++) {
                System.arraycopy(block, 0, pattern, i * bs, bs);
            }
            long done = 0;
            boolean force = !lu.modePages.writeCacheEnabled();
            while (done < blocks) {
                int n = (int) Math.min(per, blocks - done);
                lu.store().write((lba + done) * bs, pattern, 0, n * bs, force);
                done += n;
            }
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_WRITE_ERROR, e);
        }
        return CommandSet.EMPTY;
    }

    static byte[] unmap(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        if ((c[1] & 0x01) != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 0, "ANCHOR not supported");
        }
        if (!lu.thinProvisioning()) {
            throw new CheckConditionException.InvalidOpcode(UNMAP, -1);
        }
        int length = Bytes.u16(c, 7);
        if (length == 0) {
            return CommandSet.EMPTY;
        }
        int n = t.takeDataOut(length);
        if (n < 8) {
            throw new CheckConditionException.ParameterListLengthError("UNMAP parameter list of " + n
                    + " bytes is shorter than its 8-byte header");
        }
        byte[] p = t.dataOut();
        int dataLength = Bytes.u16(p, 0);
        int descLength = Bytes.u16(p, 2);
        if (dataLength < 6 && dataLength != 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(0, 7, "UNMAP DATA LENGTH " + dataLength);
        }
        int size = Math.min(descLength, n - 8);
        int count = size / 16;
        if (count > lu.maxUnmapDescriptors) {
            throw new CheckConditionException.InvalidFieldInParameterList(2, 7, count
                    + " block descriptors exceed MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT " + lu.maxUnmapDescriptors);
        }
        long capacity = lu.blocks();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int d = 8 + 16 * i;
            long lba = Bytes.u64(p, d);
            long blocks = Bytes.u32(p, d + 8);
            if (blocks > lu.maxUnmapLbaCount) {
                throw new CheckConditionException.InvalidFieldInParameterList(d + 8, 7, "NUMBER OF LOGICAL BLOCKS "
                        + blocks + " exceeds MAXIMUM UNMAP LBA COUNT");
            }
            if (Long.compareUnsigned(lba, capacity) > 0 || blocks > capacity - lba) {
                throw new CheckConditionException.LbaOutOfRange(lba, blocks, capacity);
            }
            total += blocks;
        }
        if (total > lu.maxUnmapLbaCount) {
            throw new CheckConditionException.InvalidFieldInParameterList(8, 7, "total " + total
                    + " blocks exceed MAXIMUM UNMAP LBA COUNT");
        }
        int bs = lu.blockSize();
        try {
            for (int i = 0; i < count; i++) {
                int d = 8 + 16 * i;
                long blocks = Bytes.u32(p, d + 8);
                if (blocks > 0) {
                    lu.store().unmap(Bytes.u64(p, d) * bs, blocks * bs);
                }
            }
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_WRITE_ERROR, e);
        }
        return CommandSet.EMPTY;
    }

    static byte[] getLbaStatus(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        long lba = Bytes.u64(c, 2);
        long alloc = Bytes.u32(c, 10);
        long capacity = lu.blocks();
        if (Long.compareUnsigned(lba, capacity) >= 0) {
            throw new CheckConditionException.LbaOutOfRange(lba, 1, capacity);
        }
        int bs = lu.blockSize();
        int max = (int) Math.max(1, Math.min(MAX_LBA_STATUS_DESCRIPTORS, (alloc - 8) / 16));
        byte[] b = new byte[8 + 16 * max];
        int n = 0;
        long pos = lba;
        BackingStore store = lu.store();
        while (pos < capacity && n < max) {
            long limit = Math.min(capacity, pos + 0xFFFFFFFFL);
            boolean mapped = !lu.thinProvisioning() || store.isMapped(pos * bs);
            long end = lu.thinProvisioning() ? store.mappingRunEnd(pos * bs, limit * bs, bs) / bs : limit;
            int d = 8 + 16 * n;
            Bytes.put64(b, d, pos);
            Bytes.put32(b, d + 8, end - pos);
            b[d + 12] = (byte) (mapped ? 0 : 1);
            n++;
            pos = end;
        }
        byte[] out = java.util.Arrays.copyOf(b, 8 + 16 * n);
        Bytes.put32(out, 0, 4 + 16L * n);
        return Task.allocation(out, alloc);
    }
}
