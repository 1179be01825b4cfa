package dev.fcspec.emulator.port.ct;

import java.util.Arrays;
import java.util.Objects;

/**
 * A CT_IU: the 16-byte preamble and the command or response payload that follows it. Immutable: the
 * payload is copied in and out.
 */
public final class CtIu {

    private final CtPreamble preamble;
    private final byte[] payload;

    public CtIu(CtPreamble preamble, byte[] payload) {
        this.preamble = Objects.requireNonNull(preamble, "preamble");
        this.payload = Objects.requireNonNull(payload, "payload").clone();
    }

    public CtPreamble preamble() {
        return preamble;
    }

    /** A copy of the bytes after the preamble. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    public byte[] encode() {
        byte[] b = new byte[CtConstants.PREAMBLE_LENGTH + payload.length];
        preamble.writeTo(b, 0);
        System.arraycopy(payload, 0, b, CtConstants.PREAMBLE_LENGTH, payload.length);
        return b;
    }

    /**
     * Decodes a CT_IU (the data field of an FC-CT frame, fill bytes removed) and checks the revision.
     *
     * @throws CtDecodeException TRUNCATED_PREAMBLE or UNSUPPORTED_REVISION
     */
    public static CtIu decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        CtPreamble p = CtPreamble.readFrom(bytes);
        if (p.revision() != CtConstants.REVISION_1 && p.revision() != CtConstants.REVISION_3) {
            throw new CtDecodeException(CtDecodeException.Defect.UNSUPPORTED_REVISION,
                    "CT revision " + p.revision() + " (accepted: 1 and 3)");
        }
        return new CtIu(p, Arrays.copyOfRange(bytes, CtConstants.PREAMBLE_LENGTH, bytes.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtIu c && preamble.equals(c.preamble) && Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return preamble.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "CtIu[" + preamble + " payload=" + payload.length + "B]";
    }
}
