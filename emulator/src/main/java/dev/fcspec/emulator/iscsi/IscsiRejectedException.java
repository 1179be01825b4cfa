package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/** The target answered one of our PDUs with a Reject PDU. */
public final class IscsiRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RejectReason reason;

    public IscsiRejectedException(RejectReason reason, int rawReason) {
        super("target rejected the PDU: " + (reason == null ? String.format("reason 0x%02x", rawReason) : reason));
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
