package dev.fcspec.emulator.scsi;

/**
 * The residual of a completed command, as the target core computes it once for every front end (LIO's
 * {@code SCF_OVERFLOW_BIT}/{@code SCF_UNDERFLOW_BIT} with {@code residual_count}): an underflow when fewer bytes
 * were transferred than the initiator's expected data transfer length, an overflow when the command would have
 * transferred more. FCP maps it onto FCP_RESID_UNDER/FCP_RESID_OVER and FCP_RESID, iSCSI onto the U/O flags and
 * the Residual Count; neither computes anything of its own.
 *
 * @param kind  none, underflow or overflow
 * @param count bytes not transferred (underflow) or not accepted (overflow); 0 exactly when {@code kind} is NONE
 */
public record Residual(Kind kind, int count) {

    /** Whether and in which direction the transfer differed from the expected length. */
    public enum Kind {
        NONE, UNDERFLOW, OVERFLOW
    }

    public static final Residual NONE = new Residual(Kind.NONE, 0);

    public Residual {
        java.util.Objects.requireNonNull(kind, "kind");
        if (count < 0 || (count == 0) != (kind == Kind.NONE)) {
            throw new IllegalArgumentException("residual " + kind + " of " + count + " bytes");
        }
    }

    /** An underflow of {@code count} bytes, or none when {@code count} is 0. */
    public static Residual underflow(int count) {
        return count == 0 ? NONE : new Residual(Kind.UNDERFLOW, count);
    }

    /** An overflow of {@code count} bytes, or none when {@code count} is 0. */
    public static Residual overflow(int count) {
        return count == 0 ? NONE : new Residual(Kind.OVERFLOW, count);
    }

    public boolean underflow() {
        return kind == Kind.UNDERFLOW;
    }

    public boolean overflow() {
        return kind == Kind.OVERFLOW;
    }
}
