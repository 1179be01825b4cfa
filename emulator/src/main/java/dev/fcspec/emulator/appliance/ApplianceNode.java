package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.fcp.FcpTarget;
import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.time.Clock;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One storage appliance of a cluster: its FC target ports (physical, and virtual ports on them), the disks
 * it owns, and its storage operating system (virtual target module, virtual adapter, interconnect driver,
 * SCSI target core).
 */
public final class ApplianceNode {
    private final String name;
    private final TargetCore core;
    private final Map<Long, Disk> disks;
    private final VirtualTargetModule vtm;
    private final Set<String> proxyPorts = new LinkedHashSet<>();
    private final Map<String, FcpTarget> targets = new LinkedHashMap<>();
    private final List<ServedCommand> served = new CopyOnWriteArrayList<>();
    private final List<Consumer<ServedCommand>> listeners = new CopyOnWriteArrayList<>();
    private ApplianceNode partner;
    private VirtualAdapter adapter;
    private int nextRelativePort;

    ApplianceNode(String name, TargetCore core, Map<Long, Disk> disks, Clock clock, int firstRelativePort) {
        this.name = Objects.requireNonNull(name, "name");
        this.core = core;
        this.disks = new LinkedHashMap<>(disks);
        this.vtm = new VirtualTargetModule(this, clock);
        this.nextRelativePort = firstRelativePort;
    }

    void connect(ApplianceNode partner, VirtualAdapter adapter) {
        this.partner = partner;
        this.adapter = adapter;
    }

    public String name() {
        return name;
    }

    public TargetCore core() {
        return core;
    }

    public VirtualTargetModule virtualTargetModule() {
        return vtm;
    }

    public VirtualAdapter adapter() {
        return adapter;
    }

    public InterconnectDriver interconnect() {
        return adapter.driver();
    }

    public String partnerName() {
        return partner.name;
    }

    /** LUNs on this node's disks. */
    public Set<Long> ownedLuns() {
        return Collections.unmodifiableSet(disks.keySet());
    }

    public Set<Long> partnerLuns() {
        return partner == null ? Set.of() : partner.ownedLuns();
    }

    public boolean owns(long lun) {
        return disks.containsKey(lun);
    }

    boolean partnerOwns(long lun) {
        return partner != null && partner.owns(lun);
    }

    /** The disk behind one of this node's LUNs. */
    public Disk disk(long lun) {
        Disk d = disks.get(lun);
        if (d == null) {
            throw new IllegalArgumentException(name + " owns no disk for LUN " + lun + "; its LUNs: " + disks.keySet());
        }
        return d;
    }

    /** Whether commands for the partner's LUNs arriving at this port are forwarded. */
    public boolean isProxyPort(String wwpn) {
        return proxyPorts.contains(wwpn);
    }

    /** Makes the port with this WWPN a proxy port (commands for the partner's LUNs are forwarded). */
    public void markProxyPort(String wwpn) {
        proxyPorts.add(Objects.requireNonNull(wwpn, "wwpn"));
    }

    /** Serves the virtual target module on a physical port; {@code proxy}: it forwards partner LUNs. */
    public FcpTarget servePort(NPort port, boolean proxy) {
        return serve(port, proxy);
    }

    /**
     * Creates a virtual port (NPIV) on one of this node's physical ports, serving the virtual target module as
     * a proxy port when {@code proxy}; the caller enables it (FDISC).
     */
    public VirtualPort addVirtualPort(NPort physical, Wwn portName, Wwn nodeName, boolean proxy) {
        VirtualPort v = physical.createVport(portName, nodeName, false);
        serve(v, proxy);
        return v;
    }

    private FcpTarget serve(LocalPort port, boolean proxy) {
        int rel = nextRelativePort++;
        if (proxy) {
            proxyPorts.add(port.portName().toString());
        }
        FcpTarget t = FcpTarget.attach(port, vtm, rel);
        targets.put(port.portName().toString(), t);
        return t;
    }

    /** Every FCP target of this node by port WWPN. */
    public Map<String, FcpTarget> targets() {
        return Collections.unmodifiableMap(targets);
    }

    /** Commands this node's virtual target module handled, in order. */
    public List<ServedCommand> served() {
        return new ArrayList<>(served);
    }

    public void addListener(Consumer<ServedCommand> l) {
        listeners.add(l);
    }

    void record(ServedCommand c) {
        served.add(c);
        for (var l : listeners) {
            l.accept(c);
        }
    }

    @Override
    public String toString() {
        return "appliance node " + name;
    }
}
