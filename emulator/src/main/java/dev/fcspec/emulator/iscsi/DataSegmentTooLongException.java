package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/** A PDU whose DataSegmentLength exceeds the receiver's MaxRecvDataSegmentLength. */
public final class DataSegmentTooLongException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;
    private final int length;
    private final int limit;

    public DataSegmentTooLongException(int length, int limit) {
        super("DataSegmentLength " + length + " exceeds MaxRecvDataSegmentLength " + limit);
        this.length = length;
        this.limit = limit;
    }

    public int length() {
        return length;
    }

    public int limit() {
        return limit;
    }

    @Override
    public RejectReason rejectReason() {
        return RejectReason.PROTOCOL_ERROR;
    }

    @Override
    public boolean connectionFatal() {
        return true;
    }
}
