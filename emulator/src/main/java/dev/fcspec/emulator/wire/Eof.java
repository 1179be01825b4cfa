package dev.fcspec.emulator.wire;

/**
 * End-of-frame delimiters. The ordered set is written with negative running disparity ({@code BC 95 ..}),
 * the form that follows a frame; decoding accepts both disparities.
 */
public enum Eof {
    EOFN(0x95, 0xB5, 0xD5, 0x41),
    EOFT(0x95, 0xB5, 0x75, 0x42),
    EOFNI(0x8A, 0xAA, 0xD5, 0x49),
    EOFA(0x95, 0xB5, 0xF5, 0x50);

    private final int negative;
    private final int positive;
    private final int orderedSetByte;
    private final int fcipCode;

    Eof(int negative, int positive, int orderedSetByte, int fcipCode) {
        this.negative = negative;
        this.positive = positive;
        this.orderedSetByte = orderedSetByte;
        this.fcipCode = fcipCode;
    }

    public void writeOrderedSet(byte[] dst, int offset) {
        dst[offset] = (byte) 0xBC;
        dst[offset + 1] = (byte) negative;
        dst[offset + 2] = (byte) orderedSetByte;
        dst[offset + 3] = (byte) orderedSetByte;
    }

    public int fcipCode() {
        return fcipCode;
    }

    /** True for the delimiter that ends a sequence. */
    public boolean terminatesSequence() {
        return this == EOFT;
    }

    public static Eof fromOrderedSet(byte[] src, int offset) {
        if (offset < 0 || offset > src.length - 4) {
            throw new FrameDecodeException(FrameDecodeException.Defect.TRUNCATED,
                    "EOF ordered set needs 4 bytes at offset " + offset + " of " + src.length);
        }
        if ((src[offset] & 0xFF) == 0xBC && src[offset + 2] == src[offset + 3]) {
            int d = src[offset + 1] & 0xFF;
            int b = src[offset + 2] & 0xFF;
            for (Eof e : values()) {
                if (e.orderedSetByte == b && (e.negative == d || e.positive == d)) {
                    return e;
                }
            }
        }
        throw new FrameDecodeException(FrameDecodeException.Defect.UNKNOWN_EOF,
                String.format("unknown EOF ordered set %02x %02x %02x %02x",
                        src[offset], src[offset + 1], src[offset + 2], src[offset + 3]));
    }

    public static Eof fromFcipCode(int code) {
        for (Eof e : values()) {
            if (e.fcipCode == code) {
                return e;
            }
        }
        throw new FrameDecodeException(FrameDecodeException.Defect.UNKNOWN_EOF,
                String.format("unknown RFC 3643 EOF code 0x%02x", code));
    }
}
