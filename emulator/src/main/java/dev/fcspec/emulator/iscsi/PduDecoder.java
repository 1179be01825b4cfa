package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.BHS_LENGTH;
import static dev.fcspec.emulator.iscsi.IscsiConstants.DIGEST_LENGTH;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Frames the byte stream into {@link Pdu}s (RFC 7143 section 11.2): BHS, AHS, optional HeaderDigest, data
 * segment padded to 4 bytes, optional DataDigest. Emits a {@link FramingError} for a digest mismatch or a data
 * segment over the limit; after a header digest error or an oversized segment the stream cannot be trusted
 * and every further byte is discarded (the handler closes the connection).
 */
public final class PduDecoder extends CumulativeProtocolDecoder {

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        FramingState state = FramingState.of(session);
        if (state.broken()) {
            in.position(in.limit());
            return false;
        }
        int start = in.position();
        if (in.remaining() < BHS_LENGTH) {
            return false;
        }
        int ahsLength = (in.get(start + IscsiConstants.OFF_TOTAL_AHS_LENGTH) & 0xFF) * 4;
        int dataLength = ((in.get(start + 5) & 0xFF) << 16) | ((in.get(start + 6) & 0xFF) << 8) | (in.get(start + 7) & 0xFF);
        boolean hd = state.headerDigest();
        int headerTotal = BHS_LENGTH + ahsLength + (hd ? DIGEST_LENGTH : 0);
        if (in.remaining() < headerTotal) {
            return false;
        }
        byte[] bhs = new byte[BHS_LENGTH];
        in.get(bhs);
        byte[] ahs = new byte[ahsLength];
        in.get(ahs);
        if (hd) {
            CRC32C crc = new CRC32C();
            crc.update(bhs);
            crc.update(ahs);
            int computed = Crc.toWire(crc.getValue());
            int received = in.getInt();
            if (computed != received) {
                state.markBroken();
                in.position(in.limit());
                out.write(new FramingError(bhs, new HeaderDigestException(computed, received)));
                return false;
            }
        }
        if (dataLength > state.maxRecvDataSegmentLength()) {
            state.markBroken();
            in.position(in.limit());
            out.write(new FramingError(bhs, new DataSegmentTooLongException(dataLength, state.maxRecvDataSegmentLength())));
            return false;
        }
        boolean dd = state.dataDigest() && dataLength > 0;
        int padded = (dataLength + 3) & ~3;
        if (in.remaining() < padded + (dd ? DIGEST_LENGTH : 0)) {
            in.position(start);
            return false;
        }
        byte[] data = new byte[dataLength];
        in.get(data);
        int padding = padded - dataLength;
        byte[] pad = new byte[padding];
        in.get(pad);
        if (dd) {
            CRC32C crc = new CRC32C();
            crc.update(data);
            crc.update(pad);
            int computed = Crc.toWire(crc.getValue());
            int received = in.getInt();
            if (computed != received) {
                out.write(new FramingError(bhs, new DataDigestException(computed, received)));
                return true;
            }
        }
        out.write(new Pdu(bhs, ahs, ByteBuffer.wrap(data)));
        return true;
    }
}
