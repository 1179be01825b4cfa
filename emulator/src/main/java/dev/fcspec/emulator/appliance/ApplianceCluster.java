package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.scsi.AsymmetricAccessState;
import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.scsi.TargetPortGroup;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.vi.FcviOverPort;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.HostMemory;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A storage appliance cluster of two or more nodes: each node owns its disks, and the nodes are joined by a
 * cluster interconnect carrying FC-VI, over which their virtual adapters forward commands: either a direct FC
 * link between each pair of nodes, or one interconnect N_Port per node on an FC fabric (the ports log in with
 * FLOGI, find each other in the name server and log in to each other with PLOGI before the VIs connect).
 *
 * <p>Failover rule: a failed node is taken over, whole (every port identity and every disk), by its survivor:
 * the first node after it in cluster order, wrapping around, that has not failed ({@link #survivorOf}). The
 * other nodes keep proxying its LUNs, now to the survivor.
 */
public final class ApplianceCluster {

    /** One disk of a node: LUN, backing store, block size. */
    public record DiskSpec(long lun, BackingStore store, int blockSize) {
        public DiskSpec {
            Objects.requireNonNull(store, "store");
        }
    }

    /** How the nodes are interconnected. */
    public sealed interface Interconnect {
        /** A direct FC link for each pair of nodes: {@code cabling} gives the link for (earlier, later) node. */
        record Direct(BiFunction<String, String, Link> cabling) implements Interconnect {
            public Direct {
                Objects.requireNonNull(cabling, "cabling");
            }
        }

        /**
         * Each node's interconnect N_Port (by node name), cabled to an FC fabric; the cluster logs them in.
         */
        record Fabric(Map<String, NPort> ports) implements Interconnect {
            public Fabric {
                ports = Map.copyOf(ports);
            }
        }
    }

    /** FC_IDs the interconnect ports use on a direct link (no fabric assigns them). */
    public static final FcId[] INTERCONNECT_IDS = {FcId.of(0x7f, 0x00, 0x01), FcId.of(0x7f, 0x00, 0x02)};
    /** First VI number of the per-peer VIs on a fabric interconnect: VI {@code FABRIC_VI_BASE + i} leads to node i. */
    public static final int FABRIC_VI_BASE = 0x20;

    private final String name;
    private final Scheduler scheduler;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private final Map<String, NPort> fabricPorts = new LinkedHashMap<>();
    private final Map<String, ApplianceNode> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> blockSizes = new LinkedHashMap<>();
    private final CompletableFuture<Void> interconnected = new CompletableFuture<>();

    /**
     * Builds a two-node cluster on one direct link: node {@code names.get(i)} owns {@code disks.get(i)}; the
     * link's end A is the first node's, end B the second's. The interconnect VI connects as soon as the
     * scheduler runs.
     */
    public ApplianceCluster(Scheduler scheduler, String name, Link interconnect, List<String> names,
                            List<List<DiskSpec>> disks) {
        this(scheduler, name, new Interconnect.Direct((a, b) -> interconnect), requireTwo(name, names), disks);
    }

    private static List<String> requireTwo(String name, List<String> names) {
        if (names.size() != 2) {
            throw new IllegalArgumentException("cluster " + name + " on one interconnect link needs exactly two"
                    + " nodes, has " + names);
        }
        return names;
    }

    /**
     * Builds the cluster: node {@code names.get(i)} owns {@code disks.get(i)}. A direct interconnect connects
     * as soon as the scheduler runs; a fabric interconnect once its ports have logged in
     * ({@link #interconnected()}).
     */
    public ApplianceCluster(Scheduler scheduler, String name, Interconnect interconnect, List<String> names,
                            List<List<DiskSpec>> disks) {
        this.name = Objects.requireNonNull(name, "name");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(interconnect, "interconnect");
        int count = names.size();
        if (count < 2 || disks.size() != count || new java.util.HashSet<>(names).size() != count) {
            throw new IllegalArgumentException("cluster " + name + " needs two or more different nodes, each with"
                    + " its list of disks; has " + names + " and " + disks.size() + " lists of disks");
        }
        Map<Long, String> lunOwner = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            for (DiskSpec s : disks.get(i)) {
                String other = lunOwner.putIfAbsent(s.lun(), names.get(i));
                if (other != null) {
                    throw new IllegalArgumentException("cluster " + name + ": LUN " + s.lun() + " is on disks of both "
                            + other + " and " + names.get(i) + "; a disk is owned by one node at a time");
                }
            }
        }
        ApplianceNode[] n = new ApplianceNode[count];
        for (int i = 0; i < count; i++) {
            String node = names.get(i);
            TargetCore.Builder core = TargetCore.builder(node);
            // ALUA: one target port group per node, holding the node's target ports. In a node's own core (the
            // one that processes the LUNs it owns), its own group is active/optimized and every other node's
            // group, whose ports reach those LUNs by proxying, active/non-optimized.
            for (int j = 0; j < count; j++) {
                core.portGroup(new TargetPortGroup(j + 1, List.of(), j == i ? AsymmetricAccessState.ACTIVE_OPTIMIZED
                        : AsymmetricAccessState.ACTIVE_NON_OPTIMIZED, j == i));
            }
            Disk.Initiator backEnd = backEndInitiator(i, node);
            Map<Long, Disk> owned = new LinkedHashMap<>();
            for (DiskSpec s : disks.get(i)) {
                Disk disk = new Disk(node + "-lun" + s.lun(), s.store(), s.blockSize(),
                        String.format("50:00:00:00:5e:00:%02x:%02x", i + 1, s.lun() & 0xFF));
                // The owner takes the disk at cluster start: registers its key and reserves it.
                requireGood(disk, "register", disk.register(backEnd));
                requireGood(disk, "reserve", disk.reserve(backEnd));
                owned.put(s.lun(), disk);
                core.unit(s.lun(), LogicalUnit.builder(disk.name(), disk.pathFor(backEnd))
                        .blockSize(s.blockSize()).build());
            }
            n[i] = new ApplianceNode(node, core.build(), owned, scheduler, 1 + 16 * i, i + 1, backEnd);
            blockSizes.put(node, disks.get(i).isEmpty() ? 512 : disks.get(i).get(0).blockSize());
            nodes.put(node, n[i]);
        }
        for (ApplianceNode node : n) {
            node.join(List.of(n));
        }
        if (interconnect instanceof Interconnect.Direct direct) {
            cableDirect(n, direct);
        } else if (interconnect instanceof Interconnect.Fabric fabric) {
            throughFabric(n, fabric);
        }
    }

    /** A direct link per pair: the earlier node's driver connects to the later one's, which accepts. */
    private void cableDirect(ApplianceNode[] n, Interconnect.Direct direct) {
        for (int i = 0; i < n.length; i++) {
            for (int j = i + 1; j < n.length; j++) {
                Link link = Objects.requireNonNull(direct.cabling().apply(n[i].name(), n[j].name()),
                        "link between " + n[i].name() + " and " + n[j].name());
                links.put(n[i].name() + "-" + n[j].name(), link);
                InterconnectDriver di = new InterconnectDriver(scheduler, n[i].name(), INTERCONNECT_IDS[0], link.a());
                InterconnectDriver dj = new InterconnectDriver(scheduler, n[j].name(), INTERCONNECT_IDS[1], link.b());
                n[i].connect(n[j], new VirtualAdapter(n[i].name(), di, n[i].core()));
                n[j].connect(n[i], new VirtualAdapter(n[j].name(), dj, n[j].core()));
                dj.acceptFrom(di);
                di.connect(dj);
            }
        }
        interconnected.complete(null);
    }

    /**
     * FC-VI through a fabric: every node's interconnect port logs in (FLOGI, then name-server registration);
     * each node finds its peers' port names in the name server (GID_PN); the earlier node of each pair logs in
     * to the later one (PLOGI and PRLI); then the per-peer VIs connect.
     */
    private void throughFabric(ApplianceNode[] n, Interconnect.Fabric fabric) {
        Map<String, InterconnectDriver[]> drivers = new LinkedHashMap<>();
        for (int i = 0; i < n.length; i++) {
            NPort port = fabric.ports().get(n[i].name());
            if (port == null) {
                throw new IllegalArgumentException("cluster " + name + ": node " + n[i].name()
                        + " has no interconnect port on the fabric; ports: " + fabric.ports().keySet());
            }
            fabricPorts.put(n[i].name(), port);
            InterconnectDriver[] row = new InterconnectDriver[n.length];
            for (int j = 0; j < n.length; j++) {
                if (j != i) {
                    row[j] = new InterconnectDriver(n[i].name(), FABRIC_VI_BASE + j);
                    n[i].connect(n[j], new VirtualAdapter(n[i].name(), row[j], n[i].core()));
                }
            }
            drivers.put(n[i].name(), row);
        }
        // The ports log in once the scheduler runs (so that whoever taps the links sees the FLOGIs).
        scheduler.schedule(Duration.ZERO, () -> {
            for (NPort p : fabricPorts.values()) {
                if (p.state() != LportState.READY) {
                    p.enable();
                }
            }
        });
        CompletableFuture<Void> all = CompletableFuture.allOf(fabricPorts.values().stream().map(this::whenReady)
                .toArray(CompletableFuture[]::new));
        all.thenCompose(x -> {
            // Each node's FC-VI provider on its logged-in port, its per-peer VIs in its registered memory.
            for (int i = 0; i < n.length; i++) {
                NPort port = fabricPorts.get(n[i].name());
                HostMemory memory = new HostMemory(InterconnectDriver.MEMORY * n.length);
                FcviPort provider = new FcviOverPort(port).start(memory);
                InterconnectDriver[] row = drivers.get(n[i].name());
                for (int j = 0; j < n.length; j++) {
                    if (row[j] != null) {
                        row[j].attach(provider, memory, InterconnectDriver.MEMORY * j);
                    }
                }
            }
            List<CompletableFuture<?>> logins = new ArrayList<>();
            for (int i = 0; i < n.length; i++) {
                NPort port = fabricPorts.get(n[i].name());
                for (int j = 0; j < n.length; j++) {
                    if (j == i) {
                        continue;
                    }
                    Wwn peer = fabricPorts.get(n[j].name()).portName();
                    boolean logIn = i < j; // one PLOGI per pair, from the earlier node
                    logins.add(port.queryNameServer(new NameServerRequest.GidPn(peer)).thenCompose(reply -> {
                        if (!(reply instanceof NameServerReply.PortId id)) {
                            throw new IllegalStateException("cluster " + name + ": the name server does not know "
                                    + peer + ": " + reply);
                        }
                        return logIn ? port.login(id.portId()).thenApply(r -> null)
                                : CompletableFuture.completedFuture(null);
                    }));
                }
            }
            return CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new));
        }).thenRun(() -> {
            for (int i = 0; i < n.length; i++) {
                for (int j = i + 1; j < n.length; j++) {
                    InterconnectDriver di = drivers.get(n[i].name())[j];
                    InterconnectDriver dj = drivers.get(n[j].name())[i];
                    dj.acceptFrom(di);
                    di.connect(dj);
                }
            }
            interconnected.complete(null);
        }).exceptionally(e -> {
            interconnected.completeExceptionally(e);
            return null;
        });
    }

    /** Completes when the port has logged in to the fabric (checked every 100 us of emulator time, for 10 s). */
    private CompletableFuture<Void> whenReady(NPort port) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        long deadline = scheduler.nanoTime() + Duration.ofSeconds(10).toNanos();
        Timer[] t = new Timer[1];
        t[0] = scheduler.scheduleAtFixedRate(Duration.ofNanos(100_000), () -> {
            if (port.state() == LportState.READY) {
                t[0].cancel();
                f.complete(null);
            } else if (scheduler.nanoTime() > deadline) {
                t[0].cancel();
                f.completeExceptionally(new IllegalStateException("cluster " + name + ": interconnect port "
                        + port.portName() + " did not log in to the fabric within 10 s; state " + port.state()));
            }
        });
        return f;
    }

    /** Completes when every interconnect VI has been set up (a fabric interconnect first logs its ports in). */
    public CompletableFuture<Void> interconnected() {
        return interconnected;
    }

    /**
     * The survivor of a failed node: the first node after it in cluster order (wrapping around) that
     * {@code alive} accepts, or null when there is none.
     */
    public static ApplianceNode survivorOf(List<ApplianceNode> order, ApplianceNode failed,
                                           java.util.function.Predicate<ApplianceNode> alive) {
        int at = order.indexOf(failed);
        for (int k = 1; k < order.size(); k++) {
            ApplianceNode m = order.get((at + k) % order.size());
            if (alive.test(m)) {
                return m;
            }
        }
        return null;
    }

    /** The node that takes a failed node over, by the cluster's rule: the next node in order that has not failed. */
    public ApplianceNode survivorOf(String failedNode) {
        ApplianceNode s = survivorOf(List.copyOf(nodes.values()), node(failedNode), m -> !m.failed());
        if (s == null) {
            throw new IllegalStateException("cluster " + name + ": no node survives " + failedNode);
        }
        return s;
    }

    /** An explicit failover command for the cluster: the failed node's survivor takes it over. */
    public Takeover failOver(String failedNode) {
        return survivorOf(failedNode).takeOver(failedNode, Takeover.Cause.FAILOVER_COMMAND);
    }

    /**
     * A node's back-end initiator on the disk shelf: an NAA 5 WWPN numbered by the node's place in the cluster,
     * and a reservation key that reads as the node's name (up to six characters) and its place.
     */
    static Disk.Initiator backEndInitiator(int index, String node) {
        long key = 0;
        byte[] ascii = node.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int k = 0; k < 6; k++) {
            key = key << 8 | (k < ascii.length ? ascii[k] & 0xFF : 0);
        }
        key = key << 16 | (index + 1);
        return new Disk.Initiator(node, String.format("50:0a:09:8f:00:00:00:%02x", index + 1), key);
    }

    private static void requireGood(Disk disk, String what, dev.fcspec.emulator.scsi.ScsiResponse r) {
        if (r.status() != dev.fcspec.emulator.scsi.ScsiStatus.GOOD) {
            throw new IllegalStateException(disk + ": PERSISTENT RESERVE OUT " + what + " failed with status "
                    + r.status());
        }
    }

    public String name() {
        return name;
    }

    /** The disk behind a LUN, whichever node owns it now. */
    public Disk disk(long lun) {
        for (ApplianceNode node : nodes.values()) {
            if (node.owns(lun)) {
                return node.disk(lun);
            }
        }
        throw new IllegalArgumentException("cluster " + name + " has no disk for LUN " + lun);
    }

    /** The interconnect link of a two-node cluster with a direct link (the first link of a larger one). */
    public Link interconnect() {
        if (links.isEmpty()) {
            throw new IllegalStateException("cluster " + name + " is interconnected through a fabric, not by links");
        }
        return links.values().iterator().next();
    }

    /** The direct interconnect link between two nodes, if they have one. */
    public java.util.Optional<Link> interconnect(String a, String b) {
        Link l = links.get(a + "-" + b);
        return java.util.Optional.ofNullable(l != null ? l : links.get(b + "-" + a));
    }

    /** Each node's interconnect N_Port on the fabric, when the interconnect is a fabric (else empty). */
    public Map<String, NPort> fabricInterconnectPorts() {
        return java.util.Collections.unmodifiableMap(fabricPorts);
    }

    public ApplianceNode node(String nodeName) {
        ApplianceNode n = nodes.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("cluster " + name + " has no node " + nodeName + "; nodes: "
                    + nodes.keySet());
        }
        return n;
    }

    public Map<String, ApplianceNode> nodes() {
        return java.util.Collections.unmodifiableMap(nodes);
    }
}
