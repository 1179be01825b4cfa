package dev.fcspec.emulator.iscsi;

/** The connection closed before the target answered. */
public final class IscsiConnectionLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IscsiConnectionLostException(String message) {
        super(message);
    }
}
