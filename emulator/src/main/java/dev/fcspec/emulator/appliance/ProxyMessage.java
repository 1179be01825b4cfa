package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.scsi.Residual;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TransportProtocol;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the virtual adapters of two cluster nodes send each other over the interconnect: a data access
 * command forwarded by the node that received it, and the partner's response. Big-endian, version 1:
 * <pre>
 *   0  kind (1 = request, 2 = response)   1  version   2..3 reserved   4..7 request id
 *   request:  lun(8) attribute(1) protocol(1) reserved(2) tag(8) expected data-in(4) relative port(2)
 *             initiator name(2+n) target port name(2+n) cdb(2+n) data-out(4+n)
 *   response: status(1) reserved(1) sense(2+n) overrun(4) underrun(4) data-in(4+n)
 * </pre>
 * The protocol is the SPC-4 PROTOCOL IDENTIFIER of the transport the command arrived on (FCP 0, iSCSI 5), so
 * the owner sees the I_T nexus as the host made it.
 */
public sealed interface ProxyMessage {

    int KIND_REQUEST = 1;
    int KIND_RESPONSE = 2;
    int KIND_HEARTBEAT = 3;
    int VERSION = 1;

    int requestId();

    byte[] encode();

    /** A command forwarded to the partner, with the I_T nexus it arrived on. */
    record Request(int requestId, TransportProtocol protocol, String initiator, String targetPort, int relativePortId, long lun,
                   TaskAttribute attribute, long tag, int expectedDataIn, byte[] cdb, byte[] dataOut)
            implements ProxyMessage {
        public Request {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(initiator, "initiator");
            Objects.requireNonNull(targetPort, "targetPort");
            Objects.requireNonNull(attribute, "attribute");
            cdb = cdb.clone();
            dataOut = dataOut.clone();
        }

        @Override
        public byte[] encode() {
            byte[] ini = initiator.getBytes(StandardCharsets.US_ASCII);
            byte[] tgt = targetPort.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(8 + 8 + 4 + 8 + 4 + 2 + 2 + ini.length + 2 + tgt.length + 2 + cdb.length
                    + 4 + dataOut.length);
            b.put((byte) KIND_REQUEST).put((byte) VERSION).putShort((short) 0).putInt(requestId);
            b.putLong(lun).put((byte) attribute.ordinal()).put((byte) protocol.protocolIdentifier()).put(new byte[2]).putLong(tag).putInt(expectedDataIn)
                    .putShort((short) relativePortId);
            b.putShort((short) ini.length).put(ini).putShort((short) tgt.length).put(tgt);
            b.putShort((short) cdb.length).put(cdb).putInt(dataOut.length).put(dataOut);
            return b.array();
        }
    }

    /** The partner's answer: status, sense and data-in, as its SCSI target core produced them. */
    record Response(int requestId, int status, byte[] sense, int overrun, int underrun, byte[] dataIn)
            implements ProxyMessage {
        public Response {
            sense = sense.clone();
            dataIn = dataIn.clone();
        }

        static Response of(int requestId, ScsiResponse r) {
            Residual residual = r.residual();
            return new Response(requestId, r.status(), r.sense(), residual.overflow() ? residual.count() : 0,
                    residual.underflow() ? residual.count() : 0, r.dataIn());
        }

        /** The response as the owner's target computed it; an overrun wins over an underrun. */
        ScsiResponse toScsi() {
            return new ScsiResponse(status, sense, dataIn, overrun > 0 ? Residual.overflow(overrun)
                    : Residual.underflow(underrun));
        }

        @Override
        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(8 + 2 + 2 + sense.length + 8 + 4 + dataIn.length);
            b.put((byte) KIND_RESPONSE).put((byte) VERSION).putShort((short) 0).putInt(requestId);
            b.put((byte) status).put((byte) 0).putShort((short) sense.length).put(sense);
            b.putInt(overrun).putInt(underrun).putInt(dataIn.length).put(dataIn);
            return b.array();
        }
    }

    /** A node's heartbeat to its partner; {@code requestId} is its sequence number. */
    record Heartbeat(int requestId) implements ProxyMessage {
        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(8).put((byte) KIND_HEARTBEAT).put((byte) VERSION).putShort((short) 0)
                    .putInt(requestId).array();
        }
    }

    /** Decodes one message; a malformed one raises {@link ProxyDecodeException} naming the defect. */
    static ProxyMessage decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            int kind = b.get() & 0xFF;
            int version = b.get() & 0xFF;
            if (version != VERSION) {
                throw new ProxyDecodeException("proxy message version " + version + ", expected " + VERSION);
            }
            b.getShort();
            int id = b.getInt();
            ProxyMessage m = switch (kind) {
                case KIND_REQUEST -> {
                    long lun = b.getLong();
                    int attr = b.get() & 0xFF;
                    int proto = b.get() & 0xFF;
                    b.get(new byte[2]);
                    if (attr >= TaskAttribute.values().length) {
                        throw new ProxyDecodeException("task attribute " + attr + " is not defined");
                    }
                    TransportProtocol protocol = TransportProtocol.of(proto);
                    if (protocol == null) {
                        throw new ProxyDecodeException("protocol identifier " + proto + " is neither FCP (0) nor"
                                + " iSCSI (5)");
                    }
                    long tag = b.getLong();
                    int expected = b.getInt();
                    int rel = b.getShort() & 0xFFFF;
                    String ini = new String(field(b, b.getShort() & 0xFFFF), StandardCharsets.US_ASCII);
                    String tgt = new String(field(b, b.getShort() & 0xFFFF), StandardCharsets.US_ASCII);
                    byte[] cdb = field(b, b.getShort() & 0xFFFF);
                    byte[] out = field(b, b.getInt());
                    yield new Request(id, protocol, ini, tgt, rel, lun, TaskAttribute.values()[attr], tag, expected, cdb, out);
                }
                case KIND_RESPONSE -> {
                    int status = b.get() & 0xFF;
                    b.get();
                    byte[] sense = field(b, b.getShort() & 0xFFFF);
                    int over = b.getInt();
                    int under = b.getInt();
                    byte[] data = field(b, b.getInt());
                    yield new Response(id, status, sense, over, under, data);
                }
                case KIND_HEARTBEAT -> new Heartbeat(id);
                default -> throw new ProxyDecodeException("proxy message kind " + kind + " is none of request (1),"
                        + " response (2), heartbeat (3)");
            };
            if (b.hasRemaining()) {
                throw new ProxyDecodeException(b.remaining() + " bytes after the end of the proxy message");
            }
            return m;
        } catch (BufferUnderflowException e) {
            throw new ProxyDecodeException("proxy message truncated at byte " + b.position() + " of " + bytes.length);
        }
    }

    private static byte[] field(ByteBuffer b, int length) {
        if (length < 0 || length > b.remaining()) {
            throw new ProxyDecodeException("field of " + length + " bytes at byte " + b.position()
                    + " runs past the end of the message (" + b.limit() + " bytes)");
        }
        byte[] v = new byte[length];
        b.get(v);
        return v;
    }
}
