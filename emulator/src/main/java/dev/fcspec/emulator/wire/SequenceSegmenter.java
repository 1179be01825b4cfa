package dev.fcspec.emulator.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Cuts an information unit into the frames of one Class 3 sequence (FC-FS), each carrying at most the
 * receive data field size the recipient advertised at login (the smaller of the PLOGI common and Class 3
 * receive data field sizes).
 *
 * <p>From a template header, frame {@code i} gets:
 * <ul>
 *   <li>SEQ_ID of the template; SEQ_CNT {@code template.seqCnt() + i} (continuously increasing, from 0 for the
 *       first sequence of an exchange);</li>
 *   <li>when the template's F_CTL has REL_OFF: Parameter = {@code template.parameter()} plus the bytes carried by
 *       the frames before it (the relative offset); otherwise the template's Parameter;</li>
 *   <li>SOFi3 on the first frame, SOFn3 on the others; EOFn on every frame but the last, which has EOFt and
 *       F_CTL End_Sequence;</li>
 *   <li>F_CTL: the template's bits that hold for the whole sequence (Exchange and Sequence Context,
 *       First_Sequence, Priority, ACK_Form, retransmission, Abort Sequence Condition, REL_OFF) on every frame;
 *       the bits that only the last frame carries (Last_Sequence, End_Sequence, End_Connection, Sequence
 *       Initiative, Continue Sequence Condition) on the last frame only; the fill count from the payload;</li>
 *   <li>every other header field from the template.</li>
 * </ul>
 * Every frame but the last carries exactly the maximum data field size, so only the last frame has fill bytes.
 * An empty payload gives one frame with an empty data field.
 */
public final class SequenceSegmenter {

    /** F_CTL bits that only the last frame of a sequence carries. */
    public static final int LAST_FRAME_BITS = FCtl.LAST_SEQ | FCtl.END_SEQ | FCtl.END_CONN | FCtl.SEQ_INIT
            | FCtl.CONTINUE_SEQ_COND;
    /** Most frames one sequence can hold: SEQ_CNT is 16 bits and must not repeat within a sequence. */
    public static final int MAX_FRAMES = 0x10000;

    private SequenceSegmenter() {
    }

    /**
     * The frames of one sequence carrying {@code payload}.
     *
     * @param template         header fields for every frame (see the class description)
     * @param payload          the information unit
     * @param maxDataFieldSize the recipient's receive data field size: a multiple of 4 from 4 to 2112
     * @throws IllegalArgumentException for a data field size outside that range, a template with DF_CTL set
     *                                  (optional headers are not segmented here), or a payload that needs more
     *                                  than 65536 frames or relative offsets past 2^32
     */
    public static List<Frame> segment(FrameHeader template, byte[] payload, int maxDataFieldSize) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(payload, "payload");
        checkDataFieldSize(maxDataFieldSize);
        if (template.dfCtl() != 0) {
            throw new IllegalArgumentException(String.format(
                    "DF_CTL 0x%02x: optional headers belong to the first frame only and are not segmented here",
                    template.dfCtl()));
        }
        int frames = frameCount(payload.length, maxDataFieldSize);
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException(payload.length + " bytes in frames of " + maxDataFieldSize
                    + " need " + frames + " frames; a sequence holds at most " + MAX_FRAMES);
        }
        boolean relOff = template.has(FCtl.REL_OFF);
        if (relOff && Integer.toUnsignedLong(template.parameter()) + payload.length > 0x1_0000_0000L) {
            throw new IllegalArgumentException("relative offsets from " + Integer.toUnsignedString(template.parameter())
                    + " over " + payload.length + " bytes pass 2^32");
        }
        int sequenceBits = template.fCtl() & ~LAST_FRAME_BITS & ~FCtl.FILL;
        int lastBits = template.fCtl() & LAST_FRAME_BITS | FCtl.END_SEQ;
        List<Frame> out = new ArrayList<>(frames);
        for (int i = 0; i < frames; i++) {
            int from = i * maxDataFieldSize;
            int to = Math.min(payload.length, from + maxDataFieldSize);
            boolean first = i == 0;
            boolean last = i == frames - 1;
            byte[] data = new byte[to - from];
            System.arraycopy(payload, from, data, 0, data.length);
            FrameHeader h = new FrameHeader(template.rCtl(), template.dId(), template.csCtl(), template.sId(),
                    template.type(), sequenceBits | (last ? lastBits : 0), template.seqId(), 0,
                    (template.seqCnt() + i) & 0xFFFF, template.oxId(), template.rxId(),
                    relOff ? template.parameter() + from : template.parameter());
            out.add(Frame.of(first ? Sof.SOFI3 : Sof.SOFN3, h, data, last ? Eof.EOFT : Eof.EOFN));
        }
        return Collections.unmodifiableList(out);
    }

    /** Frames needed for {@code length} bytes: at least one, even for no bytes. */
    public static int frameCount(int length, int maxDataFieldSize) {
        checkDataFieldSize(maxDataFieldSize);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return length == 0 ? 1 : (int) ((length + (long) maxDataFieldSize - 1) / maxDataFieldSize);
    }

    static void checkDataFieldSize(int size) {
        if (size < 4 || size > Frame.MAX_PAYLOAD || size % 4 != 0) {
            throw new IllegalArgumentException("receive data field size " + size
                    + " must be a multiple of 4 from 4 to " + Frame.MAX_PAYLOAD);
        }
    }
}
