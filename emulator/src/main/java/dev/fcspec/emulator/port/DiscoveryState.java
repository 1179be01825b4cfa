package dev.fcspec.emulator.port;

/**
 * States of a local port's target discovery (after Linux libfc {@code fc_disc.c}): IDLE until the port is
 * READY on a fabric, GPN_FT while the name server is asked which FCP ports exist, LOGGING_IN while PLOGI and
 * PRLI go to the ports found, READY when every login has finished (logged in or failed), FAILED when the name
 * server could not be asked after the retries.
 */
public enum DiscoveryState {
    /** Not started: discovery is off, or the port is not READY on a fabric. */
    IDLE,
    /** GPN_FT for FC-4 TYPE 0x08 sent to the name server (FFFFFC); waiting for its FS_ACC or FS_RJT. */
    GPN_FT,
    /** Logging in (PLOGI, PRLI) to the ports the name server listed. */
    LOGGING_IN,
    /** The last discovery is done; the remote ports it found are logged in (or their login failed). */
    READY,
    /** The name server did not answer usefully after the retries; see {@link Discovery#failure()}. */
    FAILED
}
