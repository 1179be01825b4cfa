package dev.fcspec.emulator.wire;

import java.util.Objects;

/** A complete sequence: the payload of its frames in SEQ_CNT order, and the headers of its first and last frame. */
public final class ReassembledSequence {

    private final FrameHeader first;
    private final FrameHeader last;
    private final int frameCount;
    private final byte[] payload;

    ReassembledSequence(FrameHeader first, FrameHeader last, int frameCount, byte[] payload) {
        this.first = Objects.requireNonNull(first);
        this.last = Objects.requireNonNull(last);
        this.frameCount = frameCount;
        this.payload = payload;
    }

    /** Header of the frame with SOFi (lowest SEQ_CNT). */
    public FrameHeader firstHeader() {
        return first;
    }

    /** Header of the frame with End_Sequence: its F_CTL says whether Sequence Initiative passed, and so on. */
    public FrameHeader lastHeader() {
        return last;
    }

    public int seqId() {
        return first.seqId();
    }

    public int frameCount() {
        return frameCount;
    }

    /** A copy of the reassembled payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public int length() {
        return payload.length;
    }

    @Override
    public String toString() {
        return "ReassembledSequence[SEQ_ID=" + String.format("%02x", seqId()) + " OX_ID="
                + String.format("%04x", first.oxId()) + " frames=" + frameCount + " bytes=" + payload.length + "]";
    }
}
