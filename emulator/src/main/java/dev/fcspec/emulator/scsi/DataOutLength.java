package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

/**
 * The data-out a CDB calls for, read from the CDB alone (SBC-4 and SPC-5 field positions) so that a front end
 * collects what the command needs rather than what the initiator's expected length claims (RFC 7143 section
 * 11.4.5: the expected length is the initiator's guess; the target transfers what the command needs and
 * reports the difference as a residual).
 */
public final class DataOutLength {
    /** The command is not one this class knows: the front end cannot tell before the core executes it. */
    public static final long UNKNOWN = -1;

    private DataOutLength() {
    }

    /**
     * The data-out bytes of a CDB on a logical unit with the given block size and capacity: 0 for a block
     * command whose LBA range lies outside the medium or whose transfer length exceeds the MAXIMUM TRANSFER LENGTH
     * (it ends in CHECK CONDITION without data), {@link #UNKNOWN}
     * for a CDB too short or an operation code not listed here.
     */
    public static long of(byte[] cdb, int blockSize, long blocks, long maxTransferBlocks) {
        if (cdb.length < 6) {
            return UNKNOWN;
        }
        int op = cdb[0] & 0xFF;
        switch (op) {
            case WRITE_6: {
                long lba = Bytes.u24(cdb, 1) & 0x1FFFFF;
                int n = Bytes.u8(cdb, 4);
                return blocks(lba, n == 0 ? 256 : n, blockSize, blocks, maxTransferBlocks);
            }
            case WRITE_10:
            case WRITE_AND_VERIFY_10:
                return cdb.length < 10 ? UNKNOWN : blocks(Bytes.u32(cdb, 2), Bytes.u16(cdb, 7), blockSize, blocks, maxTransferBlocks);
            case WRITE_12:
            case WRITE_AND_VERIFY_12:
                return cdb.length < 12 ? UNKNOWN : blocks(Bytes.u32(cdb, 2), Bytes.u32(cdb, 6), blockSize, blocks, maxTransferBlocks);
            case WRITE_16:
            case WRITE_AND_VERIFY_16:
            case ORWRITE_16:
                return cdb.length < 16 ? UNKNOWN : blocks(Bytes.u64(cdb, 2), Bytes.u32(cdb, 10), blockSize, blocks, maxTransferBlocks);
            case WRITE_ATOMIC_16:
                return cdb.length < 16 ? UNKNOWN : blocks(Bytes.u64(cdb, 2), Bytes.u16(cdb, 12), blockSize, blocks, maxTransferBlocks);
            case VERIFY_10:
                return cdb.length < 10 ? UNKNOWN : verify(cdb, Bytes.u32(cdb, 2), Bytes.u16(cdb, 7), blockSize, blocks, maxTransferBlocks);
            case VERIFY_12:
                return cdb.length < 12 ? UNKNOWN : verify(cdb, Bytes.u32(cdb, 2), Bytes.u32(cdb, 6), blockSize, blocks, maxTransferBlocks);
            case VERIFY_16:
                return cdb.length < 16 ? UNKNOWN : verify(cdb, Bytes.u64(cdb, 2), Bytes.u32(cdb, 10), blockSize, blocks, maxTransferBlocks);
            case WRITE_SAME_10:
            case WRITE_SAME_16:
                // one block of pattern, none with NDOB
                return (cdb[1] & 0x01) != 0 ? 0 : blockSize;
            case COMPARE_AND_WRITE:
                // SBC-4 5.3: a data-out buffer of any other length than 2 x NLB blocks is itself the error the
                // device server reports, so the core must see what the initiator sent (at most 255 blocks x 2)
                return UNKNOWN;
            case UNMAP:
            case MODE_SELECT_10:
                return cdb.length < 10 ? UNKNOWN : Bytes.u16(cdb, 7);
            case MODE_SELECT_6:
                return Bytes.u8(cdb, 4);
            case SEND_DIAGNOSTIC:
                return Bytes.u16(cdb, 3);
            case PERSISTENT_RESERVE_OUT:
                return cdb.length < 10 ? UNKNOWN : Bytes.u32(cdb, 5);
            case EXTENDED_COPY:
                return cdb.length < 16 ? UNKNOWN : Bytes.u32(cdb, 10);
            case MAINTENANCE_OUT:
                return cdb.length < 12 ? UNKNOWN : Bytes.u32(cdb, 6);
            default:
                return UNKNOWN;
        }
    }

    private static long verify(byte[] cdb, long lba, long n, int blockSize, long capacity, long max) {
        switch ((cdb[1] >> 1) & 0x3) {
            case 1:
                return blocks(lba, n, blockSize, capacity, max);
            case 3:
                return blocks(lba, n, blockSize, capacity, max) == 0 ? 0 : blockSize;
            default:
                return 0;
        }
    }

    private static long blocks(long lba, long n, int blockSize, long capacity, long max) {
        if (lba < 0 || lba > capacity || n > capacity - lba || n > max) {
            return 0;
        }
        return n * blockSize;
    }
}
