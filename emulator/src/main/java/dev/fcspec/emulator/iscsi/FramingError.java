package dev.fcspec.emulator.iscsi;

import java.util.Objects;

/**
 * What the decoder hands on instead of a PDU when framing fails: the header that was read (48 bytes, for the
 * Reject PDU) and the typed defect.
 */
public record FramingError(byte[] bhs, IscsiProtocolException defect) {
    public FramingError {
        Objects.requireNonNull(bhs, "bhs");
        Objects.requireNonNull(defect, "defect");
    }
}
