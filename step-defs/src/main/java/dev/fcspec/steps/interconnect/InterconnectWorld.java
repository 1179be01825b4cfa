package dev.fcspec.steps.interconnect;

import dev.fcspec.emulator.bench.AdapterSpec;
import dev.fcspec.emulator.bench.BenchSpec;
import dev.fcspec.emulator.bench.InterconnectSpec;
import dev.fcspec.emulator.ccm.CcmConfig;
import dev.fcspec.emulator.ccm.CcmNode;
import dev.fcspec.emulator.ccm.NodeKind;
import dev.fcspec.emulator.ccm.PeerProcess;
import dev.fcspec.emulator.ccm.SessionState;
import dev.fcspec.emulator.iop.IoProcessor;
import dev.fcspec.emulator.iop.IopProtocol;
import dev.fcspec.emulator.iop.StorageSet;
import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.link.CaptureTap.CapturedFrame;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.support.ScenarioContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The scenario's cluster interconnect and adapters as a view of the bench the run names ({@code fcspec.bench}):
 * the bench's {@code interconnects:} section gives the two-node cluster (nodes, node names, FC_IDs on the
 * direct link), its {@code adapters:} section the network nodes' host bus adapters (I/O processors with mass
 * storage) that share an FC link. The parts are built in-process on virtual time seeded with the scenario's
 * seed, each on first use, after the steps that shape them (versions, retries, clients); every frame of their
 * links goes into the scenario's capture.
 */
public final class InterconnectWorld {

    /** How long a step waits, on the emulator's clock, for the cluster to settle. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private final ScenarioContext context;
    private final San san;
    private InterconnectSpec interconnect;
    private VirtualScheduler scheduler;
    private CaptureTap capture;

    // ---- two-node cluster
    private final Map<String, NodePlan> plans = new LinkedHashMap<>();
    private Link clusterLink;
    private final Map<String, CcmNode> nodes = new LinkedHashMap<>();
    private final Map<String, Map<String, PeerProcess>> processes = new LinkedHashMap<>();
    private int mark;
    private long markTime;

    // ---- adapters
    private Link adapterLink;
    private final Map<Integer, Adapter> adapters = new LinkedHashMap<>();
    private final Map<Integer, ProcessRequest> requests = new LinkedHashMap<>();
    private final Map<Integer, Map<String, Long>> atFirstTransmission = new LinkedHashMap<>();

    /**
     * A request a process posted: when, on which adapter, and how many writes each volume of each node had
     * taken before it (to tell later that it was applied once).
     */
    public record ProcessRequest(int messageId, int adapter, long postedAt, Map<String, Long> writesBefore) {
    }

    /** What a cluster node will be made of. */
    static final class NodePlan {
        final String name;
        Wwn nodeName;
        FcId fcId;
        NodeKind kind = NodeKind.STORAGE_SYSTEM;
        CcmConfig config = CcmConfig.DEFAULT;
        Duration osInit = Duration.ofSeconds(5);
        final List<ClientPlan> clients = new ArrayList<>();

        NodePlan(String name, Wwn nodeName, FcId fcId) {
            this.name = name;
            this.nodeName = nodeName;
            this.fcId = fcId;
        }
    }

    record ClientPlan(String name, int ports, int memory) {
    }

    /** A network node's host bus adapter: its I/O processor and the mass storage it is coupled to. */
    public record Adapter(int number, int node, Wwn nodeName, FcId fcId, StorageSet storage, IoProcessor iop,
                          List<dev.fcspec.emulator.iop.HostCompletion> told, dev.fcspec.emulator.link.LinkEnd end) {
    }

    public InterconnectWorld(ScenarioContext context, San san) {
        this.context = context;
        this.san = san;
    }

    /** The bench's definition (the run's bench file). */
    public BenchSpec spec() {
        return san.spec();
    }

    public ScenarioContext context() {
        return context;
    }

    public VirtualScheduler scheduler() {
        if (scheduler == null) {
            scheduler = new VirtualScheduler(context.seed());
            capture = new CaptureTap();
            context.addCapture("", capture::toPcap);
        }
        return scheduler;
    }

    public CaptureTap capture() {
        scheduler();
        return capture;
    }

    // ------------------------------------------------------------------ cluster

    NodePlan plan(String node) {
        if (interconnect == null) {
            throw new IllegalStateException("no cluster yet: name the bench's two-node cluster first");
        }
        NodePlan p = plans.get(node);
        if (p == null) {
            throw new IllegalArgumentException("the cluster has nodes " + plans.keySet() + ", not " + node);
        }
        if (clusterLink != null) {
            throw new IllegalStateException("node " + node + " is already built: describe it before it boots");
        }
        return p;
    }

