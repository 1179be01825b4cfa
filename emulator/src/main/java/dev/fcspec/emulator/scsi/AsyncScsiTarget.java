package dev.fcspec.emulator.scsi;

import java.util.function.Consumer;

/**
 * A SCSI target whose commands may complete later, on the emulator's scheduler (a clustered appliance that
 * forwards a command to its partner over the interconnect answers when the partner's response comes back).
 * Front ends that see this interface hand commands to {@link #submit} and send the response when it is
 * delivered; {@link #execute} stays available for callers that need an answer at once.
 */
public interface AsyncScsiTarget extends ScsiTarget {

    /** Executes one command on the I_T nexus; {@code done} receives the response exactly once. */
    void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> done);
}
