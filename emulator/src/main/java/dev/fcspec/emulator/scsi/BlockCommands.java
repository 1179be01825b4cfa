package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.IOException;

/**
 * SBC-3 media access commands: READ, WRITE, WRITE AND VERIFY, VERIFY (6/10/12/16 where defined), COMPARE AND
 * WRITE, READ CAPACITY, SYNCHRONIZE CACHE, PRE-FETCH. Every range and field is checked before the medium is
 * touched; the read path allocates only the data-in buffer.
 */
final class BlockCommands {
    private BlockCommands() {
    }

    /** LOGICAL BLOCK ADDRESS of a READ/WRITE/VERIFY/PRE-FETCH/SYNC CACHE CDB by its group. */
    static long lba(byte[] c) {
        int op = c[0] & 0xFF;
        return switch (op >>> 5) {
            case 0 -> (c[1] & 0x1F) << 16 | Bytes.u16(c, 2);
            case 1, 2, 5 -> Bytes.u32(c, 2);
            default -> Bytes.u64(c, 2);
        };
    }

    /** TRANSFER/VERIFICATION LENGTH or NUMBER OF LOGICAL BLOCKS by CDB group (6-byte 0 means 256). */
    static long length(byte[] c) {
        int op = c[0] & 0xFF;
        return switch (op >>> 5) {
            case 0 -> (c[4] & 0xFF) == 0 ? 256 : c[4] & 0xFF;
            case 1, 2 -> Bytes.u16(c, 7);
            case 5 -> Bytes.u32(c, 6);
            default -> Bytes.u32(c, 10);
        };
    }

    /** Byte offset of the length field (for field pointers). */
    private static int lengthOffset(byte[] c) {
        int op = c[0] & 0xFF;
        return switch (op >>> 5) {
            case 0 -> 4;
            case 1, 2 -> 7;
            case 5 -> 6;
            default -> 10;
        };
    }

    /** LBA OUT OF RANGE unless [lba, lba+blocks) lies within the medium (lba == capacity allowed for 0 blocks). */
    static void checkRange(LogicalUnit lu, long lba, long blocks) {
        long capacity = lu.blocks();
        if (Long.compareUnsigned(lba, capacity) > 0 || blocks > capacity - lba) {
            throw new CheckConditionException.LbaOutOfRange(lba, blocks, capacity);
        }
    }

