package dev.fcspec.emulator.port;

/** States of a remote port's login state machine (after Linux libfc {@code enum fc_rport_state}). */
public enum RportState {
    /** Known, not logged in. */
    INIT,
    /** PLOGI sent, waiting for LS_ACC. */
    PLOGI,
    /** N_Port login done (either way); no FC-4 image pair yet. */
    PLOGI_COMPLETE,
    /** PRLI sent, waiting for LS_ACC. */
    PRLI,
    /** Logged in, with the FC-4 image pair established when one was wanted. */
    READY,
    /** ADISC sent to check the remote port's identity. */
    ADISC,
    /** LOGO sent. */
    LOGO,
    /** PLOGI or PRLI was rejected, or timed out after the retries. */
    FAILED,
    /** Logged out (either way); the entry is gone from the local port. */
    DELETED;

    /** True while an N_Port login exists with the remote port. */
    public boolean isLoggedIn() {
        return this == PLOGI_COMPLETE || this == PRLI || this == READY || this == ADISC;
    }
}
