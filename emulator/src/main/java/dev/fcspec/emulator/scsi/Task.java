package dev.fcspec.emulator.scsi;

/**
 * One command in execution: the nexus, the CDB, the logical unit it addresses (null when the LUN is not
 * accessible), and the bookkeeping a handler leaves for the response (status, data-out consumed/short).
 */
final class Task {
    final TargetCore target;
    final ItNexus nexus;
    final ScsiCommand command;
    final byte[] cdb;
    final long lun;
    final LogicalUnit lu;
    /** GOOD unless the handler says otherwise (CONDITION MET). */
    int status = ScsiStatus.GOOD;
    /** Data-out bytes the command used. */
    int dataOutConsumed;
    /** Data-in bytes the command would have sent beyond the expected length (already cut off). */
    int dataInOverrun;
    /** Data-out bytes the CDB asked for beyond what the initiator sent. */
    int dataOutShortfall;

    Task(TargetCore target, ItNexus nexus, ScsiCommand command, LogicalUnit lu) {
        this.target = target;
        this.nexus = nexus;
        this.command = command;
        this.cdb = command.cdb();
        this.lun = command.lun();
        this.lu = lu;
    }

    /**
     * The data-out the CDB calls for: {@code wanted} bytes, or fewer when the initiator sent fewer (the
     * shortfall is reported as a residual overflow). Returns the number of bytes available.
     */
    int takeDataOut(long wanted) {
        int have = command.dataOut().length;
        int n = (int) Math.min(wanted, have);
        dataOutConsumed = n;
        dataOutShortfall = (int) Math.min(Integer.MAX_VALUE, wanted - n);
        return n;
    }

    byte[] dataOut() {
        return command.dataOut();
    }

    /** Truncates data-in to the ALLOCATION LENGTH of the CDB. */
    static byte[] allocation(byte[] data, long allocationLength) {
        if (data.length <= allocationLength) {
            return data;
        }
        return java.util.Arrays.copyOf(data, (int) allocationLength);
    }
}
