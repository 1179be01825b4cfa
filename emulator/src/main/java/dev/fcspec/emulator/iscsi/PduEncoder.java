package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.BHS_LENGTH;
import static dev.fcspec.emulator.iscsi.IscsiConstants.DIGEST_LENGTH;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Writes {@link Pdu}s and {@link IscsiPdu}s as one buffer each: BHS with TotalAHSLength and DataSegmentLength
 * filled in, AHS, HeaderDigest, data padded to 4 bytes, DataDigest (digests as the connection's
 * {@link FramingState} says).
 */
public final class PduEncoder extends ProtocolEncoderAdapter {
    private static final byte[] ZEROS = new byte[4];

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        Pdu pdu = message instanceof IscsiPdu ? ((IscsiPdu) message).toPdu() : (Pdu) message;
        FramingState state = FramingState.of(session);
        out.write(encode(pdu, state.headerDigest(), state.dataDigest()));
    }

    /** Encodes one PDU with the given digest settings. */
    public static IoBuffer encode(Pdu pdu, boolean headerDigest, boolean dataDigest) {
        byte[] bhs = pdu.bhs().clone();
        byte[] ahs = pdu.ahs();
        ByteBuffer data = pdu.data().duplicate();
        int dataLength = data.remaining();
        bhs[IscsiConstants.OFF_TOTAL_AHS_LENGTH] = (byte) (ahs.length / 4);
        Bhs.put24(bhs, IscsiConstants.OFF_DATA_SEGMENT_LENGTH, dataLength);
        int padding = ((dataLength + 3) & ~3) - dataLength;
        boolean dd = dataDigest && dataLength > 0;
        int total = BHS_LENGTH + ahs.length + (headerDigest ? DIGEST_LENGTH : 0) + dataLength + padding
                + (dd ? DIGEST_LENGTH : 0);
        IoBuffer buf = IoBuffer.allocate(total, false);
        buf.put(bhs);
        buf.put(ahs);
        if (headerDigest) {
            CRC32C crc = new CRC32C();
            crc.update(bhs);
            crc.update(ahs);
            buf.putInt(Crc.toWire(crc.getValue()));
        }
        if (dataLength > 0) {
            if (dd) {
                CRC32C crc = new CRC32C();
                crc.update(data.duplicate());
                crc.update(ZEROS, 0, padding);
                buf.put(data);
                buf.put(ZEROS, 0, padding);
                buf.putInt(Crc.toWire(crc.getValue()));
            } else {
                buf.put(data);
                buf.put(ZEROS, 0, padding);
            }
        }
        buf.flip();
        return buf;
    }
}
