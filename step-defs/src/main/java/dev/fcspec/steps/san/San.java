package dev.fcspec.steps.san;

import dev.fcspec.emulator.bench.BenchLoader;
import dev.fcspec.emulator.bench.BenchSpec;
import dev.fcspec.emulator.bench.Capability;
import dev.fcspec.emulator.bench.EmbeddedBench;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.bench.FabricSpec;
import dev.fcspec.emulator.bench.HostSpec;
import dev.fcspec.emulator.bench.StorageSpec;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.steps.support.ScenarioContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The scenario's SAN: the bench named by the run ({@code fcspec.bench}, default {@code embedded}), built
 * in-process on a virtual-time scheduler seeded with the scenario's seed, with every link tapped into one
 * capture that becomes the scenario's evidence. One per scenario (picocontainer).
 *
 * <p>The bench is built on first use, so steps that change the bench's definition ("fabric A grants at most
 * 4 virtual ports per F_Port") run before anything is built.
 */
public final class San {

    /** How long a step waits, on the emulator's clock, for something that should happen promptly. */
    public static final Duration PROMPTLY = Duration.ofSeconds(5);

    private final ScenarioContext context;
    private BenchSpec spec;
    private EmbeddedBench bench;
    private CaptureTap capture;
    private Traffic traffic;
    private final Map<Endpoint, FcId> loginIds = new HashMap<>();
    private final Map<Endpoint, List<VirtualPort>> vports = new HashMap<>();
    private final Map<dev.fcspec.emulator.port.LocalPort, FcId> formerIds = new HashMap<>();
    private int actionMark;

    public San(ScenarioContext context) {
        this.context = context;
    }

    public ScenarioContext context() {
        return context;
    }

    /** The bench definition (loaded on first use). */
    public BenchSpec spec() {
        if (spec == null) {
            spec = BenchLoader.load(context.bench());
        }
        return spec;
    }

    /** Changes a fabric's definition; only before the bench is built. */
    public void configureFabric(String fabric, UnaryOperator<FabricSpec> change) {
        if (bench != null) {
            throw new IllegalStateException("fabric " + fabric + " is already running: change its definition in an"
                    + " earlier step, before any port logs in");
        }
        spec = spec().withFabric(change.apply(fabric(fabric)));
    }

    public FabricSpec fabric(String name) {
        return spec().fabric(name).orElseThrow(() -> missing("fabric " + name));
    }

    /**
     * A named part the bench does not have. On the default bench that is a mistake in the scenario and fails
     * it; another bench may simply not have what a scenario needs, and the scenario is skipped with the
     * reason (DESIGN.md: a bench that cannot observe what a step needs says so).
     */
    private RuntimeException missing(String what) {
        String message = "bench " + spec().name() + " has no " + what;
        if (!BenchLoader.DEFAULT_BENCH.equals(spec().name())) {
            context.skip(message);
        }
        return new IllegalArgumentException(message);
    }

    /**
     * Makes sure the bench offers a capability beyond what a user of the devices can observe (the wire, SCSI
     * status and sense, the name server). Call it in the step, before the observation that needs it: on a bench
     * without it the scenario stops there and is reported skipped with the capability named.
     */
    public void require(Capability capability) {
        if (!spec().has(capability)) {
            context.skipForMissing(capability);
        }
    }

    /** True once the bench is running. */
    public boolean isBuilt() {
        return bench != null;
    }

    /** The bench, built on first use. */
    public EmbeddedBench bench() {
        if (bench == null) {
            VirtualScheduler scheduler = new VirtualScheduler(context.seed());
            bench = new EmbeddedBench(spec(), scheduler);
            capture = new CaptureTap();
            bench.links().forEach(capture::attach);
            context.addCapture("", capture::toPcap);
            traffic = new Traffic(bench, capture);
        }
        return bench;
    }

    public VirtualScheduler scheduler() {
        return bench().scheduler();
    }

    /** What crossed the bench's links so far. */
    public Traffic traffic() {
        bench();
        return traffic;
    }

    /** The endpoint of a port reference, checked against the bench. */
    public Endpoint endpoint(PortRef ref) {
        BenchSpec s = spec();
        HostSpec h = s.host(ref.node()).orElse(null);
        if (h != null) {
            if (h.hbas().isEmpty()) {
                throw missing("HBA on host " + h.name());
            }
            String port = ref.port() == null ? h.hbas().get(0).name() : ref.port();
            if (h.hba(port).isEmpty()) {
                throw missing("HBA port " + port + " on host " + h.name());
            }
            return new Endpoint(h.name(), port);
        }
        StorageSpec a = s.array(ref.node()).orElse(null);
        if (a != null) {
            if (a.ports().isEmpty()) {
                throw missing("FC port on array " + a.name());
            }
            String port = ref.port() == null ? a.ports().get(0).name() : ref.port();
            if (a.port(port).isEmpty()) {
                throw missing("port " + port + " on array " + a.name());
            }
            return new Endpoint(a.name(), port);
        }
        throw missing("host or array called " + ref.node());
    }

