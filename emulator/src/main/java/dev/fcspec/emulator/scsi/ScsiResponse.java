package dev.fcspec.emulator.scsi;

import java.util.Objects;

/**
 * The outcome of a SCSI command.
 *
 * @param status SCSI status byte (see {@link ScsiStatus})
 * @param sense  sense data (empty unless CHECK CONDITION)
 * @param dataIn data-in bytes, at most the expected data-in length; the front end derives the residual
 *               (underrun when shorter than expected, overrun when the command wanted to transfer more,
 *               see {@link #overrunBytes})
 * @param overrunBytes bytes the command would have transferred beyond the expected length (data-in or
 *               data-out); 0 when none
 * @param underrunBytes bytes of the expected length the command did not transfer: for data-in, the expected
 *               data-in length minus {@code dataIn.length}; for data-out, the data-out bytes the initiator
 *               sent beyond what the command used. 0 when none or when {@code overrunBytes} is set. Front ends
 *               report {@code overrunBytes} as a residual overflow, else {@code underrunBytes} as a residual
 *               underflow (iSCSI Residual Count, FCP_RESID).
 */
public record ScsiResponse(int status, byte[] sense, byte[] dataIn, int overrunBytes, int underrunBytes) {
    private static final byte[] EMPTY = new byte[0];

    public ScsiResponse {
        Objects.requireNonNull(sense, "sense");
        Objects.requireNonNull(dataIn, "dataIn");
        if (overrunBytes < 0 || underrunBytes < 0) {
            throw new IllegalArgumentException("negative residual");
        }
    }

    /** The original four-component form: no underrun reported. */
    public ScsiResponse(int status, byte[] sense, byte[] dataIn, int overrunBytes) {
        this(status, sense, dataIn, overrunBytes, 0);
    }

    /** GOOD with data-in. */
    public static ScsiResponse good(byte[] dataIn) {
        return new ScsiResponse(ScsiStatus.GOOD, EMPTY, dataIn, 0, 0);
    }

    /** A status without sense and data (RESERVATION CONFLICT, BUSY, TASK SET FULL, TASK ABORTED). */
    public static ScsiResponse status(int status) {
        return new ScsiResponse(status, EMPTY, EMPTY, 0, 0);
    }

    /** CHECK CONDITION with encoded sense data. */
    public static ScsiResponse checkCondition(byte[] sense) {
        return new ScsiResponse(ScsiStatus.CHECK_CONDITION, sense, EMPTY, 0, 0);
    }

    /** The sense data decoded (fixed or descriptor format); only meaningful for CHECK CONDITION. */
    public SenseData senseData() {
        return SenseData.decode(sense);
    }
}
