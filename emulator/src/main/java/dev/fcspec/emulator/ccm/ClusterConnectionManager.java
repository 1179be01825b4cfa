package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientPorts;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.CcmProtocol.Message;
import dev.fcspec.emulator.ccm.CcmProtocol.PeerInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.Ports;
import dev.fcspec.emulator.ccm.CcmProtocol.Ready;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.ConnectResult;
import dev.fcspec.emulator.vi.Descriptor;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.HostMemory;
import dev.fcspec.emulator.vi.MemoryAttributes;
import dev.fcspec.emulator.vi.MemoryHandle;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViAttributes;
import dev.fcspec.emulator.vi.ViOperation;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.ViStatus;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
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
 */
public final class ClusterConnectionManager {

    /** Which side of the handshake this manager plays in the current session. */
    public enum Role { NONE, INITIATOR, RESPONDER }

    private final Scheduler scheduler;
    private final FcviPort port;
    private final VirtualInterface bootVi;
    private final ViAddress partnerBootVi;
    private final Wwn node;
    private final NodeKind kind;
    private final int generation;
    private final CcmConfig config;
    private final Map<String, CcmClient> clients = new LinkedHashMap<>();
    private final List<CcmEvent> events = new ArrayList<>();
    private final List<Consumer<CcmEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, Consumer<Completion>> pending = new HashMap<>();

    private SessionState state = SessionState.DOWN;
    private Role role = Role.NONE;
    private boolean halted;
    private long token;
    private int attempt;
    private int attemptsMade;
    private long nextDescriptor = 1;
    private int sendSlot;
    private Timer retryTimer;
    private Timer sessionTimer;
    private Timer pollTimer;

