package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;

/** A login the target refused (non-zero Status-Class) or that could not be completed. */
public final class IscsiLoginException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient LoginStatus status;

    public IscsiLoginException(LoginStatus status, String message) {
        super(message + (status == null ? "" : " (" + status + ")"));
        this.status = status;
    }

    /** The target's login status, or null when the login failed on the initiator side. */
    public LoginStatus status() {
        return status;
    }
}
