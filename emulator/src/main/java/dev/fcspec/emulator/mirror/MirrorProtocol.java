package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.wire.RCtl;
import java.nio.ByteBuffer;

/**
 * Constants and codec of the messages the mirror engines and policing protocol modules of a virtual SAN's
 * servers exchange: the one place where this FC-4 is defined. The whole protocol is <b>emulator-defined</b>;
 * no public standard describes it.
 *
 * <h2>Frame</h2>
 * Frame TYPE {@link #TYPE} = 0xE1, in the range FC-FS leaves to vendor-unique FC-4s (E0h-FFh; 0xE0 is the
 * emulator's I/O-processor protocol). Wireshark shows it as an unknown FC-4 and keeps the payload as data.
 * A request opens an exchange (R_CTL {@link #R_CTL_REQUEST}, unsolicited command, Sequence Initiative
 * transferred); the reply ends it (R_CTL {@link #R_CTL_REPLY}, command status, Last_Sequence). A message
 * larger than the receiver's data field size is one sequence of several frames with relative offsets.
 *
 * <h2>Message layout (big-endian)</h2>
 * <pre>
 *  0  version (1)             {@link #VERSION}
 *  1  opcode (1)              OP_*; a reply carries its request's opcode with {@link #REPLY_BIT} set
 *  2  status (1)              STATUS_*; 0 in requests
 *  3  reserved (1)            0
 *  4  message id (4)          chosen by the requester; a reply carries its request's id
 *  8  server id (4)           the sender's number in the mirror group (1, 2, 3...)
 * 12  parameter length (4)
 * 16  parameters              per opcode, below
 * </pre>
 * Request parameters:
 * <pre>
 * PRIORITY_REQUEST  first region (8), region count (4), priority timestamp (8)
 *                   (the policing protocol: "does any other server hold write priority for these
 *                   regions?"; the reply, status GRANTED, is sent only once the receiver holds no
 *                   overlapping priority and requests none of higher priority)
 * WRITE_COPY        LBA (8), block size (4), data (whole blocks): the copy of a write request
 * READ_COPY         LBA (8), block count (4), block size (4): read the mirrored data (a server whose own
 *                   device failed serves a read from a surviving copy; a returning server catches up)
 * REJOIN            none: a server that was offline is back; the receiver takes it into the group again
 * </pre>
 * Reply parameters: READ_COPY replies with status GOOD carry the data; REJOIN replies carry the regions the
 * receiver wrote while the sender was away: count (4), then each region number (8); every other reply has
 * none.
 * A request that cannot be decoded is answered with a reply whose status names the defect
 * ({@link #statusFor}); its message id and opcode are echoed when the header could be read (else both are 0,
 * the reply opcode then being 0x80). An error reply decodes whatever its opcode, so that the requester can
 * read why its request was refused.
 */
public final class MirrorProtocol {

    /** FC-4 TYPE of mirror and policing messages (vendor-unique range, see the class comment). */
    public static final int TYPE = 0xE1;
    public static final int R_CTL_REQUEST = RCtl.DD_UNSOL_CMD;
    public static final int R_CTL_REPLY = RCtl.DD_CMD_STATUS;

    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 16;
    public static final int REPLY_BIT = 0x80;

    public static final int OP_PRIORITY_REQUEST = 0x01;
    public static final int OP_WRITE_COPY = 0x02;
    public static final int OP_READ_COPY = 0x03;
    public static final int OP_REJOIN = 0x04;

    public static final int PRIORITY_REQUEST_LENGTH = 20;
    public static final int WRITE_COPY_HEADER_LENGTH = 12;
    public static final int READ_COPY_LENGTH = 16;

    public static final int STATUS_GOOD = 0x00;
    /** The reply to PRIORITY_REQUEST: the receiver holds no priority that conflicts. */
    public static final int STATUS_GRANTED = 0x00;
    public static final int STATUS_UNKNOWN_OPCODE = 0x01;
    public static final int STATUS_INVALID_PARAMETERS = 0x02;
    public static final int STATUS_OUT_OF_RANGE = 0x03;
    public static final int STATUS_STORAGE_ERROR = 0x04;
    public static final int STATUS_NOT_A_MEMBER = 0x05;
    public static final int STATUS_VERSION_NOT_SUPPORTED = 0x06;
    public static final int STATUS_MALFORMED = 0x07;
    /** The server is catching up after being offline: its copy is not yet current. */
    public static final int STATUS_RESYNCHRONISING = 0x08;

    /** Largest write copy or read, in bytes of data (a message stays well inside one exchange). */
    public static final int MAX_DATA = 1 << 20;
    public static final int MAX_PARAMETERS = WRITE_COPY_HEADER_LENGTH + MAX_DATA;

    private MirrorProtocol() {
    }

