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

    private final String node;
    private final FcviPort port;
    private final HostMemory memory;
    private final MemoryRegion receiveRegion;
    private final MemoryRegion sendRegion;
    private final VirtualInterface vi;
    private final Deque<Integer> freeSendSlots = new ArrayDeque<>();
    private final Deque<byte[]> waiting = new ArrayDeque<>();
    private final Map<Integer, ByteBuffer> partial = new HashMap<>();
    private Consumer<byte[]> receiver = m -> { };
    private int nextMessageId = 1;
    private long messagesSent;
    private long messagesReceived;

    public InterconnectDriver(Scheduler scheduler, String node, FcId address, LinkEnd end) {
        this.node = Objects.requireNonNull(node, "node");
        this.memory = new HostMemory(2L * SLOTS * SLOT);
        this.port = new FcviPort(scheduler, address, memory, end::send);
        end.attach(port);
        receiveRegion = port.registerMemory(0, SLOTS * SLOT, MemoryAttributes.localOnly(PTAG));
        sendRegion = port.registerMemory((long) SLOTS * SLOT, SLOTS * SLOT, MemoryAttributes.localOnly(PTAG));
        vi = port.createVi(PROXY_VI, ViAttributes.reliable(PTAG));
        for (int i = 0; i < SLOTS; i++) {
            freeSendSlots.add(i);
        }
        vi.receiveCompletions().setConsumeOnNotify(true);
        vi.sendCompletions().setConsumeOnNotify(true);
        vi.receiveCompletions().addListener(this::onReceive);
        vi.sendCompletions().addListener(this::onSent);
    }

    /** The node's FC_ID on the interconnect. */
    public FcId address() {
        return port.fcId();
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
        return vi.state() == ViState.CONNECTED;
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
            vi.post(new Descriptor.Receive(i, receiveRegion.handle(), (long) i * SLOT, SLOT));
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
            vi.post(new Descriptor.Receive(slot, receiveRegion.handle(), (long) slot * SLOT, SLOT));
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
        return "interconnect driver of " + node + " at " + port.fcId();
    }
}
