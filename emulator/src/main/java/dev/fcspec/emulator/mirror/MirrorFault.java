package dev.fcspec.emulator.mirror;

/**
 * Deliberate faults a server's mirror engine or policing protocol module can be given, to prove that the tests
 * and scenarios notice a broken mirror (a check that still passes with the fault injected checks nothing).
 * Never set in normal operation; nothing in a bench file can set them.
 */
public enum MirrorFault {
    /** The mirror engine sends no copies of write requests: writes stay on the own device only. */
    NO_COPIES,
    /**
     * The policing protocol module enforces no write priority: it answers every peer's request at once, and
     * holds its own claims as soon as the peers answered, whatever else is pending for the regions.
     */
    NO_WRITE_PRIORITY
}
