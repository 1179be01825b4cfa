package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse1;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse2;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse3;
import dev.fcspec.emulator.vi.FcviIu.DisconnectRequest;
import dev.fcspec.emulator.vi.FcviIu.DisconnectResponse;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.ReadResponse;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.SendResponse;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteResponse;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import java.nio.ByteBuffer;

/**
 * FC-VI constants and the codec of its Information Units: the one place where the FC-VI wire format of
 * this emulator is defined.
 *
 * <h2>What is public and what is emulator-defined</h2>
 * <ul>
 * <li>Publicly confirmed (INCITS 357-2002 / ISO/IEC 14165-331, table of contents only): FC-VI maps the VI
 * Architecture onto FC-4 Information Units named FCVI_SEND_RQST/RESP, FCVI_WRITE_RQST/RESP (RDMA write),
 * FCVI_READ_RQST/RESP (RDMA read), FCVI_CONNECT_RQST with FCVI_CONNECT_RESP1/2/3 (three-step setup) and
 * FCVI_DISCONNECT_RQST/RESP; it defines an FC-VI Device_Header and an FCVI_ULP_TIMEOUT.</li>
 * <li><b>Not confirmed by any public source read</b>: the frame TYPE (0x58 is the commonly documented
 * value, {@link FcType#VI}; Wireshark 4.0 has no FC-VI dissector and shows "Unknown (0x58)"); the R_CTL of
 * each IU; the IU codes; every byte layout; the Device_Header layout; the connect-response semantics of
 * RESP1/2/3; the status codes on the wire. All of those below are <b>emulator-defined</b>.</li>
 * <li>Completion status values, operation codes, reliability levels and memory attributes follow the
 * VI Architecture 1.0 specification as reflected in the public {@code vipl.h} header.</li>
 * </ul>
 *
 * <h2>Emulator-defined layout</h2>
 * The emulator sends no FC-VI Device_Header (DF_CTL = 0). Instead every IU's payload starts with this
 * 16-byte common header (big-endian):
 * <pre>
 *  0  IU code (1)             see IU_* below
 *  1  IU version (1)          {@link #IU_VERSION}
 *  2  flags (1)               bit 0: immediate data present
 *  3  reserved (1)
 *  4  destination VI number (2)
 *  6  source VI number (2)
 *  8  status (4)              VIA completion status on responses (0x1 = done), 0 on requests
 * 12  length (4)              data bytes carried (READ_RQST: data bytes wanted)
 * </pre>
 * followed by the IU body:
 * <pre>
 * CONNECT_RQST      reliability (1), attribute flags (1: bit0 RDMA read, bit1 RDMA write), reserved (2),
 *                   maximum transfer size (4)
 * CONNECT_RESP1     result (1), reliability (1), attribute flags (1), reserved (1), maximum transfer size (4)
 * CONNECT_RESP2     -                (the requester acknowledges the acceptance)
 * CONNECT_RESP3     -                (the responder confirms: both VIs are now Connected)
 * DISCONNECT_RQST   reason (4)
 * DISCONNECT_RESP   -
 * SEND_RQST         immediate data (4), data
 * SEND_RESP         -
 * WRITE_RQST        remote memory handle (4), reserved (4), remote address (8), immediate data (4), data
 * WRITE_RESP        -
 * READ_RQST         remote memory handle (4), reserved (4), remote address (8)
 * READ_RESP         data
 * </pre>
 * One IU travels in one frame; transfers are limited to {@link #MAX_TRANSFER_SIZE} bytes so that every IU
 * fits the 2112-byte data field.
 */
public final class FcviProtocol {

    /** FC-4 TYPE of FC-VI frames (commonly documented value, not confirmed: see the class comment). */
    public static final int TYPE = FcType.VI;

    /** Emulator-defined IU format version carried in byte 1 of every IU. */
    public static final int IU_VERSION = 1;

    // IU codes (emulator-defined).
    public static final int IU_CONNECT_RQST = 0x01;
    public static final int IU_CONNECT_RESP1 = 0x02;
    public static final int IU_CONNECT_RESP2 = 0x03;
    public static final int IU_CONNECT_RESP3 = 0x04;
    public static final int IU_DISCONNECT_RQST = 0x05;
    public static final int IU_DISCONNECT_RESP = 0x06;
    public static final int IU_SEND_RQST = 0x10;
    public static final int IU_SEND_RESP = 0x11;
    public static final int IU_WRITE_RQST = 0x12;
    public static final int IU_WRITE_RESP = 0x13;
    public static final int IU_READ_RQST = 0x14;
    public static final int IU_READ_RESP = 0x15;