    /** The N_Port of a host HBA port or storage port. */
    public NPort nPort(PortRef ref) {
        return bench().nPort(endpoint(ref));
    }

    /** The switch of a fabric. */
    public FabricSwitch fabricSwitch(String fabric) {
        return bench().fabric(fabric);
    }

    /**
     * A fabric's switch, to read its tables (logins, name-server entries, RSCN registrations, zoning) as its
     * management interface shows them: needs {@link Capability#OBSERVE_SWITCH_STATE}. Use
     * {@link #fabricSwitch} for what an administrator does to it (activating zones, taking a port offline).
     */
    public FabricSwitch switchState(String fabric) {
        require(Capability.OBSERVE_SWITCH_STATE);
        return fabricSwitch(fabric);
    }

    /** Fails unless the port is cabled to the fabric's switch. */
    public void requireCabledTo(PortRef ref, String fabric) {
        Endpoint e = endpoint(ref);
        FabricSpec f = fabric(fabric);
        String actual = bench().fabricOf(e).map(FabricSpec::name).orElse(null);
        if (!f.name().equals(actual)) {
            throw missing("cable from " + ref + " to fabric " + fabric + " (" + ref + " is cabled to "
                    + (actual == null ? bench().peerOf(e).map(Object::toString).orElse("nothing") : "fabric " + actual)
                    + ")");
        }
    }

    /**
     * Marks the start of an action (a login, a logout, a zone change...): checks of what the action caused
     * look at the frames from here on.
     */
    public void markAction() {
        actionMark = traffic().mark();
    }

    /** Where the last action started in the capture. */
    public int actionMark() {
        return actionMark;
    }

    /** Remembers a port's FC_ID before it goes away (logout, virtual port deletion). */
    public void rememberFcId(dev.fcspec.emulator.port.LocalPort port) {
        formerIds.put(port, port.fcId());
    }

    /** The port's FC_ID, or the one it had before it went away. */
    public FcId fcIdOf(dev.fcspec.emulator.port.LocalPort port) {
        FcId id = port.fcId();
        return FcId.UNASSIGNED.equals(id) ? formerIds.getOrDefault(port, id) : id;
    }

    /** Brings the port up (FLOGI) and runs until its login settles: ready, or failed. */
    public NPort bringUp(PortRef ref) {
        markAction();
        NPort p = nPort(ref);
        p.enable();
        scheduler().runUntil(() -> p.state() == LportState.READY || p.state() == LportState.FAILED, PROMPTLY);
        if (p.state() == LportState.READY) {
            loginIds.put(endpoint(ref), p.fcId());
        }
        return p;
    }

    /** The FC_ID the port had when it logged in (to check that it still has it). */
    public FcId loginId(PortRef ref) {
        FcId id = loginIds.get(endpoint(ref));
        if (id == null) {
            throw new IllegalStateException(ref + " has not logged in in this scenario");
        }
        return id;
    }

    /** The virtual ports the scenario created on a physical port, in creation order (virtual port 1 first). */
    public List<VirtualPort> vports(PortRef physical) {
        return vports.computeIfAbsent(endpoint(physical), k -> new ArrayList<>());
    }

    /** Virtual port {@code n} (counted from 1) the scenario created on {@code physical}. */
    public VirtualPort vport(PortRef physical, int n) {
        List<VirtualPort> l = vports(physical);
        if (n < 1 || n > l.size()) {
            throw new IllegalArgumentException(physical + " has " + l.size() + " virtual ports created in this"
                    + " scenario; there is no virtual port " + n);
        }
        return l.get(n - 1);
    }

    /**
     * Runs the emulator until {@code future} completes, for at most {@code deadline} of emulator time, and
     * returns its value; fails the step with {@code what} when it does not complete or completes
     * exceptionally.
     */
    public <T> T complete(String what, CompletableFuture<T> future, Duration deadline) {
        await(what, future::isDone, deadline);
        try {
            return future.join();
        } catch (CompletionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs the emulator until {@code condition} holds, for at most {@code deadline} of emulator time; fails
     * the step with {@code what} when it does not.
     */
    public void await(String what, BooleanSupplier condition, Duration deadline) {
        if (!scheduler().runUntil(condition, deadline)) {
            throw new AssertionError("expected " + what + " within " + human(deadline) + " of emulator time");
        }
    }

    /** Lets {@code duration} of emulator time pass, running everything due. */
    public void runFor(Duration duration) {
        scheduler().runFor(duration);
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
