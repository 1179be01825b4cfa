package dev.fcspec.emulator.vi;

/** A VI number that is already in use, or names no VI. */
public final class ViNumberException extends IllegalArgumentException {
    public ViNumberException(String message) {
        super(message);
    }
}
