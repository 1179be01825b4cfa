package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.WireFormatException;

/**
 * An ELS payload that cannot be decoded. {@link #defect()} names what is wrong; {@link #reason()} and
 * {@link #explanation()} are the LS_RJT codes a responder sends back for it ({@link #toLsRjt()}).
 */
public final class ElsDecodeException extends WireFormatException {

    /** What is wrong with a received ELS payload. */
    public enum Defect {
        /** Fewer bytes than the command needs. */
        TRUNCATED,
        /** More bytes than the command allows. */
        OVERSIZED,
        /** A length field inside the payload disagrees with the payload or with the standard. */
        BAD_LENGTH_FIELD,
        /** Byte 0 is not an ELS command code FC-LS defines (or is LS_ACC/LS_RJT where a request belongs). */
        INVALID_COMMAND_CODE,
        /** A defined ELS command this emulator does not implement. */
        UNSUPPORTED_COMMAND,
        /** Byte 0 is a defined code but not the one the decoder was asked for. */
        UNEXPECTED_COMMAND,
        /** An N_Port or F_Port name that is not a valid WWN. */
        INVALID_PORT_NAME,
        /** A node or fabric name that is not a valid WWN. */
        INVALID_NODE_NAME,
        /** A service parameter out of range (receive data field size, class options...). */
        INVALID_SERVICE_PARAMETER,
        /** Any other field with a value the standard does not allow. */
        INVALID_FIELD
    }

    private final Defect defect;
    private final int command;
    private final int reason;
    private final int explanation;

    public ElsDecodeException(Defect defect, int command, int reason, int explanation, String message) {
        super(defect + " in " + ElsCommand.name(command) + ": " + message);
        this.defect = defect;
        this.command = command;
        this.reason = reason;
        this.explanation = explanation;
    }

    public Defect defect() {
        return defect;
    }

    /** The command code of the payload (byte 0), or -1 for an empty payload. */
    public int command() {
        return command;
    }

    /** LS_RJT reason code a responder answers with, see {@link LsRjtReason}. */
    public int reason() {
        return reason;
    }

    /** LS_RJT reason explanation a responder answers with, see {@link LsRjtExplanation}. */
    public int explanation() {
        return explanation;
    }

    /** The LS_RJT a responder sends for this defect. */
    public LsRjt toLsRjt() {
        return new LsRjt(reason, explanation, 0);
    }

    static ElsDecodeException length(Defect defect, int command, String message) {
        return new ElsDecodeException(defect, command, LsRjtReason.LOGICAL_ERROR,
                LsRjtExplanation.INVALID_PAYLOAD_LENGTH, message);
    }
}