    /**
     * Takes the bench's interconnect whose nodes are {@code a} at {@code fa} and {@code b} at {@code fb} as the
     * scenario's two-node cluster; a bench without one fails the step, naming the interconnects it has.
     */
    public void useCluster(String a, FcId fa, String b, FcId fb) {
        if (interconnect != null) {
            throw new IllegalStateException("the scenario's cluster is already interconnect " + interconnect.name());
        }
        interconnect = spec().interconnects().stream().filter(i -> matches(i.nodes().get(0), a, fa)
                && matches(i.nodes().get(1), b, fb)).findFirst().orElseThrow(() -> new AssertionError("bench "
                + spec().name() + " has no cluster interconnect joining node " + a + " at " + fa + " and node " + b
                + " at " + fb + "; its interconnects: " + spec().interconnects()));
        for (InterconnectSpec.Node n : interconnect.nodes()) {
            plans.put(n.name(), new NodePlan(n.name(), n.nodeName(), n.fcId()));
        }
    }

    private static boolean matches(InterconnectSpec.Node n, String name, FcId fcId) {
        return n.name().equals(name) && n.fcId().equals(fcId);
    }

    public void nodeKind(String node, NodeKind kind) {
        plan(node).kind = kind;
    }

    public void nodeName(String node, Wwn name) {
        plan(node).nodeName = name;
    }

    public void versions(String node, int lowest, int highest) {
        NodePlan p = plan(node);
        p.config = p.config.withVersions(lowest, highest);
    }

    public void retries(String node, Duration interval, int attempts) {
        NodePlan p = plan(node);
        p.config = p.config.withRetries(interval, attempts);
    }

    public void osInit(Duration d) {
        plans.values().forEach(p -> p.osInit = d);
        if (clusterLink != null) {
            throw new IllegalStateException("the cluster is already built");
        }
    }

    public void addClient(String node, String client, int ports, int memory) {
        plan(node).clients.add(new ClientPlan(client, ports, memory));
    }

    /** The node, building the cluster on first use. */
    public CcmNode node(String name) {
        buildCluster();
        CcmNode n = nodes.get(name);
        if (n == null) {
            throw new IllegalArgumentException("the cluster has nodes " + nodes.keySet() + ", not " + name);
        }
        return n;
    }

    /** The node's partner in the two-node cluster. */
    public String other(String node) {
        return plans.keySet().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
    }

    public Link clusterLink() {
        buildCluster();
        return clusterLink;
    }

    private void buildCluster() {
        if (clusterLink != null) {
            return;
        }
        if (interconnect == null) {
            throw new IllegalStateException("no cluster: name the bench's two-node cluster first");
        }
        VirtualScheduler s = scheduler();
        clusterLink = new Link(s, interconnect.name());
        capture.attach(clusterLink);
        NodePlan pa = plans.get(interconnect.nodes().get(0).name());
        NodePlan pb = plans.get(interconnect.nodes().get(1).name());
        nodes.put(pa.name, makeNode(pa, pb.fcId, clusterLink.a()));
        nodes.put(pb.name, makeNode(pb, pa.fcId, clusterLink.b()));
    }

    private CcmNode makeNode(NodePlan p, FcId partner, dev.fcspec.emulator.link.LinkEnd end) {
        CcmNode n = new CcmNode(scheduler, p.name, p.nodeName, p.kind, p.fcId, partner, end, p.config)
                .osInitDuration(p.osInit);
        Map<String, PeerProcess> procs = new LinkedHashMap<>();
        processes.put(p.name, procs);
        int slot = 0;
        for (ClientPlan c : p.clients) {
            int mySlot = slot++;
            n.addClient(() -> {
                PeerProcess proc = new PeerProcess(c.name(), c.ports(), c.memory(), mySlot);
                procs.put(c.name(), proc);
                return proc;
            });
        }
        return n;
    }

    /** The peer process {@code client} of the current boot of {@code node}. */
    public PeerProcess process(String node, String client) {
        buildCluster();
        PeerProcess p = processes.get(node).get(client);
        if (p == null) {
            throw new AssertionError("node " + node + " runs no cluster connection client \"" + client + "\"");
        }
        return p;
    }

    public boolean ready(String node) {
        CcmNode n = node(node);
        return n.isPowered() && n.ccm() != null && n.ccm().state() == SessionState.READY;
    }

    public boolean settled(String node) {
        CcmNode n = node(node);
        if (!n.isPowered() || n.ccm() == null) {
            return false;
        }
        SessionState s = n.ccm().state();
        return s == SessionState.READY || s == SessionState.FAILED;
    }

    /** Remembers where "now" is in the capture: later checks look at frames from here on. */
    public void markNow() {
        mark = capture().size();
        markTime = scheduler().nanoTime();
        adapters.values().forEach(a -> a.told().clear());
    }

    public long markTime() {
        return markTime;
    }

