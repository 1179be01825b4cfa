package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SCSI command the front end holds while it collects the command's data-out: immediate data, unsolicited
 * Data-Out (TTT 0xffffffff, up to FirstBurstLength) and solicited Data-Out answering R2Ts (up to
 * MaxBurstLength each, at most MaxOutstandingR2T at a time). Data-out errors do not stop the collection; they
 * record an iSCSI condition and the command ends with CHECK CONDITION once no more data is due
 * (RFC 7143 section 7.8 b). The task collects only what the CDB calls for ({@link #needed}), never the
 * initiator's expected length on trust, and allocates it in segments as the bytes arrive.
 */
final class TargetTask {

    /** One outstanding R2T. */
    static final class R2t {
        final int ttt;
        final int r2tSn;
        final int offset;
        final int length;
        int nextOffset;
        int nextDataSn;

        R2t(int ttt, int r2tSn, int offset, int length) {
            this.ttt = ttt;
            this.r2tSn = r2tSn;
            this.offset = offset;
            this.length = length;
            this.nextOffset = offset;
        }
    }

    /** Data-out is kept in segments of this size, each allocated when the first of its bytes arrives. */
    static final int SEGMENT = 256 * 1024;

    final TargetConnection connection;
    final ScsiCommandPdu command;
    final int itt;
    final long lunNumber;
    /** The initiator's Expected Data Transfer Length for the data-out (0 for a command without data-out). */
    final int edtl;
    /**
     * The data-out the target collects: what the CDB calls for, at most EDTL. Bytes the initiator sends beyond it
     * (unsolicited) are discarded and reported as a residual underflow with the status.
     */
    final int needed;
    private final byte[][] segments;
    /** Bytes of {@code [0, needed)} received. */
    int received;
    /** Bytes this task holds against the buffered-bytes budgets: R2Ts granted, unsolicited data kept. */
    long reserved;
    boolean unsolicitedOpen;
    int unsolicitedLimit;
    int unsolicitedNextOffset;
    int unsolicitedNextDataSn;
    int nextR2tOffset;
    int nextR2tSn;
    final Map<Integer, R2t> outstanding = new LinkedHashMap<>();
    /** ASC/ASCQ of the iSCSI condition that ends this command, or 0. */
    int failure;
    /** Admission order in the session. */
    long seq;
    /** True while the session's buffered-bytes budget holds back this task's next R2T. */
    boolean waitingForBudget;
    /** Handed to the SCSI target; the session holds it (and its data-out) until the target completes it. */
    boolean submitted;

    /**
     * @param cdbDataOut the data-out the CDB calls for ({@code DataOutLength.UNKNOWN} when the core cannot tell:
     *                   then EDTL, at most {@code unknownLimit})
     */
    TargetTask(TargetConnection connection, ScsiCommandPdu command, SessionParameters p, long cdbDataOut,
               long unknownLimit) {
        this.connection = connection;
        this.command = command;
        this.itt = command.itt();
        this.lunNumber = Lun.toNumber(command.lun());
        this.edtl = command.write() ? command.expectedDataTransferLength() : 0;
        long wanted = cdbDataOut < 0 ? unknownLimit : cdbDataOut;
        this.needed = (int) Math.min(edtl, wanted);
        this.segments = new byte[(needed + SEGMENT - 1) / SEGMENT][];
        ByteBuffer imm = command.immediateData().duplicate();
        int immLength = imm.remaining();
        this.unsolicitedLimit = Math.min(p.firstBurstLength(), edtl);
        if (immLength > 0) {
            if (!p.immediateData()) {
                failure = IscsiConstants.ASC_ASCQ_UNEXPECTED_UNSOLICITED_DATA;
            } else if (immLength > unsolicitedLimit) {
                failure = IscsiConstants.ASC_ASCQ_UNEXPECTED_UNSOLICITED_DATA;
            } else {
                reserved += store(0, imm, immLength);
            }
        }
        unsolicitedNextOffset = Math.min(immLength, edtl);
        unsolicitedOpen = command.write() && !p.initialR2T() && !command.finalFlag()
                && unsolicitedNextOffset < unsolicitedLimit;
        nextR2tOffset = unsolicitedNextOffset;
    }

    /** Keeps the part of {@code [offset, offset + length)} inside {@code [0, needed)}, allocating as it lands. */
    private int store(int offset, ByteBuffer data, int length) {
        ByteBuffer src = data.duplicate();
        int end = Math.min(offset + length, needed);
        int at = offset;
        while (at < end) {
            int i = at / SEGMENT;
            if (segments[i] == null) {
                segments[i] = new byte[Math.min(SEGMENT, needed - i * SEGMENT)];
            }
            int n = Math.min(end - at, (i + 1) * SEGMENT - at);
            src.get(segments[i], at - i * SEGMENT, n);
            at += n;
        }
        int kept = Math.max(0, end - offset);
        received += kept;
        return kept;
    }

    /** The collected data-out as one buffer of {@code needed} bytes (call once, when {@link #complete()}). */
    byte[] dataOut() {
        if (needed == 0) {
            return new byte[0];
        }
        if (segments.length == 1) {
            return segments[0];
        }
        byte[] all = new byte[needed];
        for (int i = 0; i < segments.length; i++) {
            System.arraycopy(segments[i], 0, all, i * SEGMENT, segments[i].length);
            segments[i] = null;
        }
        return all;
    }

    /** The data-out bytes the initiator meant to send that the target did not collect (residual underflow). */
    int uncollected() {
        return edtl - needed;
    }

    /** True when every byte of data-out has arrived (and nothing failed). */
    boolean complete() {
        return failure == 0 && received == needed && !unsolicitedOpen && outstanding.isEmpty();
    }

    /** True when no data-out is due any more (no unsolicited sequence open, no R2T outstanding). */
    boolean quiescent() {
        return !unsolicitedOpen && outstanding.isEmpty();
    }

    private void fail(int ascAscq) {
        if (failure == 0) {
            failure = ascAscq;
        }
    }

    /**
     * Accounts for one Data-Out PDU of this task.
     *
     * @param data    the payload, or null when the PDU was discarded for a data digest error
     * @param length  the PDU's DataSegmentLength
     * @return false when the TTT names no outstanding R2T (the caller rejects the PDU, nothing changes)
     */
    boolean dataOut(boolean finalFlag, int ttt, int dataSn, int offset, ByteBuffer data, int length) {
        if (ttt == IscsiConstants.RESERVED_TAG) {
            if (!unsolicitedOpen) {
                fail(IscsiConstants.ASC_ASCQ_UNEXPECTED_UNSOLICITED_DATA);
                return true;
            }
            boolean ok = true;
            if (dataSn != unsolicitedNextDataSn) {
                fail(IscsiConstants.ASC_ASCQ_PROTOCOL_SERVICE_CRC_ERROR);
                ok = false;
            }
            if (offset != unsolicitedNextOffset || (long) offset + length > unsolicitedLimit) {
                fail(IscsiConstants.ASC_ASCQ_UNEXPECTED_UNSOLICITED_DATA);
                ok = false;
            }
            if (data == null) {
                fail(IscsiConstants.ASC_ASCQ_PROTOCOL_SERVICE_CRC_ERROR);
                ok = false;
            }
            if (ok) {
                reserved += store(offset, data, length);
            }
            unsolicitedNextDataSn++;
            unsolicitedNextOffset = Math.min(unsolicitedNextOffset + length, unsolicitedLimit);
            if (finalFlag || unsolicitedNextOffset >= unsolicitedLimit) {
                unsolicitedOpen = false;
                nextR2tOffset = unsolicitedNextOffset;
            }
            return true;
        }
        R2t r2t = outstanding.get(ttt);
        if (r2t == null) {
            return false;
        }
        boolean ok = true;
        if (dataSn != r2t.nextDataSn) {
            fail(IscsiConstants.ASC_ASCQ_PROTOCOL_SERVICE_CRC_ERROR);
            ok = false;
        }
        if (offset != r2t.nextOffset || (long) offset + length > (long) r2t.offset + r2t.length) {
            fail(IscsiConstants.ASC_ASCQ_INCORRECT_AMOUNT_OF_DATA);
            ok = false;
        }
        if (data == null) {
            fail(IscsiConstants.ASC_ASCQ_PROTOCOL_SERVICE_CRC_ERROR);
            ok = false;
        }
        if (ok) {
            store(offset, data, length);
            r2t.nextOffset += length;
        }
        r2t.nextDataSn++;
        if (finalFlag) {
            outstanding.remove(ttt);
            if (r2t.nextOffset != r2t.offset + r2t.length) {
                fail(IscsiConstants.ASC_ASCQ_INCORRECT_AMOUNT_OF_DATA);
            }
        }
        return true;
    }
}
