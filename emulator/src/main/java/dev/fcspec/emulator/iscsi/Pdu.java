package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.Opcode;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One framed iSCSI PDU as it crosses the wire, digests and padding removed: the 48-byte Basic Header
 * Segment, the Additional Header Segments and the data segment. TotalAHSLength and DataSegmentLength in the
 * BHS are set by the encoder from {@code ahs} and {@code data}; the typed views in {@link IscsiPdu} read and
 * write every other field.
 *
 * @param bhs  the 48 header bytes
 * @param ahs  the AHS bytes (a multiple of 4, may be empty)
 * @param data the data segment between its position and limit (never padded)
 */
public record Pdu(byte[] bhs, byte[] ahs, ByteBuffer data) {
    private static final byte[] NO_BYTES = new byte[0];
    private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public Pdu {
        Objects.requireNonNull(bhs, "bhs");
        Objects.requireNonNull(ahs, "ahs");
        Objects.requireNonNull(data, "data");
        if (bhs.length != IscsiConstants.BHS_LENGTH) {
            throw new IllegalArgumentException("BHS must be 48 bytes, not " + bhs.length);
        }
        if (ahs.length % 4 != 0 || ahs.length > 255 * 4) {
            throw new IllegalArgumentException("AHS length must be a multiple of 4 up to 1020: " + ahs.length);
        }
        if (data.remaining() > IscsiConstants.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("data segment longer than 2^24-1: " + data.remaining());
        }
    }

    public static Pdu of(byte[] bhs) {
        return new Pdu(bhs, NO_BYTES, NO_DATA);
    }

    public static Pdu of(byte[] bhs, byte[] data) {
        return new Pdu(bhs, NO_BYTES, data.length == 0 ? NO_DATA : ByteBuffer.wrap(data));
    }

    /** The raw opcode bits (byte 0, low six bits). */
    public int opcodeBits() {
        return bhs[0] & IscsiConstants.OPCODE_MASK;
    }

    /** The opcode, or null for a code RFC 7143 does not define. */
    public Opcode opcode() {
        return Opcode.of(opcodeBits());
    }

    public boolean immediate() {
        return (bhs[0] & IscsiConstants.FLAG_IMMEDIATE) != 0;
    }

    public int flags() {
        return bhs[1] & 0xFF;
    }

    /** Initiator Task Tag (bytes 16..19). */
    public int itt() {
        return Bhs.getInt(bhs, IscsiConstants.OFF_ITT);
    }

    public int dataLength() {
        return data.remaining();
    }

    /** A copy of the data segment. */
    public byte[] dataBytes() {
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    @Override
    public String toString() {
        Opcode op = opcode();
        return String.format("Pdu[%s%s itt=0x%08x ahs=%d data=%d]",
                op == null ? String.format("opcode 0x%02x", opcodeBits()) : op.name(),
                immediate() ? " I" : "", itt(), ahs.length, data.remaining());
    }
}
