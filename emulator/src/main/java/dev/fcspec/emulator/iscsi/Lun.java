package dev.fcspec.emulator.iscsi;

/**
 * The 8-byte LUN field (SAM-5 section 4.7): peripheral device addressing for LUNs below 256 and flat space
 * addressing up to 16383; other address methods are passed through as the full 64-bit value.
 */
public final class Lun {
    private Lun() {
    }

    /** The LUN number a SCSI core sees for an 8-byte LUN field. */
    public static long toNumber(long field) {
        int b0 = (int) (field >>> 56) & 0xFF;
        int b1 = (int) (field >>> 48) & 0xFF;
        long rest = field & 0x0000FFFFFFFFFFFFL;
        int method = b0 >>> 6;
        if (rest == 0 && method == 0 && (b0 & 0x3F) == 0) {
            return b1;
        }
        if (rest == 0 && method == 1) {
            return ((long) (b0 & 0x3F) << 8) | b1;
        }
        return field;
    }

    /** The 8-byte LUN field for a LUN number (peripheral below 256, flat space up to 16383, else as is). */
    public static long toField(long number) {
        if (number >= 0 && number < 256) {
            return number << 48;
        }
        if (number >= 256 && number < 16384) {
            return (0x4000L | number) << 48;
        }
        return number;
    }
}
