package dev.fcspec.emulator.scsi;

import java.util.Objects;

/**
 * One SCSI command as a front end (FCP or iSCSI) hands it to the target core, with all of its data-out
 * already collected by the front end (as LIO does before execution).
 *
 * @param lun                  the LUN as a number (flat/peripheral addressing already decoded by the front end)
 * @param cdb                  the CDB bytes (6 to 260 bytes)
 * @param attribute            task attribute
 * @param tag                  the task tag (iSCSI ITT, FCP OX_ID), used by task management
 * @param dataOut              data-out buffer (empty for no data-out); the front end collects the number of
 *                             bytes the initiator said it would send (iSCSI EDTL, FCP_DL)
 * @param expectedDataInLength the number of data-in bytes the initiator expects (iSCSI EDTL, FCP_DL) for a
 *                             read; 0 when the command is not a read
 */
public record ScsiCommand(long lun, byte[] cdb, TaskAttribute attribute, long tag, byte[] dataOut,
                          int expectedDataInLength) {
    public ScsiCommand {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(dataOut, "dataOut");
        if (expectedDataInLength < 0) {
            throw new IllegalArgumentException("negative expected data-in length");
        }
    }

    /** The operation code (byte 0 of the CDB), or -1 for an empty CDB. */
    public int opcode() {
        return cdb.length == 0 ? -1 : cdb[0] & 0xFF;
    }
}