    // session
    private int partnerGeneration;
    private Wwn partnerNode;
    private NodeKind partnerKind;
    private Mailbox acknowledgedHello;
    private PeerInfo partnerInfo;
    private int version;
    private ClientInfo partnerClients;
    private Ports partnerPorts;
    private final Map<String, List<VirtualInterface>> createdPorts = new LinkedHashMap<>();
    private final Map<String, MemoryRegion> clientMemory = new LinkedHashMap<>();
    private final List<String> alertedClients = new ArrayList<>();
    private int portsToConnect;
    private boolean localPortsCreated;
    private long nextClientAddress = CcmProtocol.CLIENT_MEMORY_ADDRESS;
    private String failure;
    private MemoryRegion scratch;

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
        this.port = Objects.requireNonNull(port, "port");
        this.bootVi = Objects.requireNonNull(bootVi, "bootVi");
        this.partnerBootVi = Objects.requireNonNull(partnerBootVi, "partnerBootVi");
        this.node = Objects.requireNonNull(node, "node");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.generation = generation;
        this.config = Objects.requireNonNull(config, "config");
        bootVi.sendCompletions().addListener(this::onSendCompletion);
    }

    // ------------------------------------------------------------------ queries

    public synchronized SessionState state() {
        return state;
    }

    public synchronized Role role() {
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
    public synchronized int attemptsMade() {
        return attemptsMade;
    }

    /** The negotiated session protocol version, 0 before one was agreed. */
    public synchronized int version() {
        return version;
    }

    /** The partner's peer connection information received in this session, or null. */
    public synchronized PeerInfo partnerInfo() {
        return partnerInfo;
    }

    /** The partner's client information received in this session, or null. */
    public synchronized ClientInfo partnerClientInfo() {
        return partnerClients;
    }

    public synchronized NodeKind partnerKind() {
        return partnerKind;
    }

    public synchronized Wwn partnerNode() {
        return partnerNode;
    }

    /** Why the manager is FAILED, or why the last attempt failed; null if nothing failed. */
    public synchronized String failure() {
        return failure;
    }

    /** The ports created for each client in the current session. */
    public synchronized Map<String, List<VirtualInterface>> ports() {
        Map<String, List<VirtualInterface>> copy = new LinkedHashMap<>();
        createdPorts.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** Memory registered for the partner's clients in the current session. */
    public synchronized Map<String, MemoryRegion> clientMemory() {
        return Map.copyOf(clientMemory);
    }

    public synchronized List<CcmEvent> events() {
        return List.copyOf(events);
    }

    public void addEventListener(Consumer<CcmEvent> l) {
        listeners.add(l);
    }

    // ------------------------------------------------------------------ clients

    /**
     * Registers a cluster connection client. Clients registered before the client information is exchanged
     * take part in the session; later ones in the next session.
     */
    public synchronized void register(CcmClient client) {
        Objects.requireNonNull(client, "client");
        new ClientRequirement(client.name(), client.portsRequired(), client.memoryRequested());
        if (clients.putIfAbsent(client.name(), client) != null) {
            throw new IllegalArgumentException("a client named " + client.name() + " is already registered");
        }
    }

    public synchronized List<CcmClient> clients() {
        return List.copyOf(clients.values());
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts the manager (storage operating system initialisation): marks the status variable "running",
     * answers a hello that arrived meanwhile, else starts the first attempt.
     */
    public void start() {
        synchronized (this) {
            if (state != SessionState.DOWN) {
                throw new IllegalStateException("connection manager already started (" + state + ")");
            }
        }
        writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, null);
        event(CcmEvent.Kind.STARTED, "node " + node + " generation " + generation + " versions "
                + config.lowestVersion() + ".." + config.highestVersion());
        BootStatus own = ownStatus();
        if (own.mailbox() != null && own.mailbox().step() == CcmProtocol.STEP_HELLO && bootVi.state() == ViState.CONNECTED) {
            setState(SessionState.WAITING_FOR_PARTNER);
            onHello(own.mailbox());
            return;
        }
        setState(SessionState.WAITING_FOR_PARTNER);
        startAttempt();
    }

    /** The node stops (power failure): nothing more is sent or done. */
    public synchronized void halt() {
        halted = true;
        token++;
        cancelTimers();
        pending.clear();
    }

    // ------------------------------------------------------------------ initiator

    private void startAttempt() {
        long t;
        synchronized (this) {
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
            t = ++token;
            sessionTimer = scheduler.schedule(config.sessionTimeout(), () -> {
                if (current(t)) {
                    attemptFailed("session not up within " + config.sessionTimeout().toMillis() + " ms");
                }
            });
        }
        connectThenRead(t);
    }

    private void connectThenRead(long t) {
        ViState vs = bootVi.state();
        if (vs == ViState.CONNECTED && partnerBootVi.equals(bootVi.remote())) {
            firstRead(t);
        } else if (vs == ViState.IDLE) {
            setState(SessionState.CONNECTING);
            bootVi.connect(partnerBootVi, r -> {
                if (!current(t)) {
                    return;
                }
                if (r == ConnectResult.ACCEPTED) {
                    firstRead(t);
                } else {
                    attemptFailed("boot VI connection to " + partnerBootVi + ": " + r);
                }
            });
        } else if (vs == ViState.ERROR) {
            bootVi.disconnect();
            connectThenRead(t);
        } else {
            // The partner is connecting to us right now: look again shortly.
            setState(SessionState.CONNECTING);
            pollTimer = scheduler.schedule(config.ackPollInterval(), () -> {
                if (current(t)) {
                    connectThenRead(t);
                }
            });
        }
    }

    private void firstRead(long t) {
        setState(SessionState.FIRST_READ);
        step(HandshakeStep.FIRST_RDMA_READ);
        rdmaRead(t, c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.FIRST_RDMA_READ, c.status().toString());
                return;
            }
            BootStatus s;
            try {
                s = BootStatus.decode(port.memory().read(CcmProtocol.READ_BUFFER, CcmProtocol.STATUS_LENGTH));
            } catch (CcmProtocolException e) {
                stepFailed(HandshakeStep.FIRST_RDMA_READ, e.getMessage());
                return;
            }
            if (s.stage() < CcmProtocol.STAGE_CCM_RUNNING) {
                stepFailed(HandshakeStep.FIRST_RDMA_READ, "partner " + s.node()
                        + " is up to its firmware but its connection manager is not running yet");
                return;
            }
            synchronized (this) {
                partnerGeneration = s.generation();
                partnerNode = s.node();
                partnerKind = s.kind();
            }
            stepSucceeded(HandshakeStep.FIRST_RDMA_READ, "partner " + s.node() + " (" + s.kind() + ") generation "
                    + s.generation() + " stage " + s.stage());
            firstWrite(t);
        });
    }

    private void firstWrite(long t) {
        setState(SessionState.FIRST_WRITE);
        step(HandshakeStep.FIRST_RDMA_WRITE);
        rdmaWriteMailbox(t, CcmProtocol.STEP_HELLO, c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.FIRST_RDMA_WRITE, c.status().toString());
                return;
            }
            stepSucceeded(HandshakeStep.FIRST_RDMA_WRITE, "hello of attempt " + attempt + " written");
            secondRead(t, 1);
        });
    }

    private void secondRead(long t, int poll) {
        setState(SessionState.SECOND_READ);
        if (poll == 1) {
            step(HandshakeStep.SECOND_RDMA_READ);
        }
        rdmaRead(t, c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.SECOND_RDMA_READ, c.status().toString());
                return;
            }
            BootStatus s;
            try {
                s = BootStatus.decode(port.memory().read(CcmProtocol.READ_BUFFER, CcmProtocol.STATUS_LENGTH));
            } catch (CcmProtocolException e) {
                stepFailed(HandshakeStep.SECOND_RDMA_READ, e.getMessage());
                return;
            }
            if (s.generation() != partnerGeneration) {
                stepFailed(HandshakeStep.SECOND_RDMA_READ, "partner restarted: generation " + partnerGeneration
                        + " became " + s.generation());
                return;
            }
            if (!s.acknowledges(node, generation, attempt)) {
                if (poll >= config.ackPolls()) {
                    stepFailed(HandshakeStep.SECOND_RDMA_READ, "partner did not acknowledge the hello after "
                            + poll + " reads");
                    return;
                }
                synchronized (this) {
                    pollTimer = scheduler.schedule(config.ackPollInterval(), () -> {
                        if (current(t)) {
                            secondRead(t, poll + 1);
                        }
                    });
                }
                return;
            }
            stepSucceeded(HandshakeStep.SECOND_RDMA_READ, "partner acknowledged the hello after " + poll
                    + (poll == 1 ? " read" : " reads"));
            secondWrite(t);
        });
    }

    private void secondWrite(long t) {
        setState(SessionState.SECOND_WRITE);
        step(HandshakeStep.SECOND_RDMA_WRITE);
        rdmaWriteMailbox(t, CcmProtocol.STEP_CONFIRM, c -> {
            if (!c.isSuccess()) {
                stepFailed(HandshakeStep.SECOND_RDMA_WRITE, c.status().toString());
                return;
            }
            stepSucceeded(HandshakeStep.SECOND_RDMA_WRITE, "confirm written");
            established(t);
        });
    }

    private void rdmaRead(long t, Consumer<Completion> then) {
        long id = track(t, then);
        bootVi.post(new Descriptor.RdmaRead(id, scratchHandle(), CcmProtocol.READ_BUFFER, CcmProtocol.STATUS_LENGTH,
                CcmProtocol.STATUS_HANDLE, CcmProtocol.STATUS_ADDRESS));
    }

    private void rdmaWriteMailbox(long t, int stepCode, Consumer<Completion> then) {
        port.memory().write(CcmProtocol.WRITE_BUFFER, new Mailbox(node, generation, attempt, stepCode).encode());
        long id = track(t, then);
        bootVi.post(new Descriptor.RdmaWrite(id, scratchHandle(), CcmProtocol.WRITE_BUFFER, CcmProtocol.MAILBOX_LENGTH,
                CcmProtocol.STATUS_HANDLE, CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_MAILBOX, stepCode));
    }

    // ------------------------------------------------------------------ responder

    /** The firmware saw an RDMA write with immediate data land in this node's status variable. */
    void onMailboxWrite(int immediate) {
        if (halted) {
            return;
        }
        BootStatus own = ownStatus();
        Mailbox m = own.mailbox();
        if (m == null || m.writer() == null || m.step() != immediate) {
            event(CcmEvent.Kind.PROTOCOL_ERROR, "mailbox write " + immediate + " left " + m);
            return;
        }
        if (immediate == CcmProtocol.STEP_HELLO) {
            onHello(m);
        } else if (immediate == CcmProtocol.STEP_CONFIRM) {
            onConfirm(m);
        } else {
            event(CcmEvent.Kind.PROTOCOL_ERROR, "unknown mailbox step " + immediate);
        }
    }

    private void onHello(Mailbox m) {
        SessionState s = state();
        if (s == SessionState.DOWN || s == SessionState.FAILED) {
            return;
        }
        boolean wroteOurHello = role() == Role.INITIATOR && (s == SessionState.FIRST_WRITE
                || s == SessionState.SECOND_READ || s == SessionState.SECOND_WRITE);
        if (wroteOurHello && node.compareTo(m.writer()) < 0) {
            event(CcmEvent.Kind.HELLO_IGNORED, "hello of " + m.writer() + " crossed ours; " + node
                    + " has the lower node name and stays initiator");
            return;
        }
        if (s.isLive()) {
            // We were initiating (and yield), or the partner started over: drop what we had, keep the boot VI.
            resetSession("partner " + m.writer() + " started a handshake (attempt " + m.attempt() + ")");
        }
        long t;
        synchronized (this) {
            if (retryTimer != null) {
                retryTimer.cancel();
            }
            t = ++token;
            role = Role.RESPONDER;
            acknowledgedHello = m;
            partnerNode = m.writer();
            sessionTimer = scheduler.schedule(config.sessionTimeout(), () -> {
                if (current(t)) {
                    attemptFailed("no confirm from " + m.writer() + " within "
                            + config.sessionTimeout().toMillis() + " ms");
                }
            });
        }
        writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, m);
        setState(SessionState.AWAITING_CONFIRMATION);
        event(CcmEvent.Kind.HELLO_ACKNOWLEDGED, "hello of " + m.writer() + " generation " + m.writerGeneration()
                + " attempt " + m.attempt() + " acknowledged in the status variable");
    }

    private void onConfirm(Mailbox m) {
        Mailbox hello;
        long t;
        synchronized (this) {
            hello = acknowledgedHello;
            t = token;
        }
        if (state() != SessionState.AWAITING_CONFIRMATION || hello == null || !hello.writer().equals(m.writer())
                || hello.writerGeneration() != m.writerGeneration() || hello.attempt() != m.attempt()) {
            event(CcmEvent.Kind.PROTOCOL_ERROR, "confirm of " + m.writer() + " attempt " + m.attempt()
                    + " does not match an acknowledged hello: ignored");
            return;
        }
        established(t);
    }

    // ------------------------------------------------------------------ session messages

    private void established(long t) {
        setState(SessionState.EXCHANGING_PEER_INFO);
        if (role() == Role.INITIATOR) {
            sendPeerInfo(t, null);
        }
    }

    private void sendPeerInfo(long t, Consumer<Completion> then) {
        send(t, new PeerInfo(config.lowestVersion(), config.highestVersion(), node, kind, generation), then, then != null);
        event(CcmEvent.Kind.PEER_INFO_SENT, "versions " + config.lowestVersion() + ".." + config.highestVersion());
    }

    /** The firmware received a session message on the boot VI. */
    void onMessage(byte[] data) {
        if (halted) {
            return;
        }
        long t;
        synchronized (this) {
            t = token;
        }
        Message m;
        try {
            m = CcmProtocol.decode(data);
        } catch (CcmProtocolException e) {
            event(CcmEvent.Kind.PROTOCOL_ERROR, e.getMessage());
            if (state().isLive()) {
                attemptFailed("malformed session message: " + e.getMessage());
            }
            return;
        }
        SessionState s = state();
        if (m instanceof PeerInfo p && s == SessionState.EXCHANGING_PEER_INFO) {
            onPeerInfo(t, p);
        } else if (m instanceof ClientInfo c && s == SessionState.EXCHANGING_CLIENT_INFO) {
            onClientInfo(t, c);
        } else if (m instanceof Ports p && (s == SessionState.CREATING_PORTS || s == SessionState.EXCHANGING_CLIENT_INFO)) {
            onPorts(t, p);
        } else if (m instanceof Ready r && (s == SessionState.CREATING_PORTS || s == SessionState.AWAITING_PARTNER_READY)) {
            onReady(t, r);
        } else {
            event(CcmEvent.Kind.PROTOCOL_ERROR, m.getClass().getSimpleName() + " unexpected in state " + s);
            if (s.isLive()) {
                attemptFailed(m.getClass().getSimpleName() + " received in state " + s);
            }
        }
    }

    private void onPeerInfo(long t, PeerInfo p) {
        synchronized (this) {
            partnerInfo = p;
            partnerNode = p.node();
            partnerKind = p.kind();
        }
        event(CcmEvent.Kind.PEER_INFO_RECEIVED, "partner " + p.node() + " (" + p.kind() + ") generation "
                + p.generation() + " versions " + p.lowestVersion() + ".." + p.highestVersion());
        int v = Math.min(config.highestVersion(), p.highestVersion());
        boolean compatible = v >= Math.max(config.lowestVersion(), p.lowestVersion());
        boolean responder = role() == Role.RESPONDER;
        if (!compatible) {
            String why = "no common session protocol version: " + config.lowestVersion() + ".."
                    + config.highestVersion() + " here, " + p.lowestVersion() + ".." + p.highestVersion()
                    + " at the partner";
            event(CcmEvent.Kind.VERSION_REFUSED, why);
            if (responder) {
                // Tell the partner our range first, so that it refuses too; then leave.
                sendPeerInfo(t, c -> refuse(why));
            } else {
                refuse(why);
            }
            return;
        }
        synchronized (this) {
            version = v;
        }
        event(CcmEvent.Kind.VERSION_NEGOTIATED, "session protocol version " + v);
        if (responder) {
            sendPeerInfo(t, null);
            setState(SessionState.EXCHANGING_CLIENT_INFO);
        } else {
            setState(SessionState.EXCHANGING_CLIENT_INFO);
            sendClientInfo(t);
        }
    }

    private void refuse(String why) {
        teardown(why, false, true);
    }

    private void sendClientInfo(long t) {
        List<ClientRequirement> collected = new ArrayList<>();
        for (CcmClient c : clients()) {
            collected.add(new ClientRequirement(c.name(), c.portsRequired(), c.memoryRequested()));
        }
        event(CcmEvent.Kind.CLIENT_INFO_COLLECTED, collected.size() + " clients: " + collected);
        send(t, new ClientInfo(collected), null);
        event(CcmEvent.Kind.CLIENT_INFO_SENT, collected.toString());
    }

    private void onClientInfo(long t, ClientInfo c) {
        synchronized (this) {
            partnerClients = c;
        }
        event(CcmEvent.Kind.CLIENT_INFO_RECEIVED, c.clients().toString());
        if (role() == Role.RESPONDER) {
            sendClientInfo(t);
        }
        setState(SessionState.CREATING_PORTS);
        createPorts(t);
        Ports mine = localPorts();
        send(t, mine, null);
        event(CcmEvent.Kind.PORTS_CREATED, describe(mine));
        if (role() == Role.INITIATOR && partnerPorts() != null) {
            connectPorts(t);
        }
    }

    private synchronized Ports partnerPorts() {
        return partnerPorts;
    }

    private void onPorts(long t, Ports p) {
        if (p.version() != version()) {
            attemptFailed("partner created ports for version " + p.version() + ", session uses " + version());
            return;
        }
        synchronized (this) {
            partnerPorts = p;
        }
        if (role() == Role.INITIATOR && localPortsCreated()) {
            connectPorts(t);
        }
    }

    private synchronized boolean localPortsCreated() {
        return localPortsCreated;
    }

    private void createPorts(long t) {
        Map<String, ClientRequirement> theirs = new LinkedHashMap<>();
        for (ClientRequirement r : partnerClients.clients()) {
            theirs.put(r.name(), r);
        }
        int index = 0;
        for (CcmClient c : clients()) {
            index++;
            ClientRequirement peer = theirs.get(c.name());
            if (peer == null) {
                event(CcmEvent.Kind.PORTS_CREATED, "client " + c.name() + " has no peer process on the partner: no ports");
                continue;
            }
            int ptag = CcmProtocol.BOOT_PTAG + index;
            int n = Math.max(c.portsRequired(), peer.portsRequired());
            List<VirtualInterface> vis = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                VirtualInterface vi = port.createViFrom(CcmProtocol.FIRST_CLIENT_VI, ViAttributes.reliable(ptag));
                if (role() == Role.RESPONDER) {
                    vi.acceptFromPort(partnerBootVi.fcId());
                }
                vis.add(vi);
            }
            MemoryRegion region = null;
            if (peer.memoryRequested() > 0) {
                long addr;
                synchronized (this) {
                    addr = nextClientAddress;
                    nextClientAddress += (peer.memoryRequested() + 0xFFF) & ~0xFFFL;
                }
                region = port.registerMemory(addr, peer.memoryRequested(), MemoryAttributes.readWrite(ptag));
            }
            synchronized (this) {
                createdPorts.put(c.name(), vis);
                if (region != null) {
                    clientMemory.put(c.name(), region);
                }
            }
        }
        synchronized (this) {
            localPortsCreated = true;
        }
    }

    private synchronized Ports localPorts() {
        List<ClientPorts> list = new ArrayList<>();
        createdPorts.forEach((name, vis) -> {
            MemoryRegion r = clientMemory.get(name);
            list.add(new ClientPorts(name, vis.stream().map(VirtualInterface::number).toList(),
                    r == null ? null : r.handle(), r == null ? 0 : r.address(), r == null ? 0 : r.length()));
        });
        return new Ports(version, list);
    }

    private void connectPorts(long t) {
        Map<String, ClientPorts> theirs = new HashMap<>();
        for (ClientPorts cp : partnerPorts().clients()) {
            theirs.put(cp.name(), cp);
        }
        List<Runnable> connects = new ArrayList<>();
        synchronized (this) {
            portsToConnect = 0;
            for (Map.Entry<String, List<VirtualInterface>> e : createdPorts.entrySet()) {
                ClientPorts cp = theirs.get(e.getKey());
                if (cp == null || cp.viNumbers().size() != e.getValue().size()) {
                    String why = "partner created " + (cp == null ? "no" : cp.viNumbers().size()) + " ports for "
                            + e.getKey() + ", this side " + e.getValue().size();
                    connects.clear();
                    connects.add(() -> attemptFailed(why));
                    break;
                }
                for (int i = 0; i < e.getValue().size(); i++) {
                    VirtualInterface vi = e.getValue().get(i);
                    ViAddress remote = new ViAddress(partnerBootVi.fcId(), cp.viNumbers().get(i));
                    portsToConnect++;
                    connects.add(() -> vi.connect(remote, r -> {
                        if (!current(t)) {
                            return;
                        }
                        if (r != ConnectResult.ACCEPTED) {
                            attemptFailed("port " + vi.address() + " to " + remote + ": " + r);
                            return;
                        }
                        boolean all;
                        synchronized (this) {
                            all = --portsToConnect == 0;
                        }
                        if (all) {
                            portsConnected(t);
                        }
                    }));
                }
            }
        }
        if (connects.isEmpty()) {
            portsConnected(t);
            return;
        }
        connects.forEach(Runnable::run);
    }

    private void portsConnected(long t) {
        event(CcmEvent.Kind.PORTS_CONNECTED, "every client port is connected");
        setState(SessionState.AWAITING_PARTNER_READY);
        send(t, new Ready(version()), null);
        event(CcmEvent.Kind.PARTNER_ALERTED, "ready sent to the partner");
    }

    private void onReady(long t, Ready r) {
        event(CcmEvent.Kind.PARTNER_READY_RECEIVED, "partner ready, version " + r.version());
        if (r.version() != version()) {
            attemptFailed("partner ready for version " + r.version() + ", session uses " + version());
            return;
        }
        if (role() == Role.RESPONDER) {
            for (List<VirtualInterface> vis : ports().values()) {
                for (VirtualInterface vi : vis) {
                    if (vi.state() != ViState.CONNECTED) {
                        attemptFailed("partner ready but port " + vi.address() + " is " + vi.state());
                        return;
                    }
                }
            }
            event(CcmEvent.Kind.PORTS_CONNECTED, "every client port is connected");
            send(t, new Ready(version()), null);
            event(CcmEvent.Kind.PARTNER_ALERTED, "ready sent to the partner");
        }
        ready();
    }

    private void ready() {
        synchronized (this) {
            if (sessionTimer != null) {
                sessionTimer.cancel();
            }
            attemptsMade = 0;
            failure = null;
        }
        writeOwnStatus(CcmProtocol.STAGE_SESSION_UP, acknowledgedHelloOrNull());
        setState(SessionState.READY);
        Map<String, ClientPorts> theirs = new HashMap<>();
        Ports pp = partnerPorts();
        if (pp != null) {
            for (ClientPorts cp : pp.clients()) {
                theirs.put(cp.name(), cp);
            }
        }
        List<CcmClient> toAlert = new ArrayList<>();
        Map<String, List<VirtualInterface>> ports = ports();
        for (CcmClient c : clients()) {
            if (ports.containsKey(c.name())) {
                toAlert.add(c);
            }
        }
        synchronized (this) {
            alertedClients.clear();
            toAlert.forEach(c -> alertedClients.add(c.name()));
        }
        int v = version();
        NodeKind pk = partnerKind();
        for (CcmClient c : toAlert) {
            ClientSession s = new ClientSession(c.name(), ports.get(c.name()), clientMemory().get(c.name()),
                    theirs.get(c.name()), v, pk, port);
            scheduler.execute(() -> c.partnerReady(s));
        }
        event(CcmEvent.Kind.CLIENTS_ALERTED, toAlert.size() + " clients told the partner is ready: "
                + toAlert.stream().map(CcmClient::name).toList());
    }

    private synchronized Mailbox acknowledgedHelloOrNull() {
        return role == Role.RESPONDER ? acknowledgedHello : null;
    }

    private void send(long t, Message m, Consumer<Completion> then) {
        send(t, m, then, false);
    }

    /** Sends a session message; {@code then} runs on success, or on any outcome when {@code always}. */
    private void send(long t, Message m, Consumer<Completion> then, boolean always) {
        if (!current(t)) {
            return;
        }
        byte[] data = m.encode();
        long slot;
        synchronized (this) {
            slot = CcmProtocol.SEND_BUFFERS + (long) (sendSlot++ % CcmProtocol.SEND_SLOTS) * CcmProtocol.MESSAGE_SLOT;
        }
        port.memory().write(slot, data);
        long id = track(t, c -> {
            if (!c.isSuccess() && !always) {
                attemptFailed(m.getClass().getSimpleName() + " not delivered: " + c.status());
                return;
            }
            if (then != null) {
                then.accept(c);
            }
        });
        bootVi.post(new Descriptor.Send(id, scratchHandle(), slot, data.length, null));
    }

    // ------------------------------------------------------------------ failures and teardown

    /** The firmware reports a state change of the boot VI. */
    void onBootViState(ViState from, ViState to) {
        if (halted || !state().isLive()) {
            return;
        }
        if (from == ViState.CONNECTED && to == ViState.IDLE) {
            teardown("boot VI connection to the partner closed", true, false);
        } else if (to == ViState.ERROR) {
            teardown("boot VI connection broke (Error state)", true, true);
        }
    }

    /** The firmware reports an error completion on the boot VI's receive queue (target-side refusal). */
    void onBootViError(Completion c) {
        if (!halted && state().isLive()) {
            event(CcmEvent.Kind.PROTOCOL_ERROR, "boot VI reported " + c.operation() + " " + c.status());
        }
    }

    private void stepFailed(HandshakeStep s, String why) {
        event(CcmEvent.Kind.STEP_FAILED, s + ": " + why);
        attemptFailed(s + " failed: " + why);
    }

    private void attemptFailed(String why) {
        if (halted || !state().isLive()) {
            return;
        }
        event(CcmEvent.Kind.ATTEMPT_FAILED, why);
        teardown(why, true, true);
    }

    /**
     * Undoes everything the attempt or session built. With {@code retry} a new attempt follows after the
     * retry interval, else the manager stays FAILED.
     */
    private void teardown(String why, boolean retry, boolean disconnectBootVi) {
        resetSession(why);
        synchronized (this) {
            failure = why;
        }
        if (disconnectBootVi && bootVi.state() != ViState.IDLE) {
            bootVi.disconnect();
        }
        if (!retry) {
            giveUp(why);
            return;
        }
        setState(SessionState.WAITING_FOR_PARTNER);
        synchronized (this) {
            if (!halted) {
                retryTimer = scheduler.schedule(config.retryInterval(), this::startAttempt);
            }
        }
    }

    /** Drops the session: ports, client memory, acknowledgement, timers; alerts clients that were told ready. */
    private void resetSession(String why) {
        List<VirtualInterface> vis = new ArrayList<>();
        List<MemoryRegion> regions;
        List<String> alerted;
        synchronized (this) {
            token++;
            cancelTimers();
            pending.clear();
            createdPorts.values().forEach(vis::addAll);
            createdPorts.clear();
            regions = List.copyOf(clientMemory.values());
            clientMemory.clear();
            alerted = List.copyOf(alertedClients);
            alertedClients.clear();
            role = Role.NONE;
            acknowledgedHello = null;
            partnerInfo = null;
            partnerClients = null;
            partnerPorts = null;
            version = 0;
            localPortsCreated = false;
            portsToConnect = 0;
            nextClientAddress = CcmProtocol.CLIENT_MEMORY_ADDRESS;
        }
        for (VirtualInterface vi : vis) {
            port.destroyVi(vi.number());
        }
        for (MemoryRegion r : regions) {
            port.deregisterMemory(r.handle());
        }
        writeOwnStatus(CcmProtocol.STAGE_CCM_RUNNING, null);
        event(CcmEvent.Kind.TEARDOWN, why + " (" + vis.size() + " ports destroyed, " + regions.size()
                + " client regions deregistered)");
        for (String name : alerted) {
            CcmClient c;
            synchronized (this) {
                c = clients.get(name);
            }
            if (c != null) {
                scheduler.execute(() -> c.partnerLost(why));
            }
        }
    }

    private void giveUp(String why) {
        synchronized (this) {
            failure = why;
            token++;
            cancelTimers();
        }
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

    // ------------------------------------------------------------------ plumbing

    private synchronized boolean current(long t) {
        return !halted && t == token;
    }

    private synchronized long track(long t, Consumer<Completion> then) {
        long id = nextDescriptor++;
        if (t == token) {
            pending.put(id, then);
        }
        return id;
    }

    private void onSendCompletion(Completion c) {
        Consumer<Completion> then;
        synchronized (this) {
            then = pending.remove(c.descriptorId());
        }
        if (then != null && !halted) {
            then.accept(c);
        }
    }

    private synchronized MemoryHandle scratchHandle() {
        if (scratch == null) {
            scratch = port.regions().stream().filter(r -> r.address() == CcmProtocol.SCRATCH_ADDRESS).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the firmware registered no scratch memory"));
        }
        return scratch.handle();
    }

    private BootStatus ownStatus() {
        return BootStatus.decode(port.memory().read(CcmProtocol.STATUS_ADDRESS, CcmProtocol.STATUS_LENGTH));
    }

    /** Rewrites this node's status variable: stage and acknowledgement (the mailbox is left as it is). */
    private void writeOwnStatus(int stage, Mailbox acknowledged) {
        HostMemory mem = port.memory();
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(acknowledged == null ? 0 : acknowledged.writer().asLong());
        b.putInt(acknowledged == null ? 0 : acknowledged.writerGeneration());
        b.putInt(acknowledged == null ? 0 : acknowledged.attempt());
        mem.write(CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_STAGE, ByteBuffer.allocate(4).putInt(stage).array());
        mem.write(CcmProtocol.STATUS_ADDRESS + CcmProtocol.OFF_ACK_NODE, b.array());
    }

    private void setState(SessionState s) {
        SessionState old;
        synchronized (this) {
            old = state;
            if (old == s) {
                return;
            }
            state = s;
        }
        event(CcmEvent.Kind.STATE_CHANGED, old + " -> " + s);
    }

    private void step(HandshakeStep s) {
        event(CcmEvent.Kind.STEP_STARTED, s.toString());
    }

    private void stepSucceeded(HandshakeStep s, String detail) {
        event(CcmEvent.Kind.STEP_SUCCEEDED, s + ": " + detail);
    }

    private void event(CcmEvent.Kind k, String detail) {
        CcmEvent e;
        synchronized (this) {
            e = new CcmEvent(scheduler.nanoTime(), k, state, attempt, detail);
            events.add(e);
        }
        for (Consumer<CcmEvent> l : listeners) {
            l.accept(e);
        }
    }

    private static String describe(Ports p) {
        StringBuilder b = new StringBuilder();
        for (ClientPorts c : p.clients()) {
            b.append(c.name()).append(": VIs ").append(c.viNumbers());
            if (c.memoryHandle() != null) {
                b.append(String.format(", %d bytes at 0x%x (%s)", c.memoryLength(), c.memoryAddress(), c.memoryHandle()));
            }
            b.append("; ");
        }
        return b.length() == 0 ? "no client ports" : b.toString();
    }

    /** Called by the firmware for each completion on the boot VI's receive queue. */
    void onReceiveCompletion(Completion c) {
        if (c.operation() == ViOperation.REMOTE_RDMA_WRITE && c.isSuccess() && c.immediateData() != null) {
            onMailboxWrite(c.immediateData());
        } else if (c.operation() == ViOperation.RECEIVE && c.isSuccess()) {
            onMessage(c.data());
        } else if (!c.isSuccess() && c.status() != ViStatus.DESCRIPTOR_FLUSHED) {
            onBootViError(c);
        }
    }

    @Override
    public String toString() {
        return "ClusterConnectionManager[" + node + " " + state() + "]";
    }
}
