package dev.fcspec.emulator.appliance;

/**
 * One data access command as a node's virtual target module handled it: where it arrived, which node's
 * SCSI target core processed it, whether it crossed the interconnect, and when (emulator time).
 *
 * @param receivedBy   the node whose port received the command
 * @param port         the WWPN of the (physical or virtual) target port it arrived at
 * @param lun          the LUN it addressed
 * @param opcode       its operation code
 * @param decision     what the virtual target module decided
 * @param servedBy     the node whose target core processed it
 * @param receivedAt   emulator time (ns) the command reached the virtual target module
 * @param answeredAt   emulator time (ns) the response was handed back to the front end
 * @param status       the SCSI status returned
 */
public record ServedCommand(String receivedBy, String port, long lun, int opcode, ForwardingDecision decision,
                            String servedBy, long receivedAt, long answeredAt, int status) {

    /** Time from arrival to answer, in nanoseconds of emulator time. */
    public long latencyNanos() {
        return answeredAt - receivedAt;
    }

    public boolean proxied() {
        return decision == ForwardingDecision.FORWARD;
    }
}
