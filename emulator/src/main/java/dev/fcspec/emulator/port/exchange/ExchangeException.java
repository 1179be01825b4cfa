package dev.fcspec.emulator.port.exchange;

/** Why an exchange ended without completing. */
public class ExchangeException extends RuntimeException {

    /** The kind of failure. */
    public enum Cause {
        /** No reply within the exchange's timeout. */
        TIMEOUT,
        /** A multi-frame sequence stalled for longer than E_D_TOV. */
        SEQUENCE_TIMEOUT,
        /** Frames of a sequence were lost or out of order (SEQ_CNT gap). */
        SEQUENCE_ERROR,
        /** This port aborted the exchange. */
        LOCAL_ABORT,
        /** The other port sent ABTS. */
        REMOTE_ABORT,
        /** No X_ID was free. */
        NO_EXCHANGE_RESOURCES,
        /** The local port went away (logout, reset, link down). */
        PORT_RESET
    }

    private final Cause cause;

    public ExchangeException(Cause cause, String message) {
        super(cause + ": " + message);
        this.cause = cause;
    }

    public Cause kind() {
        return cause;
    }
}