    /** RDPROTECT/WRPROTECT/VRPROTECT must be zero: the core has no protection information. */
    static void checkNoProtection(byte[] c) {
        if ((c[0] & 0xE0) != 0 && (c[1] & 0xE0) != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 7, "protection information not supported");
        }
    }

    private static void checkTransferLength(LogicalUnit lu, byte[] c, long blocks) {
        if (blocks > lu.maxTransferLength) {
            throw new CheckConditionException.InvalidFieldInCdb(lengthOffset(c), 7, "transfer length " + blocks
                    + " exceeds MAXIMUM TRANSFER LENGTH " + lu.maxTransferLength);
        }
    }

    /** The blocks a READ or WRITE CDB (6/10/12/16) transfers. */
    private record Extent(long lba, long blocks) {
    }

    /**
     * The extent of a READ or WRITE CDB, checked in the order SBC-3 gives the errors: protection fields,
     * LBA range, then (for a nonzero length) the maximum transfer length; null when no block is transferred.
     */
    private static Extent extent(LogicalUnit lu, byte[] c) {
        checkNoProtection(c);
        long lba = lba(c);
        long blocks = length(c);
        checkRange(lu, lba, blocks);
        if (blocks == 0) {
            return null;
        }
        checkTransferLength(lu, c, blocks);
        return new Extent(lba, blocks);
    }

    static byte[] read(Task t) {
        LogicalUnit lu = t.lu;
        Extent extent = extent(lu, t.cdb);
        if (extent == null) {
            return CommandSet.EMPTY;
        }
        long lba = extent.lba();
        long blocks = extent.blocks();
        int total = (int) (blocks * lu.blockSize());
        int n = Math.min(total, t.command.expectedDataInLength());
        byte[] data = new byte[n];
        try {
            lu.store().read(lba * lu.blockSize(), data, 0, n);
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_UNRECOVERED_READ_ERROR, e);
        }
        t.dataInOverrun = total - n;
        return data;
    }

    static byte[] write(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        Extent extent = extent(lu, c);
        if (extent == null) {
            return CommandSet.EMPTY;
        }
        long lba = extent.lba();
        long blocks = extent.blocks();
        checkTransferLength(lu, c, blocks);
        int bs = lu.blockSize();
        int have = t.takeDataOut(blocks * bs);
        int whole = have / bs * bs;
        t.dataOutConsumed = whole;
        if (whole > 0) {
            boolean fua = (c[0] & 0xE0) != 0 && (c[1] & 0x08) != 0 || (c[0] & 0xFF) == WRITE_AND_VERIFY_10
                    || (c[0] & 0xFF) == WRITE_AND_VERIFY_12 || (c[0] & 0xFF) == WRITE_AND_VERIFY_16;
            store(lu, lba * bs, t.dataOut(), 0, whole, fua);
        }
        return CommandSet.EMPTY;
    }

    /** Writes to the store; forced to stable storage with FUA or when the write cache is disabled. */
    static void store(LogicalUnit lu, long offset, byte[] src, int srcOffset, int length, boolean fua) {
        try {
            lu.store().write(offset, src, srcOffset, length, fua || !lu.modePages.writeCacheEnabled());
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_WRITE_ERROR, e);
        }
    }

    static byte[] readMedium(LogicalUnit lu, long offset, int length) {
        byte[] b = new byte[length];
        try {
            lu.store().read(offset, b, 0, length);
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_UNRECOVERED_READ_ERROR, e);
        }
        return b;
    }

    static byte[] verify(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        checkNoProtection(c);
        int bytchk = (c[1] & 0x06) >>> 1;
        long lba = lba(c);
        long blocks = length(c);
        if (bytchk == 2) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 2, "BYTCHK 10b is reserved");
        }
        checkRange(lu, lba, blocks);
        if (blocks == 0 || bytchk == 0) {
            return CommandSet.EMPTY;
        }
        checkTransferLength(lu, c, blocks);
        int bs = lu.blockSize();
        long wanted = bytchk == 3 ? bs : blocks * bs;
        int have = t.takeDataOut(wanted);
        if (have < wanted) {
            throw new CheckConditionException.ParameterListLengthError("VERIFY data-out shorter than "
                    + wanted + " bytes");
        }
        byte[] medium = readMedium(lu, lba * bs, (int) (blocks * bs));
        byte[] out = t.dataOut();
        for (int i = 0; i < medium.length; i++) {
            if (medium[i] != out[bytchk == 3 ? i % bs : i]) {
                throw new CheckConditionException.Miscompare(i);
            }
        }
        return CommandSet.EMPTY;
    }

    /** COMPARE AND WRITE: atomic (runs alone in the task set); nothing is written on a miscompare. */
    static byte[] compareAndWrite(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        checkNoProtection(c);
        long lba = Bytes.u64(c, 2);
        int blocks = c[13] & 0xFF;
        if (blocks > lu.maxCompareAndWriteLength) {
            throw new CheckConditionException.InvalidFieldInCdb(13, 7, "NUMBER OF LOGICAL BLOCKS " + blocks
                    + " exceeds MAXIMUM COMPARE AND WRITE LENGTH " + lu.maxCompareAndWriteLength);
        }
        checkRange(lu, lba, blocks);
        int bs = lu.blockSize();
        int len = blocks * bs;
        if (t.command.dataOut().length != 2 * len) {
            throw new CheckConditionException.InvalidFieldInCdb(13, 7, "data-out of "
                    + t.command.dataOut().length + " bytes for " + blocks + " blocks (needs " + 2 * len + ")");
        }
        if (blocks == 0) {
            return CommandSet.EMPTY;
        }
        int have = t.takeDataOut(2L * len);
        byte[] out = t.dataOut();
        byte[] medium = readMedium(lu, lba * bs, len);
        for (int i = 0; i < len; i++) {
            if (medium[i] != out[i]) {
                throw new CheckConditionException.Miscompare(i);
            }
        }
        boolean fua = (c[1] & 0x08) != 0;
        store(lu, lba * bs, out, len, len, fua);
        t.dataOutConsumed = have;
        return CommandSet.EMPTY;
    }

    /** ORWRITE(16) with BMOP 000b: the data-out is ORed into the medium (atomic: runs alone in the task set). */
    static byte[] orWrite(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        checkNoProtection(c);
        long lba = Bytes.u64(c, 2);
        long blocks = Bytes.u32(c, 10);
        checkRange(lu, lba, blocks);
        if (blocks == 0) {
            return CommandSet.EMPTY;
        }
        checkTransferLength(lu, c, blocks);
        int bs = lu.blockSize();
        int have = t.takeDataOut(blocks * bs);
        int whole = have / bs * bs;
        t.dataOutConsumed = whole;
        if (whole > 0) {
            byte[] medium = readMedium(lu, lba * bs, whole);
            byte[] out = t.dataOut();
            for (int i = 0; i < whole; i++) {
                medium[i] |= out[i];
            }
            store(lu, lba * bs, medium, 0, whole, (c[1] & 0x08) != 0);
        }
        return CommandSet.EMPTY;
    }

    /** WRITE ATOMIC(16) (SBC-4): all or nothing, within the atomic limits of the block limits VPD page. */
    static byte[] writeAtomic16(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        checkNoProtection(c);
        long lba = Bytes.u64(c, 2);
        int boundary = Bytes.u16(c, 10);
        int blocks = Bytes.u16(c, 12);
        if (boundary != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(10, 7, "ATOMIC BOUNDARY not supported");
        }
        checkRange(lu, lba, blocks);
        if (blocks > lu.maxAtomicTransferLength) {
            throw new CheckConditionException.InvalidFieldInCdb(12, 7, "TRANSFER LENGTH " + blocks
                    + " exceeds MAXIMUM ATOMIC TRANSFER LENGTH " + lu.maxAtomicTransferLength);
        }
        if (blocks == 0) {
            return CommandSet.EMPTY;
        }
        int bs = lu.blockSize();
        int have = t.takeDataOut((long) blocks * bs);
        if (have < blocks * bs) {
            t.dataOutShortfall = 0;
            throw new CheckConditionException.InvalidFieldInCdb(12, 7, "data-out of " + have
                    + " bytes for an atomic write of " + blocks * bs);
        }
        store(lu, lba * bs, t.dataOut(), 0, blocks * bs, (c[1] & 0x08) != 0);
        return CommandSet.EMPTY;
    }

    static byte[] readCapacity10(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        boolean pmi = (c[8] & 0x01) != 0;
        if (!pmi && Bytes.u32(c, 2) != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(2, 7, "LOGICAL BLOCK ADDRESS set without PMI");
        }
        byte[] b = new byte[8];
        long last = lu.blocks() - 1;
        Bytes.put32(b, 0, last > 0xFFFFFFFFL ? 0xFFFFFFFFL : last);
        Bytes.put32(b, 4, lu.blockSize());
        return b;
    }

    static byte[] readCapacity16(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        boolean pmi = (c[14] & 0x01) != 0;
        long alloc = Bytes.u32(c, 10);
        if (!pmi && Bytes.u64(c, 2) != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(2, 7, "LOGICAL BLOCK ADDRESS set without PMI");
        }
        byte[] b = new byte[32];
        Bytes.put64(b, 0, lu.blocks() - 1);
        Bytes.put32(b, 8, lu.blockSize());
        b[13] = (byte) lu.physicalBlockExponent; // LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT
        if (lu.thinProvisioning()) {
            b[14] = (byte) 0xC0; // LBPME, LBPRZ
        }
        return Task.allocation(b, alloc);
    }

    static byte[] synchronizeCache(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        long lba = lba(c);
        long blocks = length(c);
        checkRange(lu, lba, blocks);
        try {
            lu.store().flush();
        } catch (IOException e) {
            throw new CheckConditionException.MediumError(ASC_WRITE_ERROR, e);
        }
        return CommandSet.EMPTY;
    }

    /** PRE-FETCH: nothing to stage in memory; CONDITION MET (the cache could hold every block). */
    static byte[] preFetch(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        long lba = lba(c);
        long blocks = length(c);
        checkRange(lu, lba, blocks);
        t.status = ScsiStatus.CONDITION_MET;
        return CommandSet.EMPTY;
    }
}
