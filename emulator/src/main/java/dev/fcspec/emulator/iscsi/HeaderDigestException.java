package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/**
 * A PDU whose HeaderDigest does not match its header. The length fields cannot be trusted, so the
 * connection is closed (RFC 7143 section 7.8).
 */
public final class HeaderDigestException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;

    public HeaderDigestException(int expected, int received) {
        super(String.format("header digest mismatch: computed 0x%08x, received 0x%08x", expected, received));
    }

    @Override
    public RejectReason rejectReason() {
        return null;
    }

    @Override
    public boolean connectionFatal() {
        return true;
    }
}
