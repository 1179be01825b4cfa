package dev.fcspec.emulator.scsi;

/**
 * The fabric-agnostic SCSI target core, as the FCP and iSCSI front ends see it (one core, thin front ends,
 * as in Linux LIO). Implementations are thread-safe: front ends call from their own I/O threads.
 */
public interface ScsiTarget {

    /** Executes one command on the I_T nexus and returns its status, sense and data-in. */
    ScsiResponse execute(ItNexus nexus, ScsiCommand command);

    /**
     * Performs a task management function.
     *
     * @param lun           the LUN the function addresses (ignored for I_T NEXUS RESET and TARGET RESET)
     * @param referencedTag the tag of the referenced task for ABORT TASK / QUERY TASK, else ignored
     */
    TaskManagementResponse manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag);

    /** The front end reports that an I_T nexus is gone (logout, connection loss, LOGO, link down). */
    void nexusLost(ItNexus nexus);
}
