package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.WireFormatException;

/** An I/O-processor message or parameter block that cannot be decoded; {@link #defect()} says why. */
public final class IopDecodeException extends WireFormatException {

    public enum Defect {
        TRUNCATED,
        UNKNOWN_VERSION,
        UNKNOWN_KIND,
        /** The parameter length field disagrees with the payload, or parameters have the wrong size. */
        LENGTH_MISMATCH,
        /** Replicated data that is not whole blocks. */
        PARTIAL_BLOCK
    }

    private final Defect defect;

    public IopDecodeException(Defect defect, String message) {
        super(defect + ": " + message);
        this.defect = defect;
    }

    public Defect defect() {
        return defect;
    }
}
