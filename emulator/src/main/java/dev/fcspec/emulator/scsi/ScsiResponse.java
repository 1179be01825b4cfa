package dev.fcspec.emulator.scsi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of a SCSI command, final as the front ends put it on the wire: status, sense, the data-in (never
 * more than the initiator expects) and the residual the target computed.
 *
 * @param status   SCSI status byte (see {@link ScsiStatus})
 * @param sense    sense data (empty unless CHECK CONDITION)
 * @param dataIn   data-in bytes, at most the expected data-in length
 * @param residual the final residual (see {@link Residual}); front ends only map it onto their wire fields
 */
public record ScsiResponse(int status, byte[] sense, byte[] dataIn, Residual residual) {
    private static final byte[] EMPTY = new byte[0];

    public ScsiResponse {
        Objects.requireNonNull(sense, "sense");
        Objects.requireNonNull(dataIn, "dataIn");
        Objects.requireNonNull(residual, "residual");
    }

    /**
     * The response to {@code command} with the data-in it produced, as LIO's
     * {@code target_complete_cmd_with_length}: data beyond the expected data-in length is cut off and reported
     * as an overflow; less than expected is an underflow (also when the status is not GOOD and no data moved).
     * Data-out is taken as used in full.
     */
    public static ScsiResponse complete(ScsiCommand command, int status, byte[] sense, byte[] dataIn) {
        int expected = command.expectedDataInLength();
        if (dataIn.length > expected) {
            return new ScsiResponse(status, sense, Arrays.copyOf(dataIn, expected),
                    Residual.overflow(dataIn.length - expected));
        }
        return new ScsiResponse(status, sense, dataIn, Residual.underflow(expected - dataIn.length));
    }

    /** GOOD with the data-in {@code command} produced, residual as {@link #complete}. */
    public static ScsiResponse good(ScsiCommand command, byte[] dataIn) {
        return complete(command, ScsiStatus.GOOD, EMPTY, dataIn);
    }

    /** CHECK CONDITION with encoded sense data for {@code command}: no data moved, residual as {@link #complete}. */
    public static ScsiResponse checkCondition(ScsiCommand command, byte[] sense) {
        return complete(command, ScsiStatus.CHECK_CONDITION, sense, EMPTY);
    }

    /**
     * A status without sense and data for {@code command} (RESERVATION CONFLICT, BUSY, TASK SET FULL, TASK
     * ABORTED): no data moved, residual as {@link #complete}.
     */
    public static ScsiResponse status(ScsiCommand command, int status) {
        return complete(command, status, EMPTY, EMPTY);
    }

    /** The sense data decoded (fixed or descriptor format); only meaningful for CHECK CONDITION. */
    public SenseData senseData() {
        return SenseData.decode(sense);
    }
}
