package dev.fcspec.emulator.port.exchange;

/** Life cycle of one exchange (FC-FS exchange status, as Linux libfc's {@code fc_exch} tracks it). */
public enum ExchangeState {
    /** Sequences may be sent and received. */
    OPEN,
    /** The last sequence was sent or received; the X_IDs are free again. */
    COMPLETED,
    /** This port sent ABTS and waits for BA_ACC or BA_RJT. */
    ABORTING,
    /**
     * Aborted; the recovery qualifier (S_ID, D_ID, OX_ID, RX_ID) is held for R_A_TOV so that no frame of the
     * old exchange can be taken for one of a new exchange with the same X_IDs.
     */
    RECOVERY,
    /** Aborted and R_A_TOV has passed: the X_IDs are free again. */
    ABORTED;

    /** True when no more sequences flow on the exchange. */
    public boolean isTerminal() {
        return this != OPEN;
    }
}
