package dev.fcspec.emulator.iscsi;

import java.util.Objects;

/**
 * What an initiator gets back for a SCSI command.
 *
 * @param status        SCSI status
 * @param sense         sense data (empty when none)
 * @param dataIn        data-in received
 * @param overflow      residual overflow (the command wanted to move more than the expected length)
 * @param underflow     residual underflow (the command moved less than the expected length)
 * @param residualCount the residual count
 */
public record ScsiResult(int status, byte[] sense, byte[] dataIn, boolean overflow, boolean underflow,
                         int residualCount) {
    public ScsiResult {
        Objects.requireNonNull(sense, "sense");
        Objects.requireNonNull(dataIn, "dataIn");
    }

    /** The sense key, or -1 without sense data. */
    public int senseKey() {
        if (sense.length < 3) {
            return -1;
        }
        return (sense[0] & 0x7F) >= 0x72 ? sense[1] & 0x0F : sense[2] & 0x0F;
    }

    /** ASC and ASCQ as one number (0x2400 for INVALID FIELD IN CDB), or -1 without sense data. */
    public int ascAscq() {
        if ((sense.length > 0) && (sense[0] & 0x7F) >= 0x72 && sense.length >= 4) {
            return ((sense[2] & 0xFF) << 8) | (sense[3] & 0xFF);
        }
        if (sense.length >= 14) {
            return ((sense[12] & 0xFF) << 8) | (sense[13] & 0xFF);
        }
        return -1;
    }
}
