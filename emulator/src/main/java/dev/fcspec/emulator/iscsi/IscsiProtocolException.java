package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/**
 * A defect in iSCSI input. Each subclass names one kind of defect; {@link #rejectReason()} is the Reject
 * reason RFC 7143 gives for it and {@link #connectionFatal()} says whether the connection must be dropped.
 */
public abstract class IscsiProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected IscsiProtocolException(String message) {
        super(message);
    }

    /** The Reject reason that reports this defect to the peer, or null when no Reject is sent. */
    public abstract RejectReason rejectReason();

    /** True when the connection cannot continue (the byte stream or the session state cannot be trusted). */
    public abstract boolean connectionFatal();
}
