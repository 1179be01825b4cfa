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
 */
public record ScsiResponse(int status, byte[] sense, byte[] dataIn, int overrunBytes) {
    public ScsiResponse {
        Objects.requireNonNull(sense, "sense");
        Objects.requireNonNull(dataIn, "dataIn");
    }
}
