package dev.fcspec.emulator.iscsi;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Per-connection framing settings the codec needs: whether header and data digests are in use and the
 * largest data segment this side accepts. Digests start after the Login Phase; until then the limit on
 * received data segments is the login default of 8192 bytes (RFC 7143 section 13.12).
 */
public final class FramingState {
    /** The login-phase MaxRecvDataSegmentLength. */
    public static final int LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH = 8192;

    static final AttributeKey KEY = new AttributeKey(FramingState.class, "framing");

    private volatile boolean headerDigest;
    private volatile boolean dataDigest;
    private volatile int maxRecvDataSegmentLength = LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH;
    private volatile boolean broken;

    /** The framing state of a MINA session, created on first use. */
    public static FramingState of(IoSession session) {
        FramingState s = (FramingState) session.getAttribute(KEY);
        if (s == null) {
            s = new FramingState();
            FramingState prev = (FramingState) session.setAttributeIfAbsent(KEY, s);
            if (prev != null) {
                s = prev;
            }
        }
        return s;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    public int maxRecvDataSegmentLength() {
        return maxRecvDataSegmentLength;
    }

    /** Switches the digests on or off for every PDU encoded or decoded from now on. */
    public void digests(boolean header, boolean data) {
        this.headerDigest = header;
        this.dataDigest = data;
    }

    public void maxRecvDataSegmentLength(int length) {
        if (length < 512 || length > IscsiConstants.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength out of range 512..2^24-1: " + length);
        }
        this.maxRecvDataSegmentLength = length;
    }

    /** True after a framing error that makes the rest of the byte stream meaningless. */
    public boolean broken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }
}
