package dev.fcspec.emulator.port;

/**
 * States of a local port's login state machine (after Linux libfc {@code enum fc_lport_state}). A physical
 * N_Port goes DISABLED -> FLOGI -> (fabric) DNS -> RNN_ID -> RSPN_ID -> RFT_ID -> RFF_ID -> SCR -> READY, or
 * FLOGI -> (point-to-point) READY / PT2PT_WAIT -> READY. An NPIV virtual port uses FDISC instead of FLOGI.
 */
public enum LportState {
    /** Not logged in and not trying. */
    DISABLED,
    /** FLOGI sent to FFFFFE. */
    FLOGI,
    /** FDISC sent to FFFFFE (NPIV virtual port). */
    FDISC,
    /** Point-to-point, lower port name: waiting for the other N_Port's PLOGI, which assigns our address. */
    PT2PT_WAIT,
    /** PLOGI to the directory server (FFFFFC). */
    DNS,
    /** Name-server registration of the node name. */
    RNN_ID,
    /** Name-server registration of the symbolic port name. */
    RSPN_ID,
    /** Name-server registration of the FC-4 TYPEs. */
    RFT_ID,
    /** Name-server registration of the FC-4 features. */
    RFF_ID,
    /** State Change Registration with the fabric controller (FFFFFD). */
    SCR,
    /** Logged in (fabric or point-to-point); remote ports may be logged in. */
    READY,
    /** LOGO sent to the fabric. */
    LOGO,
    /** Logged out by the fabric or reset: starting over. */
    RESET,
    /** Login failed after the configured retries (or was rejected); waiting to be enabled again. */
    FAILED
}
