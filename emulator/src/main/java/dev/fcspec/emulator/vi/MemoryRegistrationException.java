package dev.fcspec.emulator.vi;

/** A memory registration that cannot be made: outside memory, overlapping handle, unknown handle. */
public final class MemoryRegistrationException extends IllegalArgumentException {
    public MemoryRegistrationException(String message) {
        super(message);
    }
}