    /** Frames captured since the last mark. */
    public List<CapturedFrame> sinceMark() {
        List<CapturedFrame> all = capture().frames();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    public void runFor(Duration d) {
        scheduler().runFor(d);
    }

    /** Runs until {@code condition} holds (or {@code deadline} of virtual time passed); true if it held. */
    public boolean runUntil(BooleanSupplier condition, Duration deadline) {
        return scheduler().runUntil(condition, deadline);
    }

    // ------------------------------------------------------------------ adapters

    /**
     * The bench's adapter {@code adapter} of network node {@code node}, named {@code nodeName}, at {@code fcId},
     * on its FC link (the first adapter on end A); a bench that describes it otherwise fails the step.
     */
    public Adapter useAdapter(int node, int adapter, Wwn nodeName, FcId fcId) {
        AdapterSpec spec = spec().adapter(adapter).orElseThrow(() -> new AssertionError("bench " + spec().name()
                + " has no adapter " + adapter + "; its adapters: " + spec().adapters()));
        if (spec.node() != node || !spec.nodeName().equals(nodeName) || !spec.fcId().equals(fcId)) {
            throw new AssertionError("bench " + spec().name() + " describes adapter " + adapter + " as " + spec
                    + ", not in network node " + node + " named " + nodeName + " at " + fcId);
        }
        if (adapters.containsKey(adapter)) {
            throw new IllegalArgumentException("adapter " + adapter + " exists already");
        }
        if (adapterLink != null && !adapterLink.name().equals(spec.link())) {
            throw new AssertionError("adapter " + adapter + " is on link " + spec.link() + ", not on "
                    + adapterLink.name() + " with the other adapters of the scenario");
        }
        VirtualScheduler s = scheduler();
        if (adapterLink == null) {
            adapterLink = new Link(s, spec.link());
            capture.attach(adapterLink);
            adapterLink.addTap((t, from, f) -> {
                if (f.header().type() == IopProtocol.TYPE && f.header().rCtl() == IopProtocol.R_CTL_REQUEST) {
                    try {
                        atFirstTransmission.putIfAbsent(IopProtocol.decode(f.payload()).messageId(), volumeState());
                    } catch (IllegalArgumentException e) {
                        // not a message this bench can read: nothing to remember
                    }
                }
            });
        }
        dev.fcspec.emulator.link.LinkEnd end = adapters.isEmpty() ? adapterLink.a() : adapterLink.b();
        StorageSet storage = new StorageSet();
        IoProcessor iop = new IoProcessor(s, "adapter " + adapter, nodeName, fcId, storage, end::send);
        end.attach(iop);
        Adapter a = new Adapter(adapter, node, nodeName, fcId, storage, iop, new ArrayList<>(), end);
        for (Adapter other : adapters.values()) {
            other.iop().addPeer(nodeName, fcId);
            iop.addPeer(other.nodeName(), other.fcId());
        }
        adapters.put(adapter, a);
        return a;
    }

    public Adapter adapter(int number) {
        Adapter a = adapters.get(number);
        if (a == null) {
            throw new IllegalArgumentException("there is no adapter " + number + " (adapters: " + adapters.keySet() + ")");
        }
        return a;
    }

    /** The adapter of network node {@code node}. */
    public Adapter adapterOfNode(int node) {
        return adapters.values().stream().filter(a -> a.node() == node).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no network node " + node));
    }

    public Link adapterLink() {
        if (adapterLink == null) {
            throw new IllegalStateException("no adapters yet");
        }
        return adapterLink;
    }

    /**
     * Writes and sizes of every volume when the first request frame with {@code messageId} went on the wire
     * ("node/volume" and "node/volume:size").
     */
    public Map<String, Long> stateWhenFirstSent(int messageId) {
        Map<String, Long> m = atFirstTransmission.get(messageId);
        if (m == null) {
            throw new AssertionError("no request with message id " + messageId + " crossed the adapters' link");
        }
        return m;
    }

    private Map<String, Long> volumeState() {
        Map<String, Long> m = volumeWrites();
        for (Adapter a : adapters.values()) {
            a.storage().volumes().forEach(v -> m.put(a.node() + "/" + v.number() + ":size", v.sizeBlocks()));
        }
        return m;
    }

    /** Writes taken so far by every volume, keyed "node/volume". */
    public Map<String, Long> volumeWrites() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Adapter a : adapters.values()) {
            a.storage().volumes().forEach(v -> m.put(a.node() + "/" + v.number(), v.writeCount()));
        }
        return m;
    }

    /** The process request posted last. */
    public ProcessRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("no process request yet");
        }
        return requests.values().stream().reduce((x, y) -> y).orElseThrow();
    }

    public void recordRequest(int messageId, int adapter) {
        requests.put(messageId, new ProcessRequest(messageId, adapter, scheduler().nanoTime(), volumeWrites()));
    }

    public ProcessRequest request(int messageId) {
        ProcessRequest r = requests.get(messageId);
        if (r == null) {
            throw new IllegalArgumentException("no process asked for message id " + messageId + " in this scenario");
        }
        return r;
    }

    /** Runs until both I/O processors are idle (every request answered or given up), at most 2 s. */
    public void settleAdapters() {
        runUntil(() -> adapters.values().stream().allMatch(a -> a.iop().isIdle()), SETTLE);
        runFor(Duration.ofMillis(50));
    }
}
