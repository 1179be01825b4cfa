package dev.fcspec.emulator.wire;

/** A World Wide Name that cannot be parsed or breaks its NAA format's rules. */
public final class InvalidWwnException extends WireFormatException {
    public InvalidWwnException(String message) {
        super(message);
    }
}