    // R_CTL per IU (emulator-defined, following the FCP conventions of the FC-4 Device_Data categories).
    /** Connect and disconnect requests and RESP2: unsolicited control. */
    public static final int R_CTL_CONTROL_REQUEST = RCtl.DD_UNSOL_CTL;
    /** RESP1, RESP3 and DISCONNECT_RESP: solicited control. */
    public static final int R_CTL_CONTROL_RESPONSE = RCtl.DD_SOL_CTL;
    /** SEND, WRITE and READ requests: unsolicited command. */
    public static final int R_CTL_COMMAND = RCtl.DD_UNSOL_CMD;
    /** READ_RESP (carries the data read): solicited data. */
    public static final int R_CTL_DATA = RCtl.DD_SOL_DATA;
    /** SEND_RESP and WRITE_RESP: command status. */
    public static final int R_CTL_STATUS = RCtl.DD_CMD_STATUS;

    /** Common header length. */
    public static final int HEADER_LENGTH = 16;
    public static final int FLAG_IMMEDIATE = 0x01;
    public static final int ATTR_RDMA_READ = 0x01;
    public static final int ATTR_RDMA_WRITE = 0x02;

    /** Largest data transfer of one descriptor (one IU in one frame). */
    public static final int MAX_TRANSFER_SIZE = 2048;

    // VI Architecture 1.0 descriptor status bits (vipl.h VIP_STATUS_*).
    public static final int VIP_STATUS_DONE = 0x1;
    public static final int VIP_STATUS_FORMAT_ERROR = 0x2;
    public static final int VIP_STATUS_PROTECTION_ERROR = 0x4;
    public static final int VIP_STATUS_LENGTH_ERROR = 0x8;
    public static final int VIP_STATUS_PARTIAL_ERROR = 0x10;
    public static final int VIP_STATUS_DESC_FLUSHED_ERROR = 0x20;
    public static final int VIP_STATUS_TRANSPORT_ERROR = 0x40;
    public static final int VIP_STATUS_RDMA_PROT_ERROR = 0x80;
    public static final int VIP_STATUS_REMOTE_DESC_ERROR = 0x100;

    // VI Architecture 1.0 operation codes in status bits 18:16 (vipl.h VIP_STATUS_OP_*).
    public static final int VIP_OP_SEND = 0;
    public static final int VIP_OP_RECEIVE = 1;
    public static final int VIP_OP_RDMA_WRITE = 2;
    public static final int VIP_OP_REMOTE_RDMA_WRITE = 3;
    public static final int VIP_OP_RDMA_READ = 4;
    /** Emulator-defined: VIA has no operation code for the target side of an RDMA read. */
    public static final int VIP_OP_REMOTE_RDMA_READ = 5;

    // VI Architecture 1.0 reliability levels (vipl.h VIP_SERVICE_*).
    public static final int VIP_SERVICE_UNRELIABLE = 1;
    public static final int VIP_SERVICE_RELIABLE_DELIVERY = 2;
    public static final int VIP_SERVICE_RELIABLE_RECEPTION = 4;

    // Connect results in CONNECT_RESP1 (emulator-defined).
    public static final int CONNECT_ACCEPTED = 0;
    public static final int CONNECT_REJECT_NO_SUCH_VI = 1;
    public static final int CONNECT_REJECT_VI_BUSY = 2;
    public static final int CONNECT_REJECT_ATTRIBUTES = 3;
    public static final int CONNECT_REJECT_COLLISION = 4;
    public static final int CONNECT_REJECT_NOT_ACCEPTING = 5;

    // Disconnect reasons in DISCONNECT_RQST (emulator-defined).
    public static final int DISCONNECT_REQUESTED = 0;
    public static final int DISCONNECT_ERROR = 1;

    private FcviProtocol() {
    }

    /** The R_CTL an IU is sent with. */
    public static int rCtlOf(FcviIu iu) {
        return switch (iu.code()) {
            case IU_CONNECT_RQST, IU_CONNECT_RESP2, IU_DISCONNECT_RQST -> R_CTL_CONTROL_REQUEST;
            case IU_CONNECT_RESP1, IU_CONNECT_RESP3, IU_DISCONNECT_RESP -> R_CTL_CONTROL_RESPONSE;
            case IU_SEND_RQST, IU_WRITE_RQST, IU_READ_RQST -> R_CTL_COMMAND;
            case IU_READ_RESP -> R_CTL_DATA;
            default -> R_CTL_STATUS;
        };
    }

    /** True for a frame this codec is meant for (TYPE 0x58). */
    public static boolean isFcvi(Frame frame) {
        return frame.header().type() == TYPE;
    }

