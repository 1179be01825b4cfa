package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/** A PDU with a field whose value RFC 7143 does not allow (or that contradicts another field). */
public final class InvalidPduFieldException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final RejectReason reason;
    private final boolean fatal;

    public InvalidPduFieldException(String field, String why) {
        this(field, why, RejectReason.INVALID_PDU_FIELD, false);
    }

    public InvalidPduFieldException(String field, String why, RejectReason reason, boolean fatal) {
        super(field + ": " + why);
        this.field = field;
        this.reason = reason;
        this.fatal = fatal;
    }

    /** The RFC 7143 name of the offending field. */
    public String field() {
        return field;
    }

    @Override
    public RejectReason rejectReason() {
        return reason;
    }

    @Override
    public boolean connectionFatal() {
        return fatal;
    }
}
