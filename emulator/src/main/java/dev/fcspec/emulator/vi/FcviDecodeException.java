package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.wire.WireFormatException;

/** An FC-VI IU that cannot be decoded; {@link #defect()} names what is wrong with it. */
public final class FcviDecodeException extends WireFormatException {

    /** What is wrong with a received IU. */
    public enum Defect {
        /** Fewer bytes than the header or the IU body needs. */
        TRUNCATED,
        /** More bytes than the IU's length field accounts for. */
        LENGTH_MISMATCH,
        UNKNOWN_IU,
        UNKNOWN_VERSION,
        UNKNOWN_STATUS,
        UNKNOWN_RELIABILITY_LEVEL,
        UNKNOWN_CONNECT_RESULT,
        /** A data length over {@link FcviProtocol#MAX_TRANSFER_SIZE}. */
        TRANSFER_TOO_LONG
    }

    private final Defect defect;

    public FcviDecodeException(Defect defect, String message) {
        super(defect + ": " + message);
        this.defect = defect;
    }

    public Defect defect() {
        return defect;
    }
}
