package dev.fcspec.emulator.fabric;

/** Login state of an F_Port. */
public enum FPortState {
    /** No link attached, or the port was taken offline: frames arriving are discarded. */
    OFFLINE,
    /** Link up, waiting for FLOGI. Only FLOGI to the login server is served. */
    AWAITING_FLOGI,
    /** The physical N_Port is logged in; FDISC is accepted for virtual ports. */
    LOGGED_IN
}
