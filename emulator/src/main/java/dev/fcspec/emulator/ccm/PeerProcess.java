package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.Descriptor;
import dev.fcspec.emulator.vi.MemoryAttributes;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViOperation;
import dev.fcspec.emulator.vi.VirtualInterface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer process of a node's storage operating system (an NVRAM mirror, a failover monitor...) as a cluster
 * connection client: it asks its connection manager for ports and partner memory, and once told the partner
 * is ready it can send messages to its peer and write into the memory the partner set aside for it. It
 * records every alert and message, so that tests and specifications can check what a client is told.
 */
public final class PeerProcess implements CcmClient {

    private static final int BUFFER = 256;
    private static final int RECEIVES = 4;

    private final String name;
    private final int ports;
    private final int memory;
    private final int slot;
    private final List<ClientSession> readyAlerts = new ArrayList<>();
    private final List<String> lostAlerts = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private final List<Completion> sendCompletions = new ArrayList<>();
    private MemoryRegion buffers;
    private long nextId = 1;

    /**
     * @param ports  communication ports it asks for
     * @param memory bytes it asks for on the partner
     * @param slot   places the process's buffers (0xC0000 + slot x 0x2000): each process of a node needs its own
     */
    public PeerProcess(String name, int ports, int memory, int slot) {
        this.name = name;
        this.ports = ports;
        this.memory = memory;
        this.slot = slot;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int portsRequired() {
        return ports;
    }

    @Override
    public int memoryRequested() {
        return memory;
    }

    @Override
    public void partnerReady(ClientSession session) {
        readyAlerts.add(session);
        if (session.ports().isEmpty()) {
            return;
        }
        int ptag = session.ports().get(0).attributes().protectionTag();
        // The process's own buffers: one receive area per port and one send area.
        long base = 0xC0000 + (long) slot * 0x2000;
        buffers = session.provider().registerMemory(base, BUFFER * (RECEIVES * session.ports().size() + 1),
                MemoryAttributes.localOnly(ptag));
        int buffer = 1;
        for (VirtualInterface vi : session.ports()) {
            vi.receiveCompletions().addListener(this::onReceive);
            vi.sendCompletions().addListener(sendCompletions::add);
            for (int i = 0; i < RECEIVES; i++) {
                vi.post(new Descriptor.Receive(nextId++, buffers.handle(), base + (long) buffer++ * BUFFER, BUFFER));
            }
        }
    }

    @Override
    public void partnerLost(String reason) {
        lostAlerts.add(reason);
    }

    private void onReceive(Completion c) {
        if (c.operation() == ViOperation.RECEIVE && c.isSuccess()) {
            received.add(new String(c.data(), StandardCharsets.UTF_8));
        }
    }

    public List<ClientSession> readyAlerts() {
        return List.copyOf(readyAlerts);
    }

    public List<String> lostAlerts() {
        return List.copyOf(lostAlerts);
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    public List<Completion> sendCompletions() {
        return List.copyOf(sendCompletions);
    }

    public ClientSession session() {
        if (readyAlerts.isEmpty()) {
            throw new AssertionError("process " + name + " was never told its partner is ready");
        }
        return readyAlerts.get(readyAlerts.size() - 1);
    }

    /** Sends {@code text} to the peer process over the first port. */
    public void send(String text) {
        ClientSession s = session();
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        s.provider().memory().write(buffers.address(), data);
        s.ports().get(0).post(new Descriptor.Send(nextId++, buffers.handle(), buffers.address(), data.length, null));
    }

    /** Writes {@code text} with an RDMA write into the memory the partner registered for this client. */
    public void writeToPartnerMemory(String text, long offset) {
        ClientSession s = session();
        if (s.partnerMemory() == null || s.partnerMemory().memoryHandle() == null) {
            throw new AssertionError("the partner registered no memory for " + name);
        }
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        s.provider().memory().write(buffers.address(), data);
        s.ports().get(0).post(new Descriptor.RdmaWrite(nextId++, buffers.handle(), buffers.address(), data.length,
                s.partnerMemory().memoryHandle(), s.partnerMemory().memoryAddress() + offset, null));
    }
}
