package dev.fcspec.emulator.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * An FC-2 frame: delimiters, header and payload. The payload held here excludes fill bytes; the encoder
 * pads it to a word boundary and the header's F_CTL fill count always agrees with the payload length.
 */
public final class Frame {

    /** Largest data field (FC_MAX_PAYLOAD). */
    public static final int MAX_PAYLOAD = 2112;

    private final Sof sof;
    private final FrameHeader header;
    private final byte[] payload;
    private final Eof eof;

    private Frame(Sof sof, FrameHeader header, byte[] payload, Eof eof) {
        this.sof = sof;
        this.header = header;
        this.payload = payload;
        this.eof = eof;
    }

    /**
     * A frame with the payload copied and the F_CTL fill count set from its length.
     *
     * @throws FrameDecodeException PAYLOAD_TOO_LONG for a payload over 2112 bytes
     */
    public static Frame of(Sof sof, FrameHeader header, byte[] payload, Eof eof) {
        Objects.requireNonNull(sof, "sof");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(eof, "eof");
        if (payload.length > MAX_PAYLOAD) {
            throw new FrameDecodeException(FrameDecodeException.Defect.PAYLOAD_TOO_LONG,
                    "payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        int fill = (4 - payload.length % 4) % 4;
        FrameHeader h = header.withFCtl(header.fCtl() & ~FCtl.FILL | fill);
        return new Frame(sof, h, payload.clone(), eof);
    }

    /** For the decoder: takes ownership of {@code payload}, whose length already agrees with the fill count. */
    static Frame ofOwned(Sof sof, FrameHeader header, byte[] payload, Eof eof) {
        if ((4 - payload.length % 4) % 4 != FCtl.fill(header.fCtl()) || payload.length > MAX_PAYLOAD) {
            return of(sof, header, payload, eof);
        }
        return new Frame(sof, header, payload, eof);
    }

    /** A single-frame Class 3 sequence (SOFi3 ... EOFt), the shape of every ELS, CT and FCP_CMND frame. */
    public static Frame single(FrameHeader header, byte[] payload) {
        return of(Sof.SOFI3, header.withFCtl(header.fCtl() | FCtl.END_SEQ), payload, Eof.EOFT);
    }

    public Sof sof() {
        return sof;
    }

    public FrameHeader header() {
        return header;
    }

    /** A copy of the payload (fill bytes excluded). */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** Payload byte at {@code index}, unsigned. */
    public int payloadByte(int index) {
        return payload[index] & 0xFF;
    }

    public Eof eof() {
        return eof;
    }

    public Frame withHeader(FrameHeader h) {
        return of(sof, h, payload, eof);
    }

    /** Package-private view without copying, for the codec. */
    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && sof == f.sof && eof == f.eof && header.equals(f.header)
                && Arrays.equals(payload, f.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sof, header, eof) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Frame[" + sof + " " + header + " payload=" + payload.length + "B " + eof + "]";
    }
}
