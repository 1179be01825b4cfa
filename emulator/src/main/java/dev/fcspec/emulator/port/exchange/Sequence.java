package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FrameHeader;
import java.util.Objects;

/**
 * A sequence received whole: the headers of its first and last frame and the data of all its frames in
 * SEQ_CNT order (fill bytes removed).
 */
public final class Sequence {
    private final FrameHeader first;
    private final FrameHeader last;
    private final byte[] payload;
    private final int frameCount;

    public Sequence(FrameHeader first, FrameHeader last, byte[] payload, int frameCount) {
        this.first = Objects.requireNonNull(first, "first");
        this.last = Objects.requireNonNull(last, "last");
        this.payload = payload.clone();
        this.frameCount = frameCount;
    }

    public FrameHeader firstHeader() {
        return first;
    }

    public FrameHeader lastHeader() {
        return last;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int length() {
        return payload.length;
    }

    public int frameCount() {
        return frameCount;
    }

    public int rCtl() {
        return first.rCtl();
    }

    public int type() {
        return first.type();
    }

    public FcId sourceId() {
        return first.sId();
    }

    public FcId destinationId() {
        return first.dId();
    }

    public int seqId() {
        return first.seqId();
    }

    /** Last_Sequence: the exchange ends with this sequence. */
    public boolean isLastSequence() {
        return last.has(FCtl.LAST_SEQ);
    }

    /** Sequence Initiative transferred to the receiver. */
    public boolean transfersInitiative() {
        return last.has(FCtl.SEQ_INIT);
    }

    /** The relative offset of the first frame, when F_CTL says the Parameter field holds one; else -1. */
    public int relativeOffset() {
        return first.has(FCtl.REL_OFF) ? first.parameter() : -1;
    }

    @Override
    public String toString() {
        return String.format("Sequence[R_CTL=%02x TYPE=%02x %s->%s OX_ID=%04x RX_ID=%04x SEQ_ID=%02x %d frames %dB]",
                rCtl(), type(), sourceId(), destinationId(), first.oxId(), last.rxId(), seqId(), frameCount,
                payload.length);
    }
}
