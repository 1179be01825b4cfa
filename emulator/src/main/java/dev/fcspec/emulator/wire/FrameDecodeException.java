package dev.fcspec.emulator.wire;

/** A frame that cannot be decoded; {@link #defect()} names what is wrong with it. */
public final class FrameDecodeException extends WireFormatException {

    /** What is wrong with a received frame. */
    public enum Defect {
        /** Fewer bytes than the smallest frame or than a field needs. */
        TRUNCATED,
        /** Length not a multiple of 4 bytes (frames are whole transmission words). */
        NOT_WORD_ALIGNED,
        /** Payload over 2112 bytes. */
        PAYLOAD_TOO_LONG,
        /** CRC does not match the frame content. */
        BAD_CRC,
        UNKNOWN_SOF,
        UNKNOWN_EOF,
        /** F_CTL fill-byte count larger than the data field, or fill bytes that are not zero. */
        BAD_FILL
    }

    private final Defect defect;

    public FrameDecodeException(Defect defect, String message) {
        super(defect + ": " + message);
        this.defect = defect;
    }

    public Defect defect() {
        return defect;
    }
}
