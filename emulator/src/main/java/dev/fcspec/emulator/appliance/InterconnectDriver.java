package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.Descriptor;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.HostMemory;
import dev.fcspec.emulator.vi.MemoryAttributes;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViAttributes;
import dev.fcspec.emulator.vi.ViOperation;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.ViStatus;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.emulator.wire.FcId;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The interconnect driver of one node: manages the cluster interconnect, an FC link (direct, point to point)
 * on which the node's FC-VI provider ({@link FcviPort}, the VI emulation layer) runs one reliable VI to the
 * partner. Messages are sent with VI send descriptors from registered memory; one FC-VI SEND carries at
 * most {@link #CHUNK} bytes, so a longer message goes as several sends (message id, offset, total length)
 * and is reassembled in order on the other side.
 */
public final class InterconnectDriver {

    /** The VI number both ends use for proxy traffic. */
    public static final int PROXY_VI = 0x20;
    /** Bytes of message per FC-VI SEND (one frame each). */
    public static final int CHUNK = 1536;
    private static final int CHUNK_HEADER = 12;
    private static final int SLOT = CHUNK + CHUNK_HEADER;
    private static final int SLOTS = 64;
    private static final int PTAG = 0x5a;

    /** Bytes of registered memory one driver uses (receive and send slots). */
    public static final long MEMORY = 2L * SLOTS * SLOT;

    private final String node;
    private final int viNumber;
    private FcviPort port;
    private HostMemory memory;
    private MemoryRegion receiveRegion;
    private MemoryRegion sendRegion;
    private VirtualInterface vi;
    private final Deque<Integer> freeSendSlots = new ArrayDeque<>();
    private final Deque<byte[]> waiting = new ArrayDeque<>();
    private final Map<Integer, ByteBuffer> partial = new HashMap<>();
    private Consumer<byte[]> receiver = m -> { };
    private int nextMessageId = 1;
    private long messagesSent;
    private long messagesReceived;

    /**
     * A driver on its own direct link: an FC-VI provider at {@code address} attached to the link end, one VI
     * ({@link #PROXY_VI}) to the partner at the other end.
     */
    public InterconnectDriver(Scheduler scheduler, String node, FcId address, LinkEnd end) {
        this(node, PROXY_VI);
        HostMemory m = new HostMemory(MEMORY);
        FcviPort p = new FcviPort(scheduler, address, m, end::send);
        end.attach(p);
        attach(p, m, 0);
    }

    /**
     * A driver whose FC-VI provider is not there yet (an interconnect port that first logs in to a fabric):
     * messages sent meanwhile wait; {@link #attach} gives it the provider and creates VI {@code viNumber}.
     */
    public InterconnectDriver(String node, int viNumber) {
        this.node = Objects.requireNonNull(node, "node");
        this.viNumber = viNumber;
        for (int i = 0; i < SLOTS; i++) {
            freeSendSlots.add(i);
        }
    }

    /**
     * Gives the driver its FC-VI provider (shared by the node's drivers to each peer when the interconnect is
     * a fabric): registers {@link #MEMORY} bytes of {@code memory} at {@code base} and creates the VI.
     */
    public void attach(FcviPort provider, HostMemory hostMemory, long base) {
        if (port != null) {
            throw new IllegalStateException(this + " already has its FC-VI provider");
        }
        this.port = Objects.requireNonNull(provider, "provider");
        this.memory = Objects.requireNonNull(hostMemory, "hostMemory");
        receiveRegion = port.registerMemory(base, SLOTS * SLOT, MemoryAttributes.localOnly(PTAG));
        sendRegion = port.registerMemory(base + (long) SLOTS * SLOT, SLOTS * SLOT, MemoryAttributes.localOnly(PTAG));
        vi = port.createVi(viNumber, ViAttributes.reliable(PTAG));
        vi.receiveCompletions().setConsumeOnNotify(true);
        vi.sendCompletions().setConsumeOnNotify(true);
        vi.receiveCompletions().addListener(this::onReceive);
        vi.sendCompletions().addListener(this::onSent);
    }

    /** The node's FC_ID on the interconnect (null until the driver has its provider). */
    public FcId address() {
        return port == null ? null : port.fcId();
    }

    /** Whether the driver has its FC-VI provider and VI. */
    public boolean attached() {
        return port != null;
    }

    public FcviPort viProvider() {
        return port;
    }

    /** Where whole messages from the partner go. */
    public void onMessage(Consumer<byte[]> r) {
        this.receiver = Objects.requireNonNull(r, "receiver");
    }

    /** Accepts the partner's connection request (the partner then calls {@link #connect}). */
    public void acceptFrom(InterconnectDriver partner) {
        postReceives();
        vi.acceptFrom(partner.vi.address());
    }

    /** Connects the proxy VI to the partner's; messages sent before it is connected wait. */
    public void connect(InterconnectDriver partner) {
        postReceives();
        vi.connect(partner.vi.address(), r -> flush());
    }

    public boolean connected() {
        return vi != null && vi.state() == ViState.CONNECTED;
    }

    /** Sends one message to the partner. */
    public void send(byte[] message) {
        int id = nextMessageId++;
        messagesSent++;
        for (int off = 0; off < message.length || off == 0; off += CHUNK) {
            int n = Math.min(CHUNK, message.length - off);
            ByteBuffer c = ByteBuffer.allocate(CHUNK_HEADER + n);
            c.putInt(id).putInt(off).putInt(message.length).put(message, off, n);
            waiting.add(c.array());
            if (message.length == 0) {
                break;
            }
        }
        flush();
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    private void postReceives() {
        if (vi.postedReceives() > 0) {
            return;
        }
        for (int i = 0; i < SLOTS; i++) {
            vi.post(new Descriptor.Receive(i, receiveRegion.handle(), receiveRegion.address() + (long) i * SLOT,
                    SLOT));
        }
    }

    private void flush() {
        if (!connected()) {
            return;
        }
        while (!waiting.isEmpty() && !freeSendSlots.isEmpty()) {
            byte[] chunk = waiting.poll();
            int slot = freeSendSlots.poll();
            long addr = sendRegion.address() + (long) slot * SLOT;
            memory.write(addr, chunk);
            vi.post(new Descriptor.Send(slot, sendRegion.handle(), addr, chunk.length, null));
        }
    }

    private void onSent(Completion c) {
        if (c.operation() == ViOperation.SEND) {
            freeSendSlots.add((int) c.descriptorId());
            flush();
        }
    }

    private void onReceive(Completion c) {
        if (c.operation() != ViOperation.RECEIVE) {
            return;
        }
        int slot = (int) c.descriptorId();
        byte[] data = c.status() == ViStatus.SUCCESS ? c.data() : null;
        if (slot >= 0 && slot < SLOTS) {
            vi.post(new Descriptor.Receive(slot, receiveRegion.handle(),
                    receiveRegion.address() + (long) slot * SLOT, SLOT));
        }
        if (data == null || data.length < CHUNK_HEADER) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int id = b.getInt();
        int off = b.getInt();
        int total = b.getInt();
        ByteBuffer whole = partial.computeIfAbsent(id, k -> ByteBuffer.allocate(total));
        if (off != whole.position() || total != whole.capacity() || b.remaining() > whole.remaining()) {
            partial.remove(id);
            throw new ProxyDecodeException(node + ": interconnect message " + id + " chunk at offset " + off
                    + " of " + total + " does not follow the " + whole.position() + " bytes received");
        }
        whole.put(b);
        if (!whole.hasRemaining()) {
            partial.remove(id);
            messagesReceived++;
            receiver.accept(whole.array());
        }
    }

    @Override
    public String toString() {
        return "interconnect driver of " + node + (port == null ? " (no FC-VI provider yet)" : " at " + port.fcId());
    }
}
