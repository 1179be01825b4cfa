package dev.fcspec.emulator.fabric;

/** How an N_Port_ID was obtained from the login server. */
public enum LoginKind {
    /** FLOGI: the physical N_Port of an F_Port; its N_Port_ID is domain.area.00. */
    FLOGI,
    /** FDISC: an NPIV virtual N_Port behind the physical one; domain.area.01 upwards. */
    FDISC
}
