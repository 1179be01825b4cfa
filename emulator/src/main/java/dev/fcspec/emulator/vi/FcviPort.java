package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse1;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse2;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse3;
import dev.fcspec.emulator.vi.FcviIu.DisconnectRequest;
import dev.fcspec.emulator.vi.FcviIu.DisconnectResponse;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.ReadResponse;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.SendResponse;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteResponse;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A VI provider on one FC N_Port (a "VI NIC"): it owns the VIs numbered on that port, the memory
 * registrations of its node, and turns descriptors into FC-VI IUs in TYPE 0x58 frames and back.
 *
 * <p>It is a {@link FrameReceiver} and sends through a plain frame consumer, so it can sit directly on a
 * {@code LinkEnd} (a dedicated cluster interconnect) or behind an N_Port's FC-4 dispatch.
 *
 * <p>Protection: an RDMA to an unregistered handle, outside the region, into a region or through a VI
 * without the matching RDMA enable, or with a different protection tag is refused before any memory is
 * touched; the target reports it on the VI's receive completion queue and as a {@link ViEvent}, and the
 * initiator's descriptor completes with {@link ViStatus#RDMA_PROTECTION_ERROR}. On reliable VIs both ends
 * then enter {@link ViState#ERROR}. An RDMA or send for a VI that is not connected to the sender is refused
 * with {@link ViStatus#TRANSPORT_ERROR}.
 *
 * <p>Duplicate requests (same source, OX_ID and IU bytes, as a link that duplicates frames produces) are
 * answered with the response already sent and never applied twice.
 */
public final class FcviPort implements FrameReceiver {

    /** FCVI_ULP_TIMEOUT used when none is given: how long a request waits for its response. */
    public static final Duration DEFAULT_ULP_TIMEOUT = Duration.ofMillis(10);
    private static final int RESPONSE_CACHE_SIZE = 256;
    private static final int EVENT_HISTORY = 10_000;

    private final Scheduler scheduler;
    private final FcId fcId;
    private final HostMemory memory;
    private final Consumer<Frame> transmitter;
    private final Duration ulpTimeout;
    private final Map<Integer, VirtualInterface> vis = new TreeMap<>();
    private final Map<MemoryHandle, MemoryRegion> regions = new LinkedHashMap<>();
    private final Map<Integer, Exchange> outstanding = new HashMap<>();
    private final Map<Integer, Timer> responderTimers = new HashMap<>();
    private final Map<RequestKey, Frame> responses = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RequestKey, Frame> eldest) {
            return size() > RESPONSE_CACHE_SIZE;
        }
    };
    private final List<ViEvent> events = new ArrayList<>();
    private final List<Consumer<ViEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private int nextHandle;
    private int nextOxId;
    private int nextRxId;
    private long framesSent;
    private long framesReceived;
    private long framesIgnored;

    private enum ExchangeKind { CONNECT, DATA, DISCONNECT }

    private static final class Exchange {
        final int oxId;
        final VirtualInterface vi;
        final ExchangeKind kind;
        final FcId remote;
        Timer timer;
        boolean accepted;

        Exchange(int oxId, VirtualInterface vi, ExchangeKind kind, FcId remote) {
            this.oxId = oxId;
            this.vi = vi;
            this.kind = kind;
            this.remote = remote;
        }
    }

    private record RequestKey(FcId source, int oxId, ByteBuffer payload) {
    }

    /**
     * @param scheduler   drives timeouts; every call into the port must come from its tasks
     * @param fcId        the N_Port_ID of the port
     * @param memory      the node memory RDMA operations reach
     * @param transmitter where outgoing frames go (a link end, or the N_Port)
     * @param ulpTimeout  FCVI_ULP_TIMEOUT: how long a request waits for its response
     */
    public FcviPort(Scheduler scheduler, FcId fcId, HostMemory memory, Consumer<Frame> transmitter,
                    Duration ulpTimeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.fcId = Objects.requireNonNull(fcId, "fcId");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.transmitter = Objects.requireNonNull(transmitter, "transmitter");
        this.ulpTimeout = Objects.requireNonNull(ulpTimeout, "ulpTimeout");
        // Exchange ids start at a seeded random point so that a restarted port does not reuse the ids of
        // its previous life in the peer's duplicate cache.
        this.nextOxId = scheduler.random().nextInt(0xFFFF);
        this.nextRxId = scheduler.random().nextInt(0xFFFF);
        this.nextHandle = 0x100 + scheduler.random().nextInt(0x10000);
    }

    public FcviPort(Scheduler scheduler, FcId fcId, HostMemory memory, Consumer<Frame> transmitter) {
        this(scheduler, fcId, memory, transmitter, DEFAULT_ULP_TIMEOUT);
    }

    public FcId fcId() {
        return fcId;
    }

    public HostMemory memory() {
        return memory;
    }

    public Duration ulpTimeout() {
        return ulpTimeout;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    // ------------------------------------------------------------------ memory registration

    /** Registers {@code [address, address + length)} and returns the region with a new handle. */
    public synchronized MemoryRegion registerMemory(long address, int length, MemoryAttributes attributes) {
        MemoryHandle h;
        do {
            h = new MemoryHandle(nextHandle++);
        } while (regions.containsKey(h));
        return registerMemory(h, address, length, attributes);
    }

    /**
     * Registers a region under a handle chosen by the caller: a well-known handle that a peer knows in
     * advance (the boot status variable of the cluster connection manager).
     *
     * @throws MemoryRegistrationException when the handle is in use or the range lies outside memory
     */
    public synchronized MemoryRegion registerMemory(MemoryHandle handle, long address, int length,
                                                    MemoryAttributes attributes) {
        Objects.requireNonNull(handle, "handle");
        if (regions.containsKey(handle)) {
            throw new MemoryRegistrationException("memory handle " + handle + " is already registered on " + fcId);
        }
        if (address < 0 || length <= 0 || address + length > memory.size()) {
            throw new MemoryRegistrationException(String.format(
                    "region [0x%x, +%d) is not inside the node's memory of %d bytes", address, length, memory.size()));
        }
        MemoryRegion r = new MemoryRegion(handle, address, length, attributes);
        regions.put(handle, r);
        return r;
    }

    /** @throws MemoryRegistrationException when the handle is not registered */
    public synchronized void deregisterMemory(MemoryHandle handle) {
        if (regions.remove(handle) == null) {
            throw new MemoryRegistrationException("memory handle " + handle + " is not registered on " + fcId);
        }
    }

    public synchronized Optional<MemoryRegion> region(MemoryHandle handle) {
        return Optional.ofNullable(regions.get(handle));
    }

    public synchronized List<MemoryRegion> regions() {
        return List.copyOf(regions.values());
    }

    synchronized boolean localSegmentValid(MemoryHandle h, long address, int length, int ptag) {
        MemoryRegion r = regions.get(h);
        return r != null && r.contains(address, length) && r.attributes().protectionTag() == ptag;
    }

    // ------------------------------------------------------------------ VIs

    /**
     * Creates VI {@code number} with its own send and receive completion queues.
     *
     * @throws ViNumberException when the number is in use
     */
    public VirtualInterface createVi(int number, ViAttributes attributes) {
        String n = fcId + "/vi" + number;
        return createVi(number, attributes, new CompletionQueue(n + ":send"), new CompletionQueue(n + ":recv"));
    }

    /** Creates VI {@code number} whose work queues complete into the given queues (which may be shared). */
    public synchronized VirtualInterface createVi(int number, ViAttributes attributes, CompletionQueue sendCq,
                                                  CompletionQueue recvCq) {
        if (number < 0 || number > 0xFFFF) {
            throw new ViNumberException("VI number " + number + " outside 0..65535");
        }
        if (vis.containsKey(number)) {
            throw new ViNumberException("VI number " + number + " is already in use on " + fcId);
        }
        VirtualInterface vi = new VirtualInterface(this, number, attributes, sendCq, recvCq);
        vis.put(number, vi);
        return vi;
    }

    /** Creates a VI with the lowest free number at or above {@code from}. */
    public synchronized VirtualInterface createViFrom(int from, ViAttributes attributes) {
        int n = from;
        while (vis.containsKey(n)) {
            n++;
        }
        return createVi(n, attributes);
    }

    public synchronized Optional<VirtualInterface> vi(int number) {
        return Optional.ofNullable(vis.get(number));
    }

    public synchronized List<VirtualInterface> vis() {
        return List.copyOf(vis.values());
    }

    /** Disconnects (if needed) and removes VI {@code number}; its number can be used again. */
    public void destroyVi(int number) {
        VirtualInterface vi;
        synchronized (this) {
            vi = vis.get(number);
            if (vi == null) {
                throw new ViNumberException("no VI " + number + " on " + fcId);
            }
        }
        vi.destroy();
        synchronized (this) {
            vis.remove(number);
            Timer t = responderTimers.remove(number);
            if (t != null) {
                t.cancel();
            }
        }
    }

    // ------------------------------------------------------------------ events and statistics

    public void addEventListener(Consumer<ViEvent> l) {
        eventListeners.add(l);
    }

    public void removeEventListener(Consumer<ViEvent> l) {
        eventListeners.remove(l);
    }

    /** Events reported so far (the most recent {@value #EVENT_HISTORY}). */
    public synchronized List<ViEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<ViEvent> events(ViEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    public synchronized long framesSent() {
        return framesSent;
    }

    public synchronized long framesReceived() {
        return framesReceived;
    }

    /** Frames that were not FC-VI or not for this port's FC_ID. */
    public synchronized long framesIgnored() {
        return framesIgnored;
    }

    private void event(ViEvent.Kind kind, int viNumber, FcId remote, String detail) {
        ViEvent e = new ViEvent(scheduler.nanoTime(), kind, new ViAddress(fcId, viNumber), remote, detail);
        synchronized (this) {
            events.add(e);
            if (events.size() > EVENT_HISTORY) {
                events.remove(0);
            }
        }
        for (Consumer<ViEvent> l : eventListeners) {
            l.accept(e);
        }
    }

    void stateChanged(VirtualInterface vi, ViState from, ViState to) {
        event(ViEvent.Kind.STATE_CHANGED, vi.number(), null, from + " -> " + to);
    }

    // ------------------------------------------------------------------ sending

    private synchronized int newOxId() {
        int ox;
        do {
            ox = nextOxId;
            nextOxId = (nextOxId + 1) % 0xFFFF;
        } while (outstanding.containsKey(ox));
        return ox;
    }

    private synchronized int newRxId() {
        int rx = nextRxId;
        nextRxId = (nextRxId + 1) % 0xFFFF;
        return rx;
    }

    private void transmit(Frame f) {
        synchronized (this) {
            framesSent++;
        }
        transmitter.accept(f);
    }

    private Frame requestFrame(FcId dst, FcviIu iu, int oxId) {
        FrameHeader h = FrameHeader.of(FcviProtocol.rCtlOf(iu), dst, fcId, FcviProtocol.TYPE, FCtl.REQUEST, oxId);
        return Frame.single(h, FcviProtocol.encode(iu));
    }

    /** A frame answering {@code request} in its exchange. */
    private Frame answerFrame(FrameHeader request, FcviIu iu, int fCtl, int rxId, int seqId) {
        FrameHeader h = new FrameHeader(FcviProtocol.rCtlOf(iu), request.sId(), 0, fcId, FcviProtocol.TYPE, fCtl,
                seqId, 0, 0, request.oxId(), rxId, 0);
        return Frame.single(h, FcviProtocol.encode(iu));
    }

    /** Sends the answer to a request and remembers it for duplicates of that request. */
    private void answer(Frame request, FcviIu iu, int fCtl, int rxId, int seqId) {
        Frame f = answerFrame(request.header(), iu, fCtl, rxId, seqId);
        synchronized (this) {
            responses.put(keyOf(request), f);
        }
        transmit(f);
    }

    private void answerFinal(Frame request, FcviIu iu) {
        answer(request, iu, FCtl.FINAL_RESPONSE, newRxId(), 1);
    }

    private static RequestKey keyOf(Frame f) {
        return new RequestKey(f.header().sId(), f.header().oxId(), ByteBuffer.wrap(f.payload()));
    }

    void sendConnectRequest(VirtualInterface vi) {
        ViAddress remote = vi.remote();
        int ox = newOxId();
        Exchange ex = new Exchange(ox, vi, ExchangeKind.CONNECT, remote.fcId());
        synchronized (this) {
            outstanding.put(ox, ex);
        }
        vi.connectRequestSent(ox);
        ex.timer = scheduler.schedule(ulpTimeout, () -> connectTimedOut(ex));
        ViAttributes a = vi.attributes();
        transmit(requestFrame(remote.fcId(), new ConnectRequest(remote.viNumber(), vi.number(), a.reliability(),
                a.enableRdmaRead(), a.enableRdmaWrite(), a.maxTransferSize()), ox));
    }

    void sendDisconnectRequest(VirtualInterface vi, ViAddress peer, int reason) {
        int ox = newOxId();
        Exchange ex = new Exchange(ox, vi, ExchangeKind.DISCONNECT, peer.fcId());
        synchronized (this) {
            outstanding.put(ox, ex);
        }
        ex.timer = scheduler.schedule(ulpTimeout, () -> {
            if (removeExchange(ox) != null) {
                event(ViEvent.Kind.TIMEOUT, vi.number(), peer.fcId(), "no FCVI_DISCONNECT_RESP from " + peer);
            }
        });
        transmit(requestFrame(peer.fcId(), new DisconnectRequest(peer.viNumber(), vi.number(), reason), ox));
    }

    /** Puts a descriptor of {@code vi}'s send queue on the wire; returns its OX_ID. */
    int transmitDescriptor(VirtualInterface vi, Descriptor d) {
        ViAddress remote = vi.remote();
        int ox = newOxId();
        Exchange ex = new Exchange(ox, vi, ExchangeKind.DATA, remote.fcId());
        synchronized (this) {
            outstanding.put(ox, ex);
        }
        FcviIu iu;
        if (d instanceof Descriptor.Send s) {
            iu = new SendRequest(remote.viNumber(), vi.number(), s.immediateData(),
                    memory.read(s.localAddress(), s.length()));
        } else if (d instanceof Descriptor.RdmaWrite w) {
            iu = new WriteRequest(remote.viNumber(), vi.number(), w.remoteHandle(), w.remoteAddress(),
                    w.immediateData(), memory.read(w.localAddress(), w.length()));
        } else {
            Descriptor.RdmaRead r = (Descriptor.RdmaRead) d;
            iu = new ReadRequest(remote.viNumber(), vi.number(), r.remoteHandle(), r.remoteAddress(), r.length());
        }
        ex.timer = scheduler.schedule(ulpTimeout, () -> dataTimedOut(ex));
        transmit(requestFrame(remote.fcId(), iu, ox));
        return ox;
    }

    void abandonExchange(int oxId) {
        removeExchange(oxId);
    }

    private Exchange removeExchange(int oxId) {
        Exchange ex;
        synchronized (this) {
            ex = outstanding.remove(oxId);
        }
        if (ex != null && ex.timer != null) {
            ex.timer.cancel();
        }
        return ex;
    }

    // ------------------------------------------------------------------ receiving

    @Override
    public void receive(Frame frame) {
        synchronized (this) {
            framesReceived++;
        }
        FrameHeader h = frame.header();
        if (!FcviProtocol.isFcvi(frame) || !h.dId().equals(fcId)) {
            synchronized (this) {
                framesIgnored++;
            }
            return;
        }
        FcviIu iu;
        try {
            iu = FcviProtocol.decode(frame.payload());
        } catch (FcviDecodeException e) {
            event(ViEvent.Kind.MALFORMED_IU, 0, h.sId(), e.getMessage());
            return;
        }
        if (h.fromResponder()) {
            onResponse(h, iu);
        } else {
            onRequest(frame, iu);
        }
    }

    private void onRequest(Frame frame, FcviIu iu) {
        Frame cached;
        synchronized (this) {
            cached = responses.get(keyOf(frame));
        }
        if (cached != null) {
            event(ViEvent.Kind.DUPLICATE_REQUEST, iu.destinationVi(), frame.header().sId(),
                    iu.name() + " OX_ID " + hex(frame.header().oxId()) + " seen before: answered again, not applied");
            transmit(cached);
            return;
        }
        if (iu instanceof ConnectRequest c) {
            onConnectRequest(frame, c);
        } else if (iu instanceof ConnectResponse2 r2) {
            onConnectResponse2(frame, r2);
        } else if (iu instanceof DisconnectRequest d) {
            onDisconnectRequest(frame, d);
        } else if (iu instanceof SendRequest || iu instanceof WriteRequest || iu instanceof ReadRequest) {
            onDataRequest(frame, iu);
        } else {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), frame.header().sId(),
                    iu.name() + " sent by an exchange originator");
        }
    }

    private void onConnectRequest(Frame frame, ConnectRequest c) {
        FrameHeader h = frame.header();
        ViAddress requester = new ViAddress(h.sId(), c.sourceVi());
        VirtualInterface vi;
        synchronized (this) {
            vi = vis.get(c.destinationVi());
        }
        if (vi == null) {
            rejectConnect(frame, c, ConnectResult.REJECTED_NO_SUCH_VI, null);
            return;
        }
        ViState st = vi.state();
        if (st == ViState.CONNECT_PENDING) {
            if (vi.role() == VirtualInterface.Role.REQUESTER && requester.equals(vi.remote())) {
                if (vi.address().compareTo(requester) < 0) {
                    rejectConnect(frame, c, ConnectResult.REJECTED_COLLISION, vi);
                    return;
                }
                // Crossed requests: ours yields, theirs is accepted below.
                removeExchange(vi.connectOxId());
            } else if (!(vi.role() == VirtualInterface.Role.RESPONDER && requester.equals(vi.remote()))) {
                rejectConnect(frame, c, ConnectResult.REJECTED_VI_BUSY, vi);
                return;
            }
        } else if (st == ViState.CONNECTED || st == ViState.ERROR) {
            if (!requester.equals(vi.remote())) {
                rejectConnect(frame, c, ConnectResult.REJECTED_VI_BUSY, vi);
                return;
            }
            event(ViEvent.Kind.CONNECTION_LOST, vi.number(), h.sId(),
                    "peer " + requester + " asked to connect again: its side of the connection is gone");
            vi.reset(ConnectResult.ABANDONED, true);
            if (!vi.accepts(requester)) {
                rejectConnect(frame, c, ConnectResult.REJECTED_NOT_ACCEPTING, vi);
                return;
            }
        } else if (!vi.accepts(requester)) {
            rejectConnect(frame, c, ConnectResult.REJECTED_NOT_ACCEPTING, vi);
            return;
        }
        if (c.reliability() != vi.attributes().reliability()) {
            rejectConnect(frame, c, ConnectResult.REJECTED_ATTRIBUTES, vi);
            return;
        }
        Timer old;
        synchronized (this) {
            old = responderTimers.remove(vi.number());
        }
        if (old != null) {
            old.cancel();
        }
        vi.becomeResponder(requester, h.oxId(), c.maxTransferSize());
        ViAttributes a = vi.attributes();
        int rx = newRxId();
        answer(frame, new ConnectResponse1(c.sourceVi(), vi.number(), ConnectResult.ACCEPTED, a.reliability(),
                a.enableRdmaRead(), a.enableRdmaWrite(), a.maxTransferSize()),
                FCtl.EX_CTX | FCtl.END_SEQ | FCtl.SEQ_INIT, rx, 1);
        int ox = h.oxId();
        Timer t = scheduler.schedule(ulpTimeout, () -> {
            synchronized (this) {
                responderTimers.remove(vi.number());
            }
            if (vi.state() == ViState.CONNECT_PENDING && vi.role() == VirtualInterface.Role.RESPONDER
                    && vi.connectOxId() == ox) {
                event(ViEvent.Kind.TIMEOUT, vi.number(), requester.fcId(), "no FCVI_CONNECT_RESP2 from " + requester);
                vi.reset(ConnectResult.TIMED_OUT, false);
            }
        });
        synchronized (this) {
            responderTimers.put(vi.number(), t);
        }
    }

    private void rejectConnect(Frame frame, ConnectRequest c, ConnectResult why, VirtualInterface vi) {
        ViAttributes a = vi != null ? vi.attributes() : ViAttributes.reliable(0);
        answer(frame, new ConnectResponse1(c.sourceVi(), c.destinationVi(), why, a.reliability(), a.enableRdmaRead(),
                a.enableRdmaWrite(), a.maxTransferSize()), FCtl.FINAL_RESPONSE, newRxId(), 1);
    }

    private void onConnectResponse2(Frame frame, ConnectResponse2 r2) {
        FrameHeader h = frame.header();
        VirtualInterface vi;
        synchronized (this) {
            vi = vis.get(r2.destinationVi());
        }
        ViAddress requester = new ViAddress(h.sId(), r2.sourceVi());
        if (vi == null || vi.state() != ViState.CONNECT_PENDING || vi.role() != VirtualInterface.Role.RESPONDER
                || !requester.equals(vi.remote()) || vi.connectOxId() != h.oxId()) {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, r2.destinationVi(), h.sId(),
                    "FCVI_CONNECT_RESP2 for no pending connection");
            return;
        }
        Timer t;
        synchronized (this) {
            t = responderTimers.remove(vi.number());
        }
        if (t != null) {
            t.cancel();
        }
        answer(frame, new ConnectResponse3(r2.sourceVi(), vi.number()), FCtl.FINAL_RESPONSE, h.rxId(), 3);
        vi.connected();
    }

    private void onDisconnectRequest(Frame frame, DisconnectRequest d) {
        FrameHeader h = frame.header();
        VirtualInterface vi;
        synchronized (this) {
            vi = vis.get(d.destinationVi());
        }
        ViAddress peer = new ViAddress(h.sId(), d.sourceVi());
        if (vi != null && vi.state() != ViState.IDLE && peer.equals(vi.remote())) {
            vi.reset(ConnectResult.ABANDONED, true);
        }
        answerFinal(frame, new DisconnectResponse(d.sourceVi(), d.destinationVi()));
    }

    private void onDataRequest(Frame frame, FcviIu iu) {
        FrameHeader h = frame.header();
        ViAddress requester = new ViAddress(h.sId(), iu.sourceVi());
        VirtualInterface vi;
        synchronized (this) {
            vi = vis.get(iu.destinationVi());
        }
        if (vi == null || vi.state() != ViState.CONNECTED || !requester.equals(vi.remote())) {
            event(ViEvent.Kind.NOT_CONNECTED, iu.destinationVi(), h.sId(), iu.name() + " from " + requester
                    + " refused: " + (vi == null ? "no such VI" : vi.state() + " and connected to " + vi.remote()));
            answerFinal(frame, errorResponse(iu, ViStatus.TRANSPORT_ERROR));
            return;
        }
        if (iu instanceof WriteRequest w) {
            String refused = checkRemoteAccess(vi, w.remoteHandle(), w.remoteAddress(), w.dataLength(), true);
            if (refused != null) {
                refuseRdma(frame, vi, iu, ViOperation.REMOTE_RDMA_WRITE, refused);
                return;
            }
            Descriptor.Receive rd = null;
            if (w.immediateData() != null) {
                rd = vi.takeReceive();
                if (rd == null) {
                    noReceiveDescriptor(frame, vi, iu);
                    return;
                }
            }
            if (w.dataLength() > 0) {
                memory.write(w.remoteAddress(), w.data());
            }
            // The response goes out first; the consumer then learns of the write in the same instant.
            answerFinal(frame, new WriteResponse(w.sourceVi(), vi.number(), ViStatus.SUCCESS));
            if (rd != null) {
                vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.REMOTE_RDMA_WRITE,
                        ViStatus.SUCCESS, w.dataLength(), w.immediateData(), null));
            }
        } else if (iu instanceof ReadRequest r) {
            String refused = checkRemoteAccess(vi, r.remoteHandle(), r.remoteAddress(), r.length(), false);
            if (refused != null) {
                refuseRdma(frame, vi, iu, ViOperation.REMOTE_RDMA_READ, refused);
                return;
            }
            answerFinal(frame, new ReadResponse(r.sourceVi(), vi.number(), ViStatus.SUCCESS,
                    memory.read(r.remoteAddress(), r.length())));
        } else {
            SendRequest s = (SendRequest) iu;
            Descriptor.Receive rd = vi.takeReceive();
            if (rd == null) {
                noReceiveDescriptor(frame, vi, iu);
                return;
            }
            ViStatus local = rd.length() < s.dataLength() ? ViStatus.LOCAL_LENGTH_ERROR
                    : !localSegmentValid(rd.localHandle(), rd.localAddress(), rd.length(),
                    vi.attributes().protectionTag()) ? ViStatus.LOCAL_PROTECTION_ERROR : ViStatus.SUCCESS;
            if (!local.isSuccess()) {
                event(ViEvent.Kind.NO_RECEIVE_DESCRIPTOR, vi.number(), h.sId(),
                        "receive descriptor #" + rd.id() + " cannot take " + s.dataLength() + " bytes: " + local);
                vi.fail();
                answerFinal(frame, new SendResponse(s.sourceVi(), vi.number(), ViStatus.REMOTE_DESCRIPTOR_ERROR));
                vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.RECEIVE, local, 0,
                        null, null));
                return;
            }
            if (s.dataLength() > 0) {
                memory.write(rd.localAddress(), s.data());
            }
            answerFinal(frame, new SendResponse(s.sourceVi(), vi.number(), ViStatus.SUCCESS));
            vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.RECEIVE, ViStatus.SUCCESS,
                    s.dataLength(), s.immediateData(), s.data()));
        }
    }

    private String checkRemoteAccess(VirtualInterface vi, MemoryHandle handle, long address, int length,
                                     boolean write) {
        MemoryRegion r;
        synchronized (this) {
            r = regions.get(handle);
        }
        String what = write ? "RDMA write" : "RDMA read";
        if (r == null) {
            return what + " to unregistered memory handle " + handle;
        }
        if (!r.contains(address, length)) {
            return String.format("%s of [0x%x, +%d) outside region %s [0x%x, 0x%x)", what, address, length, handle,
                    r.address(), r.end());
        }
        boolean regionEnabled = write ? r.attributes().enableRdmaWrite() : r.attributes().enableRdmaRead();
        boolean viEnabled = write ? vi.attributes().enableRdmaWrite() : vi.attributes().enableRdmaRead();
        if (!regionEnabled) {
            return what + " not enabled on region " + handle;
        }
        if (!viEnabled) {
            return what + " not enabled on " + vi.address();
        }
        if (r.attributes().protectionTag() != vi.attributes().protectionTag()) {
            return "protection tag of region " + handle + " differs from the tag of " + vi.address();
        }
        return null;
    }

    private void refuseRdma(Frame frame, VirtualInterface vi, FcviIu iu, ViOperation op, String why) {
        event(ViEvent.Kind.RDMA_PROTECTION, vi.number(), frame.header().sId(), why);
        vi.fail();
        answerFinal(frame, errorResponse(iu, ViStatus.RDMA_PROTECTION_ERROR));
        vi.postReceiveCompletion(new Completion(vi.address(), 0, op, ViStatus.RDMA_PROTECTION_ERROR, 0, null, null));
    }

    private void noReceiveDescriptor(Frame frame, VirtualInterface vi, FcviIu iu) {
        event(ViEvent.Kind.NO_RECEIVE_DESCRIPTOR, vi.number(), frame.header().sId(),
                iu.name() + " found no receive descriptor posted on " + vi.address());
        vi.fail();
        answerFinal(frame, errorResponse(iu, ViStatus.REMOTE_DESCRIPTOR_ERROR));
    }

    private static FcviIu errorResponse(FcviIu request, ViStatus status) {
        if (request instanceof WriteRequest) {
            return new WriteResponse(request.sourceVi(), request.destinationVi(), status);
        }
        if (request instanceof ReadRequest) {
            return new ReadResponse(request.sourceVi(), request.destinationVi(), status, new byte[0]);
        }
        return new SendResponse(request.sourceVi(), request.destinationVi(), status);
    }

    private void onResponse(FrameHeader h, FcviIu iu) {
        Exchange ex;
        synchronized (this) {
            ex = outstanding.get(h.oxId());
        }
        if (ex == null || !ex.remote.equals(h.sId())) {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), h.sId(),
                    iu.name() + " OX_ID " + hex(h.oxId()) + " matches no outstanding request");
            return;
        }
        if (iu instanceof ConnectResponse1 r1 && ex.kind == ExchangeKind.CONNECT) {
            onConnectResponse1(ex, h, r1);
        } else if (iu instanceof ConnectResponse3 && ex.kind == ExchangeKind.CONNECT && ex.accepted) {
            removeExchange(ex.oxId);
            VirtualInterface vi = ex.vi;
            if (vi.state() == ViState.CONNECT_PENDING && vi.role() == VirtualInterface.Role.REQUESTER) {
                vi.connected();
            }
        } else if (iu instanceof DisconnectResponse && ex.kind == ExchangeKind.DISCONNECT) {
            removeExchange(ex.oxId);
        } else if (ex.kind == ExchangeKind.DATA
                && (iu instanceof WriteResponse || iu instanceof ReadResponse || iu instanceof SendResponse)) {
            onDataResponse(ex, iu);
        } else {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), h.sId(),
                    iu.name() + " does not answer the request of OX_ID " + hex(h.oxId()));
        }
    }

    private void onConnectResponse1(Exchange ex, FrameHeader h, ConnectResponse1 r1) {
        VirtualInterface vi = ex.vi;
        if (ex.accepted || vi.state() != ViState.CONNECT_PENDING || vi.role() != VirtualInterface.Role.REQUESTER) {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), h.sId(), "FCVI_CONNECT_RESP1 answered already");
            return;
        }
        if (r1.result() != ConnectResult.ACCEPTED) {
            removeExchange(ex.oxId);
            vi.reset(r1.result(), false);
            return;
        }
        if (r1.reliability() != vi.attributes().reliability()) {
            removeExchange(ex.oxId);
            vi.reset(ConnectResult.REJECTED_ATTRIBUTES, false);
            return;
        }
        ex.accepted = true;
        vi.acceptedByPeer(r1.maxTransferSize());
        if (ex.timer != null) {
            ex.timer.cancel();
        }
        ex.timer = scheduler.schedule(ulpTimeout, () -> connectTimedOut(ex));
        FrameHeader rh = new FrameHeader(FcviProtocol.R_CTL_CONTROL_REQUEST, h.sId(), 0, fcId, FcviProtocol.TYPE,
                FCtl.END_SEQ | FCtl.SEQ_INIT, 2, 0, 0, ex.oxId, h.rxId(), 0);
        transmit(Frame.single(rh, FcviProtocol.encode(new ConnectResponse2(r1.sourceVi(), vi.number()))));
    }

    private void connectTimedOut(Exchange ex) {
        if (removeExchange(ex.oxId) == null) {
            return;
        }
        VirtualInterface vi = ex.vi;
        event(ViEvent.Kind.TIMEOUT, vi.number(), ex.remote, (ex.accepted ? "no FCVI_CONNECT_RESP3" :
                "no FCVI_CONNECT_RESP1") + " within " + ulpTimeout.toNanos() / 1000 + " us");
        if (vi.state() == ViState.CONNECT_PENDING && vi.role() == VirtualInterface.Role.REQUESTER) {
            vi.reset(ConnectResult.TIMED_OUT, false);
        }
    }

    private void onDataResponse(Exchange ex, FcviIu iu) {
        removeExchange(ex.oxId);
        VirtualInterface vi = ex.vi;
        Descriptor d = vi.inFlight(ex.oxId);
        if (d == null) {
            event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), ex.remote, iu.name() + " for a flushed descriptor");
            return;
        }
        ViOperation op = VirtualInterface.operationOf(d);
        ViStatus status;
        if (iu instanceof ReadResponse r) {
            status = r.status();
            if (status.isSuccess()) {
                if (r.dataLength() != d.length()) {
                    status = ViStatus.PARTIAL_PACKET_ERROR;
                } else if (!localSegmentValid(d.localHandle(), d.localAddress(), d.length(),
                        vi.attributes().protectionTag())) {
                    status = ViStatus.LOCAL_PROTECTION_ERROR;
                } else if (r.dataLength() > 0) {
                    memory.write(d.localAddress(), r.data());
                }
            }
        } else if (iu instanceof WriteResponse w) {
            status = w.status();
        } else {
            status = ((SendResponse) iu).status();
        }
        vi.complete(new Completion(vi.address(), d.id(), op, status, status.isSuccess() ? d.length() : 0, null,
                null));
    }

    private void dataTimedOut(Exchange ex) {
        if (removeExchange(ex.oxId) == null) {
            return;
        }
        VirtualInterface vi = ex.vi;
        Descriptor d = vi.inFlight(ex.oxId);
        event(ViEvent.Kind.TIMEOUT, vi.number(), ex.remote, "no response to OX_ID " + hex(ex.oxId) + " within "
                + ulpTimeout.toNanos() / 1000 + " us");
        if (d != null) {
            vi.complete(new Completion(vi.address(), d.id(), VirtualInterface.operationOf(d),
                    ViStatus.TRANSPORT_ERROR, 0, null, null));
        }
    }

    private static String hex(int v) {
        return String.format("0x%04x", v);
    }

    @Override
    public String toString() {
        return "FcviPort[" + fcId + "]";
    }
}
