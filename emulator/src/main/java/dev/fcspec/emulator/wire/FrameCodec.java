package dev.fcspec.emulator.wire;

import java.util.Arrays;

/**
 * Encodes and strictly decodes frames in the delimited form of LINKTYPE_FC_2_WITH_FRAME_DELIMS (225):
 * SOF ordered set (4), header (24), payload and fill, CRC (4, least-significant byte first), EOF ordered set (4).
 * Encoding and decoding are kept apart from the state machines that use frames.
 */
public final class FrameCodec {

    /** SOF + header + CRC + EOF. */
    public static final int OVERHEAD = 4 + FrameHeader.LENGTH + 4 + 4;
    public static final int MIN_LENGTH = OVERHEAD;
    public static final int MAX_LENGTH = OVERHEAD + Frame.MAX_PAYLOAD;

    private FrameCodec() {
    }

    /** The delimited frame bytes with a correct CRC. */
    public static byte[] encode(Frame frame) {
        byte[] payload = frame.payloadUnsafe();
        int padded = payload.length + FCtl.fill(frame.header().fCtl());
        byte[] out = new byte[OVERHEAD + padded];
        frame.sof().writeOrderedSet(out, 0);
        frame.header().writeTo(out, 4);
        System.arraycopy(payload, 0, out, 4 + FrameHeader.LENGTH, payload.length);
        int crcAt = 4 + FrameHeader.LENGTH + padded;
        FrameCrc.writeLittleEndian(FrameCrc.compute(out, 4, FrameHeader.LENGTH + padded), out, crcAt);
        frame.eof().writeOrderedSet(out, crcAt + 4);
        return out;
    }

    /**
     * Decodes a delimited frame. Checks, in this order: the length (at least {@link #MIN_LENGTH}, whole words, at
     * most {@link #MAX_LENGTH}), the SOF and EOF ordered sets, the CRC, and the fill bytes (F_CTL's count no larger
     * than the data field, and the fill bytes zero, as the encoder writes them).
     *
     * <p>Every frame this accepts encodes back to the same bytes, with one exception: an EOF written with
     * positive running disparity ({@code BC B5 ..}, {@code BC AA ..}) is accepted and re-encoded with negative
     * disparity, the only form the encoder writes.
     *
     * @throws FrameDecodeException naming the defect: TRUNCATED, NOT_WORD_ALIGNED, PAYLOAD_TOO_LONG,
     *                              UNKNOWN_SOF, UNKNOWN_EOF, BAD_CRC or BAD_FILL
     */
    public static Frame decode(byte[] bytes) {
        if (bytes == null || bytes.length < MIN_LENGTH) {
            throw new FrameDecodeException(FrameDecodeException.Defect.TRUNCATED,
                    (bytes == null ? 0 : bytes.length) + " bytes is shorter than the smallest frame (" + MIN_LENGTH + ")");
        }
        if (bytes.length % 4 != 0) {
            throw new FrameDecodeException(FrameDecodeException.Defect.NOT_WORD_ALIGNED,
                    bytes.length + " bytes is not a whole number of transmission words");
        }
        if (bytes.length > MAX_LENGTH) {
            throw new FrameDecodeException(FrameDecodeException.Defect.PAYLOAD_TOO_LONG,
                    "data field of " + (bytes.length - OVERHEAD) + " bytes exceeds " + Frame.MAX_PAYLOAD);
        }
        Sof sof = Sof.fromOrderedSet(bytes, 0);
        Eof eof = Eof.fromOrderedSet(bytes, bytes.length - 4);
        int crcAt = bytes.length - 8;
        int expected = FrameCrc.compute(bytes, 4, crcAt - 4);
        int actual = FrameCrc.readLittleEndian(bytes, crcAt);
        if (expected != actual) {
            throw new FrameDecodeException(FrameDecodeException.Defect.BAD_CRC,
                    String.format("CRC 0x%08x on the wire, 0x%08x computed", actual, expected));
        }
        FrameHeader header = FrameHeader.readFrom(bytes, 4);
        int padded = crcAt - 4 - FrameHeader.LENGTH;
        int fill = FCtl.fill(header.fCtl());
        if (fill > padded) {
            throw new FrameDecodeException(FrameDecodeException.Defect.BAD_FILL,
                    "F_CTL says " + fill + " fill bytes but the data field has " + padded);
        }
        for (int i = crcAt - fill; i < crcAt; i++) {
            if (bytes[i] != 0) {
                throw new FrameDecodeException(FrameDecodeException.Defect.BAD_FILL,
                        String.format("fill byte %d of %d is 0x%02x, not 0", i - (crcAt - fill) + 1, fill, bytes[i] & 0xFF));
            }
        }
        byte[] payload = Arrays.copyOfRange(bytes, 4 + FrameHeader.LENGTH, 4 + FrameHeader.LENGTH + padded - fill);
        return Frame.ofOwned(sof, header, payload, eof);
    }
}
