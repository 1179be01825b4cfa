package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.CcmProtocol.PeerInfo;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViOperation;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.ViStatus;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cluster connection manager of a node's storage operating system: on initialisation it opens a
 * peer-to-peer session with the cluster partner over the interconnect, before the rest of the operating
 * system runs, and then gives its clients (peer processes) communication ports to their peers.
 *
 * <h2>Handshake (initiator)</h2>
 * Over the boot VI, connected to the partner's predetermined FC_ID and VI number
 * ({@link CcmProtocol#BOOT_VI}):
 * <ol>
 * <li>first RDMA read of the partner's boot status variable at the preset address; it succeeds when the
 * variable is there and shows the partner's connection manager running;</li>
 * <li>only then the first RDMA write: a hello into the variable's mailbox;</li>
 * <li>only then the second RDMA read: it succeeds when the variable acknowledges this hello (re-read up to
 * {@link CcmConfig#ackPolls()} times) and the partner's boot generation is unchanged;</li>
 * <li>only then the second RDMA write: the confirm.</li>
 * </ol>
 * Then: exchange of peer connection information with version numbers, exchange of the client information
 * collected from the local clients, creation of the communication ports, the ready alert to the partner and,
 * once the partner's arrives, the ready alert to the local clients.
 *
 * <h2>Responder</h2>
 * The partner's hello reaches this side as an RDMA write with immediate data; the manager acknowledges it in
 * its own status variable and waits for the confirm. When both managers start at once their hellos cross:
 * the node with the lower node name keeps the initiator role once it has written its hello; the other
 * answers (emulator choice).
 *
 * <h2>Versions</h2>
 * Each side offers a range of session protocol versions. The session uses the highest version both speak
 * (negotiated down); when the ranges do not overlap both sides refuse, tear down and stay
 * {@link SessionState#FAILED}: retrying could not help.
 *
 * <h2>Failures</h2>
 * Any failed step, lost connection, protocol error or timeout tears the attempt down completely: client
 * ports destroyed, client memory deregistered, the acknowledgement cleared, the boot VI disconnected, clients
 * that had been told the partner was ready told it is lost. Then a new attempt follows after
 * {@link CcmConfig#retryInterval()}, up to {@link CcmConfig#maxAttempts()} attempts.
 *
 * <h2>Blocks</h2>
 * As libfc splits a local port into lport, rport and disc: {@link BootHandshake} runs the four RDMA steps
 * (initiator) and answers the hello and confirm (responder), {@link SessionExchange} the session messages,
 * {@link ClientPortAllocator} the clients' ports and memory, and {@link BootViChannel} posts on the boot VI.
 * The manager keeps only what spans them: the session state, the token of the current attempt (a
 * completion or timer of an older attempt finds a newer token and is dropped), the retries, the clients and
 * the timeline of {@link CcmEvent}s. Every failure of an attempt ends in {@link #attemptFailed}.
 *
 * <p>Confined to the node's scheduler, like everything in this package.
 */
public final class ClusterConnectionManager {

    /** Which side of the handshake this manager plays in the current session. */
    public enum Role { NONE, INITIATOR, RESPONDER }

    private final Scheduler scheduler;
    private final VirtualInterface bootVi;
    private final ViAddress partnerBootVi;
    private final Wwn node;
    private final NodeKind kind;
    private final int generation;
    private final CcmConfig config;
    private final BootViChannel channel;
    private final BootHandshake handshake;
    private final ClientPortAllocator allocator;
    private final SessionExchange exchange;
    private final Map<String, CcmClient> clients = new LinkedHashMap<>();
    private final List<CcmEvent> events = new ArrayList<>();
    private final List<Consumer<CcmEvent>> listeners = new ArrayList<>();
    private final Set<CcmFault> faults = EnumSet.noneOf(CcmFault.class);

    private SessionState state = SessionState.DOWN;
    private Role role = Role.NONE;
    private boolean halted;
    private long token;
    private int attempt;
    private int attemptsMade;
    private Timer retryTimer;
    private Timer sessionTimer;
    private Timer pollTimer;
    private Wwn partnerNode;
    private NodeKind partnerKind;
    private final List<String> alertedClients = new ArrayList<>();
    private String failure;

    /**
     * @param scheduler     the node's scheduler
     * @param port          the node's interconnect VI provider
     * @param bootVi        the boot VI (firmware created it, accepting from the partner's boot VI)
     * @param partnerBootVi the partner's predetermined FC_ID and VI number
     * @param node          this node's name
     * @param kind          what this node is
     * @param generation    this node's boot generation
     * @param config        timings, bounds and versions
     */
    public ClusterConnectionManager(Scheduler scheduler, FcviPort port, VirtualInterface bootVi,
                                    ViAddress partnerBootVi, Wwn node, NodeKind kind, int generation,
                                    CcmConfig config) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(port, "port");
        this.bootVi = Objects.requireNonNull(bootVi, "bootVi");
        this.partnerBootVi = Objects.requireNonNull(partnerBootVi, "partnerBootVi");
        this.node = Objects.requireNonNull(node, "node");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.generation = generation;
        this.config = Objects.requireNonNull(config, "config");
        this.channel = new BootViChannel(this, port, bootVi);
        this.handshake = new BootHandshake(this, channel, partnerBootVi);
        this.allocator = new ClientPortAllocator(this, port, partnerBootVi.fcId());
        this.exchange = new SessionExchange(this, channel, allocator, port);
    }

    // ------------------------------------------------------------------ queries

    public SessionState state() {
        return state;
    }

    public Role role() {
        return role;
    }

    public Wwn node() {
        return node;
    }

    public NodeKind kind() {
        return kind;
    }

    public int generation() {
        return generation;
    }

    public CcmConfig config() {
        return config;
    }

    /** Attempts made so far (the handshake attempts this side initiated). */
    public int attemptsMade() {
        return attemptsMade;
    }

    /** The negotiated session protocol version, 0 before one was agreed. */
    public int version() {
        return exchange.version();
    }

    /** The partner's peer connection information received in this session, or null. */
    public PeerInfo partnerInfo() {
        return exchange.partnerInfo();
    }

    /** The partner's client information received in this session, or null. */
    public ClientInfo partnerClientInfo() {
        return exchange.partnerClients();
    }

    public NodeKind partnerKind() {
        return partnerKind;
    }

    public Wwn partnerNode() {
        return partnerNode;
    }

    /** Why the manager is FAILED, or why the last attempt failed; null if nothing failed. */
    public String failure() {
        return failure;
    }

    /** The ports created for each client in the current session. */
    public Map<String, List<VirtualInterface>> ports() {
        return allocator.ports();
    }

    /** Memory registered for the partner's clients in the current session. */
    public Map<String, MemoryRegion> clientMemory() {
        return allocator.memory();
    }

    public List<CcmEvent> events() {
        return List.copyOf(events);
    }

    public void addEventListener(Consumer<CcmEvent> l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    /** Gives the manager a misbehaviour ({@link CcmFault}) from now on. */
    public void injectFault(CcmFault fault) {
        faults.add(Objects.requireNonNull(fault, "fault"));
    }

    /** Removes a fault given with {@link #injectFault}. */
    public void clearFault(CcmFault fault) {
        faults.remove(fault);
    }

    boolean hasFault(CcmFault fault) {
        return faults.contains(fault);
    }

    // ------------------------------------------------------------------ clients

    /**
     * Registers a cluster connection client. Clients registered before the client information is exchanged
     * take part in the session; later ones in the next session.
     */
    public void register(CcmClient client) {
        Objects.requireNonNull(client, "client");
        new ClientRequirement(client.name(), client.portsRequired(), client.memoryRequested());
        if (clients.putIfAbsent(client.name(), client) != null) {
            throw new IllegalArgumentException("a client named " + client.name() + " is already registered");
        }
    }

    public List<CcmClient> clients() {
        return List.copyOf(clients.values());
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the manager (storage operating system initialisation): marks the status variable "running",
     * answers a hello that arrived meanwhile, else starts the first attempt.
     */
    public void start() {
        if (state != SessionState.DOWN) {
            throw new IllegalStateException("connection manager already started (" + state + ")");
        }
        channel.writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, null);
        event(CcmEvent.Kind.STARTED, "node " + node + " generation " + generation + " versions "
                + config.lowestVersion() + ".." + config.highestVersion());
        Mailbox waiting = channel.ownStatus().mailbox();
        setState(SessionState.WAITING_FOR_PARTNER);
        if (waiting != null && waiting.step() == CcmProtocol.STEP_HELLO && bootVi.state() == ViState.CONNECTED) {
            handshake.onHello(waiting);
            return;
        }
        startAttempt();
    }

    /** The node stops (power failure): nothing more is sent or done. */
    public void halt() {
        halted = true;
        token++;
        cancelTimers();
        channel.forgetPending();
    }

    /** A new attempt as initiator, unless a session is under way, the manager gave up, or it is out of tries. */
    private void startAttempt() {
        if (halted || state.isLive() || state == SessionState.FAILED) {
            return;
        }
        if (attemptsMade >= config.maxAttempts()) {
            giveUp("partner " + partnerBootVi + " not reached in " + attemptsMade + " attempts");
            return;
        }
        attemptsMade++;
        attempt = attemptsMade;
        role = Role.INITIATOR;
        long t = ++token;
        sessionTimer = scheduler.schedule(config.sessionTimeout(), () -> {
            if (current(t)) {
                attemptFailed("session not up within " + config.sessionTimeout().toMillis() + " ms");
            }
        });
        handshake.enterConnecting(t);
    }

    // ------------------------------------------------------------------ for the blocks of the manager

    Scheduler scheduler() {
        return scheduler;
    }

    boolean halted() {
        return halted;
    }

    long token() {
        return token;
    }

    int attempt() {
        return attempt;
    }

    /** Whether {@code t} is the token of the current attempt (and the node runs). */
    boolean current(long t) {
        return !halted && t == token;
    }

    /** Who the partner is, from its status variable or its peer connection information. */
    void partner(Wwn name, NodeKind partnerKind) {
        this.partnerNode = name;
        this.partnerKind = partnerKind;
    }

    /** Runs {@code again} after the acknowledgement poll interval, if the attempt is still current. */
    void pollAgain(long t, Runnable again) {
        pollTimer = scheduler.schedule(config.ackPollInterval(), () -> {
            if (current(t)) {
                again.run();
            }
        });
    }

    /**
     * This side becomes the responder to {@code partner}'s hello: a new token, no retry pending, and the
     * session timeout running; returns the token.
     */
    long respondTo(Wwn partner, String timeoutWhy) {
        if (retryTimer != null) {
            retryTimer.cancel();
        }
        long t = ++token;
        role = Role.RESPONDER;
        partnerNode = partner;
        sessionTimer = scheduler.schedule(config.sessionTimeout(), () -> {
            if (current(t)) {
                attemptFailed(timeoutWhy + " within " + config.sessionTimeout().toMillis() + " ms");
            }
        });
        return t;
    }

    /** The responder's acknowledged hello (written back into the status variable when the session is up). */
    Mailbox acknowledgedHello() {
        return handshake.acknowledgedHello();
    }

    /** The four RDMA steps are done (initiator) or confirmed (responder): the session messages follow. */
    void established(long t) {
        exchange.enterExchangingPeerInfo(t);
    }

    /** The session is up: the attempt count starts over. */
    void sessionUp() {
        if (sessionTimer != null) {
            sessionTimer.cancel();
        }
        attemptsMade = 0;
        failure = null;
    }

    void clientsAlerted(List<String> names) {
        alertedClients.clear();
        alertedClients.addAll(names);
    }

    // ------------------------------------------------------------------ from the firmware

    /** Called by the firmware for each completion on the boot VI's receive queue. */
    void onReceiveCompletion(Completion c) {
        if (halted) {
            return;
        }
        if (c.operation() == ViOperation.REMOTE_RDMA_WRITE && c.isSuccess() && c.immediateData() != null) {
            handshake.onMailboxWrite(c.immediateData());
        } else if (c.operation() == ViOperation.RECEIVE && c.isSuccess()) {
            exchange.onMessage(token, c.data());
        } else if (!c.isSuccess() && c.status() != ViStatus.DESCRIPTOR_FLUSHED && state.isLive()) {
            // A target-side refusal on the boot VI: the initiator's own completion ends its attempt.
            event(CcmEvent.Kind.PROTOCOL_ERROR, "boot VI reported " + c.operation() + " " + c.status());
        }
    }

    /** The firmware reports a state change of the boot VI. */
    void onBootViState(ViState from, ViState to) {
        if (halted || !state.isLive()) {
            return;
        }
        if (from == ViState.CONNECTED && to == ViState.IDLE) {
            teardown("boot VI connection to the partner closed", true, false);
        } else if (to == ViState.ERROR) {
            teardown("boot VI connection broke (Error state)", true, true);
        }
    }

    // ------------------------------------------------------------------ the error path and teardown

    /** The one error path of an attempt or session: it is torn down and a new attempt follows later. */
    void attemptFailed(String why) {
        if (halted || !state.isLive()) {
            return;
        }
        event(CcmEvent.Kind.ATTEMPT_FAILED, why);
        teardown(why, true, true);
    }

    /**
     * Undoes everything the attempt or session built. With {@code retry} a new attempt follows after the
     * retry interval, else the manager stays FAILED.
     */
    void teardown(String why, boolean retry, boolean disconnectBootVi) {
        resetSession(why);
        failure = why;
        if (disconnectBootVi && bootVi.state() != ViState.IDLE) {
            bootVi.disconnect();
        }
        if (!retry) {
            giveUp(why);
            return;
        }
        setState(SessionState.WAITING_FOR_PARTNER);
        if (!halted) {
            retryTimer = scheduler.schedule(config.retryInterval(), this::startAttempt);
        }
    }

    /** Drops the session: ports, client memory, acknowledgement, timers; alerts clients that were told ready. */
    void resetSession(String why) {
        token++;
        cancelTimers();
        channel.forgetPending();
        List<String> alerted = List.copyOf(alertedClients);
        alertedClients.clear();
        role = Role.NONE;
        handshake.reset();
        exchange.reset();
        ClientPortAllocator.Released released = allocator.release();
        channel.writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, null);
        event(CcmEvent.Kind.TEARDOWN, why + " (" + released.ports() + " ports destroyed, " + released.regions()
                + " client regions deregistered)");
        for (String name : alerted) {
            CcmClient c = clients.get(name);
            if (c != null) {
                scheduler.execute(() -> c.partnerLost(why));
            }
        }
    }

    private void giveUp(String why) {
        failure = why;
        token++;
        cancelTimers();
        setState(SessionState.FAILED);
        event(CcmEvent.Kind.GAVE_UP, why);
    }

    private void cancelTimers() {
        for (Timer tm : new Timer[] {retryTimer, sessionTimer, pollTimer}) {
            if (tm != null) {
                tm.cancel();
            }
        }
        retryTimer = null;
        sessionTimer = null;
        pollTimer = null;
    }

    // ------------------------------------------------------------------ state and timeline

    void setState(SessionState s) {
        SessionState old = state;
        if (old == s) {
            return;
        }
        state = s;
        event(CcmEvent.Kind.STATE_CHANGED, old + " -> " + s);
    }

    void event(CcmEvent.Kind k, String detail) {
        CcmEvent e = new CcmEvent(scheduler.nanoTime(), k, state, attempt, detail);
        events.add(e);
        for (Consumer<CcmEvent> l : List.copyOf(listeners)) {
            l.accept(e);
        }
    }

    @Override
    public String toString() {
        return "ClusterConnectionManager[" + node + " " + state + "]";
    }
}
