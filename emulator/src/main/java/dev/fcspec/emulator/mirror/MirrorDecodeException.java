package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.wire.WireFormatException;

/**
 * A mirror or policing message (or its parameters) that cannot be decoded; {@link #defect()} says why.
 * {@link #opcode()} and {@link #messageId()} are the header's, when it could be read (else -1 and 0), so that
 * the receiver can answer the request it could not decode.
 */
public final class MirrorDecodeException extends WireFormatException {

    public enum Defect {
        /** Shorter than the header. */
        TRUNCATED,
        UNKNOWN_VERSION,
        UNKNOWN_OPCODE,
        /** The parameter length field disagrees with the payload. */
        LENGTH_MISMATCH,
        /** The parameters have the wrong size for the opcode. */
        PARAMETER_LENGTH,
        /** Data that is not whole blocks. */
        PARTIAL_BLOCK,
        /** A block size that is not a power of two from 512 to 65536. */
        BAD_BLOCK_SIZE,
        /** A negative LBA or region, or a count of zero. */
        BAD_COUNT
    }

    private final Defect defect;
    private final int opcode;
    private final int messageId;

    public MirrorDecodeException(Defect defect, int opcode, int messageId, String message) {
        super(defect + ": " + message);
        this.defect = defect;
        this.opcode = opcode;
        this.messageId = messageId;
    }

    public Defect defect() {
        return defect;
    }

    /** The opcode of the undecodable message, or -1 when the header was too short to tell. */
    public int opcode() {
        return opcode;
    }

    public int messageId() {
        return messageId;
    }
}
