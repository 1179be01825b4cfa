package dev.fcspec.emulator.iop;

/** States of a replication association between a source volume and its replica volume. */
public enum AssociationState {
    /** Designation requested; the replica has not confirmed yet. */
    DESIGNATING,
    /** Writes to the source are replicated as they happen. */
    ACTIVE,
    /** Terminated: writes to the source are recorded as dirty regions, not replicated. */
    TERMINATED,
    /** Being re-established: the dirty regions are being copied to the replica. */
    RESYNCHRONIZING
}
