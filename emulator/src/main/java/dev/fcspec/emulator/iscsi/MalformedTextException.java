package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/** Login or text data that is not a well-formed list of key=value pairs (RFC 7143 section 6.1). */
public final class MalformedTextException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedTextException(String why) {
        super("malformed text data: " + why);
    }

    @Override
    public RejectReason rejectReason() {
        return RejectReason.PROTOCOL_ERROR;
    }

    @Override
    public boolean connectionFatal() {
        return false;
    }
}
