package dev.fcspec.emulator.scsi;

import java.util.function.Consumer;

/**
 * The one contract between a SCSI target and its front ends (LIO's {@code target_core_fabric_ops} seen from
 * the other side): FCP and iSCSI hand every command and task management function over and send what the
 * completion delivers; they know nothing about the target behind it (a target core, an appliance's virtual
 * target module that forwards to a partner node, a mirrored server's I/O driver). A completion may run at once
 * or later, always on the target's scheduler, and runs exactly once, unless the target is gone (a failed
 * node answers nothing, and the initiator's timeout ends the task). The response's residual is final: front
 * ends only map it onto their wire fields.
 *
 * <p>Threading: call only from the scheduler the target is confined to; a front end on other threads (iSCSI
 * on MINA's) hands the call to that scheduler.
 */
public interface ScsiTarget {

    /** Executes one command on the I_T nexus; {@code completion} receives its response. */
    void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> completion);

    /**
     * Performs a task management function; {@code completion} receives the service response.
     *
     * @param lun           the LUN the function addresses (ignored for I_T NEXUS RESET and TARGET RESET)
     * @param referencedTag the tag of the referenced task for ABORT TASK / QUERY TASK, else ignored
     */
    void manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag,
                Consumer<TaskManagementResponse> completion);

    /**
     * The data-out bytes the command's CDB calls for on this LUN, which a front end collects instead of trusting
     * the initiator's expected length; 0 when the command will end without data (no such LUN for this
     * initiator, LBA range outside the medium); {@link DataOutLength#UNKNOWN} when only executing it can tell.
     */
    default long dataOutLength(ItNexus nexus, long lun, byte[] cdb) {
        return DataOutLength.UNKNOWN;
    }

    /** The front end reports that an I_T nexus is gone (logout, connection loss, LOGO, link down). */
    void nexusLost(ItNexus nexus);
}
