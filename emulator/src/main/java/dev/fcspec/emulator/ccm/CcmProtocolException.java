package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.wire.WireFormatException;

/** A boot status variable or session message that does not decode; the message says why. */
public final class CcmProtocolException extends WireFormatException {
    public CcmProtocolException(String message) {
        super(message);
    }
}
