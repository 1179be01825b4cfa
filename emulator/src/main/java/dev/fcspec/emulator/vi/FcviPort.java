package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.port.exchange.DedicatedLinkPort;
import dev.fcspec.emulator.port.exchange.DuplicateRequests;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Fc4Port;
import dev.fcspec.emulator.port.exchange.Fc4Service;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.DisconnectRequest;
import dev.fcspec.emulator.vi.FcviIu.DisconnectResponse;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A VI provider on one FC port (a "VI NIC"): it owns the VIs numbered on that port and the memory
 * registrations of its node, and is the port's FC-4 of TYPE 0x58 ({@link Fc4Service}): every FC-VI IU travels
 * in an exchange of the port's exchange manager, on a logged-in N_Port of a fabric ({@link FcviOverPort}) or
 * on a port at a fixed address of a dedicated link (the frame-consumer constructors) alike.
 *
 * <p>Blocks: {@link ConnectRequester} and {@link ConnectResponder} (the three-step connection setup),
 * {@link DataInitiator} and {@link DataTarget} (send and RDMA), {@link MemoryRegistry} (registration and
 * protection).
 *
 * <p>Protection: an RDMA to an unregistered handle, outside the region, into a region or through a VI
 * without the matching RDMA enable, or with a different protection tag is refused before any memory is
 * touched; the target reports it on the VI's receive completion queue and as a {@link ViEvent}, and the
 * initiator's descriptor completes with {@link ViStatus#RDMA_PROTECTION_ERROR}. On reliable VIs both ends
 * then enter {@link ViState#ERROR}. An RDMA or send for a VI that is not connected to the sender is refused
 * with {@link ViStatus#TRANSPORT_ERROR}.
 *
 * <p>Duplicate requests (same source, OX_ID and IU bytes, as a link that duplicates frames produces) are
 * answered by the exchange manager's duplicate-request cache with the response already sent and never
 * applied twice; responses that match no open exchange are reported and ignored.
 *
 * <p>Threading: confined to the port's scheduler, like the exchange manager it runs on.
 */
public final class FcviPort implements FrameReceiver {

    /** FCVI_ULP_TIMEOUT used when none is given: how long a request waits for its response. */
    public static final Duration DEFAULT_ULP_TIMEOUT = Duration.ofMillis(10);
    /** How many answered requests the duplicate-request cache remembers. */
    static final int RESPONSE_CACHE_SIZE = 256;
    private static final int EVENT_HISTORY = 10_000;

    private final Fc4Port port;
    private final FrameReceiver inbound;
    private final FcId fcId;
    private final HostMemory memory;
    private final Duration ulpTimeout;
    private final MemoryRegistry registry;
    private final DataTarget target = new DataTarget(this);
    private final Map<Integer, VirtualInterface> vis = new TreeMap<>();
    private final Deque<ViEvent> events = new ArrayDeque<>();
    private final List<Consumer<ViEvent>> eventListeners = new ArrayList<>();

    /**
     * A provider serving FC-VI on {@code port}, which must have its N_Port_ID.
     *
     * @param ulpTimeout FCVI_ULP_TIMEOUT: how long a request waits for its response
     */
    public FcviPort(Fc4Port port, HostMemory memory, Duration ulpTimeout) {
        this.port = Objects.requireNonNull(port, "port");
        // A port that takes frames itself (a dedicated link's) is fed through this provider's receive().
        this.inbound = port instanceof FrameReceiver r ? r : null;
        this.fcId = port.localId();
        if (fcId == null || fcId.equals(FcId.UNASSIGNED)) {
            throw new IllegalStateException(port + " has no N_Port_ID yet: log it in first");
        }
        this.memory = Objects.requireNonNull(memory, "memory");
        this.ulpTimeout = Objects.requireNonNull(ulpTimeout, "ulpTimeout");
        this.registry = new MemoryRegistry(fcId, memory, port.scheduler().random());
        port.serve(FcviProtocol.TYPE, new Service());
    }

    /**
     * A provider on a dedicated link, at the fixed address {@code fcId}: frames go to {@code transmitter} and
     * come in through {@link #receive}.
     *
     * @param scheduler   drives timeouts; every call into the port must come from its tasks
     * @param fcId        the N_Port_ID of the port
     * @param memory      the node memory RDMA operations reach
     * @param transmitter where outgoing frames go (a link end)
     * @param ulpTimeout  FCVI_ULP_TIMEOUT: how long a request waits for its response
     */
    public FcviPort(Scheduler scheduler, FcId fcId, HostMemory memory, Consumer<Frame> transmitter,
                    Duration ulpTimeout) {
        this(new DedicatedLinkPort(scheduler, fcId, transmitter), memory, ulpTimeout);
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

    /** The port FC-VI runs on (its exchange manager holds the exchanges and the duplicate-request cache). */
    public Fc4Port port() {
        return port;
    }

    Scheduler scheduler() {
        return port.scheduler();
    }

    MemoryRegistry registry() {
        return registry;
    }

    /** Stops serving FC-VI on the port; exchanges in progress are left to the exchange manager. */
    public void stop() {
        port.stopServing(FcviProtocol.TYPE);
    }

    // ------------------------------------------------------------------ memory registration

    /** Registers {@code [address, address + length)} and returns the region with a new handle. */
    public MemoryRegion registerMemory(long address, int length, MemoryAttributes attributes) {
        return registry.register(address, length, attributes);
    }

    /**
     * Registers a region under a handle chosen by the caller: a well-known handle that a peer knows in
     * advance (the boot status variable of the cluster connection manager).
     *
     * @throws MemoryRegistrationException when the handle is in use or the range lies outside memory
     */
    public MemoryRegion registerMemory(MemoryHandle handle, long address, int length, MemoryAttributes attributes) {
        return registry.register(handle, address, length, attributes);
    }

    /** @throws MemoryRegistrationException when the handle is not registered */
    public void deregisterMemory(MemoryHandle handle) {
        registry.deregister(handle);
    }

    public Optional<MemoryRegion> region(MemoryHandle handle) {
        return registry.region(handle);
    }

    public List<MemoryRegion> regions() {
        return registry.regions();
    }

    boolean localSegmentValid(MemoryHandle h, long address, int length, int ptag) {
        return registry.localSegmentValid(h, address, length, ptag);
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
    public VirtualInterface createVi(int number, ViAttributes attributes, CompletionQueue sendCq,
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
    public VirtualInterface createViFrom(int from, ViAttributes attributes) {
        int n = from;
        while (vis.containsKey(n)) {
            n++;
        }
        return createVi(n, attributes);
    }

    public Optional<VirtualInterface> vi(int number) {
        return Optional.ofNullable(vis.get(number));
    }

    public List<VirtualInterface> vis() {
        return List.copyOf(vis.values());
    }

    /** Disconnects (if needed) and removes VI {@code number}; its number can be used again. */
    public void destroyVi(int number) {
        VirtualInterface vi = vis.get(number);
        if (vi == null) {
            throw new ViNumberException("no VI " + number + " on " + fcId);
        }
        vi.destroy();
        vis.remove(number);
    }

    // ------------------------------------------------------------------ events

    public void addEventListener(Consumer<ViEvent> l) {
        eventListeners.add(l);
    }

    public void removeEventListener(Consumer<ViEvent> l) {
        eventListeners.remove(l);
    }

    /** Events reported so far (the most recent {@value #EVENT_HISTORY}). */
    public List<ViEvent> events() {
        return List.copyOf(events);
    }

    public List<ViEvent> events(ViEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    void event(ViEvent.Kind kind, int viNumber, FcId remote, String detail) {
        ViEvent e = new ViEvent(scheduler().nanoTime(), kind, new ViAddress(fcId, viNumber), remote, detail);
        events.addLast(e);
        if (events.size() > EVENT_HISTORY) {
            events.removeFirst();
        }
        for (Consumer<ViEvent> l : List.copyOf(eventListeners)) {
            l.accept(e);
        }
    }

    void stateChanged(VirtualInterface vi, ViState from, ViState to) {
        event(ViEvent.Kind.STATE_CHANGED, vi.number(), null, from + " -> " + to);
    }

    // ------------------------------------------------------------------ exchanges

    /**
     * Sends a request IU on a new exchange that waits at most the FCVI_ULP_TIMEOUT; null when the port has no
     * exchange to spare (the caller fails the operation).
     */
    Exchange sendRequest(FcId remote, FcviIu iu, SequenceHandler handler) {
        try {
            return port.sendRequest(remote, FcviProtocol.TYPE, FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu),
                    ulpTimeout, handler);
        } catch (ExchangeException e) {
            event(ViEvent.Kind.TIMEOUT, iu.sourceVi(), remote, iu.name() + " not sent: " + e.getMessage());
            return null;
        }
    }

    void sendDisconnectRequest(VirtualInterface vi, ViAddress peer, int reason) {
        sendRequest(peer.fcId(), new DisconnectRequest(peer.viNumber(), vi.number(), reason), new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                FcviIu iu = decode(s);
                if (iu != null && !(iu instanceof DisconnectResponse)) {
                    event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), s.sourceId(),
                            iu.name() + " does not answer FCVI_DISCONNECT_RQST");
                }
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                event(ViEvent.Kind.TIMEOUT, vi.number(), peer.fcId(), "no FCVI_DISCONNECT_RESP from " + peer);
            }
        });
    }

    /** The IU of a sequence, or null (reported as {@link ViEvent.Kind#MALFORMED_IU}) when it does not decode. */
    FcviIu decode(Sequence s) {
        try {
            return FcviProtocol.decode(s.payload());
        } catch (FcviDecodeException e) {
            event(ViEvent.Kind.MALFORMED_IU, 0, s.sourceId(), e.getMessage());
            return null;
        }
    }

    /** Frames from the dedicated link this provider owns. */
    @Override
    public void receive(Frame frame) {
        if (inbound == null) {
            throw new IllegalStateException("frames reach " + this + " through its port, " + port);
        }
        inbound.receive(frame);
    }

    /** The FC-4 the port dispatches to: requests remote VIs open exchanges with. */
    private final class Service implements Fc4Service {

        @Override
        public boolean onRequest(Exchange e, Sequence first) {
            FcviIu iu = decode(first);
            if (iu == null) {
                return false;
            }
            if (iu instanceof ConnectRequest c) {
                ConnectResponder.onConnectRequest(FcviPort.this, e, c);
            } else if (iu instanceof DisconnectRequest d) {
                onDisconnectRequest(e, d);
            } else if (iu instanceof SendRequest || iu instanceof WriteRequest || iu instanceof ReadRequest) {
                target.onRequest(e, iu);
            } else {
                event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), first.sourceId(), iu.name()
                        + " opened an exchange: " + (iu instanceof FcviIu.ConnectResponse2
                        ? "for no pending connection" : "sent by an exchange originator"));
                return false;
            }
            return true;
        }

        @Override
        public DuplicateRequests duplicateRequests() {
            return DuplicateRequests.byExchange(RESPONSE_CACHE_SIZE);
        }

        @Override
        public void onAnsweredAgain(Sequence request) {
            FcviIu iu = decode(request);
            if (iu != null) {
                event(ViEvent.Kind.DUPLICATE_REQUEST, iu.destinationVi(), request.sourceId(), iu.name() + " OX_ID "
                        + hex(request.firstHeader().oxId()) + " seen before: answered again, not applied");
            }
        }

        @Override
        public void onStray(Frame frame) {
            try {
                FcviIu iu = FcviProtocol.decode(frame.payload());
                event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), frame.header().sId(),
                        iu.name() + " OX_ID " + hex(frame.header().oxId()) + " matches no outstanding request");
            } catch (FcviDecodeException ex) {
                event(ViEvent.Kind.MALFORMED_IU, 0, frame.header().sId(), ex.getMessage());
            }
        }
    }

    private void onDisconnectRequest(Exchange e, DisconnectRequest d) {
        VirtualInterface vi = vis.get(d.destinationVi());
        ViAddress peer = new ViAddress(e.remoteId(), d.sourceVi());
        if (vi != null && vi.state() != ViState.IDLE && peer.equals(vi.remote())) {
            vi.reset(ConnectResult.ABANDONED, true);
        }
        FcviIu iu = new DisconnectResponse(d.sourceVi(), d.destinationVi());
        e.sendLast(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
    }

    static String hex(int v) {
        return String.format("0x%04x", v);
    }

    @Override
    public String toString() {
        return "FcviPort[" + fcId + "]";
    }
}
