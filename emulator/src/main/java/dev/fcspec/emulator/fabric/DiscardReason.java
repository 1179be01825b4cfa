package dev.fcspec.emulator.fabric;

/** Why the switch dropped a frame instead of delivering it (Class 3: no F_RJT is sent). */
public enum DiscardReason {
    /** D_ID is not a logged-in N_Port_ID nor a service the switch provides. */
    UNKNOWN_DESTINATION,
    /** Source and destination share no zone. */
    ZONING,
    /** S_ID is not an N_Port_ID logged in on the F_Port the frame came in on. */
    INVALID_SOURCE,
    /** The frame arrived corrupted (bad CRC, bad delimiters). */
    CORRUPTED,
    /** The F_Port is offline. */
    PORT_OFFLINE,
    /** A frame a service cannot use (wrong TYPE or R_CTL for that address, an unsolicited reply). */
    UNSUPPORTED
}
