package dev.fcspec.emulator.port.ct;

import dev.fcspec.emulator.wire.WireFormatException;

/**
 * A CT_IU that cannot be decoded. {@link #defect()} names what is wrong; {@link #reason()} and
 * {@link #explanation()} are the FS_RJT codes a server answers the request with.
 */
public final class CtDecodeException extends WireFormatException {

    /** What is wrong with a CT_IU. */
    public enum Defect {
        /** Shorter than the 16-byte preamble. */
        TRUNCATED_PREAMBLE(CtConstants.RJT_INVALID_CT_IU_SIZE),
        /** Revision other than 1 or 3. */
        UNSUPPORTED_REVISION(CtConstants.RJT_INVALID_VERSION_LEVEL),
        /** GS_TYPE/GS_SUBTYPE of a service this decoder does not speak (e.g. management at the name server). */
        UNSUPPORTED_SERVICE(CtConstants.RJT_COMMAND_NOT_SUPPORTED),
        /** Command code that is not a request of this service at all (including FS_ACC/FS_RJT sent as requests). */
        INVALID_COMMAND_CODE(CtConstants.RJT_INVALID_COMMAND_CODE),
        /** Command code the standard defines but this codec does not implement. */
        COMMAND_NOT_SUPPORTED(CtConstants.RJT_COMMAND_NOT_SUPPORTED),
        /** Payload length that does not match the command. */
        BAD_PAYLOAD_LENGTH(CtConstants.RJT_INVALID_CT_IU_SIZE),
        /** A field value that is not allowed (an invalid World Wide Name, a symbolic name that overruns the payload). */
        BAD_FIELD(CtConstants.RJT_LOGICAL_ERROR),
        /** A response code other than FS_ACC or FS_RJT where a response was expected. */
        NOT_A_RESPONSE(CtConstants.RJT_PROTOCOL_ERROR);

        private final int reason;

        Defect(int reason) {
            this.reason = reason;
        }

        /** The FS_RJT reason code a server answers a request with this defect. */
        public int reason() {
            return reason;
        }
    }

    private final Defect defect;
    private final int explanation;

    public CtDecodeException(Defect defect, String message) {
        this(defect, CtConstants.EXPL_NONE, message);
    }

    public CtDecodeException(Defect defect, int explanation, String message) {
        super(defect + ": " + message);
        this.defect = defect;
        this.explanation = explanation;
    }

    public Defect defect() {
        return defect;
    }

    /** FS_RJT reason code to answer with. */
    public int reason() {
        return defect.reason();
    }

    /** FS_RJT reason code explanation to answer with. */
    public int explanation() {
        return explanation;
    }
}