    public static String opcodeName(int opcode) {
        String base = switch (opcode & ~REPLY_BIT) {
            case OP_PRIORITY_REQUEST -> "PRIORITY_REQUEST";
            case OP_WRITE_COPY -> "WRITE_COPY";
            case OP_READ_COPY -> "READ_COPY";
            case OP_REJOIN -> "REJOIN";
            default -> String.format("UNKNOWN_0x%02x", opcode & ~REPLY_BIT);
        };
        return (opcode & REPLY_BIT) != 0 ? base + "_REPLY" : base;
    }

    public static boolean isKnownOpcode(int opcode) {
        int op = opcode & ~REPLY_BIT;
        return op == OP_PRIORITY_REQUEST || op == OP_WRITE_COPY || op == OP_READ_COPY || op == OP_REJOIN;
    }

    public static String statusName(int status) {
        return switch (status) {
            case STATUS_GOOD -> "GOOD";
            case STATUS_UNKNOWN_OPCODE -> "UNKNOWN_OPCODE";
            case STATUS_INVALID_PARAMETERS -> "INVALID_PARAMETERS";
            case STATUS_OUT_OF_RANGE -> "OUT_OF_RANGE";
            case STATUS_STORAGE_ERROR -> "STORAGE_ERROR";
            case STATUS_NOT_A_MEMBER -> "NOT_A_MEMBER";
            case STATUS_VERSION_NOT_SUPPORTED -> "VERSION_NOT_SUPPORTED";
            case STATUS_MALFORMED -> "MALFORMED";
            case STATUS_RESYNCHRONISING -> "RESYNCHRONISING";
            default -> String.format("STATUS_0x%02x", status);
        };
    }

    /** The reply status for a request that failed to decode with {@code defect}. */
    public static int statusFor(MirrorDecodeException.Defect defect) {
        return switch (defect) {
            case TRUNCATED, LENGTH_MISMATCH -> STATUS_MALFORMED;
            case UNKNOWN_VERSION -> STATUS_VERSION_NOT_SUPPORTED;
            case UNKNOWN_OPCODE -> STATUS_UNKNOWN_OPCODE;
            case PARAMETER_LENGTH, PARTIAL_BLOCK, BAD_BLOCK_SIZE, BAD_COUNT -> STATUS_INVALID_PARAMETERS;
        };
    }

    // ---- messages -------------------------------------------------------------------------------------

