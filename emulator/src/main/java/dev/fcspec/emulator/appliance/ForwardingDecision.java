package dev.fcspec.emulator.appliance;

/** What a virtual target module does with a command, from the port it arrived at and the LUN it addresses. */
public enum ForwardingDecision {
    /** The LUN is on one of this node's disks: the local SCSI target core processes it. */
    LOCAL,
    /** The LUN is the partner's and the command came in at a proxy port: it goes over the interconnect. */
    FORWARD,
    /** The LUN is the partner's but the port does not proxy: LOGICAL UNIT NOT SUPPORTED. */
    REFUSE,
    /** Answered by the module itself (REPORT LUNS lists the LUNs the port serves). */
    ANSWERED_HERE
}
