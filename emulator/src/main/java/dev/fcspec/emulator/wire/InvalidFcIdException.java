package dev.fcspec.emulator.wire;

/** An N_Port_ID (FC_ID) that cannot be parsed or is out of range. */
public final class InvalidFcIdException extends WireFormatException {
    public InvalidFcIdException(String message) {
        super(message);
    }
}
