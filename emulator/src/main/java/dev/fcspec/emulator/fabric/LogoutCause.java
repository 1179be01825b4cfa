package dev.fcspec.emulator.fabric;

/** Why a login ended. */
public enum LogoutCause {
    /** The N_Port sent LOGO to the login server. */
    LOGO,
    /** The physical N_Port sent LOGO: its virtual ports went with it. */
    PHYSICAL_PORT_LOGGED_OUT,
    /** A new FLOGI on the same F_Port replaced every login there. */
    RELOGIN,
    /** Another port logged in with the same WWPN ({@link DuplicateWwpnPolicy#LOGOUT_EXISTING}). */
    DUPLICATE_WWPN,
    /** The F_Port went offline (link down, port disabled). */
    PORT_OFFLINE
}
