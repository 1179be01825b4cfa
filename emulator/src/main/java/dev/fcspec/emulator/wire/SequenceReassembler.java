package dev.fcspec.emulator.wire;

import dev.fcspec.emulator.wire.SequenceException.Defect;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds the payload of one sequence from its frames (FC-FS), checking each frame as it arrives. One
 * reassembler serves one sequence; the exchange manager keeps one per open sequence, keyed by S_ID, OX_ID and
 * SEQ_ID. A frame that does not fit is rejected with a {@link SequenceException} naming the defect, and the
 * reassembler is left exactly as it was.
 *
 * <p>Checks, in this order: the frame belongs to the same exchange (S_ID, D_ID, OX_ID) and sequence (SEQ_ID)
 * as the first frame received; its SEQ_CNT was not received before; the sequence is not complete yet; its data
 * field is no larger than the negotiated receive data field size; the sequence stays within its maximum
 * length; the delimiters fit (SOFi only on the first frame, SOFn on the others, EOFt exactly on the frame with
 * End_Sequence, no EOFa or EOFni); fill bytes only on the last frame; the SEQ_CNT fits the order; the relative
 * offset (when F_CTL REL_OFF is set, on all frames or none) equals the bytes before the frame, counted from
 * the expected first offset.
 *
 * <p>In order (the default, for Class 3 with in-order delivery), each frame must carry the next SEQ_CNT: a frame
 * ahead of it is {@link Defect#OUT_OF_ORDER}, or {@link Defect#GAP} when it ends the sequence (the frames in
 * between are missing). With reordering allowed, frames are held until the sequence is complete; frames still
 * missing when the caller gives up (E_D_TOV) are reported by {@link #requireComplete()} as a GAP.
 */
public final class SequenceReassembler {

    /** Accept whatever relative offset the first frame carries. */
    public static final long ANY_FIRST_OFFSET = -1;

    private final int maxDataFieldSize;
    private final long maxSequenceLength;
    private final boolean allowReorder;
    private final long firstOffset;

    private final Map<Integer, Frame> frames = new HashMap<>();
    private FrameHeader reference;
    private Integer base;
    private Integer end;
    private long total;
    private long firstOffsetSeen = -1;
    private ReassembledSequence result;

    /**
     * @param maxDataFieldSize  the receive data field size negotiated at login (a multiple of 4 from 4 to 2112)
     * @param maxSequenceLength the most payload bytes the sequence may carry
     * @param allowReorder      hold frames that arrive out of SEQ_CNT order instead of rejecting them
     * @param firstRelativeOffset the relative offset the first frame must carry when REL_OFF is set (0 to
     *                          2^32-1, e.g. FCP_DATA_RO of an XFER_RDY), or {@link #ANY_FIRST_OFFSET}
     */
    public SequenceReassembler(int maxDataFieldSize, long maxSequenceLength, boolean allowReorder,
                               long firstRelativeOffset) {
        SequenceSegmenter.checkDataFieldSize(maxDataFieldSize);
        if (maxSequenceLength < 0 || maxSequenceLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maximum sequence length " + maxSequenceLength
                    + " is outside 0.." + (Integer.MAX_VALUE - 8) + " (it must fit one byte array)");
        }
        if (firstRelativeOffset != ANY_FIRST_OFFSET && (firstRelativeOffset < 0 || firstRelativeOffset > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("first relative offset " + firstRelativeOffset + " is outside 0..2^32-1");
        }
        this.maxDataFieldSize = maxDataFieldSize;
        this.maxSequenceLength = maxSequenceLength;
        this.allowReorder = allowReorder;
        this.firstOffset = firstRelativeOffset;
    }

    /** In-order reassembly; relative offsets, when present, start at 0. */
    public static SequenceReassembler inOrder(int maxDataFieldSize, long maxSequenceLength) {
        return new SequenceReassembler(maxDataFieldSize, maxSequenceLength, false, 0);
    }

    /** Reassembly that puts frames back in SEQ_CNT order; relative offsets, when present, start at 0. */
    public static SequenceReassembler reordering(int maxDataFieldSize, long maxSequenceLength) {
        return new SequenceReassembler(maxDataFieldSize, maxSequenceLength, true, 0);
    }

    /**
     * Adds a frame.
     *
     * @return the complete sequence when this frame completed it, else empty
     * @throws SequenceException naming the defect; the reassembler is unchanged
     */
    public Optional<ReassembledSequence> add(Frame frame) {
        FrameHeader h = frame.header();
        int sc = h.seqCnt();
        int len = frame.payloadLength();
        boolean isEnd = h.has(FCtl.END_SEQ);
        boolean isFirst = frame.sof().initiatesSequence();
        boolean relOff = h.has(FCtl.REL_OFF);
        long offset = Integer.toUnsignedLong(h.parameter());

        if (reference != null) {
            if (!h.sId().equals(reference.sId()) || !h.dId().equals(reference.dId()) || h.oxId() != reference.oxId()) {
                throw fail(Defect.EXCHANGE_MISMATCH, String.format(
                        "frame S_ID %s D_ID %s OX_ID 0x%04x belongs to another exchange than S_ID %s D_ID %s OX_ID 0x%04x",
                        h.sId(), h.dId(), h.oxId(), reference.sId(), reference.dId(), reference.oxId()));
            }
            if (h.seqId() != reference.seqId()) {
                throw fail(Defect.SEQ_ID_MISMATCH, String.format("SEQ_ID 0x%02x in a sequence with SEQ_ID 0x%02x",
                        h.seqId(), reference.seqId()));
            }
        }
        if (frames.containsKey(sc)) {
            throw fail(Defect.DUPLICATE, "SEQ_CNT " + sc + " was already received");
        }
        if (result != null) {
            throw fail(Defect.BEYOND_END, "SEQ_CNT " + sc + " after the sequence ended with SEQ_CNT " + end);
        }
        if (len > maxDataFieldSize) {
            throw fail(Defect.FRAME_TOO_LARGE, "SEQ_CNT " + sc + " carries " + len
                    + " bytes, more than the receive data field size " + maxDataFieldSize);
        }
        if (total + len > maxSequenceLength) {
            throw fail(Defect.SEQUENCE_TOO_LONG, "SEQ_CNT " + sc + " brings the sequence to " + (total + len)
                    + " bytes, more than the " + maxSequenceLength + " allowed");
        }
        checkDelimiters(frame, sc, isFirst, isEnd);
        if (!isEnd && len % 4 != 0) {
            throw fail(Defect.MISPLACED_FILL, "SEQ_CNT " + sc + " carries " + len
                    + " bytes (fill bytes) but does not end the sequence");
        }
        if (reference != null && relOff != reference.has(FCtl.REL_OFF)) {
            throw fail(Defect.WRONG_RELATIVE_OFFSET, "SEQ_CNT " + sc + (relOff ? " has" : " lacks")
                    + " F_CTL REL_OFF, unlike the frames before it");
        }
        if (allowReorder) {
            checkReordered(sc, len, isFirst, isEnd, relOff, offset);
        } else {
            checkInOrder(sc, isFirst, isEnd, relOff, offset);
        }

        frames.put(sc, frame);
        total += len;
        if (reference == null) {
            reference = h;
        }
        if (isFirst) {
            base = sc;
            firstOffsetSeen = offset;
        }
        if (isEnd) {
            end = sc;
        }
        if (base != null && end != null && frames.size() == span(base, end) + 1) {
            result = build();
            return Optional.of(result);
        }
        return Optional.empty();
    }

    private void checkDelimiters(Frame frame, int sc, boolean isFirst, boolean isEnd) {
        Sof sof = frame.sof();
        if (!isFirst && sof != Sof.SOFN2 && sof != Sof.SOFN3 && sof != Sof.SOFN4) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " has " + sof + ", which starts no sequence frame");
        }
        if (isFirst && base != null) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " has " + sof + " but the sequence started at SEQ_CNT "
                    + base);
        }
        Eof eof = frame.eof();
        if (eof == Eof.EOFA) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " ends with EOFa: the sequence was aborted");
        }
        if (eof == Eof.EOFNI) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " ends with EOFni: the frame is invalid");
        }
        if (isEnd != (eof == Eof.EOFT)) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " has " + eof
                    + (isEnd ? " but F_CTL End_Sequence" : " without F_CTL End_Sequence"));
        }
        if (isEnd && end != null) {
            throw fail(Defect.BAD_DELIMITER, "SEQ_CNT " + sc + " has End_Sequence but SEQ_CNT " + end
                    + " already ended the sequence");
        }
    }

    private void checkInOrder(int sc, boolean isFirst, boolean isEnd, boolean relOff, long offset) {
        if (base == null) {
            if (!isFirst) {
                throw fail(isEnd ? Defect.GAP : Defect.OUT_OF_ORDER, "SEQ_CNT " + sc
                        + " arrived before any frame with SOFi: the first frame of the sequence is "
                        + (isEnd ? "missing" : "missing or late"));
            }
        } else {
            int expected = (base + frames.size()) & 0xFFFF;
            if (sc != expected) {
                if (isEnd) {
                    throw fail(Defect.GAP, "SEQ_CNT " + sc + " ends the sequence but SEQ_CNT " + expected
                            + (span(expected, sc) > 1 ? ".." + ((sc - 1) & 0xFFFF) : "") + " never arrived");
                }
                throw fail(Defect.OUT_OF_ORDER, "SEQ_CNT " + sc + " where " + expected
                        + " was expected (in-order delivery required)");
            }
        }
        if (relOff) {
            long expectedOffset = base == null ? firstOffset : firstOffsetSeen + total;
            if (expectedOffset != ANY_FIRST_OFFSET && offset != expectedOffset) {
                throw fail(Defect.WRONG_RELATIVE_OFFSET, "SEQ_CNT " + sc + " has relative offset " + offset
                        + " where " + expectedOffset + " was expected");
            }
        }
    }

    private void checkReordered(int sc, int len, boolean isFirst, boolean isEnd, boolean relOff, long offset) {
        Integer b = isFirst ? Integer.valueOf(sc) : base;
        Integer e = isEnd ? Integer.valueOf(sc) : end;
        if (b != null && e != null) {
            int span = span(b, e);
            if (span(b, sc) > span) {
                throw fail(Defect.BEYOND_END, "SEQ_CNT " + sc + " lies outside the sequence " + b + ".." + e);
            }
            boolean rangeNowKnown = base == null || end == null;
            for (int k : rangeNowKnown ? frames.keySet() : List.<Integer>of()) {
                if (span(b, k) > span) {
                    throw fail(Defect.BEYOND_END, "SEQ_CNT " + sc + " would make the sequence " + b + ".." + e
                            + ", but SEQ_CNT " + k + " was received outside it");
                }
            }
        }
        if (!relOff) {
            return;
        }
        if (isFirst && firstOffset != ANY_FIRST_OFFSET && offset != firstOffset) {
            throw fail(Defect.WRONG_RELATIVE_OFFSET, "first frame SEQ_CNT " + sc + " has relative offset " + offset
                    + " where " + firstOffset + " was expected");
        }
        Frame prev = isFirst ? null : frames.get((sc - 1) & 0xFFFF);
        if (prev != null) {
            long want = Integer.toUnsignedLong(prev.header().parameter()) + prev.payloadLength();
            if (offset != want) {
                throw fail(Defect.WRONG_RELATIVE_OFFSET, "SEQ_CNT " + sc + " has relative offset " + offset
                        + " but SEQ_CNT " + ((sc - 1) & 0xFFFF) + " ends at " + want);
            }
        }
        Frame next = isEnd ? null : frames.get((sc + 1) & 0xFFFF);
        if (next != null) {
            long nextOffset = Integer.toUnsignedLong(next.header().parameter());
            if (offset + len != nextOffset) {
                throw fail(Defect.WRONG_RELATIVE_OFFSET, "SEQ_CNT " + sc + " has relative offset " + offset + " and "
                        + len + " bytes, but SEQ_CNT " + ((sc + 1) & 0xFFFF) + " starts at " + nextOffset);
            }
        }
    }

    /**
     * Fails with a {@link Defect#GAP} naming what is missing, unless the sequence is complete: for the caller
     * that gives up waiting (E_D_TOV expired).
     */
    public ReassembledSequence requireComplete() {
        if (result != null) {
            return result;
        }
        List<String> missing = new ArrayList<>();
        if (base == null) {
            missing.add("the first frame (SOFi)");
        }
        if (end == null) {
            missing.add("the last frame (End_Sequence)");
        }
        if (base != null && end != null) {
            List<Integer> gaps = missingSeqCnts();
            missing.add("SEQ_CNT " + gaps);
        }
        throw fail(Defect.GAP, "sequence incomplete after " + frames.size() + " frames: missing "
                + String.join(" and ", missing));
    }

    /**
     * SEQ_CNTs known to be missing: those between the first and the highest frame received (up to the last
     * frame when it arrived).
     */
    public List<Integer> missingSeqCnts() {
        List<Integer> out = new ArrayList<>();
        if (frames.isEmpty()) {
            return out;
        }
        int from = base != null ? base : frames.keySet().stream().min(Integer::compare).orElseThrow();
        int to = end != null ? end : frames.keySet().stream().max((x, y) -> Integer.compare(span(from, x), span(from, y)))
                .orElseThrow();
        for (int i = 0; i <= span(from, to); i++) {
            int k = (from + i) & 0xFFFF;
            if (!frames.containsKey(k)) {
                out.add(k);
            }
        }
        return out;
    }

    public boolean isComplete() {
        return result != null;
    }

    /** The sequence once complete. */
    public Optional<ReassembledSequence> result() {
        return Optional.ofNullable(result);
    }

    public int framesReceived() {
        return frames.size();
    }

    public long bytesReceived() {
        return total;
    }

    private ReassembledSequence build() {
        byte[] payload = new byte[(int) total];
        int at = 0;
        int n = span(base, end) + 1;
        for (int i = 0; i < n; i++) {
            Frame f = frames.get((base + i) & 0xFFFF);
            byte[] p = f.payloadUnsafe();
            System.arraycopy(p, 0, payload, at, p.length);
            at += p.length;
        }
        return new ReassembledSequence(frames.get(base).header(), frames.get(end).header(), n, payload);
    }

    private static int span(int from, int to) {
        return (to - from) & 0xFFFF;
    }

    private static SequenceException fail(Defect d, String message) {
        return new SequenceException(d, message);
    }
}
