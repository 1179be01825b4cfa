package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/**
 * A PDU whose DataDigest does not match its data segment: the PDU is rejected with reason Data-Digest-Error
 * and discarded (RFC 7143 section 7.8).
 */
public final class DataDigestException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;

    public DataDigestException(int expected, int received) {
        super(String.format("data digest mismatch: computed 0x%08x, received 0x%08x", expected, received));
    }

    @Override
    public RejectReason rejectReason() {
        return RejectReason.DATA_DIGEST_ERROR;
    }

    @Override
    public boolean connectionFatal() {
        return false;
    }
}
