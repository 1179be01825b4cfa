package dev.fcspec.emulator.fabric;

/**
 * What ports that are in no zone of the active zone set see. With no zone set active every port is in the
 * default zone.
 */
public enum DefaultZone {
    /** Ports in no zone see each other (and only each other once a zone set is active). */
    ALL_ACCESS,
    /** Ports in no zone see nobody. */
    NO_ACCESS
}
