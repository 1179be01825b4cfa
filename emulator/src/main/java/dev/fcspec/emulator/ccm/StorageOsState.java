package dev.fcspec.emulator.ccm;

/** How far a node's storage operating system has come. */
public enum StorageOsState {
    /** Powered off. */
    OFF,
    /** Interconnect firmware up (status variable and boot VI reachable); the operating system not started. */
    FIRMWARE,
    /** Operating system initialising: the cluster connection manager runs, other services not yet. */
    INITIALIZING,
    /** Fully functioning. */
    FULLY_UP
}
