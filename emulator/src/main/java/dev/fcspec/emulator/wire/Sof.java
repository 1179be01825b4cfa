package dev.fcspec.emulator.wire;

/**
 * Start-of-frame delimiters: the 4-byte ordered set of LINKTYPE_FC_2_WITH_FRAME_DELIMS (K28.5 written 0xBC,
 * Dxx.y written {@code (y << 5) | xx}) and the one-byte code of RFC 3643 (FCIP).
 */
public enum Sof {
    SOFF(0x58, 0x28),
    SOFI2(0x55, 0x2D),
    SOFN2(0x35, 0x35),
    SOFI3(0x56, 0x2E),
    SOFN3(0x36, 0x36),
    SOFI4(0x59, 0x29),
    SOFN4(0x39, 0x31),
    SOFC4(0x19, 0x39);

    private final int orderedSetByte;
    private final int fcipCode;

    Sof(int orderedSetByte, int fcipCode) {
        this.orderedSetByte = orderedSetByte;
        this.fcipCode = fcipCode;
    }

    /** The ordered set {@code BC B5 xx xx}. */
    public void writeOrderedSet(byte[] dst, int offset) {
        dst[offset] = (byte) 0xBC;
        dst[offset + 1] = (byte) 0xB5;
        dst[offset + 2] = (byte) orderedSetByte;
        dst[offset + 3] = (byte) orderedSetByte;
    }

    public int fcipCode() {
        return fcipCode;
    }

    /** True for the delimiters that open a sequence (SOFi*). */
    public boolean initiatesSequence() {
        return this == SOFI2 || this == SOFI3 || this == SOFI4;
    }

    public static Sof fromOrderedSet(byte[] src, int offset) {
        if (offset < 0 || offset > src.length - 4) {
            throw new FrameDecodeException(FrameDecodeException.Defect.TRUNCATED,
                    "SOF ordered set needs 4 bytes at offset " + offset + " of " + src.length);
        }
        if ((src[offset] & 0xFF) == 0xBC && (src[offset + 1] & 0xFF) == 0xB5 && src[offset + 2] == src[offset + 3]) {
            int b = src[offset + 2] & 0xFF;
            for (Sof s : values()) {
                if (s.orderedSetByte == b) {
                    return s;
                }
            }
        }
        throw new FrameDecodeException(FrameDecodeException.Defect.UNKNOWN_SOF,
                String.format("unknown SOF ordered set %02x %02x %02x %02x",
                        src[offset], src[offset + 1], src[offset + 2], src[offset + 3]));
    }

    public static Sof fromFcipCode(int code) {
        for (Sof s : values()) {
            if (s.fcipCode == code) {
                return s;
            }
        }
        throw new FrameDecodeException(FrameDecodeException.Defect.UNKNOWN_SOF,
                String.format("unknown RFC 3643 SOF code 0x%02x", code));
    }
}
