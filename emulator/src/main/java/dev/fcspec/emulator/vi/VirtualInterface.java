package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.wire.FcId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A Virtual Interface: one connected endpoint with a send queue and a receive queue whose completions go to
 * completion queues. Created by, and only driven through, its {@link FcviPort}, on the port's scheduler.
 *
 * <h2>Connection state machine</h2>
 * <pre>
 *            connect() / CONNECT_RQST sent                    RESP1(accepted) -> RESP2 sent, RESP3 received
 *   IDLE ------------------------------------> CONNECT_PENDING ------------------------------------> CONNECTED
 *     ^  CONNECT_RQST accepted -> RESP1 sent          |  responder: RESP2 received -> RESP3 sent        |
 *     |                                               | rejected, timeout, disconnect()                 |
 *     +-----------------------------------------------+                                                 |
 *     |                     disconnect() or DISCONNECT_RQST received                                     |
 *     +--------------------------------------------------------------------------------------------------+
 *     |                                                                                                  | error on a
 *     +------------------------- disconnect() or DISCONNECT_RQST received --------- ERROR <--------------+ reliable VI
 * </pre>
 * Peer-to-peer connection requests that cross (each VI asks the other at once) are resolved by address: the
 * VI with the lower (FC_ID, VI number) keeps its request and rejects the other with
 * {@link ConnectResult#REJECTED_COLLISION}; the higher one drops its own request and accepts. Either way
 * both connect callbacks report {@link ConnectResult#ACCEPTED} once Connected (emulator choice; the VIA
 * peer-to-peer connect model leaves the mechanism to the provider).
 *
 * <p>Descriptors on the send queue are executed one at a time, in order: the next one goes on the wire
 * when the previous one completed.
 */
public final class VirtualInterface {

    /** Which side of the connection setup this VI played. */
    enum Role { NONE, REQUESTER, RESPONDER }

    private final FcviPort port;
    private final ViAddress address;
    private final ViAttributes attributes;
    private final CompletionQueue sendCq;
    private final CompletionQueue recvCq;
    private final Deque<Descriptor> sendQueue = new ArrayDeque<>();
    private final Deque<Descriptor.Receive> recvQueue = new ArrayDeque<>();
    private final List<StateListener> stateListeners = new ArrayList<>();

    private ViState state = ViState.IDLE;
    private Role role = Role.NONE;
    private ViAddress remote;
    private ViAddress acceptFrom;
    private FcId acceptPort;
    private boolean acceptAny;
    private Consumer<ConnectResult> connectCallback;
    /** The exchange of the connection setup in progress (either role), or null. */
    private Exchange connectExchange;
    private Descriptor inFlight;
    /** The exchange that carries {@link #inFlight}, or null. */
    private Exchange inFlightExchange;
    private int peerMaxTransfer = FcviProtocol.MAX_TRANSFER_SIZE;
    private boolean destroyed;

    /** Told of every state change of this VI, as a scheduler task of its own after the change. */
    @FunctionalInterface
    public interface StateListener {
        void changed(VirtualInterface vi, ViState from, ViState to);
    }

    VirtualInterface(FcviPort port, int number, ViAttributes attributes, CompletionQueue sendCq,
                     CompletionQueue recvCq) {
        this.port = port;
        this.address = new ViAddress(port.fcId(), number);
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.sendCq = Objects.requireNonNull(sendCq, "sendCq");
        this.recvCq = Objects.requireNonNull(recvCq, "recvCq");
    }

    public ViAddress address() {
        return address;
    }

    public int number() {
        return address.viNumber();
    }

    public ViAttributes attributes() {
        return attributes;
    }

    public CompletionQueue sendCompletions() {
        return sendCq;
    }

    public CompletionQueue receiveCompletions() {
        return recvCq;
    }

    public ViState state() {
        return state;
    }

    /** The VI this one is connected (or connecting) to, or null. */
    public ViAddress remote() {
        return remote;
    }

    /** Receive descriptors posted and not yet consumed. */
    public int postedReceives() {
        return recvQueue.size();
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    public void addStateListener(StateListener l) {
        stateListeners.add(l);
    }

    public void removeStateListener(StateListener l) {
        stateListeners.remove(l);
    }

    /**
     * Accepts connection requests from exactly {@code from} while Idle (a predetermined peer), or from any VI
     * when {@code from} is null. Stays in force across connections until {@link #stopAccepting()}.
     */
    public void acceptFrom(ViAddress from) {
        this.acceptFrom = from;
        this.acceptAny = from == null;
    }

    /** Accepts connection requests from any VI of the port {@code port} while Idle. */
    public void acceptFromPort(FcId port) {
        this.acceptPort = Objects.requireNonNull(port, "port");
    }

    public void stopAccepting() {
        this.acceptFrom = null;
        this.acceptPort = null;
        this.acceptAny = false;
    }

    boolean accepts(ViAddress requester) {
        return acceptAny || requester.equals(acceptFrom) || requester.fcId().equals(acceptPort);
    }

    /**
     * Starts the three-step connection setup with {@code remoteVi}. {@code callback} is told the result once:
     * {@link ConnectResult#ACCEPTED} when Connected, or why not.
     *
     * @throws InvalidViStateException unless the VI is Idle
     */
    public void connect(ViAddress remoteVi, Consumer<ConnectResult> callback) {
        Objects.requireNonNull(remoteVi, "remoteVi");
        Objects.requireNonNull(callback, "callback");
        checkNotDestroyed("connect");
        if (state != ViState.IDLE) {
            throw new InvalidViStateException(address, state, "connect");
        }
        remote = remoteVi;
        role = Role.REQUESTER;
        connectCallback = callback;
        setState(ViState.CONNECT_PENDING);
        new ConnectRequester(port, this).enterRequested();
    }

    /**
     * Tears the connection down: flushes both work queues (completions with
     * {@link ViStatus#DESCRIPTOR_FLUSHED}), tells the peer (FCVI_DISCONNECT_RQST) and returns to Idle. A VI
     * that is Idle stays Idle.
     */
    public void disconnect() {
        if (state == ViState.IDLE) {
            return;
        }
        ViAddress peer = remote;
        if (peer != null) {
            port.sendDisconnectRequest(this, peer, FcviProtocol.DISCONNECT_REQUESTED);
        }
        reset(ConnectResult.ABANDONED, true);
    }

    /**
     * Posts a descriptor. Receives are queued in any state (post them before connecting so no message is
     * missed); sends and RDMA operations run only while Connected. A descriptor that fails local checks
     * completes at once with the error, and nothing goes on the wire.
     */
    public void post(Descriptor d) {
        Objects.requireNonNull(d, "descriptor");
        checkNotDestroyed("post");
        boolean isReceive = d instanceof Descriptor.Receive;
        ViOperation op = operationOf(d);
        CompletionQueue cq = isReceive ? recvCq : sendCq;
        if (d.length() < 0) {
            cq.post(new Completion(address, d.id(), op, ViStatus.LOCAL_FORMAT_ERROR, 0, null, null));
            return;
        }
        int max = Math.min(attributes.maxTransferSize(), isReceive ? FcviProtocol.MAX_TRANSFER_SIZE : peerMaxTransfer);
        if (d.length() > max) {
            cq.post(new Completion(address, d.id(), op, ViStatus.LOCAL_LENGTH_ERROR, 0, null, null));
            return;
        }
        if (!port.localSegmentValid(d.localHandle(), d.localAddress(), d.length(), attributes.protectionTag())) {
            cq.post(new Completion(address, d.id(), op, ViStatus.LOCAL_PROTECTION_ERROR, 0, null, null));
            return;
        }
        if (isReceive) {
            recvQueue.addLast((Descriptor.Receive) d);
            return;
        }
        if (state != ViState.CONNECTED) {
            cq.post(new Completion(address, d.id(), op, ViStatus.DESCRIPTOR_FLUSHED, 0, null, null));
            return;
        }
        sendQueue.addLast(d);
        pump();
    }

    // ---------------------------------------------------------------- provider side

    FcviPort port() {
        return port;
    }

    Role role() {
        return role;
    }

    /** The exchange of the connection setup in progress, or null. */
    Exchange connectExchange() {
        return connectExchange;
    }

    /** Requester: the connection request went out on {@code exchange}. */
    void connectRequestSent(Exchange exchange) {
        connectExchange = exchange;
    }

    /** Requester: RESP1 accepted, RESP2 sent, waiting for RESP3. */
    void acceptedByPeer(int maxTransfer) {
        peerMaxTransfer = Math.min(FcviProtocol.MAX_TRANSFER_SIZE, maxTransfer);
    }

    /** Requester whose request crossed the peer's: it yields, its exchange ends here without a word. */
    void yieldConnectRequest() {
        closeIfOpen(connectExchange);
        connectExchange = null;
    }

    /** Responder: a request arriving on {@code exchange} was accepted; RESP1 goes out and RESP2 is awaited. */
    void becomeResponder(ViAddress requester, Exchange exchange, int maxTransfer) {
        remote = requester;
        role = Role.RESPONDER;
        connectExchange = exchange;
        peerMaxTransfer = Math.min(FcviProtocol.MAX_TRANSFER_SIZE, maxTransfer);
        if (state != ViState.CONNECT_PENDING) {
            setState(ViState.CONNECT_PENDING);
        }
    }

    /** Both roles: the setup finished. */
    void connected() {
        setState(ViState.CONNECTED);
        connectExchange = null;
        Consumer<ConnectResult> cb = connectCallback;
        connectCallback = null;
        if (cb != null) {
            cb.accept(ConnectResult.ACCEPTED);
        }
        pump();
    }

    /**
     * Back to Idle: ends the exchanges in progress here (their late answers are reported as unmatched), flushes
     * work queues, forgets the peer, and tells a waiting connect callback {@code result}.
     */
    void reset(ConnectResult result, boolean flushReceives) {
        Consumer<ConnectResult> cb = connectCallback;
        connectCallback = null;
        Descriptor flying = inFlight;
        inFlight = null;
        closeIfOpen(inFlightExchange);
        inFlightExchange = null;
        closeIfOpen(connectExchange);
        connectExchange = null;
        List<Descriptor> flushed = List.copyOf(sendQueue);
        sendQueue.clear();
        List<Descriptor.Receive> flushedRecv = List.of();
        if (flushReceives) {
            flushedRecv = List.copyOf(recvQueue);
            recvQueue.clear();
        }
        remote = null;
        role = Role.NONE;
        peerMaxTransfer = FcviProtocol.MAX_TRANSFER_SIZE;
        setState(ViState.IDLE);
        if (flying != null) {
            sendCq.post(new Completion(address, flying.id(), operationOf(flying), ViStatus.DESCRIPTOR_FLUSHED, 0,
                    null, null));
        }
        postFlushed(flushed);
        for (Descriptor d : flushedRecv) {
            recvCq.post(new Completion(address, d.id(), ViOperation.RECEIVE, ViStatus.DESCRIPTOR_FLUSHED, 0, null,
                    null));
        }
        if (cb != null) {
            cb.accept(result);
        }
    }

    private static void closeIfOpen(Exchange e) {
        if (e != null && e.state() == ExchangeState.OPEN) {
            e.close();
        }
    }

    /** A reliable VI that saw an error: Error state, queued descriptors flushed. */
    void fail() {
        postFlushed(enterError());
    }

    /** Error state for a reliable VI; returns the queued descriptors it flushed (not yet reported). */
    private List<Descriptor> enterError() {
        if (!attributes.reliability().isReliable() || state != ViState.CONNECTED) {
            return List.of();
        }
        List<Descriptor> flushed = List.copyOf(sendQueue);
        sendQueue.clear();
        setState(ViState.ERROR);
        return flushed;
    }

    private void postFlushed(List<Descriptor> flushed) {
        for (Descriptor d : flushed) {
            sendCq.post(new Completion(address, d.id(), operationOf(d), ViStatus.DESCRIPTOR_FLUSHED, 0, null, null));
        }
    }

    void destroy() {
        if (state != ViState.IDLE) {
            disconnect();
        }
        reset(ConnectResult.ABANDONED, true);
        destroyed = true;
    }

    /** The descriptor on the wire, if {@code exchange} carries it. */
    Descriptor inFlight(Exchange exchange) {
        return exchange == inFlightExchange ? inFlight : null;
    }

    /** The in-flight descriptor completed (successfully or not): run the next one. */
    void complete(Completion c) {
        inFlight = null;
        inFlightExchange = null;
        List<Descriptor> flushed = c.isSuccess() ? List.of() : enterError();
        sendCq.post(c);
        postFlushed(flushed);
        pump();
    }

    /** Takes the next receive descriptor, or null when none is posted. */
    Descriptor.Receive takeReceive() {
        return recvQueue.pollFirst();
    }

    void postReceiveCompletion(Completion c) {
        recvCq.post(c);
    }

    private void pump() {
        if (inFlight != null || state != ViState.CONNECTED || sendQueue.isEmpty()) {
            return;
        }
        Descriptor next = sendQueue.pollFirst();
        inFlight = next;
        Exchange e = new DataInitiator(port, this, next).enterSent();
        if (inFlight == next) {
            inFlightExchange = e;
        }
    }

    private void setState(ViState to) {
        ViState from = state;
        if (from == to) {
            return;
        }
        state = to;
        port.stateChanged(this, from, to);
        if (!stateListeners.isEmpty()) {
            List<StateListener> ls = List.copyOf(stateListeners);
            // Listeners run as their own task, after the transition that told them has finished.
            port.scheduler().execute(() -> {
                for (StateListener l : ls) {
                    l.changed(this, from, to);
                }
            });
        }
    }

    private void checkNotDestroyed(String op) {
        if (destroyed) {
            throw new InvalidViStateException(address, state, op + " (VI destroyed)");
        }
    }

    static ViOperation operationOf(Descriptor d) {
        if (d instanceof Descriptor.Send) {
            return ViOperation.SEND;
        }
        if (d instanceof Descriptor.Receive) {
            return ViOperation.RECEIVE;
        }
        if (d instanceof Descriptor.RdmaWrite) {
            return ViOperation.RDMA_WRITE;
        }
        return ViOperation.RDMA_READ;
    }

    @Override
    public String toString() {
        return "VI[" + address + " " + state + (remote != null ? " -> " + remote : "") + "]";
    }
}