    /** Encodes an IU into a frame payload. */
    public static byte[] encode(FcviIu iu) {
        int flags = 0;
        int status = 0;
        int length = 0;
        byte[] body;
        switch (iu.code()) {
            case IU_CONNECT_RQST -> {
                ConnectRequest c = (ConnectRequest) iu;
                body = ByteBuffer.allocate(8).put((byte) c.reliability().code())
                        .put((byte) attributeFlags(c.rdmaRead(), c.rdmaWrite())).putShort((short) 0)
                        .putInt(c.maxTransferSize()).array();
            }
            case IU_CONNECT_RESP1 -> {
                ConnectResponse1 c = (ConnectResponse1) iu;
                body = ByteBuffer.allocate(8).put((byte) c.result().code()).put((byte) c.reliability().code())
                        .put((byte) attributeFlags(c.rdmaRead(), c.rdmaWrite())).put((byte) 0)
                        .putInt(c.maxTransferSize()).array();
            }
            case IU_DISCONNECT_RQST -> body = ByteBuffer.allocate(4).putInt(((DisconnectRequest) iu).reason()).array();
            case IU_SEND_RQST -> {
                SendRequest s = (SendRequest) iu;
                flags = s.immediateData() != null ? FLAG_IMMEDIATE : 0;
                length = s.dataLength();
                body = ByteBuffer.allocate(4 + length).putInt(s.immediateData() != null ? s.immediateData() : 0)
                        .put(s.data()).array();
            }
            case IU_WRITE_RQST -> {
                WriteRequest w = (WriteRequest) iu;
                flags = w.immediateData() != null ? FLAG_IMMEDIATE : 0;
                length = w.dataLength();
                body = ByteBuffer.allocate(20 + length).putInt(w.remoteHandle().value()).putInt(0)
                        .putLong(w.remoteAddress()).putInt(w.immediateData() != null ? w.immediateData() : 0)
                        .put(w.data()).array();
            }
            case IU_READ_RQST -> {
                ReadRequest r = (ReadRequest) iu;
                length = r.length();
                body = ByteBuffer.allocate(16).putInt(r.remoteHandle().value()).putInt(0).putLong(r.remoteAddress())
                        .array();
            }
            case IU_READ_RESP -> {
                ReadResponse r = (ReadResponse) iu;
                status = r.status().code();
                length = r.dataLength();
                body = r.data();
            }
            case IU_SEND_RESP -> {
                status = ((SendResponse) iu).status().code();
                body = new byte[0];
            }
            case IU_WRITE_RESP -> {
                status = ((WriteResponse) iu).status().code();
                body = new byte[0];
            }
            default -> body = new byte[0];
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + body.length);
        b.put((byte) iu.code()).put((byte) IU_VERSION).put((byte) flags).put((byte) 0);
        b.putShort((short) iu.destinationVi()).putShort((short) iu.sourceVi());
        b.putInt(status).putInt(length);
        b.put(body);
        return b.array();
    }

