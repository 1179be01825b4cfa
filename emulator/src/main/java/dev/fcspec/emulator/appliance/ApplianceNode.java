package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.fcp.FcpTarget;
import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.scsi.AsymmetricAccessState;
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
    private final Map<String, NPort> physicalPorts = new LinkedHashMap<>();
    private final Clock clock;
    private final dev.fcspec.emulator.time.Scheduler scheduler;
    private ApplianceNode partner;
    private volatile boolean failed;
    private final Map<String, Long> lastHeard = new LinkedHashMap<>();
    private int heartbeatSequence;
    private dev.fcspec.emulator.time.Timer heartbeatTimer;
    /** Takeovers this node performed and has not given back, by failed node. */
    private final Map<String, Takeover> takeovers = new LinkedHashMap<>();
    private final List<Consumer<Takeover>> takeoverListeners = new CopyOnWriteArrayList<>();
    /** The virtual adapter towards each peer, by peer name (one interconnect VI each). */
    private final Map<String, VirtualAdapter> adapters = new LinkedHashMap<>();
    private int nextRelativePort;
    private final int targetPortGroup;
    private final Disk.Initiator backEnd;
    private List<ApplianceNode> members = List.of();

    ApplianceNode(String name, TargetCore core, Map<Long, Disk> disks, dev.fcspec.emulator.time.Scheduler clock,
                  int firstRelativePort, int targetPortGroup, Disk.Initiator backEnd) {
        this.targetPortGroup = targetPortGroup;
        this.backEnd = Objects.requireNonNull(backEnd, "backEnd");
        this.name = Objects.requireNonNull(name, "name");
        this.clock = clock;
        this.scheduler = clock;
        this.core = core;
        this.disks = new LinkedHashMap<>(disks);
        this.vtm = new VirtualTargetModule(this, clock);
        this.nextRelativePort = firstRelativePort;
    }

    /** The cluster's nodes, this one included: their cores learn of every target port this node serves. */
    void join(List<ApplianceNode> clusterNodes) {
        this.members = List.copyOf(clusterNodes);
    }

    /** The ALUA target port group of this node's target ports, the same in every node's target core. */
    public int targetPortGroup() {
        return targetPortGroup;
    }

    /** This node's initiator on the disk shelf, with the persistent reservation key it registers. */
    public Disk.Initiator backEnd() {
        return backEnd;
    }

    /** Joins this node to a peer through a virtual adapter (its VI on the interconnect to that peer). */
    void connect(ApplianceNode peer, VirtualAdapter adapter) {
        if (partner == null) {
            partner = peer;
        }
        adapters.put(peer.name, adapter);
        lastHeard.put(peer.name, clock.nanoTime());
        adapter.onHeartbeat(h -> lastHeard.put(peer.name, clock.nanoTime()));
    }

    /** The first peer (in a two-node cluster: the partner). */
    public ApplianceNode partner() {
        return partner;
    }

    /** The other nodes of the cluster, in cluster order. */
    public List<ApplianceNode> peers() {
        return members.stream().filter(m -> m != this).toList();
    }

    /** The node that owns a LUN among the peers, if any. */
    public java.util.Optional<ApplianceNode> ownerOf(long lun) {
        return members.stream().filter(m -> m != this && m.owns(lun)).findFirst();
    }

    // ---- failure, heartbeat, takeover and giveback --------------------------------------------------------

    /**
     * Sends a heartbeat to every peer every {@code interval}; when none has come from a peer for {@code misses}
     * intervals, takes it over if this node is its survivor by the cluster's rule
     * ({@link ApplianceCluster#survivorOf}): the first node after it in cluster order that this node still hears
     * from, or this node itself.
     */
    public void startHeartbeats(java.time.Duration interval, int misses) {
        if (misses < 1 || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("heartbeat interval " + interval + " and miss threshold " + misses
                    + " must be positive");
        }
        stopHeartbeats();
        lastHeard.replaceAll((k, v) -> clock.nanoTime());
        long limit = interval.toNanos() * misses;
        heartbeatTimer = scheduler.scheduleAtFixedRate(interval, () -> {
            if (failed) {
                return;
            }
            int seq = ++heartbeatSequence;
            adapters.values().forEach(a -> a.heartbeat(seq));
            long now = clock.nanoTime();
            for (ApplianceNode peer : peers()) {
                boolean lost = now - lastHeard.get(peer.name) > limit;
                if (lost && !takeovers.containsKey(peer.name) && !peer.ownedLuns().isEmpty()
                        && ApplianceCluster.survivorOf(members, peer, m -> m == this
                        || now - lastHeard.get(m.name) <= limit) == this) {
                    takeOver(peer.name, Takeover.Cause.HEARTBEAT_LOST);
                }
            }
        });
    }

    public void stopHeartbeats() {
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
            heartbeatTimer = null;
        }
    }

    /** The node stops: it answers nothing, sends no heartbeat, forwards nothing. */
    public void fail() {
        failed = true;
        adapters.values().forEach(a -> a.silence(true));
    }

    public boolean failed() {
        return failed;
    }

    /** The (first) takeover this node performed and has not given back, if any. */
    public java.util.Optional<Takeover> takeover() {
        return takeovers.values().stream().findFirst();
    }

    /** The takeover of {@code failedNode} this node performed and has not given back, if any. */
    public java.util.Optional<Takeover> takeover(String failedNode) {
        return java.util.Optional.ofNullable(takeovers.get(failedNode));
    }

    public void addTakeoverListener(Consumer<Takeover> l) {
        takeoverListeners.add(l);
    }

    /**
     * Takes over the partner: for each of the partner's physical ports, initialises a virtual port on this
     * node's physical port of the same name, sets its vport database entry's node and port names to the
     * partner port's WWNN and WWPN, and logs it in (FDISC); takes the partner's disks (preempting their
     * persistent reservations, so the partner can no longer write them) and serves their LUNs.
     */
    public Takeover takeOver(Takeover.Cause cause) {
        return takeOver(partner.name, cause);
    }

    /**
     * Takes over {@code failedNode}: for each of its physical ports, initialises a virtual port on this node's
     * physical port of the same name with that port's WWNN and WWPN (vport database entry) and logs it in;
     * takes its disks by persistent reservation (register, PREEMPT AND ABORT) and serves their LUNs.
     */
    public Takeover takeOver(String failedNode, Takeover.Cause cause) {
        ApplianceNode partner = peer(failedNode);
        Takeover done = takeovers.get(failedNode);
        if (done != null) {
            return done;
        }
        if (failed) {
            throw new IllegalStateException(name + " has failed and cannot take over");
        }
        List<VirtualPort> assumed = new ArrayList<>();
        for (Map.Entry<String, NPort> e : partner.physicalPorts.entrySet()) {
            NPort mine = physicalPorts.get(e.getKey());
            if (mine == null) {
                continue;
            }
            NPort theirs = e.getValue();
            Wwn placeholder = Wwn.of(theirs.portName().asLong() ^ 0x0000_8000_0000_0000L);
            VirtualPort v = mine.createVport(placeholder, mine.nodeName(), false);
            v.entry().setNames(theirs.portName(), theirs.nodeName());
            // The assumed identity is the same SCSI target port to hosts: same WWPN, same relative port id (so
            // it stays in the failed node's target port group).
            FcpTarget theirTarget = partner.targets.get(theirs.portName().toString());
            serve(v, partner.proxyPorts.contains(theirs.portName().toString()),
                    theirTarget != null ? theirTarget.targetPort().relativePortId() : nextRelativePort++);
            assumed.add(v);
        }
        java.util.Set<Long> luns = new java.util.TreeSet<>(partner.disks.keySet());
        for (long lun : luns) {
            Disk d = partner.disks.get(lun);
            // Fence the failed node off the disk with the disk's own persistent reservations: register, then
            // PREEMPT AND ABORT its key (its registration, reservation and tasks go; the reservation is ours).
            requireGood(d, "REGISTER AND IGNORE EXISTING KEY", d.register(backEnd));
            requireGood(d, "PREEMPT AND ABORT", d.preempt(backEnd, partner.backEnd.key(), true));
            partner.disks.remove(lun);
            disks.put(lun, d);
            if (core.units().containsKey(lun)) {
                core.removeUnit(lun);
            }
            core.addUnit(lun, dev.fcspec.emulator.scsi.LogicalUnit.builder(d.name(), d.pathFor(backEnd))
                    .blockSize(partner.core.unit(lun).blockSize()).build());
        }
        // ALUA: the failed node's target ports now live on this node, which owns every LUN this core serves.
        core.alua().setState(partner.targetPortGroup, AsymmetricAccessState.ACTIVE_OPTIMIZED);
        Takeover takeover = new Takeover(name, partner.name, cause, clock.nanoTime(), assumed, luns);
        takeovers.put(partner.name, takeover);
        for (VirtualPort v : assumed) {
            v.enable();
        }
        for (var l : takeoverListeners) {
            l.accept(takeover);
        }
        return takeover;
    }

    /**
     * Gives the partner's identities and disks back once it is up again: the virtual ports with its identities
     * are logged out and deleted, its disks' reservations return to it.
     */
    public java.util.concurrent.CompletableFuture<Void> giveBack() {
        Takeover first = takeover().orElseThrow(() -> new IllegalStateException(name + " has taken nothing over"));
        return giveBack(first.failed());
    }

    /** Gives {@code failedNode}'s identities and disks back once it is up again. */
    public java.util.concurrent.CompletableFuture<Void> giveBack(String failedNode) {
        ApplianceNode partner = peer(failedNode);
        Takeover t = takeovers.get(failedNode);
        if (t == null) {
            throw new IllegalStateException(name + " has not taken " + failedNode + " over");
        }
        List<java.util.concurrent.CompletableFuture<Void>> out = new ArrayList<>();
        for (VirtualPort v : t.assumedPorts()) {
            targets.remove(v.portName().toString()).detach();
            out.add(v.physicalPort().deleteVport(v));
        }
        for (long lun : t.luns()) {
            Disk d = disks.get(lun);
            // The partner takes its disk back the same way: registers, then preempts this node's key.
            requireGood(d, "REGISTER AND IGNORE EXISTING KEY", d.register(partner.backEnd));
            requireGood(d, "PREEMPT", d.preempt(partner.backEnd, backEnd.key(), false));
            disks.remove(lun);
            core.removeUnit(lun);
            partner.disks.put(lun, d);
        }
        core.alua().setState(partner.targetPortGroup, AsymmetricAccessState.ACTIVE_NON_OPTIMIZED);
        partner.core.alua().announce(partner.targetPortGroup);
        partner.failed = false;
        partner.adapters.values().forEach(a -> a.silence(false));
        for (ApplianceNode m : members) {
            m.lastHeard.replaceAll((k, v) -> clock.nanoTime());
        }
        takeovers.remove(failedNode);
        return java.util.concurrent.CompletableFuture.allOf(out.toArray(new java.util.concurrent.CompletableFuture[0]));
    }

    /** The physical ports this node serves, by name (0a, 0b...). */
    public Map<String, NPort> physicalPorts() {
        return Collections.unmodifiableMap(physicalPorts);
    }

    /** The physical port of this node with the given name (0a, 0b...). */
    public NPort physicalPort(String portName) {
        NPort p = physicalPorts.get(portName);
        if (p == null) {
            throw new IllegalArgumentException(name + " has no physical port " + portName);
        }
        return p;
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

    /** The virtual adapter towards the partner (the first peer). */
    public VirtualAdapter adapter() {
        return adapters.get(partner.name);
    }

    /** The virtual adapter towards a peer. */
    public VirtualAdapter adapterTo(String peer) {
        VirtualAdapter a = adapters.get(peer);
        if (a == null) {
            throw new IllegalArgumentException(name + " has no interconnect VI to " + peer + "; peers: "
                    + adapters.keySet());
        }
        return a;
    }

    /** Every virtual adapter of this node, by peer. */
    public Map<String, VirtualAdapter> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    /** The interconnect driver towards the partner (the first peer). */
    public InterconnectDriver interconnect() {
        return adapter().driver();
    }

    /** Whether this node's interconnect VI to every peer is connected. */
    public boolean interconnected() {
        return !adapters.isEmpty() && adapters.values().stream().allMatch(a -> a.driver().connected());
    }

    private ApplianceNode peer(String peerName) {
        for (ApplianceNode m : members) {
            if (m != this && m.name.equals(peerName)) {
                return m;
            }
        }
        throw new IllegalArgumentException(name + " has no peer " + peerName);
    }

    public String partnerName() {
        return partner.name;
    }

    /** LUNs on this node's disks. */
    public Set<Long> ownedLuns() {
        return Collections.unmodifiableSet(disks.keySet());
    }

    /** LUNs on the disks of the other nodes. */
    public Set<Long> partnerLuns() {
        Set<Long> out = new java.util.TreeSet<>();
        for (ApplianceNode m : members) {
            if (m != this) {
                out.addAll(m.ownedLuns());
            }
        }
        return out;
    }

    public boolean owns(long lun) {
        return disks.containsKey(lun);
    }

    boolean partnerOwns(long lun) {
        return ownerOf(lun).isPresent();
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
    public FcpTarget servePort(String portName, NPort port, boolean proxy) {
        physicalPorts.put(portName, port);
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

    /**
     * Makes the virtual target module reachable through an iSCSI target port (named {@code iqn...,t,0x0001},
     * RFC 7143 section 4.2.7.1), as a proxy port when {@code proxy}: the port gets the next relative port id
     * in this node's target port group, in every node's core, exactly as an FC port does. The caller serves
     * {@link #virtualTargetModule()} on an iSCSI portal with the relative port id returned.
     */
    public int addIscsiTargetPort(String targetPortName, boolean proxy) {
        Objects.requireNonNull(targetPortName, "targetPortName");
        int rel = nextRelativePort++;
        for (ApplianceNode m : members) {
            m.core.alua().addPort(targetPortGroup, rel);
        }
        if (proxy) {
            proxyPorts.add(targetPortName);
        }
        return rel;
    }

    private FcpTarget serve(LocalPort port, boolean proxy) {
        int rel = nextRelativePort++;
        for (ApplianceNode m : members) {
            m.core.alua().addPort(targetPortGroup, rel);
        }
        return serve(port, proxy, rel);
    }

    private FcpTarget serve(LocalPort port, boolean proxy, int rel) {
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

    private static void requireGood(Disk disk, String what, dev.fcspec.emulator.scsi.ScsiResponse r) {
        if (r.status() != dev.fcspec.emulator.scsi.ScsiStatus.GOOD) {
            throw new IllegalStateException(disk + ": PERSISTENT RESERVE OUT " + what + " failed with status "
                    + r.status());
        }
    }

    @Override
    public String toString() {
        return "appliance node " + name;
    }
}
