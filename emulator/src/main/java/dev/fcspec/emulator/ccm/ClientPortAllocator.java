package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientPorts;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.Ports;
import dev.fcspec.emulator.vi.ConnectResult;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.MemoryAttributes;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViAttributes;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.emulator.wire.FcId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The communication ports and memory the manager gives its clients in one session: for each client that
 * has a peer process on the partner, as many VIs as the larger of the two sides asked for (from
 * {@link CcmProtocol#FIRST_CLIENT_VI} up, protection tag {@link CcmProtocol#BOOT_PTAG} plus the client's
 * index), and the memory the peer process asked for on this node, page-aligned from
 * {@link CcmProtocol#CLIENT_MEMORY_ADDRESS}. The initiator connects the ports to the partner's in the order
 * both sides created them; the responder's accept from the partner's FC_ID.
 */
final class ClientPortAllocator {

    /** What a release undid. */
    record Released(int ports, int regions) {
    }

    private final ClusterConnectionManager ccm;
    private final FcviPort port;
    private final FcId partner;
    private final Map<String, List<VirtualInterface>> created = new LinkedHashMap<>();
    private final Map<String, MemoryRegion> memory = new LinkedHashMap<>();
    private boolean allocated;
    private int toConnect;
    private long nextAddress = CcmProtocol.CLIENT_MEMORY_ADDRESS;

    ClientPortAllocator(ClusterConnectionManager ccm, FcviPort port, FcId partner) {
        this.ccm = ccm;
        this.port = port;
        this.partner = partner;
    }

    /** Whether this side's ports of the session exist. */
    boolean allocated() {
        return allocated;
    }

    Map<String, List<VirtualInterface>> ports() {
        Map<String, List<VirtualInterface>> copy = new LinkedHashMap<>();
        created.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    Map<String, MemoryRegion> memory() {
        return Map.copyOf(memory);
    }

    /** Creates the ports and registers the memory for every client the partner also runs. */
    void allocate(ClientInfo partnerClients) {
        Map<String, ClientRequirement> theirs = new LinkedHashMap<>();
        for (ClientRequirement r : partnerClients.clients()) {
            theirs.put(r.name(), r);
        }
        boolean responder = ccm.role() == ClusterConnectionManager.Role.RESPONDER;
        int index = 0;
        for (CcmClient c : ccm.clients()) {
            index++;
            ClientRequirement peer = theirs.get(c.name());
            if (peer == null) {
                ccm.event(CcmEvent.Kind.PORTS_CREATED, "client " + c.name()
                        + " has no peer process on the partner: no ports");
                continue;
            }
            int ptag = CcmProtocol.BOOT_PTAG + index;
            int n = Math.max(c.portsRequired(), peer.portsRequired());
            List<VirtualInterface> vis = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VirtualInterface vi = port.createViFrom(CcmProtocol.FIRST_CLIENT_VI, ViAttributes.reliable(ptag));
                if (responder) {
                    vi.acceptFromPort(partner);
                }
                vis.add(vi);
            }
            created.put(c.name(), vis);
            if (peer.memoryRequested() > 0) {
                long addr = nextAddress;
                nextAddress += (peer.memoryRequested() + 0xFFF) & ~0xFFFL;
                memory.put(c.name(), port.registerMemory(addr, peer.memoryRequested(),
                        MemoryAttributes.readWrite(ptag)));
            }
        }
        allocated = true;
    }

    /** The PORTS message describing this side's allocation. */
    Ports describe(int version) {
        List<ClientPorts> list = new ArrayList<>();
        created.forEach((name, vis) -> {
            MemoryRegion r = memory.get(name);
            list.add(new ClientPorts(name, vis.stream().map(VirtualInterface::number).toList(),
                    r == null ? null : r.handle(), r == null ? 0 : r.address(), r == null ? 0 : r.length()));
        });
        return new Ports(version, list);
    }

    /**
     * Initiator: connects every port to the partner's port of the same client and position; {@code allConnected}
     * runs once the last connection is accepted. A partner that made different ports, or a refused
     * connection, ends the attempt.
     */
    void connect(long t, Ports partnerPorts, Runnable allConnected) {
        Map<String, ClientPorts> theirs = new HashMap<>();
        for (ClientPorts cp : partnerPorts.clients()) {
            theirs.put(cp.name(), cp);
        }
        List<Runnable> connects = new ArrayList<>();
        toConnect = 0;
        for (Map.Entry<String, List<VirtualInterface>> e : created.entrySet()) {
            ClientPorts cp = theirs.get(e.getKey());
            if (cp == null || cp.viNumbers().size() != e.getValue().size()) {
                ccm.attemptFailed("partner created " + (cp == null ? "no" : cp.viNumbers().size()) + " ports for "
                        + e.getKey() + ", this side " + e.getValue().size());
                return;
            }
            for (int i = 0; i < e.getValue().size(); i++) {
                VirtualInterface vi = e.getValue().get(i);
                ViAddress remote = new ViAddress(partner, cp.viNumbers().get(i));
                toConnect++;
                connects.add(() -> vi.connect(remote, r -> {
                    if (!ccm.current(t)) {
                        return;
                    }
                    if (r != ConnectResult.ACCEPTED) {
                        ccm.attemptFailed("port " + vi.address() + " to " + remote + ": " + r);
                        return;
                    }
                    if (--toConnect == 0) {
                        allConnected.run();
                    }
                }));
            }
        }
        if (connects.isEmpty()) {
            allConnected.run();
            return;
        }
        connects.forEach(Runnable::run);
    }

    /** Destroys the ports and deregisters the memory of the session. */
    Released release() {
        List<VirtualInterface> vis = new ArrayList<>();
        created.values().forEach(vis::addAll);
        List<MemoryRegion> regions = List.copyOf(memory.values());
        created.clear();
        memory.clear();
        allocated = false;
        toConnect = 0;
        nextAddress = CcmProtocol.CLIENT_MEMORY_ADDRESS;
        for (VirtualInterface vi : vis) {
            port.destroyVi(vi.number());
        }
        for (MemoryRegion r : regions) {
            port.deregisterMemory(r.handle());
        }
        return new Released(vis.size(), regions.size());
    }
}
