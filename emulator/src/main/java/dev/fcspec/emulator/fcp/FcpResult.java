package dev.fcspec.emulator.fcp;

import java.util.Objects;

/**
 * The outcome of one FCP command at the initiator: the target's FCP_RSP and the read data received.
 */
public record FcpResult(FcpRsp response, byte[] data) {
    public FcpResult {
        Objects.requireNonNull(response, "response");
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int status() {
        return response.status();
    }

    public byte[] sense() {
        return response.sense();
    }

    /** Sense key (fixed or descriptor format), or -1 without sense data. */
    public int senseKey() {
        byte[] s = response.sense();
        if (s.length < 2) {
            return -1;
        }
        int code = s[0] & 0x7F;
        return code >= 0x72 ? s[1] & 0x0F : s.length > 2 ? s[2] & 0x0F : -1;
    }

    /** ASC and ASCQ as {@code asc << 8 | ascq}, or -1. */
    public int ascAscq() {
        byte[] s = response.sense();
        int code = s.length == 0 ? 0 : s[0] & 0x7F;
        if (code >= 0x72 && s.length >= 4) {
            return (s[2] & 0xFF) << 8 | s[3] & 0xFF;
        }
        if (s.length >= 14) {
            return (s[12] & 0xFF) << 8 | s[13] & 0xFF;
        }
        return -1;
    }
}
