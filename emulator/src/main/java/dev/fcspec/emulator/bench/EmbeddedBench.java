package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.appliance.ApplianceCluster;
import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.bench.FabricSpec.ZoneSpec;
import dev.fcspec.emulator.fcp.FcpInitiator;
import dev.fcspec.emulator.fcp.FcpTarget;
import dev.fcspec.emulator.mirror.MirrorGroup;
import dev.fcspec.emulator.mirror.MirrorServer;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.fabric.Zone;
import dev.fcspec.emulator.fabric.ZoneSet;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.exchange.ExchangeTimeouts;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bench built in-process from its {@link BenchSpec}: one virtual-time scheduler drives every link, switch
 * and port, so a run replays exactly from the scheduler's seed. Switches come up with their F_Ports online
 * on every cabled port, waiting for FLOGI, and with the bench's zone set active. Every cabled host HBA port
 * and storage port is an N_Port (hosts as FCP initiators, storage ports as FCP targets), disabled until a
 * scenario brings it up ({@link NPort#enable()}).
 */
public final class EmbeddedBench {

    private final BenchSpec spec;
    private final VirtualScheduler scheduler;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<Endpoint, LinkEnd> ends = new LinkedHashMap<>();
    private final Map<String, FabricSwitch> switchesByFabric = new LinkedHashMap<>();
    private final Map<Endpoint, NPort> nPorts = new LinkedHashMap<>();
    private final Map<String, TargetCore> arrays = new LinkedHashMap<>();
    private final Map<Endpoint, FcpTarget> fcpTargets = new LinkedHashMap<>();
    private final Map<Endpoint, FcpInitiator> fcpInitiators = new LinkedHashMap<>();
    private final Map<String, ApplianceCluster> clusters = new LinkedHashMap<>();
    private final Map<String, MirrorGroup> mirrors = new LinkedHashMap<>();

    public EmbeddedBench(BenchSpec spec, VirtualScheduler scheduler) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        for (LinkSpec l : spec.links()) {
            Link link = new Link(scheduler, l.name(), l.latency());
            links.put(l.name(), link);
            ends.put(l.a(), link.a());
            ends.put(l.b(), link.b());
        }
        for (FabricSpec f : spec.fabrics()) {
            FabricSwitch sw = new FabricSwitch(scheduler, f.config());
            switchesByFabric.put(f.name(), sw);
            ZoneSet zs = zoneSet(f);
            if (zs != null) {
                sw.zoning().activate(zs);
            }
            for (Map.Entry<Endpoint, LinkEnd> e : ends.entrySet()) {
                if (e.getKey().node().equals(f.switchName())) {
                    sw.attach(Integer.parseInt(e.getKey().port()), e.getValue());
                }
            }
        }
        for (BenchSpec.NodePortSpec p : spec.nodePorts()) {
            LinkEnd end = ends.get(p.endpoint());
            if (end != null) {
                nPorts.put(p.endpoint(), new NPort(scheduler, portConfig(p), end));
            }
        }
        attachScsi();
    }

    /**
     * One SCSI target core per storage array with LUNs, served by an FCP target on each of its cabled ports
     * (relative port ids in the order the ports are listed); an FCP initiator on each cabled host port.
     */
    private void attachScsi() {
        for (StorageSpec array : spec.storage()) {
            if (array.luns().isEmpty() || spec.clusterOf(array.name()).isPresent()
                    || spec.mirrorOf(array.name()).isPresent()) {
                continue;
            }
            TargetCore.Builder core = ArrayUnits.addTo(TargetCore.builder(array.name()), array);
            Map<Endpoint, Integer> relative = new LinkedHashMap<>();
            int rel = 1;
            for (StoragePortSpec port : array.ports()) {
                Endpoint e = new Endpoint(array.name(), port.name());
                NPort n = nPorts.get(e);
                if (n != null) {
                    core.port(FcpTarget.targetPort(n, rel));
                    relative.put(e, rel);
                }
                rel++;
            }
            TargetCore built = core.build();
            arrays.put(array.name(), built);
            relative.forEach((e, r) -> fcpTargets.put(e, FcpTarget.attach(nPorts.get(e), built, r)));
            for (StoragePortSpec port : array.ports()) {
                FcpTarget t = fcpTargets.get(new Endpoint(array.name(), port.name()));
                if (t != null && port.maxBurst() > 0) {
                    t.setMaxBurstLength(port.maxBurst());
                }
            }
        }
        for (ClusterSpec c : spec.clusters()) {
            buildCluster(c);
        }
        for (MirrorSpec m : spec.mirrors()) {
            buildMirror(m);
        }
        for (Map.Entry<Endpoint, NPort> e : nPorts.entrySet()) {
            if (e.getValue().config().fcpInitiator()) {
                fcpInitiators.put(e.getKey(), new FcpInitiator(e.getValue()));
            }
        }
    }

    /**
     * Builds an appliance cluster: each node's LUNs become its disks, the bench cables the interconnect
     * ({@code <cluster>.interconnect}, tapped like every other link), and every cabled port of a node serves the
     * node's virtual target module, as a proxy port when the cluster lists it.
     */
    private void buildCluster(ClusterSpec c) {
        List<List<ApplianceCluster.DiskSpec>> disks = new ArrayList<>();
        for (String node : c.nodes()) {
            List<ApplianceCluster.DiskSpec> d = new ArrayList<>();
            for (LunSpec lun : spec.array(node).orElseThrow().luns()) {
                d.add(new ApplianceCluster.DiskSpec(lun.id(), ArrayUnits.store(lun), lun.blockSize()));
            }
            disks.add(d);
        }
        ApplianceCluster.Interconnect interconnect;
        if (c.throughFabric()) {
            Map<String, NPort> icPorts = new LinkedHashMap<>();
            for (Endpoint e : c.interconnectPorts()) {
                NPort p = nPorts.get(e);
                if (p == null) {
                    throw new IllegalArgumentException("cluster " + c.name() + ": interconnect port " + e
                            + " is not cabled");
                }
                icPorts.put(e.node(), p);
            }
            interconnect = new ApplianceCluster.Interconnect.Fabric(icPorts);
        } else {
            // A two-node cluster's cable is <cluster>.interconnect; a larger one has <cluster>.interconnect.<a>-<b>.
            boolean two = c.nodes().size() == 2;
            interconnect = new ApplianceCluster.Interconnect.Direct((a, b) -> {
                Link ic = new Link(scheduler, c.name() + ".interconnect" + (two ? "" : "." + a + "-" + b),
                        c.interconnectLatency());
                links.put(ic.name(), ic);
                return ic;
            });
        }
        ApplianceCluster cluster = new ApplianceCluster(scheduler, c.name(), interconnect, c.nodes(), disks);
        clusters.put(c.name(), cluster);
        for (String node : c.nodes()) {
            for (StoragePortSpec port : spec.array(node).orElseThrow().ports()) {
                Endpoint e = new Endpoint(node, port.name());
                NPort n = nPorts.get(e);
                if (n != null && !c.interconnectPorts().contains(e)) {
                    fcpTargets.put(e, cluster.node(node).servePort(port.name(), n, c.proxyPorts().contains(e)));
                }
            }
        }
    }

    /**
     * Builds a mirrored virtual SAN: each server's copy of the shared LUN is its own mass storage device; its
     * ports cabled to a fabric are on the shared network and serve the server's I/O driver over FCP, its ports
     * cabled straight to another server of the group are dedicated links to that server.
     */
    private void buildMirror(MirrorSpec m) {
        List<MirrorGroup.ServerSetup> setups = new ArrayList<>();
        int blockSize = 512;
        for (String server : m.servers()) {
            StorageSpec s = spec.array(server).orElseThrow();
            LunSpec lun = s.luns().stream().filter(l -> l.id() == m.lun()).findFirst().orElseThrow();
            blockSize = lun.blockSize();
            Map<String, NPort> network = new LinkedHashMap<>();
            Map<String, NPort> dedicated = new LinkedHashMap<>();
            for (StoragePortSpec port : s.ports()) {
                Endpoint e = new Endpoint(server, port.name());
                NPort n = nPorts.get(e);
                if (n == null) {
                    continue;
                }
                Optional<Endpoint> peer = peerOf(e);
                if (peer.isPresent() && m.servers().contains(peer.get().node())) {
                    dedicated.put(peer.get().node(), n);
                } else if (fabricOf(e).isPresent()) {
                    network.put(port.name(), n);
                }
            }
            setups.add(new MirrorGroup.ServerSetup(server, ArrayUnits.store(lun), network, dedicated));
        }
        MirrorGroup group = new MirrorGroup(scheduler, m.name(), m.lun(), blockSize, m.regionBlocks(),
                MirrorGroup.DEFAULT_PEER_TIMEOUT, setups);
        mirrors.put(m.name(), group);
        group.portPower(new dev.fcspec.emulator.mirror.PortPower() {
            @Override
            public void dark(NPort port) {
                power(port, false);
            }

            @Override
            public void light(NPort port) {
                power(port, true);
            }
        });
        int rel = 1;
        for (MirrorServer server : group.servers().values()) {
            for (Map.Entry<String, NPort> p : server.networkPorts().entrySet()) {
                fcpTargets.put(new Endpoint(server.name(), p.getKey()),
                        FcpTarget.attach(p.getValue(), server.ioDriver(), rel++));
            }
        }
    }

    /**
     * A port's cable goes dark or lights up (its server lost or regained power): the link carries nothing
     * while dark, and a switch at the other end sees its F_Port go offline (logging the port out) and online.
     */
    private void power(NPort port, boolean on) {
        Endpoint e = nPorts.entrySet().stream().filter(x -> x.getValue() == port).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalArgumentException(port + " is not a port of bench "
                        + spec.name()));
        Optional<FabricSpec> f = fabricOf(e);
        Optional<Endpoint> far = peerOf(e);
        Optional<Link> link = linkOf(e);
        if (on) {
            link.ifPresent(l -> l.faults().heal());
            if (f.isPresent() && far.isPresent()) {
                fabric(f.get().name()).port(Integer.parseInt(far.get().port())).goOnline();
            }
        } else {
            if (f.isPresent() && far.isPresent()) {
                fabric(f.get().name()).port(Integer.parseInt(far.get().port())).goOffline();
            }
            link.ifPresent(l -> l.faults().partition());
        }
    }

    /** A mirrored virtual SAN of the bench. */
    public MirrorGroup mirror(String mirrorName) {
        MirrorGroup g = mirrors.get(mirrorName);
        if (g == null) {
            throw new IllegalArgumentException("bench " + spec.name() + " has no mirrored virtual SAN '" + mirrorName
                    + "'; virtual SANs: " + mirrors.keySet());
        }
        return g;
    }

    /** Every appliance cluster of the bench, by name. */
    public Map<String, ApplianceCluster> clusters() {
        return Collections.unmodifiableMap(clusters);
    }

    /** An appliance cluster of the bench. */
    public ApplianceCluster cluster(String clusterName) {
        ApplianceCluster c = clusters.get(clusterName);
        if (c == null) {
            throw new IllegalArgumentException("bench " + spec.name() + " has no appliance cluster '" + clusterName
                    + "'; clusters: " + clusters.keySet());
        }
        return c;
    }

    /** The appliance node a storage entry is, in whichever cluster it belongs to. */
    public ApplianceNode applianceNode(String storageName) {
        for (ApplianceCluster c : clusters.values()) {
            if (c.nodes().containsKey(storageName)) {
                return c.node(storageName);
            }
        }
        throw new IllegalArgumentException(storageName + " is not a node of an appliance cluster of bench "
                + spec.name() + "; clusters: " + clusters.keySet());
    }

    /** The SCSI target core of a storage array. */
    public TargetCore array(String arrayName) {
        TargetCore c = arrays.get(arrayName);
        if (c == null) {
            throw new IllegalArgumentException("bench " + spec.name() + " has no storage array '" + arrayName
                    + "' with LUNs; arrays with LUNs: " + arrays.keySet());
        }
        return c;
    }

    /** The FCP target on a storage port. */
    public FcpTarget fcpTarget(Endpoint port) {
        FcpTarget t = fcpTargets.get(port);
        if (t == null) {
            throw new IllegalArgumentException(port + " serves no LUNs over FCP; FCP targets: " + fcpTargets.keySet());
        }
        return t;
    }

    /** The FCP initiator on a host port. */
    public FcpInitiator fcpInitiator(Endpoint port) {
        FcpInitiator i = fcpInitiators.get(port);
        if (i == null) {
            throw new IllegalArgumentException(port + " is not a cabled FCP initiator port; initiators: "
                    + fcpInitiators.keySet());
        }
        return i;
    }

    /** How a bench port behaves: hosts are FCP initiators, storage ports FCP targets; both use NPIV. */
    PortConfig portConfig(BenchSpec.NodePortSpec p) {
        boolean host = p.kind() == BenchSpec.NodeKind.HOST;
        PortConfig c = PortConfig.of(p.wwpn(), p.wwnn())
                .withFcpRoles(host, !host)
                .withSymbolicName("fcspec " + p.node() + " " + p.port())
                .withFirstBurstLength(p.firstBurst())
                .withDiscovery(p.discovery());
        Optional<FabricSpec> fabric = fabricOf(p.endpoint());
        if (fabric.isPresent()) {
            c = c.withTimeouts(new ExchangeTimeouts(fabric.get().timeouts().eDTov(), fabric.get().timeouts().rATov()));
        }
        return c;
    }

    /** The zone set a fabric's definition names, or null when it has no zones. */
    public static ZoneSet zoneSet(FabricSpec f) {
        if (f.zoning().zones().isEmpty()) {
            return null;
        }
        List<Zone> zones = new ArrayList<>();
        for (ZoneSpec z : f.zoning().zones()) {
            zones.add(new Zone(z.name(), new LinkedHashSet<>(z.members())));
        }
        return new ZoneSet("cfg_" + f.name(), zones);
    }

    public BenchSpec spec() {
        return spec;
    }

    public VirtualScheduler scheduler() {
        return scheduler;
    }

    /** Every link, in the order of the bench file. */
    public List<Link> links() {
        return List.copyOf(links.values());
    }

    /** The switch of a fabric. */
    public FabricSwitch fabric(String fabricName) {
        FabricSwitch sw = switchesByFabric.get(fabricName);
        if (sw == null) {
            throw new IllegalArgumentException("bench " + spec.name() + " has no fabric " + fabricName);
        }
        return sw;
    }

    /** The N_Port of a host HBA port or storage port. */
    public NPort nPort(Endpoint port) {
        NPort p = nPorts.get(port);
        if (p == null) {
            throw new IllegalArgumentException(port + " is not a cabled N_Port of bench " + spec.name());
        }
        return p;
    }

    /** Every N_Port, in the order of the bench file. */
    public Map<Endpoint, NPort> nPorts() {
        return Collections.unmodifiableMap(nPorts);
    }

    /** The fabric whose switch the port is cabled to, if it is cabled to one. */
    public Optional<FabricSpec> fabricOf(Endpoint port) {
        return spec.linkAt(port).flatMap(l -> {
            Endpoint other = l.a().equals(port) ? l.b() : l.a();
            return spec.fabrics().stream().filter(f -> f.switchName().equals(other.node())).findFirst();
        });
    }

    /** The endpoint at the other end of the port's cable. */
    public Optional<Endpoint> peerOf(Endpoint port) {
        return spec.linkAt(port).map(l -> l.a().equals(port) ? l.b() : l.a());
    }

    /** The link end a port is cabled to (its own end of the cable), if it is cabled. */
    public Optional<LinkEnd> linkEnd(Endpoint endpoint) {
        return Optional.ofNullable(ends.get(endpoint));
    }

    /** The link a port is cabled with. */
    public Optional<Link> linkOf(Endpoint endpoint) {
        return linkEnd(endpoint).map(LinkEnd::link);
    }

    /** Link end names (as taps report them) by endpoint. */
    public Map<Endpoint, String> linkEndNames() {
        Map<Endpoint, String> m = new LinkedHashMap<>();
        ends.forEach((k, v) -> m.put(k, v.name()));
        return Collections.unmodifiableMap(m);
    }
}
