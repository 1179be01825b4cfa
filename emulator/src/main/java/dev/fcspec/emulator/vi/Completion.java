package dev.fcspec.emulator.vi;

import java.util.Objects;

/**
 * A completed descriptor as a completion queue reports it.
 *
 * @param vi            the local VI the descriptor belonged to
 * @param descriptorId  the id the poster gave the descriptor (0 for target-side reports)
 * @param operation     what was done
 * @param status        success or the VI Architecture error
 * @param length        bytes transferred (0 on error)
 * @param immediateData immediate data received, or null
 * @param data          for RECEIVE: the message received; else empty
 */
public record Completion(ViAddress vi, long descriptorId, ViOperation operation, ViStatus status, int length,
                         Integer immediateData, byte[] data) {

    public Completion {
        Objects.requireNonNull(vi, "vi");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(status, "status");
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public boolean isSuccess() {
        return status.isSuccess();
    }

    @Override
    public String toString() {
        return "Completion[" + vi + " #" + descriptorId + " " + operation + " " + status + " len=" + length
                + (immediateData != null ? " imm=" + immediateData : "") + "]";
    }
}
