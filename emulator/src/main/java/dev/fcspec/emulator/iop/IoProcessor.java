package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.port.exchange.DedicatedLinkPort;
import dev.fcspec.emulator.port.exchange.DuplicateRequests;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Fc4Port;
import dev.fcspec.emulator.port.exchange.Fc4Service;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The I/O processor of a host bus adapter: it serves the processes of its node through a message interface
 * and talks to the I/O processors of remote adapters with request and completion messages, as the FC-4 of
 * TYPE 0xE0 ({@link IopProtocol}) of its port: every message travels in an exchange of the port's exchange
 * manager, on a logged-in N_Port of a fabric ({@link IopOverPort}) or on a port at a fixed address of a
 * dedicated link (the frame-consumer constructors) alike.
 *
 * <h2>A process's request</h2>
 * A request posted by a process (a {@link HostRequest}) is performed in two steps ({@link ProcessRequests}):
 * first the local data storage-related operation on this adapter's mass storage devices, then a second
 * request, carrying the process's message id, to the I/O processor of the remote adapter
 * ({@link RemoteCall}), which performs its own operation and answers with a completion carrying the same
 * message id. Only then is the process told (a {@link HostCompletion}). Requests are handled one at a time,
 * in order, and at most one request is outstanding towards remote adapters, so replicated writes reach the
 * replica in the order they were made.
 *
 * <h2>Requests from remote adapters</h2>
 * The roles are symmetric: the same I/O processor performs the requests remote adapters send it, on its own
 * storage ({@link RemoteRequests}), and answers each with a completion in the request's exchange.
 *
 * <h2>Faults</h2>
 * <ul>
 * <li>Lost request or completion: no completion within {@link Config#completionTimeout()} → the exchange is
 * aborted and the request is sent again with the same message id on a new exchange, up to
 * {@link Config#maxRetransmissions()} times, then the process is told {@code REMOTE_TIMEOUT}.</li>
 * <li>Duplicated request (retransmission, or a link that duplicates): recognised by the exchange manager's
 * duplicate-request cache by initiating node, message id and identical content; answered with the completion
 * already sent, never applied twice.</li>
 * <li>Duplicated completion: ignored, the process is told once.</li>
 * <li>Completion naming a message id no request carries, or whose command or node addresses differ from its
 * request: reported and ignored.</li>
 * <li>Unknown command: answered {@code UNKNOWN_COMMAND}, nothing applied.</li>
 * </ul>
 * Each is reported as an {@link IopEvent}. Threading: confined to the port's scheduler.
 */
public final class IoProcessor implements FrameReceiver {

    /**
     * @param completionTimeout  how long a request waits for its completion before it is sent again
     * @param maxRetransmissions how many times a request is sent again before giving up
     * @param historySize        how many answered requests (and used message ids) are remembered
     */
    public record Config(Duration completionTimeout, int maxRetransmissions, int historySize) {
        public static final Config DEFAULT = new Config(Duration.ofMillis(5), 3, 4096);

        public Config {
            Objects.requireNonNull(completionTimeout, "completionTimeout");
            if (maxRetransmissions < 0 || historySize < 1) {
                throw new IllegalArgumentException("retransmissions must be >= 0 and history >= 1");
            }
        }
    }

    /** First message id the I/O processor uses for requests of its own (resynchronisation). */
    public static final int FIRST_INTERNAL_ID = 0x8000_0000;

    /** What makes two requests the same request for the duplicate-request cache. */
    private record RequestIdentity(Wwn initiator, int messageId) {
    }

    private final Fc4Port port;
    private final FrameReceiver inbound;
    private final String name;
    private final Wwn node;
    private final StorageSet storage;
    private final Config config;
    private final ProcessRequests local = new ProcessRequests(this);
    private final RemoteRequests remote = new RemoteRequests(this);
    private final Map<Wwn, FcId> peers = new HashMap<>();
    private final Deque<ProcessRequests.Work> queued = new ArrayDeque<>();
    private final Set<Integer> idsInUse = new HashSet<>();
    private final Map<Integer, Boolean> idsUsed;
    private final Map<Integer, Integer> completedIds;
    private final List<IopEvent> events = new ArrayList<>();
    private final List<HostCompletion> notified = new ArrayList<>();
    private final List<Consumer<IopEvent>> listeners = new ArrayList<>();
    private boolean busy;
    private RemoteCall outstanding;

    /** An I/O processor serving on {@code port}, which must have its N_Port_ID. */
    public IoProcessor(Fc4Port port, String name, Wwn node, StorageSet storage, Config config) {
        this.port = Objects.requireNonNull(port, "port");
        // A port that takes frames itself (a dedicated link's) is fed through this processor's receive().
        this.inbound = port instanceof FrameReceiver r ? r : null;
        if (port.localId() == null || port.localId().equals(FcId.UNASSIGNED)) {
            throw new IllegalStateException(port + " has no N_Port_ID yet: log it in first");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.node = Objects.requireNonNull(node, "node");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.config = Objects.requireNonNull(config, "config");
        this.idsUsed = bounded(config.historySize());
        this.completedIds = bounded(config.historySize());
        port.serve(IopProtocol.TYPE, new Service());
    }

    /** An I/O processor on a dedicated link, at the fixed address {@code fcId}; frames come in through {@link #receive}. */
    public IoProcessor(Scheduler scheduler, String name, Wwn node, FcId fcId, StorageSet storage,
                       Consumer<Frame> transmitter, Config config) {
        this(new DedicatedLinkPort(scheduler, fcId, transmitter), name, node, storage, config);
    }

    public IoProcessor(Scheduler scheduler, String name, Wwn node, FcId fcId, StorageSet storage,
                       Consumer<Frame> transmitter) {
        this(scheduler, name, node, fcId, storage, transmitter, Config.DEFAULT);
    }

    private static <V> Map<Integer, V> bounded(int size) {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> e) {
                return size() > size;
            }
        };
    }

    public String name() {
        return name;
    }

    /** The node address of this adapter's node (its WWNN). */
    public Wwn node() {
        return node;
    }

    public FcId fcId() {
        return port.localId();
    }

    public StorageSet storage() {
        return storage;
    }

    public Config config() {
        return config;
    }

    /** The port this I/O processor serves on (its exchange manager holds the exchanges and duplicate cache). */
    public Fc4Port port() {
        return port;
    }

    /** Makes the adapter of {@code remoteNode}, at {@code remoteFcId}, reachable. */
    public void addPeer(Wwn remoteNode, FcId remoteFcId) {
        peers.put(Objects.requireNonNull(remoteNode, "remoteNode"), Objects.requireNonNull(remoteFcId, "remoteFcId"));
    }

    boolean reaches(Wwn remoteNode) {
        return peers.containsKey(remoteNode);
    }

    public Optional<ReplicationAssociation> association(int sourceVolume) {
        return local.association(sourceVolume);
    }

    public Optional<ReplicaAssociation> replicaAssociation(int replicaVolume) {
        return remote.replica(replicaVolume);
    }

    public void addEventListener(Consumer<IopEvent> l) {
        listeners.add(l);
    }

    public List<IopEvent> events() {
        return List.copyOf(events);
    }

    public List<IopEvent> events(IopEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Every completion told to processes so far, in order. */
    public List<HostCompletion> processNotifications() {
        return List.copyOf(notified);
    }

    /** True when no request is queued or outstanding. */
    public boolean isIdle() {
        return !busy && queued.isEmpty() && outstanding == null;
    }

    void event(IopEvent.Kind kind, int messageId, int command, String detail) {
        IopEvent e = new IopEvent(port.scheduler().nanoTime(), kind, messageId, command, detail);
        events.add(e);
        for (Consumer<IopEvent> l : List.copyOf(listeners)) {
            l.accept(e);
        }
    }

    // ------------------------------------------------------------------ message interface (processes)

    /**
     * Posts a process's request. It is performed after the requests posted before it; {@code process} is told
     * the outcome. A message id still outstanding, or used recently, is refused with
     * {@code DUPLICATE_MESSAGE_ID}; ids from {@link #FIRST_INTERNAL_ID} up are the I/O processor's own.
     */
    public void submit(HostRequest request, HostProcess process) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(process, "process");
        String refusal = null;
        int status = IopProtocol.STATUS_GOOD;
        if (Integer.compareUnsigned(request.messageId(), FIRST_INTERNAL_ID) >= 0) {
            status = IopProtocol.STATUS_INVALID_PARAMETERS;
            refusal = "message ids from 0x80000000 up are reserved for the I/O processor";
        } else if (idsInUse.contains(request.messageId()) || idsUsed.containsKey(request.messageId())) {
            status = IopProtocol.STATUS_DUPLICATE_MESSAGE_ID;
            refusal = "message id " + Integer.toUnsignedString(request.messageId()) + " is already in use";
        }
        if (refusal != null) {
            event(IopEvent.Kind.REQUEST_REFUSED, request.messageId(), request.command(), refusal);
            tell(process, new HostCompletion(request.messageId(), request.command(), status, false, refusal,
                    port.scheduler().nanoTime()));
            return;
        }
        idsInUse.add(request.messageId());
        idsUsed.put(request.messageId(), Boolean.TRUE);
        queued.addLast(new ProcessRequests.Work(request, process));
        port.scheduler().execute(this::pump);
    }

    private void pump() {
        if (busy || queued.isEmpty()) {
            return;
        }
        busy = true;
        local.perform(queued.pollFirst());
    }

    /** The process's request is done: tell the process and take the next one. */
    void finish(ProcessRequests.Work w, int status, boolean remoteCompleted, String detail) {
        HostCompletion c = new HostCompletion(w.request().messageId(), w.request().command(), status, remoteCompleted,
                detail, port.scheduler().nanoTime());
        idsInUse.remove(w.request().messageId());
        busy = false;
        tell(w.process(), c);
        port.scheduler().execute(this::pump);
    }

    private void tell(HostProcess process, HostCompletion c) {
        notified.add(c);
        event(IopEvent.Kind.PROCESS_NOTIFIED, c.messageId(), c.command(), c.statusName() + ": " + c.detail());
        port.scheduler().execute(() -> process.completed(c));
    }

    // ------------------------------------------------------------------ requests to remote adapters

    /** Sends a request to the I/O processor of {@code target}; {@code onStatus} gets its completion status. */
    void call(int messageId, Wwn target, IopParameters params, IntConsumer onStatus) {
        FcId dst = peers.get(target);
        if (dst == null) {
            onStatus.accept(IopProtocol.STATUS_REMOTE_TIMEOUT);
            return;
        }
        outstanding = new RemoteCall(this, IopMessage.request(params.command(), messageId, target, node,
                params.encode()), dst, onStatus);
        outstanding.enterSent();
    }

    /** The outstanding call ended; {@code command} >= 0 when a completion answered it. */
    void remoteCallDone(RemoteCall call, int command) {
        if (outstanding == call) {
            outstanding = null;
        }
        if (command >= 0) {
            completedIds.put(call.request().messageId(), command);
        }
    }

    /** A completion that arrived outside the exchange of any outstanding request. */
    private void onStrayCompletion(IopMessage m) {
        int id = m.messageId();
        RemoteCall o = outstanding;
        if (o != null && o.request().messageId() == id) {
            if (!o.answers(m)) {
                o.reportMismatch(m);
            } else {
                event(IopEvent.Kind.UNMATCHED_COMPLETION, id, m.command(), "completion for message id "
                        + Integer.toUnsignedString(id) + " outside the exchange of its request: ignored");
            }
        } else if (completedIds.containsKey(id)) {
            event(IopEvent.Kind.DUPLICATE_COMPLETION, id, m.command(), "second completion for message id "
                    + Integer.toUnsignedString(id) + ": ignored");
        } else {
            event(IopEvent.Kind.UNMATCHED_COMPLETION, id, m.command(), "completion names message id "
                    + Integer.toUnsignedString(id) + ", which no request of " + name + " carries: ignored");
        }
    }

    /** Frames from the dedicated link this processor owns. */
    @Override
    public void receive(Frame frame) {
        if (inbound == null) {
            throw new IllegalStateException("frames reach " + this + " through its port, " + port);
        }
        inbound.receive(frame);
    }

    private IopMessage decode(byte[] payload, FcId from) {
        try {
            return IopProtocol.decode(payload);
        } catch (IopDecodeException e) {
            event(IopEvent.Kind.MALFORMED_MESSAGE, 0, 0, "from " + from + ": " + e.getMessage());
            return null;
        }
    }

    /** The FC-4 the port dispatches to: requests of remote I/O processors, and stray completions. */
    private final class Service implements Fc4Service {

        @Override
        public boolean onRequest(Exchange e, Sequence first) {
            IopMessage m = decode(first.payload(), first.sourceId());
            if (m == null) {
                return false;
            }
            if (m.isCompletion()) {
                onStrayCompletion(m);
                return false;
            }
            int status = remote.perform(m);
            e.sendLast(IopProtocol.R_CTL_COMPLETION, IopProtocol.encode(m.completedWith(status)));
            return true;
        }

        @Override
        public DuplicateRequests duplicateRequests() {
            return new DuplicateRequests(s -> {
                try {
                    IopMessage m = IopProtocol.decode(s.payload());
                    return m.isRequest() ? new RequestIdentity(m.initiatingNode(), m.messageId()) : null;
                } catch (IopDecodeException e) {
                    return null;
                }
            }, config.historySize());
        }

        @Override
        public void onAnsweredAgain(Sequence request) {
            IopMessage m = IopProtocol.decode(request.payload());
            event(IopEvent.Kind.DUPLICATE_REQUEST, m.messageId(), m.command(), m.commandName() + " with message id "
                    + Integer.toUnsignedString(m.messageId()) + " from " + m.initiatingNode()
                    + " answered before: completion sent again, not applied");
        }

        @Override
        public void onStray(Frame frame) {
            IopMessage m = decode(frame.payload(), frame.header().sId());
            if (m != null && m.isCompletion()) {
                onStrayCompletion(m);
            }
        }
    }

    @Override
    public String toString() {
        return "IoProcessor[" + name + " " + node + " " + port.localId() + "]";
    }
}
