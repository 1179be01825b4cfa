package dev.fcspec.emulator.wire;

/** Base of every error raised while parsing or decoding FC wire values: the message names the defect. */
public class WireFormatException extends IllegalArgumentException {
    public WireFormatException(String message) {
        super(message);
    }
}
