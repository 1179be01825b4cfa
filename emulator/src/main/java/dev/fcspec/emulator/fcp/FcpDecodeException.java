package dev.fcspec.emulator.fcp;

import dev.fcspec.emulator.wire.WireFormatException;

/**
 * An FCP information unit that cannot be decoded. {@link #rspCode()} is the FCP_RSP_INFO code a target
 * answers with (FCP_CMND fields invalid, data length mismatch...).
 */
public final class FcpDecodeException extends WireFormatException {
    private final int rspCode;

    public FcpDecodeException(int rspCode, String message) {
        super(message);
        this.rspCode = rspCode;
    }

    public int rspCode() {
        return rspCode;
    }
}
