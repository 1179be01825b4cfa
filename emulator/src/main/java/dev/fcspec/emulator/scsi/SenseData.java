package dev.fcspec.emulator.scsi;

import java.util.Arrays;

/**
 * Sense data (SPC-4 4.5), held format-independently and encoded as fixed (response code 70h) or descriptor
 * (72h) format on request. {@link #decode} reads either format back (for initiators and tests).
 *
 * @param senseKey           the SENSE KEY
 * @param ascAscq            ADDITIONAL SENSE CODE and QUALIFIER packed as {@code asc << 8 | ascq}
 * @param informationValid   whether the INFORMATION field is valid
 * @param information        the INFORMATION field (e.g. the miscompare offset)
 * @param senseKeySpecific   the 3-byte SENSE KEY SPECIFIC field including its SKSV bit (bit 23), or 0 when none
 */
public record SenseData(int senseKey, int ascAscq, boolean informationValid, long information,
                        int senseKeySpecific) {

    /** SKSV bit of the sense-key specific field. */
    public static final int SKSV = 0x800000;
    private static final int CD = 0x400000;
    private static final int BPV = 0x080000;

    public SenseData {
        if (senseKey < 0 || senseKey > 0xF) {
            throw new IllegalArgumentException("sense key out of range: " + senseKey);
        }
        if (ascAscq < 0 || ascAscq > 0xFFFF) {
            throw new IllegalArgumentException("ASC/ASCQ out of range: " + ascAscq);
        }
    }

    public static SenseData of(int senseKey, int ascAscq) {
        return new SenseData(senseKey, ascAscq, false, 0, 0);
    }

    /**
     * A field pointer (SPC-4 4.5.2.4.2).
     *
     * @param inCdb      true when the field is in the CDB (C/D = 1), false for the parameter list
     * @param byteOffset the byte containing the bad field
     * @param bit        the most significant bit of the bad field, or -1 when the whole byte is meant
     */
    public static int fieldPointer(boolean inCdb, int byteOffset, int bit) {
        int v = SKSV | (inCdb ? CD : 0) | (byteOffset & 0xFFFF);
        if (bit >= 0) {
            v |= BPV | (bit & 0x7) << 16;
        }
        return v;
    }

    public int asc() {
        return ascAscq >>> 8;
    }

    public int ascq() {
        return ascAscq & 0xFF;
    }

    public SenseData withInformation(long info) {
        return new SenseData(senseKey, ascAscq, true, info, senseKeySpecific);
    }

    /** Whether a sense-key specific field is present (SKSV set). */
    public boolean hasSenseKeySpecific() {
        return (senseKeySpecific & SKSV) != 0;
    }

    /** C/D bit of a field pointer: true when it points into the CDB. */
    public boolean fieldPointerInCdb() {
        return (senseKeySpecific & CD) != 0;
    }

    /** The FIELD POINTER (byte offset) of a field-pointer sense-key specific field. */
    public int fieldPointerByte() {
        return senseKeySpecific & 0xFFFF;
    }

    /** The BIT POINTER of a field pointer, or -1 when BPV is clear. */
    public int fieldPointerBit() {
        return (senseKeySpecific & BPV) != 0 ? (senseKeySpecific >>> 16) & 0x7 : -1;
    }

    public byte[] encode(boolean descriptorFormat) {
        return descriptorFormat ? encodeDescriptor() : encodeFixed();
    }

    /** Fixed format, 18 bytes. INFORMATION wider than 32 bits is reported with VALID clear. */
    public byte[] encodeFixed() {
        byte[] b = new byte[18];
        boolean valid = informationValid && (information >>> 32) == 0;
        b[0] = (byte) ((valid ? 0x80 : 0) | 0x70);
        b[2] = (byte) senseKey;
        if (informationValid) {
            Bytes.put32(b, 3, information);
        }
        b[7] = 10;
        b[12] = (byte) asc();
        b[13] = (byte) ascq();
        if (hasSenseKeySpecific()) {
            Bytes.put24(b, 15, senseKeySpecific);
        }
        return b;
    }

    /** Descriptor format: header plus information and sense-key specific descriptors when present. */
    public byte[] encodeDescriptor() {
        int len = 8 + (informationValid ? 12 : 0) + (hasSenseKeySpecific() ? 8 : 0);
        byte[] b = new byte[len];
        b[0] = 0x72;
        b[1] = (byte) senseKey;
        b[2] = (byte) asc();
        b[3] = (byte) ascq();
        b[7] = (byte) (len - 8);
        int p = 8;
        if (informationValid) {
            b[p] = 0x00;
            b[p + 1] = 0x0A;
            b[p + 2] = (byte) 0x80;
            Bytes.put64(b, p + 4, information);
            p += 12;
        }
        if (hasSenseKeySpecific()) {
            b[p] = 0x02;
            b[p + 1] = 0x06;
            Bytes.put24(b, p + 4, senseKeySpecific);
        }
        return b;
    }

    /**
     * Decodes fixed or descriptor format sense data.
     *
     * @throws IllegalArgumentException naming the defect when the bytes are not sense data
     */
    public static SenseData decode(byte[] b) {
        if (b.length < 8) {
            throw new IllegalArgumentException("sense data shorter than 8 bytes: " + b.length);
        }
        int code = b[0] & 0x7F;
        if (code == 0x70 || code == 0x71) {
            if (b.length < 14) {
                throw new IllegalArgumentException("fixed sense data shorter than 14 bytes: " + b.length);
            }
            boolean valid = (b[0] & 0x80) != 0;
            int sks = b.length >= 18 ? Bytes.u24(b, 15) : 0;
            return new SenseData(b[2] & 0xF, Bytes.u16(b, 12), valid, valid ? Bytes.u32(b, 3) : 0,
                    (sks & SKSV) != 0 ? sks : 0);
        }
        if (code == 0x72 || code == 0x73) {
            boolean valid = false;
            long info = 0;
            int sks = 0;
            int end = Math.min(b.length, 8 + (b[7] & 0xFF));
            int p = 8;
            while (p + 2 <= end) {
                int type = b[p] & 0xFF;
                int dlen = b[p + 1] & 0xFF;
                if (p + 2 + dlen > end) {
                    throw new IllegalArgumentException("sense descriptor at " + p + " overruns the sense data");
                }
                if (type == 0x00 && dlen >= 0x0A) {
                    valid = (b[p + 2] & 0x80) != 0;
                    info = Bytes.u64(b, p + 4);
                } else if (type == 0x02 && dlen >= 6) {
                    sks = Bytes.u24(b, p + 4);
                }
                p += 2 + dlen;
            }
            return new SenseData(b[1] & 0xF, Bytes.u16(b, 2), valid, info, (sks & SKSV) != 0 ? sks : 0);
        }
        throw new IllegalArgumentException("unknown sense data response code 0x" + Integer.toHexString(code)
                + " in " + Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 8))));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format("SenseData[key=%Xh asc=%02Xh ascq=%02Xh", senseKey,
                asc(), ascq()));
        if (informationValid) {
            s.append(" info=").append(information);
        }
        if (hasSenseKeySpecific()) {
            s.append(String.format(" sks=%06X", senseKeySpecific));
        }
        return s.append(']').toString();
    }
}
