package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.vi.MemoryHandle;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Constants and codecs of the cluster connection manager: the predetermined interconnect addresses, the boot
 * status variable and the session messages. Everything here is <b>emulator-defined</b>: no public document
 * gives these values or layouts.
 *
 * <h2>Predetermined addresses</h2>
 * Each node's interconnect firmware, at power-on and before its storage operating system runs, registers
 * the boot status variable at {@link #STATUS_ADDRESS} under the well-known memory handle
 * {@link #STATUS_HANDLE} (RDMA read and write enabled, protection tag {@link #BOOT_PTAG}) and opens the boot
 * VI, number {@link #BOOT_VI}, accepting connections from the partner's boot VI. The partner's FC_ID is
 * configured (a cluster pair is cabled, or zoned, for it).
 *
 * <h2>Boot status variable ({@link #STATUS_LENGTH} bytes, big-endian)</h2>
 * <pre>
 *  0  magic 'CCMS' (4)
 *  4  layout version (2), reserved (2)
 *  8  boot stage (4)              1 firmware up, 2 cluster connection manager running, 3 session up
 * 12  boot generation (4)         one more at every boot of the node
 * 16  node name (8)
 * 24  node kind (1), reserved (3) 1 storage system, 2 application server
 * 28  acknowledged node (8)       the partner whose first write this node acknowledges, or 0
 * 36  acknowledged generation (4)
 * 40  acknowledged attempt (4)
 * 44  mailbox, written by the partner's RDMA writes (20):
 *       writer node (8), writer generation (4), writer attempt (4), step (4): 1 hello, 2 confirm
 * </pre>
 * The partner's RDMA writes carry the step as immediate data, so that the owner of the variable is told of
 * them through its boot VI's receive queue.
 *
 * <h2>Session messages (FC-VI sends on the boot VI)</h2>
 * <pre>
 * byte 0 type: 1 PEER_INFO, 2 CLIENT_INFO, 3 PORTS, 4 READY; bytes 1-3 reserved; then
 * PEER_INFO    lowest version (2), highest version (2), node name (8), node kind (1), reserved (3), generation (4)
 * CLIENT_INFO  count (2), reserved (2), per client: name length (1), name (UTF-8), ports required (2),
 *              memory requested (4)
 * PORTS        version (2), count (2), per client: name length (1), name, VI count (1), VI numbers (2 each),
 *              memory handle (4), memory address (8), memory length (4)
 * READY        version (2), reserved (2)
 * </pre>
 */
public final class CcmProtocol {

    /** The predetermined VI number of the boot VI on every node. */
    public static final int BOOT_VI = 1;
    /** First VI number given to communication ports created for clients. */
    public static final int FIRST_CLIENT_VI = 16;
    /** The preset memory address of the boot status variable. */
    public static final long STATUS_ADDRESS = 0x1000;
    public static final int STATUS_LENGTH = 64;
    /** The well-known memory handle of the boot status variable. */
    public static final MemoryHandle STATUS_HANDLE = new MemoryHandle(0x0000CC01);
    /** Protection tag of the boot VI and the memory it reaches. */
    public static final int BOOT_PTAG = 0xB007;
    /** Scratch memory of the connection manager (RDMA buffers, messages): 0x2000-0x9000. */
    public static final long SCRATCH_ADDRESS = 0x2000;
    public static final int SCRATCH_LENGTH = 0x7000;
    /** Where the first and second RDMA reads land. */
    public static final long READ_BUFFER = 0x2000;
    /** Where the mailbox written by the first and second RDMA writes is prepared. */
    public static final long WRITE_BUFFER = 0x2040;
    /** Send buffers: {@link #SEND_SLOTS} slots of {@link #MESSAGE_SLOT} bytes. */
    public static final long SEND_BUFFERS = 0x3000;
    public static final int SEND_SLOTS = 4;
    /** Receive buffers: {@link #RECEIVE_SLOTS} slots of {@link #MESSAGE_SLOT} bytes, kept posted on the boot VI. */
    public static final long RECEIVE_BUFFERS = 0x5000;
    public static final int RECEIVE_SLOTS = 8;
    public static final int MESSAGE_SLOT = 0x800;
    /** Where memory for clients is allocated from. */
    public static final long CLIENT_MEMORY_ADDRESS = 0x10000;

    public static final int MAGIC = 0x43434D53;
    public static final int LAYOUT_VERSION = 1;

    public static final int OFF_MAGIC = 0;
    public static final int OFF_LAYOUT = 4;
    public static final int OFF_STAGE = 8;
    public static final int OFF_GENERATION = 12;
    public static final int OFF_NODE = 16;
    public static final int OFF_KIND = 24;
    public static final int OFF_ACK_NODE = 28;
    public static final int OFF_ACK_GENERATION = 36;
    public static final int OFF_ACK_ATTEMPT = 40;
    public static final int OFF_MAILBOX = 44;
    public static final int MAILBOX_LENGTH = 20;

    public static final int STAGE_FIRMWARE_UP = 1;
    public static final int STAGE_CCM_RUNNING = 2;
    public static final int STAGE_SESSION_UP = 3;

    public static final int STEP_HELLO = 1;
    public static final int STEP_CONFIRM = 2;

    public static final int KIND_STORAGE_SYSTEM = 1;
    public static final int KIND_APPLICATION_SERVER = 2;

    public static final int MSG_PEER_INFO = 1;
    public static final int MSG_CLIENT_INFO = 2;
    public static final int MSG_PORTS = 3;
    public static final int MSG_READY = 4;

    private CcmProtocol() {
    }

    /** The boot status variable as decoded from its bytes. */
    public record BootStatus(int stage, int generation, Wwn node, NodeKind kind, Wwn acknowledgedNode,
                             int acknowledgedGeneration, int acknowledgedAttempt, Mailbox mailbox) {

        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(STATUS_LENGTH);
            b.putInt(MAGIC).putShort((short) LAYOUT_VERSION).putShort((short) 0).putInt(stage).putInt(generation);
            b.putLong(node.asLong()).put((byte) kind.code()).put(new byte[3]);
            b.putLong(acknowledgedNode == null ? 0 : acknowledgedNode.asLong()).putInt(acknowledgedGeneration)
                    .putInt(acknowledgedAttempt);
            b.put(mailbox == null ? new byte[MAILBOX_LENGTH] : mailbox.encode());
            return b.array();
        }

        /**
         * @throws CcmProtocolException when the bytes do not hold a status variable (wrong magic or layout)
         */
        public static BootStatus decode(byte[] p) {
            if (p.length != STATUS_LENGTH) {
                throw new CcmProtocolException("boot status variable is " + STATUS_LENGTH + " bytes, not " + p.length);
            }
            ByteBuffer b = ByteBuffer.wrap(p);
            int magic = b.getInt();
            int layout = b.getShort() & 0xFFFF;
            if (magic != MAGIC || layout != LAYOUT_VERSION) {
                throw new CcmProtocolException(String.format(
                        "no boot status variable here: magic 0x%08x layout %d", magic, layout));
            }
            b.getShort();
            int stage = b.getInt();
            int gen = b.getInt();
            Wwn node = Wwn.of(b.getLong());
            NodeKind kind = NodeKind.fromCode(b.get() & 0xFF);
            b.get(new byte[3]);
            long ack = b.getLong();
            int ackGen = b.getInt();
            int ackAttempt = b.getInt();
            byte[] mb = new byte[MAILBOX_LENGTH];
            b.get(mb);
            Mailbox m = Mailbox.decode(mb);
            return new BootStatus(stage, gen, node, kind, ack == 0 ? null : Wwn.of(ack), ackGen, ackAttempt,
                    m.step() == 0 ? null : m);
        }

        /** True when this status acknowledges the hello of {@code writer} in its attempt. */
        public boolean acknowledges(Wwn writer, int writerGeneration, int attempt) {
            return writer.equals(acknowledgedNode) && acknowledgedGeneration == writerGeneration
                    && acknowledgedAttempt == attempt;
        }
    }

    /** What a partner's RDMA write leaves in the status variable's mailbox. */
    public record Mailbox(Wwn writer, int writerGeneration, int attempt, int step) {
        public byte[] encode() {
            return ByteBuffer.allocate(MAILBOX_LENGTH).putLong(writer == null ? 0 : writer.asLong())
                    .putInt(writerGeneration).putInt(attempt).putInt(step).array();
        }

        public static Mailbox decode(byte[] p) {
            ByteBuffer b = ByteBuffer.wrap(p);
            long w = b.getLong();
            return new Mailbox(w == 0 ? null : Wwn.of(w), b.getInt(), b.getInt(), b.getInt());
        }
    }

    /** A client's requirements, as collected from the local clients and passed to the partner. */
    public record ClientRequirement(String name, int portsRequired, int memoryRequested) {
        public ClientRequirement {
            if (name == null || name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > 31) {
                throw new IllegalArgumentException("client name must be 1..31 bytes: " + name);
            }
            if (portsRequired < 0 || portsRequired > 16 || memoryRequested < 0) {
                throw new IllegalArgumentException("client " + name + ": 0..16 ports and non-negative memory");
            }
        }
    }

    /** The ports and memory one side created for a client. */
    public record ClientPorts(String name, List<Integer> viNumbers, MemoryHandle memoryHandle, long memoryAddress,
                              int memoryLength) {
        public ClientPorts {
            viNumbers = List.copyOf(viNumbers);
        }
    }

    /** A session message. */
    public sealed interface Message permits PeerInfo, ClientInfo, Ports, Ready {
        int type();

        byte[] encode();
    }

    public record PeerInfo(int lowestVersion, int highestVersion, Wwn node, NodeKind kind, int generation)
            implements Message {
        @Override
        public int type() {
            return MSG_PEER_INFO;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(24).put((byte) MSG_PEER_INFO).put(new byte[3])
                    .putShort((short) lowestVersion).putShort((short) highestVersion).putLong(node.asLong())
                    .put((byte) kind.code()).put(new byte[3]).putInt(generation).array();
        }
    }

    public record ClientInfo(List<ClientRequirement> clients) implements Message {
        public ClientInfo {
            clients = List.copyOf(clients);
        }

        @Override
        public int type() {
            return MSG_CLIENT_INFO;
        }

        @Override
        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(2048);
            b.put((byte) MSG_CLIENT_INFO).put(new byte[3]).putShort((short) clients.size()).putShort((short) 0);
            for (ClientRequirement c : clients) {
                putName(b, c.name());
                b.putShort((short) c.portsRequired()).putInt(c.memoryRequested());
            }
            return trim(b);
        }
    }

    public record Ports(int version, List<ClientPorts> clients) implements Message {
        public Ports {
            clients = List.copyOf(clients);
        }

        @Override
        public int type() {
            return MSG_PORTS;
        }

        @Override
        public byte[] encode() {
            ByteBuffer b = ByteBuffer.allocate(2048);
            b.put((byte) MSG_PORTS).put(new byte[3]).putShort((short) version).putShort((short) clients.size());
            for (ClientPorts c : clients) {
                putName(b, c.name());
                b.put((byte) c.viNumbers().size());
                for (int vi : c.viNumbers()) {
                    b.putShort((short) vi);
                }
                b.putInt(c.memoryHandle() == null ? 0 : c.memoryHandle().value()).putLong(c.memoryAddress())
                        .putInt(c.memoryLength());
            }
            return trim(b);
        }
    }

    public record Ready(int version) implements Message {
        @Override
        public int type() {
            return MSG_READY;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(8).put((byte) MSG_READY).put(new byte[3]).putShort((short) version)
                    .putShort((short) 0).array();
        }
    }

    /**
     * Decodes a session message.
     *
     * @throws CcmProtocolException naming what is wrong
     */
    public static Message decode(byte[] p) {
        try {
            ByteBuffer b = ByteBuffer.wrap(p);
            int type = b.get() & 0xFF;
            b.get(new byte[3]);
            Message m = switch (type) {
                case MSG_PEER_INFO -> {
                    int lo = b.getShort() & 0xFFFF;
                    int hi = b.getShort() & 0xFFFF;
                    Wwn node = Wwn.of(b.getLong());
                    NodeKind kind = NodeKind.fromCode(b.get() & 0xFF);
                    b.get(new byte[3]);
                    yield new PeerInfo(lo, hi, node, kind, b.getInt());
                }
                case MSG_CLIENT_INFO -> {
                    int n = b.getShort() & 0xFFFF;
                    b.getShort();
                    List<ClientRequirement> cs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        String name = getName(b);
                        cs.add(new ClientRequirement(name, b.getShort() & 0xFFFF, b.getInt()));
                    }
                    yield new ClientInfo(cs);
                }
                case MSG_PORTS -> {
                    int version = b.getShort() & 0xFFFF;
                    int n = b.getShort() & 0xFFFF;
                    List<ClientPorts> cs = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        String name = getName(b);
                        int vis = b.get() & 0xFF;
                        List<Integer> numbers = new ArrayList<>();
                        for (int v = 0; v < vis; v++) {
                            numbers.add(b.getShort() & 0xFFFF);
                        }
                        int h = b.getInt();
                        cs.add(new ClientPorts(name, numbers, h == 0 ? null : new MemoryHandle(h), b.getLong(),
                                b.getInt()));
                    }
                    yield new Ports(version, cs);
                }
                case MSG_READY -> {
                    int v = b.getShort() & 0xFFFF;
                    b.getShort();
                    yield new Ready(v);
                }
                default -> throw new CcmProtocolException("unknown session message type " + type);
            };
            if (b.hasRemaining()) {
                throw new CcmProtocolException(b.remaining() + " bytes after the " + m.getClass().getSimpleName()
                        + " message");
            }
            return m;
        } catch (java.nio.BufferUnderflowException e) {
            throw new CcmProtocolException("session message of " + p.length + " bytes is truncated");
        } catch (IllegalArgumentException e) {
            if (e instanceof CcmProtocolException c) {
                throw c;
            }
            throw new CcmProtocolException("session message field out of range: " + e.getMessage());
        }
    }

    private static void putName(ByteBuffer b, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        b.put((byte) n.length).put(n);
    }

    private static String getName(ByteBuffer b) {
        int len = b.get() & 0xFF;
        byte[] n = new byte[len];
        b.get(n);
        return new String(n, StandardCharsets.UTF_8);
    }

    private static byte[] trim(ByteBuffer b) {
        byte[] out = new byte[b.position()];
        b.flip();
        b.get(out);
        return out;
    }
}
