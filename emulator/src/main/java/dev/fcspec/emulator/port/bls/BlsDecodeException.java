package dev.fcspec.emulator.port.bls;

import dev.fcspec.emulator.wire.WireFormatException;

/**
 * A Basic Link Service frame that cannot be decoded. {@link #reason()} and {@link #explanation()} are the
 * BA_RJT codes a responder answers with ({@link #toBaRjt()}).
 */
public final class BlsDecodeException extends WireFormatException {

    /** What is wrong with a BLS frame. */
    public enum Defect {
        TRUNCATED,
        OVERSIZED,
        /** An R_CTL that is not ABTS, BA_ACC or BA_RJT (BA_NOP, RMC, PRMT, or not BLS at all). */
        UNSUPPORTED_COMMAND,
        /** A TYPE other than 0x00 on a BLS R_CTL. */
        WRONG_TYPE,
        INVALID_FIELD
    }

    private final Defect defect;
    private final int reason;
    private final int explanation;

    public BlsDecodeException(Defect defect, int reason, int explanation, String message) {
        super(defect + ": " + message);
        this.defect = defect;
        this.reason = reason;
        this.explanation = explanation;
    }

    public Defect defect() {
        return defect;
    }

    public int reason() {
        return reason;
    }

    public int explanation() {
        return explanation;
    }

    public BaRjt toBaRjt() {
        return BaRjt.of(reason, explanation);
    }
}
