package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.appliance.ApplianceCluster;
import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.iscsi.IscsiTargetDefinition;
import dev.fcspec.emulator.iscsi.IscsiTargetPortal;
import dev.fcspec.emulator.scsi.LunMasking;
import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.FileStore;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.time.RealTimeScheduler;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.time.WallClockPacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a bench's emulated appliances over the network until stopped: every storage array with an
 * {@code iscsi} portal becomes a SCSI target core behind an iSCSI portal, and every node of an appliance
 * cluster is served on an iSCSI portal of its own (its {@code iscsi} entry, or 127.0.0.1 on a free port with
 * the target name {@code iqn.2024-01.dev.fcspec:<cluster>.<node>}): the portal is a proxy target port of the
 * node's virtual target module, in the node's ALUA target port group, so a LUN another node owns is answered
 * by that node through the interconnect (active/non-optimized), the node's own LUNs locally (active/optimized).
 * The clusters run in the bench built in memory, its virtual time paced by the wall clock ({@link WallClockPacer}).
 * The endpoints served are written as JSON (the {@code fcspec emulate} contract of DESIGN.md):
 * {@code {"iscsi": [{"portal": "127.0.0.1:3261", "target": "iqn...", "luns": [0, 1]}], "fcip": []}}; an
 * appliance node's entry also names its {@code cluster}, {@code node} and the LUNs it {@code owns}.
 *
 * <p>{@link #main} takes {@code --bench NAME|FILE [--endpoints-file PATH]} and runs until SIGINT/SIGTERM.
 */
public final class EmulatorServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EmulatorServer.class.getName());
    /** Seed of the virtual time the appliance clusters run on. */
    private static final long BENCH_SEED = 1;

    /**
     * One served iSCSI target; {@code cluster}, {@code node} and {@code owns} are set for an appliance node
     * (empty and no LUNs for an array).
     */
    public record IscsiEndpoint(String portal, String target, List<Long> luns, String cluster, String node,
                                List<Long> owns) {
        public IscsiEndpoint {
            luns = List.copyOf(luns);
            owns = List.copyOf(owns);
        }

        IscsiEndpoint(String portal, String target, List<Long> luns) {
            this(portal, target, luns, "", "", List.of());
        }
    }

    private final List<IscsiTargetPortal> portals = new ArrayList<>();
    private final List<TargetCore> cores = new ArrayList<>();
    private final List<IscsiEndpoint> endpoints = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Real time for the portals' timers (NOP-In pings); started on first use. */
    private RealTimeScheduler scheduler;
    /** The bench in memory that runs the appliance clusters, and the pacer that drives it; null without clusters. */
    private EmbeddedBench bench;
    private WallClockPacer pacer;

    private EmulatorServer() {
    }

    /** Builds and starts everything the bench serves over the network. */
    public static EmulatorServer start(BenchSpec bench) {
        EmulatorServer s = new EmulatorServer();
        try {
            for (StorageSpec array : bench.storage()) {
                Optional<IscsiPortalSpec> iscsi = array.iscsi();
                if (iscsi.isEmpty() || bench.clusterOf(array.name()).isPresent()) {
                    continue;
                }
                s.serve(array, iscsi.get());
            }
            if (!bench.clusters().isEmpty()) {
                s.serveClusters(bench);
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void serve(StorageSpec array, IscsiPortalSpec spec) {
        TargetCore.Builder core = ArrayUnits.addTo(TargetCore.builder(spec.target()), array);
        if (!spec.initiators().isEmpty()) {
            LunMasking.Builder masking = LunMasking.builder().closed();
            spec.initiators().forEach((iqn, visible) ->
                    masking.allow(iqn, visible.stream().mapToLong(Long::longValue).toArray()));
            core.masking(masking.build());
        }
        List<Long> luns = array.luns().stream().map(LunSpec::id).toList();
        core.port(IscsiTargetPortal.targetPort(spec.target(), 1, spec.portalGroupTag()));
        TargetCore built = core.build();
        cores.add(built);
        IscsiTargetPortal portal = listen(spec, definition(spec, built, 1), null);
        endpoints.add(new IscsiEndpoint(address(portal), spec.target(), List.copyOf(luns)));
    }

    /**
     * Builds the bench in memory, gives every appliance node an iSCSI proxy port, starts pacing the bench's
     * time by the wall clock, then opens one portal per node whose connections hand commands to the bench.
     */
    private void serveClusters(BenchSpec spec) {
        bench = new EmbeddedBench(spec, new VirtualScheduler(BENCH_SEED));
        List<Runnable> listens = new ArrayList<>();
        for (ClusterSpec c : spec.clusters()) {
            ApplianceCluster cluster = bench.cluster(c.name());
            for (String name : c.nodes()) {
                ApplianceNode node = cluster.node(name);
                IscsiPortalSpec portal = spec.array(name).flatMap(StorageSpec::iscsi).orElse(new IscsiPortalSpec(
                        "127.0.0.1", 0, "iqn.2024-01.dev.fcspec:" + c.name() + "." + name, 1));
                String portName = IscsiTargetPortal.targetPort(portal.target(), 1, portal.portalGroupTag()).name();
                int rel = node.addIscsiTargetPort(portName, true);
                IscsiTargetDefinition target = definition(portal, node.virtualTargetModule(), rel);
                List<Long> luns = new ArrayList<>(new TreeSet<>(cluster.nodes().values().stream()
                        .flatMap(n -> n.ownedLuns().stream()).toList()));
                List<Long> owns = List.copyOf(new TreeSet<>(node.ownedLuns()));
                listens.add(() -> endpoints.add(new IscsiEndpoint(address(listen(portal, target, pacer.scheduler())),
                        portal.target(), luns, c.name(), name, owns)));
            }
        }
        pacer = new WallClockPacer(bench.scheduler(), "fcspec-emulate-bench");
        listens.forEach(Runnable::run);
    }

    /** The target a portal serves: its name, who may log in and how (CHAP, mutual CHAP, allowed initiators). */
    private static IscsiTargetDefinition definition(IscsiPortalSpec spec, ScsiTarget target, int relativePortId) {
        return new IscsiTargetDefinition(spec.target(), "", target, relativePortId, spec.chap(), spec.mutualChap(),
                spec.initiators().keySet());
    }

    private IscsiTargetPortal listen(IscsiPortalSpec spec, IscsiTargetDefinition target, Scheduler coreScheduler) {
        IscsiTargetPortal.Builder b = IscsiTargetPortal.builder()
                .bind(spec.host(), spec.port())
                .portalGroupTag(spec.portalGroupTag())
                .target(target)
                .limits(spec.limits())
                .timers(scheduler());
        if (coreScheduler != null) {
            b.coreScheduler(coreScheduler);
        }
        spec.nopIn().ifPresent(p -> b.nopInPings(scheduler(), p.interval(), p.timeout()));
        IscsiTargetPortal portal = b.build().start();
        portals.add(portal);
        return portal;
    }

    private static String address(IscsiTargetPortal portal) {
        InetSocketAddress a = portal.localAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return host + ":" + a.getPort();
    }

    /** The bench running the appliance clusters (null when the bench has none), for tests. */
    EmbeddedBench bench() {
        return bench;
    }

    /** The scheduler the appliance clusters run on, as other threads hand work to it; for tests. */
    Scheduler benchScheduler() {
        return pacer.scheduler();
    }

    private RealTimeScheduler scheduler() {
        if (scheduler == null) {
            scheduler = new RealTimeScheduler("fcspec-emulate", 1);
        }
        return scheduler;
    }

    /** The portals being served, for tests. */
    List<IscsiTargetPortal> portals() {
        return List.copyOf(portals);
    }

    public List<IscsiEndpoint> iscsiEndpoints() {
        return List.copyOf(endpoints);
    }

    /** The endpoints as the JSON document of the emulate contract. */
    public String endpointsJson() {
        StringBuilder sb = new StringBuilder("{\"iscsi\": [");
        for (int i = 0; i < endpoints.size(); i++) {
            IscsiEndpoint e = endpoints.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append("{\"portal\": ").append(quote(e.portal())).append(", \"target\": ").append(quote(e.target()))
                    .append(", \"luns\": ").append(list(e.luns()));
            if (!e.node().isEmpty()) {
                sb.append(", \"cluster\": ").append(quote(e.cluster())).append(", \"node\": ").append(quote(e.node()))
                        .append(", \"owns\": ").append(list(e.owns()));
            }
            sb.append("}");
        }
        sb.append("], \"fcip\": []}\n");
        return sb.toString();
    }

    /** Writes the endpoints JSON atomically (a temporary file renamed into place). */
    public void writeEndpoints(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, ".endpoints", ".json");
        Files.writeString(tmp, endpointsJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String list(List<Long> values) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < values.size(); j++) {
            sb.append(j > 0 ? ", " : "").append(values.get(j));
        }
        return sb.append("]").toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Blocks until {@link #close()} is called (by a shutdown hook on SIGINT/SIGTERM). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops serving. Synchronized because this is a real thread boundary: the shutdown hook's thread calls it
     * on SIGINT/SIGTERM while the thread that started the server may be closing it too.
     */
    @Override
    public synchronized void close() {
        for (IscsiTargetPortal p : portals) {
            p.close();
        }
        portals.clear();
        if (pacer != null) {
            pacer.close();
            pacer = null;
        }
        for (TargetCore c : cores) {
            c.close();
        }
        cores.clear();
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
        }
        stopped.countDown();
    }

    /** How long a SIGTERM may take before the process ends without waiting for the rest. */
    private static final long SHUTDOWN_DEADLINE_MILLIS = 5000;

    /**
     * {@link #close()} on SIGINT/SIGTERM, at most {@link #SHUTDOWN_DEADLINE_MILLIS}: past it the process halts
     * (exit code 1) whatever its sessions are doing, so that a stuck close never outlives the signal.
     */
    private void closeWithin() {
        Thread closer = new Thread(this::close, "emulate-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(SHUTDOWN_DEADLINE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.println("fcspec emulate: shutdown not done after " + SHUTDOWN_DEADLINE_MILLIS + " ms; halting");
            Runtime.getRuntime().halt(1);
        }
    }

    /** {@code --bench NAME|FILE [--endpoints-file PATH]}: serve until SIGINT/SIGTERM. */
    public static void main(String[] args) throws Exception {
        String bench = null;
        Path endpointsFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bench" -> bench = value(args, ++i, "--bench");
                case "--endpoints-file" -> endpointsFile = Path.of(value(args, ++i, "--endpoints-file"));
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "\nusage: emulate --bench NAME|FILE [--endpoints-file PATH]");
                    System.exit(2);
                }
            }
        }
        if (bench == null) {
            System.err.println("usage: emulate --bench NAME|FILE [--endpoints-file PATH]");
            System.exit(2);
        }
        run(BenchLoader.load(bench), endpointsFile);
    }

    /** Serves a bench until the JVM is asked to stop; returns the exit code. */
    public static int run(BenchSpec spec, Path endpointsFile) throws IOException, InterruptedException {
        EmulatorServer server = start(spec);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeWithin, "emulate-shutdown"));
        if (endpointsFile != null) {
            server.writeEndpoints(endpointsFile);
        }
        System.out.print(server.endpointsJson());
        System.out.flush();
        if (server.endpoints.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "bench {0} has no array with an iSCSI portal and no appliance cluster:"
                    + " nothing to serve", spec.name());
        }
        server.awaitStop();
        return 0;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