    /**
     * Decodes a frame payload into an IU.
     *
     * @throws FcviDecodeException naming the defect: truncated, unknown IU code or version, unknown status,
     *                             reliability level or connect result, length disagreeing with the payload,
     *                             a transfer over {@link #MAX_TRANSFER_SIZE}
     */
    public static FcviIu decode(byte[] p) {
        if (p.length < HEADER_LENGTH) {
            throw new FcviDecodeException(FcviDecodeException.Defect.TRUNCATED,
                    "FC-VI IU needs a " + HEADER_LENGTH + "-byte header, payload has " + p.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        int code = b.get() & 0xFF;
        int version = b.get() & 0xFF;
        int flags = b.get() & 0xFF;
        b.get();
        int dst = b.getShort() & 0xFFFF;
        int src = b.getShort() & 0xFFFF;
        int status = b.getInt();
        int length = b.getInt();
        if (version != IU_VERSION) {
            throw new FcviDecodeException(FcviDecodeException.Defect.UNKNOWN_VERSION,
                    "FC-VI IU version " + version + " (this emulator speaks " + IU_VERSION + ")");
        }
        if (length < 0 || length > MAX_TRANSFER_SIZE) {
            throw new FcviDecodeException(FcviDecodeException.Defect.TRANSFER_TOO_LONG,
                    "FC-VI IU length " + Integer.toUnsignedString(length) + " exceeds " + MAX_TRANSFER_SIZE);
        }
        boolean immediate = (flags & FLAG_IMMEDIATE) != 0;
        return switch (code) {
            case IU_CONNECT_RQST -> {
                need(p, 8, "CONNECT_RQST");
                ReliabilityLevel rel = ReliabilityLevel.fromCode(b.get() & 0xFF);
                int attr = b.get() & 0xFF;
                b.getShort();
                yield new ConnectRequest(dst, src, rel, (attr & ATTR_RDMA_READ) != 0, (attr & ATTR_RDMA_WRITE) != 0,
                        b.getInt());
            }
            case IU_CONNECT_RESP1 -> {
                need(p, 8, "CONNECT_RESP1");
                ConnectResult result = ConnectResult.fromCode(b.get() & 0xFF);
                ReliabilityLevel rel = ReliabilityLevel.fromCode(b.get() & 0xFF);
                int attr = b.get() & 0xFF;
                b.get();
                yield new ConnectResponse1(dst, src, result, rel, (attr & ATTR_RDMA_READ) != 0,
                        (attr & ATTR_RDMA_WRITE) != 0, b.getInt());
            }
            case IU_CONNECT_RESP2 -> new ConnectResponse2(dst, src);
            case IU_CONNECT_RESP3 -> new ConnectResponse3(dst, src);
            case IU_DISCONNECT_RQST -> {
                need(p, 4, "DISCONNECT_RQST");
                yield new DisconnectRequest(dst, src, b.getInt());
            }
            case IU_DISCONNECT_RESP -> new DisconnectResponse(dst, src);
            case IU_SEND_RQST -> {
                need(p, 4 + length, "SEND_RQST");
                int imm = b.getInt();
                yield new SendRequest(dst, src, immediate ? imm : null, data(b, length));
            }
            case IU_SEND_RESP -> new SendResponse(dst, src, ViStatus.fromCode(status));
            case IU_WRITE_RQST -> {
                need(p, 20 + length, "WRITE_RQST");
                MemoryHandle h = new MemoryHandle(b.getInt());
                b.getInt();
                long addr = b.getLong();
                int imm = b.getInt();
                yield new WriteRequest(dst, src, h, addr, immediate ? imm : null, data(b, length));
            }
            case IU_WRITE_RESP -> new WriteResponse(dst, src, ViStatus.fromCode(status));
            case IU_READ_RQST -> {
                need(p, 16, "READ_RQST");
                MemoryHandle h = new MemoryHandle(b.getInt());
                b.getInt();
                yield new ReadRequest(dst, src, h, b.getLong(), length);
            }
            case IU_READ_RESP -> {
                need(p, length, "READ_RESP");
                yield new ReadResponse(dst, src, ViStatus.fromCode(status), data(b, length));
            }
            default -> throw new FcviDecodeException(FcviDecodeException.Defect.UNKNOWN_IU,
                    String.format("unknown FC-VI IU code 0x%02x", code));
        };
    }

    /** The IU name as used in the FC-VI standard, for logs and step messages. */
    public static String nameOf(int code) {
        return switch (code) {
            case IU_CONNECT_RQST -> "FCVI_CONNECT_RQST";
            case IU_CONNECT_RESP1 -> "FCVI_CONNECT_RESP1";
            case IU_CONNECT_RESP2 -> "FCVI_CONNECT_RESP2";
            case IU_CONNECT_RESP3 -> "FCVI_CONNECT_RESP3";
            case IU_DISCONNECT_RQST -> "FCVI_DISCONNECT_RQST";
            case IU_DISCONNECT_RESP -> "FCVI_DISCONNECT_RESP";
            case IU_SEND_RQST -> "FCVI_SEND_RQST";
            case IU_SEND_RESP -> "FCVI_SEND_RESP";
            case IU_WRITE_RQST -> "FCVI_WRITE_RQST";
            case IU_WRITE_RESP -> "FCVI_WRITE_RESP";
            case IU_READ_RQST -> "FCVI_READ_RQST";
            case IU_READ_RESP -> "FCVI_READ_RESP";
            default -> String.format("FCVI_UNKNOWN_0x%02x", code);
        };
    }

    private static int attributeFlags(boolean read, boolean write) {
        return (read ? ATTR_RDMA_READ : 0) | (write ? ATTR_RDMA_WRITE : 0);
    }

    private static void need(byte[] p, int bodyLength, String iu) {
        if (p.length != HEADER_LENGTH + bodyLength) {
            throw new FcviDecodeException(p.length < HEADER_LENGTH + bodyLength
                    ? FcviDecodeException.Defect.TRUNCATED : FcviDecodeException.Defect.LENGTH_MISMATCH,
                    iu + " needs " + (HEADER_LENGTH + bodyLength) + " bytes, payload has " + p.length);
        }
    }

    private static byte[] data(ByteBuffer b, int length) {
        byte[] d = new byte[length];
        b.get(d);
        return d;
    }
}
