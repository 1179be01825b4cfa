package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The I/O processor of a host bus adapter: it serves the processes of its node through a message interface
 * and talks to the I/O processors of remote adapters with request and completion messages in FC frames
 * (TYPE 0xE0, {@link IopProtocol}).
 *
 * <h2>A process's request</h2>
 * A request posted by a process (a {@link HostRequest}) is performed in two steps: first the local data
 * storage-related operation on this adapter's mass storage devices, then a second request, carrying the
 * process's message id, to the I/O processor of the remote adapter, which performs its own operation and
 * answers with a completion carrying the same message id. Only then is the process told (a
 * {@link HostCompletion}). Requests are handled one at a time, in order, and at most one request is
 * outstanding towards remote adapters, so replicated writes reach the replica in the order they were made.
 *
 * <h2>Requests from remote adapters</h2>
 * The roles are symmetric: the same I/O processor performs the requests remote adapters send it, on its own
 * storage, and answers each with a completion.
 *
 * <h2>Faults</h2>
 * <ul>
 * <li>Lost request or completion: no completion within {@link Config#completionTimeout()} → the request is
 * sent again with the same message id, up to {@link Config#maxRetransmissions()} times, then the process is
 * told {@code REMOTE_TIMEOUT}.</li>
 * <li>Duplicated request (retransmission, or a link that duplicates): recognised by initiating node, message
 * id and identical content; answered with the completion already sent, never applied twice.</li>
 * <li>Duplicated completion: ignored, the process is told once.</li>
 * <li>Completion naming a message id no request carries, or whose command or node addresses differ from its
 * request: reported and ignored.</li>
 * <li>Unknown command: answered {@code UNKNOWN_COMMAND}, nothing applied.</li>
 * </ul>
 * Each is reported as an {@link IopEvent}.
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

    private final Scheduler scheduler;
    private final String name;
    private final Wwn node;
    private final FcId fcId;
    private final StorageSet storage;
    private final Consumer<Frame> transmitter;
    private final Config config;
    private final Map<Wwn, FcId> peers = new HashMap<>();
    private final Deque<Work> inbound = new ArrayDeque<>();
    private final Set<Integer> idsInUse = new HashSet<>();
    private final Map<Integer, Boolean> idsUsed;
    private final Map<Integer, ReplicationAssociation> associations = new TreeMap<>();
    private final Map<Integer, ReplicaAssociation> replicas = new TreeMap<>();
    private final Map<AnsweredKey, Answered> answered;
    private final Map<Integer, Integer> completedIds;
    private final List<IopEvent> events = new ArrayList<>();
    private final List<HostCompletion> notified = new ArrayList<>();
    private final List<Consumer<IopEvent>> listeners = new CopyOnWriteArrayList<>();
    private boolean busy;
    private Outstanding outstanding;
    private int nextInternalId = FIRST_INTERNAL_ID;
    private int nextOxId;
    private int nextRxId;

    private record Work(HostRequest request, HostProcess process) {
    }

    private static final class Outstanding {
        final IopMessage request;
        final FcId destination;
        final IntConsumer onStatus;
        int transmissions;
        Timer timer;

        Outstanding(IopMessage request, FcId destination, IntConsumer onStatus) {
            this.request = request;
            this.destination = destination;
            this.onStatus = onStatus;
        }
    }

    private record AnsweredKey(Wwn initiator, int messageId) {
    }

    private record Answered(byte[] requestParameters, int command, IopMessage completion) {
    }

    public IoProcessor(Scheduler scheduler, String name, Wwn node, FcId fcId, StorageSet storage,
                       Consumer<Frame> transmitter, Config config) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = Objects.requireNonNull(name, "name");
        this.node = Objects.requireNonNull(node, "node");
        this.fcId = Objects.requireNonNull(fcId, "fcId");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.transmitter = Objects.requireNonNull(transmitter, "transmitter");
        this.config = Objects.requireNonNull(config, "config");
        int history = config.historySize();
        this.answered = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<AnsweredKey, Answered> e) {
                return size() > history;
            }
        };
        this.completedIds = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Integer> e) {
                return size() > history;
            }
        };
        this.idsUsed = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> e) {
                return size() > history;
            }
        };
        this.nextOxId = scheduler.random().nextInt(0xFFFF);
        this.nextRxId = scheduler.random().nextInt(0xFFFF);
    }

    public IoProcessor(Scheduler scheduler, String name, Wwn node, FcId fcId, StorageSet storage,
                       Consumer<Frame> transmitter) {
        this(scheduler, name, node, fcId, storage, transmitter, Config.DEFAULT);
    }

    public String name() {
        return name;
    }

    /** The node address of this adapter's node (its WWNN). */
    public Wwn node() {
        return node;
    }

    public FcId fcId() {
        return fcId;
    }

    public StorageSet storage() {
        return storage;
    }

    /** Makes the adapter of {@code remoteNode}, at {@code remoteFcId}, reachable. */
    public synchronized void addPeer(Wwn remoteNode, FcId remoteFcId) {
        peers.put(Objects.requireNonNull(remoteNode, "remoteNode"), Objects.requireNonNull(remoteFcId, "remoteFcId"));
    }

    public synchronized Optional<ReplicationAssociation> association(int sourceVolume) {
        return Optional.ofNullable(associations.get(sourceVolume));
    }

    public synchronized Optional<ReplicaAssociation> replicaAssociation(int replicaVolume) {
        return Optional.ofNullable(replicas.get(replicaVolume));
    }

    public void addEventListener(Consumer<IopEvent> l) {
        listeners.add(l);
    }

    public synchronized List<IopEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<IopEvent> events(IopEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** Every completion told to processes so far, in order. */
    public synchronized List<HostCompletion> processNotifications() {
        return List.copyOf(notified);
    }

    /** True when no request is queued or outstanding. */
    public synchronized boolean isIdle() {
        return !busy && inbound.isEmpty() && outstanding == null;
    }

    private void event(IopEvent.Kind kind, int messageId, int command, String detail) {
        IopEvent e = new IopEvent(scheduler.nanoTime(), kind, messageId, command, detail);
        synchronized (this) {
            events.add(e);
        }
        for (Consumer<IopEvent> l : listeners) {
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
        synchronized (this) {
            if (Integer.compareUnsigned(request.messageId(), FIRST_INTERNAL_ID) >= 0) {
                status = IopProtocol.STATUS_INVALID_PARAMETERS;
                refusal = "message ids from 0x80000000 up are reserved for the I/O processor";
            } else if (idsInUse.contains(request.messageId()) || idsUsed.containsKey(request.messageId())) {
                status = IopProtocol.STATUS_DUPLICATE_MESSAGE_ID;
                refusal = "message id " + Integer.toUnsignedString(request.messageId()) + " is already in use";
            } else {
                idsInUse.add(request.messageId());
                idsUsed.put(request.messageId(), Boolean.TRUE);
                inbound.addLast(new Work(request, process));
            }
        }
        if (refusal != null) {
            event(IopEvent.Kind.REQUEST_REFUSED, request.messageId(), request.command(), refusal);
            tell(process, new HostCompletion(request.messageId(), request.command(), status, false, refusal,
                    scheduler.nanoTime()));
            return;
        }
        scheduler.execute(this::pump);
    }

    private void pump() {
        Work w;
        synchronized (this) {
            if (busy || inbound.isEmpty()) {
                return;
            }
            busy = true;
            w = inbound.pollFirst();
        }
        perform(w);
    }

    private void finish(Work w, int status, boolean remote, String detail) {
        HostCompletion c = new HostCompletion(w.request().messageId(), w.request().command(), status, remote, detail,
                scheduler.nanoTime());
        synchronized (this) {
            idsInUse.remove(w.request().messageId());
            busy = false;
        }
        tell(w.process(), c);
        scheduler.execute(this::pump);
    }

    private void tell(HostProcess process, HostCompletion c) {
        synchronized (this) {
            notified.add(c);
        }
        event(IopEvent.Kind.PROCESS_NOTIFIED, c.messageId(), c.command(), c.statusName() + ": " + c.detail());
        scheduler.execute(() -> process.completed(c));
    }

    private void perform(Work w) {
        HostRequest r = w.request();
        switch (r.command()) {
            case IopProtocol.COMMAND_DESIGNATE_REPLICA -> performDesignate(w);
            case IopProtocol.COMMAND_EXPAND_REPLICA -> performExpand(w);
            case IopProtocol.COMMAND_REPLICATE_DATA -> performReplicate(w);
            case IopProtocol.COMMAND_TERMINATE_ASSOCIATION -> performTerminate(w);
            case IopProtocol.COMMAND_REESTABLISH_ASSOCIATION -> performReestablish(w);
            default -> finish(w, IopProtocol.STATUS_UNKNOWN_COMMAND, false,
                    "the I/O processor has no command " + IopProtocol.commandName(r.command()));
        }
    }

    private void performDesignate(Work w) {
        HostRequest r = w.request();
        Optional<Volume> src = storage.volume(r.sourceVolume());
        if (src.isEmpty()) {
            finish(w, IopProtocol.STATUS_NO_SUCH_VOLUME, false, "no local volume " + r.sourceVolume());
            return;
        }
        synchronized (this) {
            if (associations.containsKey(r.sourceVolume())) {
                finish(w, IopProtocol.STATUS_ALREADY_DESIGNATED, false,
                        "volume " + r.sourceVolume() + " already has a replica");
                return;
            }
            if (!peers.containsKey(r.targetNode())) {
                finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "node " + r.targetNode() + " is not reachable");
                return;
            }
        }
        Volume v = src.get();
        ReplicationAssociation a = new ReplicationAssociation(r.sourceVolume(), r.targetNode(), r.replicaVolume());
        for (long off = 0; off < v.sizeBytes(); off += ReplicationAssociation.REGION_SIZE) {
            if (v.isMapped(off, ReplicationAssociation.REGION_SIZE)) {
                a.markDirty(off, 1);
            }
        }
        synchronized (this) {
            associations.put(r.sourceVolume(), a);
        }
        event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "volume " + r.sourceVolume()
                + " associated with replica volume " + r.replicaVolume() + " on " + r.targetNode() + "; "
                + a.dirtyRegions().size() + " written regions to copy");
        sendRequest(r.messageId(), r.targetNode(),
                new IopParameters.Designate(r.sourceVolume(), r.replicaVolume(), v.sizeBlocks(), v.blockSize()),
                status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        synchronized (this) {
                            associations.remove(r.sourceVolume());
                        }
                        finish(w, status, true, "the remote adapter refused the designation: "
                                + IopProtocol.statusName(status));
                        return;
                    }
                    a.state(AssociationState.RESYNCHRONIZING);
                    int regions = a.dirtyRegions().size();
                    resynchronize(a, () -> {
                        a.state(AssociationState.ACTIVE);
                        finish(w, IopProtocol.STATUS_GOOD, true, "replica volume " + r.replicaVolume() + " on "
                                + r.targetNode() + " designated; " + regions + " regions copied");
                    }, status2 -> finish(w, status2, true, "initial copy failed: " + IopProtocol.statusName(status2)));
                });
    }

    private void performExpand(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        Volume v = storage.volume(r.sourceVolume()).orElseThrow();
        if (r.newSizeBlocks() < v.sizeBlocks()) {
            finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "volume " + r.sourceVolume() + " has "
                    + v.sizeBlocks() + " blocks and cannot shrink to " + r.newSizeBlocks());
            return;
        }
        v.expand(r.newSizeBlocks());
        event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "volume " + r.sourceVolume()
                + " expanded to " + r.newSizeBlocks() + " blocks");
        sendRequest(r.messageId(), a.replicaNode(),
                new IopParameters.Expand(r.sourceVolume(), a.replicaVolume(), r.newSizeBlocks()),
                status -> finish(w, status, true, status == IopProtocol.STATUS_GOOD
                        ? "volume and replica expanded to " + r.newSizeBlocks() + " blocks"
                        : "replica not expanded: " + IopProtocol.statusName(status)));
    }

    private void performReplicate(Work w) {
        HostRequest r = w.request();
        Optional<Volume> vo = storage.volume(r.sourceVolume());
        if (vo.isEmpty()) {
            finish(w, IopProtocol.STATUS_NO_SUCH_VOLUME, false, "no local volume " + r.sourceVolume());
            return;
        }
        Volume v = vo.get();
        byte[] data = r.data();
        if (data.length == 0 || data.length > IopProtocol.MAX_DATA || data.length % v.blockSize() != 0) {
            finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, data.length + " bytes are not 1.."
                    + IopProtocol.MAX_DATA / v.blockSize() + " whole blocks of " + v.blockSize());
            return;
        }
        if (!v.inRange(r.lba(), data.length / v.blockSize())) {
            finish(w, IopProtocol.STATUS_OUT_OF_RANGE, false, "blocks beyond the end of volume " + r.sourceVolume());
            return;
        }
        v.write(r.lba(), data);
        event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), data.length / v.blockSize()
                + " blocks written to volume " + r.sourceVolume() + " at LBA " + r.lba());
        ReplicationAssociation a;
        synchronized (this) {
            a = associations.get(r.sourceVolume());
        }
        long offset = r.lba() * v.blockSize();
        if (a == null) {
            finish(w, IopProtocol.STATUS_GOOD, false, "written locally; volume " + r.sourceVolume() + " has no replica");
            return;
        }
        if (a.state() != AssociationState.ACTIVE) {
            a.markDirty(offset, data.length);
            finish(w, IopProtocol.STATUS_GOOD, false, "written locally; association " + a.state()
                    + ", regions marked for resynchronisation");
            return;
        }
        sendRequest(r.messageId(), a.replicaNode(),
                new IopParameters.Replicate(r.sourceVolume(), a.replicaVolume(), r.lba(), data), status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        a.markDirty(offset, data.length);
                    }
                    finish(w, status, true, status == IopProtocol.STATUS_GOOD
                            ? "written locally and replicated"
                            : "written locally, not replicated (" + IopProtocol.statusName(status)
                            + "): regions marked for resynchronisation");
                });
    }

    private void performTerminate(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        if (a.state() != AssociationState.ACTIVE) {
            finish(w, IopProtocol.STATUS_ASSOCIATION_TERMINATED, false, "association of volume " + r.sourceVolume()
                    + " is " + a.state());
            return;
        }
        a.state(AssociationState.TERMINATED);
        event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "association of volume " + r.sourceVolume()
                + " terminated; writes are now tracked as dirty regions");
        sendRequest(r.messageId(), a.replicaNode(), new IopParameters.Terminate(r.sourceVolume(), a.replicaVolume()),
                status -> finish(w, status, true, status == IopProtocol.STATUS_GOOD ? "association terminated"
                        : "replica did not terminate: " + IopProtocol.statusName(status)));
    }

    private void performReestablish(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        if (a.state() != AssociationState.TERMINATED) {
            finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "association of volume " + r.sourceVolume()
                    + " is " + a.state() + ", not terminated");
            return;
        }
        a.state(AssociationState.RESYNCHRONIZING);
        int regions = a.dirtyRegions().size();
        event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "association of volume " + r.sourceVolume()
                + " re-establishing; " + regions + " dirty regions to copy");
        sendRequest(r.messageId(), a.replicaNode(), new IopParameters.Reestablish(r.sourceVolume(), a.replicaVolume()),
                status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        a.state(AssociationState.TERMINATED);
                        finish(w, status, true, "replica refused to re-establish: " + IopProtocol.statusName(status));
                        return;
                    }
                    resynchronize(a, () -> {
                        a.state(AssociationState.ACTIVE);
                        finish(w, IopProtocol.STATUS_GOOD, true, "association re-established; " + regions
                                + " dirty regions resynchronised");
                    }, status2 -> {
                        a.state(AssociationState.TERMINATED);
                        finish(w, status2, true, "resynchronisation failed: " + IopProtocol.statusName(status2));
                    });
                });
    }

    private ReplicationAssociation associationOrFinish(Work w) {
        ReplicationAssociation a;
        synchronized (this) {
            a = associations.get(w.request().sourceVolume());
        }
        if (a == null) {
            finish(w, IopProtocol.STATUS_NO_ASSOCIATION, false, "volume " + w.request().sourceVolume()
                    + " has no replica");
        }
        return a;
    }

    /** Copies the dirty regions to the replica one message at a time, lowest first. */
    private void resynchronize(ReplicationAssociation a, Runnable done, IntConsumer failed) {
        Long region = a.firstDirty();
        if (region == null) {
            done.run();
            return;
        }
        Volume v = storage.volume(a.sourceVolume()).orElseThrow();
        long offset = region * ReplicationAssociation.REGION_SIZE;
        int blocks = (int) Math.min(ReplicationAssociation.REGION_SIZE, v.sizeBytes() - offset) / v.blockSize();
        if (blocks <= 0) {
            a.clean(region);
            resynchronize(a, done, failed);
            return;
        }
        long lba = offset / v.blockSize();
        int id;
        synchronized (this) {
            id = nextInternalId++;
            if (nextInternalId == 0) {
                nextInternalId = FIRST_INTERNAL_ID;
            }
        }
        sendRequest(id, a.replicaNode(), new IopParameters.Replicate(a.sourceVolume(), a.replicaVolume(), lba,
                v.read(lba, blocks)), status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        failed.accept(status);
                        return;
                    }
                    a.clean(region);
                    resynchronize(a, done, failed);
                });
    }

    // ------------------------------------------------------------------ requests to remote adapters

    private void sendRequest(int messageId, Wwn target, IopParameters params, IntConsumer onStatus) {
        FcId dst;
        synchronized (this) {
            dst = peers.get(target);
        }
        if (dst == null) {
            onStatus.accept(IopProtocol.STATUS_REMOTE_TIMEOUT);
            return;
        }
        Outstanding o = new Outstanding(IopMessage.request(params.command(), messageId, target, node, params.encode()),
                dst, onStatus);
        synchronized (this) {
            outstanding = o;
        }
        transmit(o);
    }

    private void transmit(Outstanding o) {
        o.transmissions++;
        int ox;
        synchronized (this) {
            ox = nextOxId;
            nextOxId = (nextOxId + 1) % 0xFFFF;
        }
        o.timer = scheduler.schedule(config.completionTimeout(), () -> timedOut(o));
        FrameHeader h = FrameHeader.of(IopProtocol.R_CTL_REQUEST, o.destination, fcId, IopProtocol.TYPE,
                FCtl.REQUEST, ox);
        transmitter.accept(Frame.single(h, IopProtocol.encode(o.request)));
    }

    private void timedOut(Outstanding o) {
        synchronized (this) {
            if (outstanding != o) {
                return;
            }
        }
        int id = o.request.messageId();
        if (o.transmissions <= config.maxRetransmissions()) {
            event(IopEvent.Kind.RETRANSMISSION, id, o.request.command(), "no completion for message id "
                    + Integer.toUnsignedString(id) + " after transmission " + o.transmissions + ": sent again");
            transmit(o);
            return;
        }
        synchronized (this) {
            outstanding = null;
        }
        event(IopEvent.Kind.REMOTE_TIMEOUT, id, o.request.command(), "no completion for message id "
                + Integer.toUnsignedString(id) + " after " + o.transmissions + " transmissions");
        o.onStatus.accept(IopProtocol.STATUS_REMOTE_TIMEOUT);
    }

    // ------------------------------------------------------------------ frames

    @Override
    public void receive(Frame frame) {
        FrameHeader h = frame.header();
        if (h.type() != IopProtocol.TYPE || !h.dId().equals(fcId)) {
            return;
        }
        IopMessage m;
        try {
            m = IopProtocol.decode(frame.payload());
        } catch (IopDecodeException e) {
            event(IopEvent.Kind.MALFORMED_MESSAGE, 0, 0, "from " + h.sId() + ": " + e.getMessage());
            return;
        }
        if (m.isRequest()) {
            onRequest(h, m);
        } else {
            onCompletion(m);
        }
    }

    private void onCompletion(IopMessage m) {
        Outstanding o;
        synchronized (this) {
            o = outstanding;
        }
        int id = m.messageId();
        if (o != null && o.request.messageId() == id) {
            if (m.command() != o.request.command() || !m.initiatingNode().equals(o.request.targetNode())
                    || !m.targetNode().equals(node)) {
                event(IopEvent.Kind.COMPLETION_MISMATCH, id, m.command(), "completion for message id "
                        + Integer.toUnsignedString(id) + " names " + m.commandName() + " from " + m.initiatingNode()
                        + " to " + m.targetNode() + ", but the request was " + o.request.commandName() + " to "
                        + o.request.targetNode() + ": ignored");
                return;
            }
            o.timer.cancel();
            synchronized (this) {
                outstanding = null;
                completedIds.put(id, m.command());
            }
            o.onStatus.accept(m.status());
            return;
        }
        boolean seen;
        synchronized (this) {
            seen = completedIds.containsKey(id);
        }
        if (seen) {
            event(IopEvent.Kind.DUPLICATE_COMPLETION, id, m.command(), "second completion for message id "
                    + Integer.toUnsignedString(id) + ": ignored");
        } else {
            event(IopEvent.Kind.UNMATCHED_COMPLETION, id, m.command(), "completion names message id "
                    + Integer.toUnsignedString(id) + ", which no request of " + name + " carries: ignored");
        }
    }

    private void onRequest(FrameHeader h, IopMessage m) {
        AnsweredKey key = new AnsweredKey(m.initiatingNode(), m.messageId());
        Answered before;
        synchronized (this) {
            before = answered.get(key);
        }
        byte[] params = m.parameters();
        if (before != null && before.command() == m.command() && Arrays.equals(before.requestParameters(), params)) {
            event(IopEvent.Kind.DUPLICATE_REQUEST, m.messageId(), m.command(), m.commandName() + " with message id "
                    + Integer.toUnsignedString(m.messageId()) + " from " + m.initiatingNode()
                    + " answered before: completion sent again, not applied");
            answer(h, before.completion());
            return;
        }
        int status;
        if (!m.targetNode().equals(node)) {
            status = IopProtocol.STATUS_NOT_FOR_THIS_NODE;
            event(IopEvent.Kind.NOT_FOR_THIS_NODE, m.messageId(), m.command(), "request for " + m.targetNode()
                    + " reached " + node);
        } else if (!IopProtocol.isKnownCommand(m.command())) {
            status = IopProtocol.STATUS_UNKNOWN_COMMAND;
            event(IopEvent.Kind.UNKNOWN_COMMAND, m.messageId(), m.command(), "command " + m.commandName()
                    + " from " + m.initiatingNode() + " is unknown: nothing applied");
        } else {
            status = performRemote(m, params);
        }
        IopMessage completion = m.completedWith(status);
        synchronized (this) {
            answered.put(key, new Answered(params, m.command(), completion));
        }
        answer(h, completion);
    }

    private void answer(FrameHeader request, IopMessage completion) {
        int rx;
        synchronized (this) {
            rx = nextRxId;
            nextRxId = (nextRxId + 1) % 0xFFFF;
        }
        FrameHeader h = new FrameHeader(IopProtocol.R_CTL_COMPLETION, request.sId(), 0, fcId, IopProtocol.TYPE,
                FCtl.FINAL_RESPONSE, 0, 0, 0, request.oxId(), rx, 0);
        transmitter.accept(Frame.single(h, IopProtocol.encode(completion)));
    }

    /** Performs a remote adapter's request on this adapter's storage; returns the completion status. */
    private int performRemote(IopMessage m, byte[] raw) {
        IopParameters p;
        try {
            p = IopParameters.decode(m.command(), raw);
        } catch (IllegalArgumentException e) {
            remoteDone(m, "refused: " + e.getMessage());
            return IopProtocol.STATUS_INVALID_PARAMETERS;
        }
        Wwn from = m.initiatingNode();
        ReplicaAssociation ra;
        synchronized (this) {
            ra = replicas.get(p.replicaVolume());
        }
        if (p instanceof IopParameters.Designate d) {
            if (ra != null && !ra.isFor(from, d.sourceVolume())) {
                remoteDone(m, "volume " + d.replicaVolume() + " already replicates " + ra.sourceNode() + " volume "
                        + ra.sourceVolume());
                return IopProtocol.STATUS_ALREADY_DESIGNATED;
            }
            Optional<Volume> existing = storage.volume(d.replicaVolume());
            if (existing.isPresent() && existing.get().blockSize() != d.blockSize()) {
                remoteDone(m, "volume " + d.replicaVolume() + " has another block size");
                return IopProtocol.STATUS_INVALID_PARAMETERS;
            }
            Volume v = existing.orElseGet(() -> storage.create(d.replicaVolume(), d.blockSize(), d.sizeBlocks()));
            if (v.sizeBlocks() < d.sizeBlocks()) {
                v.expand(d.sizeBlocks());
            }
            synchronized (this) {
                replicas.put(d.replicaVolume(), new ReplicaAssociation(d.replicaVolume(), from, d.sourceVolume()));
            }
            remoteDone(m, "volume " + d.replicaVolume() + " (" + v.sizeBlocks() + " blocks) designated replica of "
                    + from + " volume " + d.sourceVolume());
            return IopProtocol.STATUS_GOOD;
        }
        if (ra == null || !ra.isFor(from, p.sourceVolume())) {
            remoteDone(m, "volume " + p.replicaVolume() + " is not the replica of " + from + " volume "
                    + p.sourceVolume());
            return IopProtocol.STATUS_NO_ASSOCIATION;
        }
        Volume v = storage.volume(p.replicaVolume()).orElseThrow();
        if (p instanceof IopParameters.Expand e) {
            if (e.newSizeBlocks() < v.sizeBlocks()) {
                remoteDone(m, "replica cannot shrink");
                return IopProtocol.STATUS_INVALID_PARAMETERS;
            }
            v.expand(e.newSizeBlocks());
            remoteDone(m, "replica volume " + p.replicaVolume() + " expanded to " + e.newSizeBlocks() + " blocks");
            return IopProtocol.STATUS_GOOD;
        }
        if (p instanceof IopParameters.Replicate r) {
            if (ra.state() == AssociationState.TERMINATED) {
                remoteDone(m, "association terminated: data not applied");
                return IopProtocol.STATUS_ASSOCIATION_TERMINATED;
            }
            if (r.data().length % v.blockSize() != 0) {
                remoteDone(m, "data is not whole blocks");
                return IopProtocol.STATUS_INVALID_PARAMETERS;
            }
            if (!v.inRange(r.lba(), r.data().length / v.blockSize())) {
                remoteDone(m, "blocks beyond the end of replica volume " + p.replicaVolume());
                return IopProtocol.STATUS_OUT_OF_RANGE;
            }
            v.write(r.lba(), r.data());
            remoteDone(m, r.data().length / v.blockSize() + " blocks replicated into volume " + p.replicaVolume()
                    + " at LBA " + r.lba());
            return IopProtocol.STATUS_GOOD;
        }
        if (p instanceof IopParameters.Terminate) {
            ra.state(AssociationState.TERMINATED);
            remoteDone(m, "association with " + from + " volume " + p.sourceVolume() + " terminated");
            return IopProtocol.STATUS_GOOD;
        }
        ra.state(AssociationState.ACTIVE);
        remoteDone(m, "association with " + from + " volume " + p.sourceVolume() + " re-established");
        return IopProtocol.STATUS_GOOD;
    }

    private void remoteDone(IopMessage m, String detail) {
        event(IopEvent.Kind.REMOTE_OPERATION, m.messageId(), m.command(), detail);
    }

    @Override
    public String toString() {
        return "IoProcessor[" + name + " " + node + " " + fcId + "]";
    }
}