    /** Encodes a message into a frame payload. */
    public static byte[] encode(MirrorMessage m) {
        byte[] params = m.parameters();
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + params.length);
        b.put((byte) VERSION).put((byte) m.opcode()).put((byte) m.status()).put((byte) 0);
        b.putInt(m.messageId()).putInt(m.serverId()).putInt(params.length).put(params);
        return b.array();
    }

    /**
     * Decodes a frame payload into a message. Unknown opcodes do not decode (except in error replies); nor do
     * a bad version or a parameter length that disagrees with the payload.
     *
     * @throws MirrorDecodeException naming the defect, with the header fields it could read
     */
    public static MirrorMessage decode(byte[] p) {
        if (p.length < HEADER_LENGTH) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.TRUNCATED, -1, 0,
                    "mirror message needs " + HEADER_LENGTH + " header bytes, payload has " + p.length);
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        int version = b.get() & 0xFF;
        int opcode = b.get() & 0xFF;
        int status = b.get() & 0xFF;
        b.get();
        int id = b.getInt();
        int server = b.getInt();
        int length = b.getInt();
        if (version != VERSION) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_VERSION, opcode, id,
                    "message version " + version + ", this emulator speaks " + VERSION);
        }
        boolean errorReply = (opcode & REPLY_BIT) != 0 && status != STATUS_GOOD;
        if (!isKnownOpcode(opcode) && !errorReply) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_OPCODE, opcode, id,
                    "opcode " + opcodeName(opcode) + " is not a mirror or policing message");
        }
        if (length < 0 || length > MAX_PARAMETERS || HEADER_LENGTH + length != p.length) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.LENGTH_MISMATCH, opcode, id,
                    "parameter length " + Integer.toUnsignedString(length) + " disagrees with the "
                            + (p.length - HEADER_LENGTH) + " bytes after the header");
        }
        byte[] params = new byte[length];
        b.get(params);
        return new MirrorMessage(opcode, status, id, server, params);
    }

    // ---- parameters -----------------------------------------------------------------------------------

    /** PRIORITY_REQUEST parameters: regions {@code first .. first+count-1}, requested at {@code timestamp}. */
    public record PriorityRequest(long firstRegion, int regionCount, long timestamp) {
        public PriorityRequest {
            if (firstRegion < 0 || regionCount < 1) {
                throw new IllegalArgumentException("regions " + firstRegion + " +" + regionCount);
            }
        }

        public long lastRegion() {
            return firstRegion + regionCount - 1;
        }

        public byte[] encode() {
            return ByteBuffer.allocate(PRIORITY_REQUEST_LENGTH).putLong(firstRegion).putInt(regionCount)
                    .putLong(timestamp).array();
        }

        public static PriorityRequest decode(MirrorMessage m) {
            byte[] p = m.parameters();
            requireLength(m, p, PRIORITY_REQUEST_LENGTH);
            ByteBuffer b = ByteBuffer.wrap(p);
            long first = b.getLong();
            int count = b.getInt();
            long ts = b.getLong();
            if (first < 0 || count < 1) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_COUNT, m.opcode(), m.messageId(),
                        "region " + first + " with count " + Integer.toUnsignedString(count));
            }
            return new PriorityRequest(first, count, ts);
        }
    }

    /** WRITE_COPY parameters: {@code data} (whole blocks of {@code blockSize}) at {@code lba}. */
    public record WriteCopy(long lba, int blockSize, byte[] data) {
        public WriteCopy {
            data = data.clone();
            if (blockSize < 1 || data.length == 0 || data.length % blockSize != 0) {
                throw new IllegalArgumentException(data.length + " bytes are not whole blocks of " + blockSize);
            }
        }

        public int blocks() {
            return data.length / blockSize;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public byte[] encode() {
            return ByteBuffer.allocate(WRITE_COPY_HEADER_LENGTH + data.length).putLong(lba).putInt(blockSize)
                    .put(data).array();
        }

        public static WriteCopy decode(MirrorMessage m) {
            byte[] p = m.parameters();
            if (p.length < WRITE_COPY_HEADER_LENGTH) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(),
                        m.messageId(), "WRITE_COPY needs " + WRITE_COPY_HEADER_LENGTH + " parameter bytes before"
                        + " its data, has " + p.length);
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            long lba = b.getLong();
            int bs = b.getInt();
            int n = p.length - WRITE_COPY_HEADER_LENGTH;
            if (bs < 512 || bs > 65536 || Integer.bitCount(bs) != 1) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_BLOCK_SIZE, m.opcode(),
                        m.messageId(), "block size " + Integer.toUnsignedString(bs));
            }
            if (n == 0 || n % bs != 0) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.PARTIAL_BLOCK, m.opcode(),
                        m.messageId(), n + " data bytes are not whole blocks of " + bs);
            }
            if (lba < 0) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_COUNT, m.opcode(), m.messageId(),
                        "LBA " + Long.toUnsignedString(lba));
            }
            byte[] data = new byte[n];
            b.get(data);
            return new WriteCopy(lba, bs, data);
        }
    }

    /** READ_COPY parameters. */
    public record ReadCopy(long lba, int blocks, int blockSize) {
        public byte[] encode() {
            return ByteBuffer.allocate(READ_COPY_LENGTH).putLong(lba).putInt(blocks).putInt(blockSize).array();
        }

        public static ReadCopy decode(MirrorMessage m) {
            byte[] p = m.parameters();
            requireLength(m, p, READ_COPY_LENGTH);
            ByteBuffer b = ByteBuffer.wrap(p);
            long lba = b.getLong();
            int n = b.getInt();
            int bs = b.getInt();
            if (bs < 512 || bs > 65536 || Integer.bitCount(bs) != 1) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_BLOCK_SIZE, m.opcode(),
                        m.messageId(), "block size " + Integer.toUnsignedString(bs));
            }
            if (lba < 0 || n < 1 || (long) n * bs > MAX_DATA) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_COUNT, m.opcode(), m.messageId(),
                        "LBA " + Long.toUnsignedString(lba) + " block count " + Integer.toUnsignedString(n));
            }
            return new ReadCopy(lba, n, bs);
        }
    }

    /** The REJOIN reply's parameters: the regions the replier wrote while the rejoining server was away. */
    public record MissedRegions(java.util.List<Long> regions) {
        public MissedRegions {
            regions = java.util.List.copyOf(regions);
        }

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(4 + 8 * regions.size()).putInt(regions.size());
            regions.forEach(b::putLong);
            return b.array();
        }

        public static MissedRegions decode(MirrorMessage m) {
            byte[] p = m.parameters();
            if (p.length < 4) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(),
                        m.messageId(), "REJOIN reply parameters need a 4-byte count, have " + p.length);
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            int n = b.getInt();
            if (n < 0 || p.length != 4 + 8L * n) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(),
                        m.messageId(), Integer.toUnsignedString(n) + " regions do not fit " + p.length + " bytes");
            }
            java.util.List<Long> out = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                long r = b.getLong();
                if (r < 0) {
                    throw new MirrorDecodeException(MirrorDecodeException.Defect.BAD_COUNT, m.opcode(), m.messageId(),
                            "region " + r);
                }
                out.add(r);
            }
            return new MissedRegions(out);
        }
    }

    private static void requireLength(MirrorMessage m, byte[] p, int length) {
        if (p.length != length) {
            throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(), m.messageId(),
                    opcodeName(m.opcode()) + " parameters are " + length + " bytes, not " + p.length);
        }
    }
}
