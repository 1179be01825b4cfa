package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.bls.BaRjt;
import dev.fcspec.emulator.port.bls.BaRjtCodes;
import dev.fcspec.emulator.port.bls.BlsCodec;
import dev.fcspec.emulator.port.bls.BlsDecodeException;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.Eof;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Sof;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The exchange manager of one physical N_Port and its NPIV virtual ports (one X_ID space, as an HBA has):
 * allocates OX_IDs and RX_IDs, never reusing one that is active or held in recovery, matches arriving
 * frames to exchanges, reassembles sequences, runs the E_D_TOV / R_A_TOV timers on the scheduler and answers
 * ABTS with BA_ACC or BA_RJT. Use it on the scheduler only.
 *
 * <p>X_IDs are handed out round-robin from a starting point drawn from the scheduler's seeded random source,
 * so a completed exchange's X_ID comes back only after every other one has been used (a late duplicate of an
 * old frame never matches a new exchange), and two ports rarely use the same OX_IDs at the same time.
 */
public final class ExchangeManager {

    /** Counters for steps and tests. */
    public record Statistics(long originated, long responded, long completed, long aborted, long duplicatesDropped,
                             long unknownExchangeFrames, long lateFrames, long sequenceErrors, long abtsReceived,
                             long baRjtSent, long abtsTimeouts, long answeredAgain, long strayFrames) {
    }

    private final Scheduler scheduler;
    private final Consumer<Frame> transmitter;
    private final int minXid;
    private final int maxXid;
    private ExchangeTimeouts timeouts;
    private int cursor;
    private final Map<Integer, Exchange> byXid = new HashMap<>();
    private final Map<Long, Exchange> responders = new HashMap<>();
    private final Map<Long, RecentRequest> recent = new HashMap<>();
    private UnsolicitedHandler unsolicited = (e, s) -> false;
    private final Map<ServiceKey, Attached> services = new HashMap<>();

    private long originated;
    private long responded;
    private long completed;
    private long aborted;
    private long duplicates;
    private long unknown;
    private long late;
    private long sequenceErrors;
    private long abtsReceived;
    private long baRjtSent;
    private long abtsTimeouts;
    private long answeredAgain;
    private long strays;

    private record RecentRequest(Frame first, long expiresAt) {
    }

    private record ServiceKey(FcId local, int type) {
    }

    /** An FC-4 served by a local port, with its duplicate-request cache (null when it keeps none). */
    private record Attached(Fc4Service service, ReplyCache cache) {
    }

    /**
     * @param transmitter puts a frame on the wire (the port's {@code LinkEnd::send})
     */
    public ExchangeManager(Scheduler scheduler, Consumer<Frame> transmitter, ExchangeTimeouts timeouts) {
        this(scheduler, transmitter, timeouts, 0x0000, 0xFFFE);
    }

    /** With an X_ID range {@code minXid..maxXid} (0xFFFF, FC_XID_UNKNOWN, is never allocated). */
    public ExchangeManager(Scheduler scheduler, Consumer<Frame> transmitter, ExchangeTimeouts timeouts, int minXid,
                           int maxXid) {
        // Start the round-robin at a point drawn from the run's seeded random source: two ports that start
        // together (both FLOGIs of a point-to-point link: S_ID 0, D_ID FFFFFE) do not use the same OX_IDs.
        this(scheduler, transmitter, timeouts, minXid, maxXid,
                minXid + checkedRange(minXid, maxXid, scheduler).random().nextInt(maxXid - minXid + 1));
    }

    /**
     * With an X_ID range and the first X_ID to hand out, for an exchange manager that needs no random start: a
     * switch's well-known services, which answer from their own addresses and never meet a twin.
     */
    public ExchangeManager(Scheduler scheduler, Consumer<Frame> transmitter, ExchangeTimeouts timeouts, int minXid,
                           int maxXid, int firstXid) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.transmitter = Objects.requireNonNull(transmitter, "transmitter");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        checkedRange(minXid, maxXid, scheduler);
        if (firstXid < minXid || firstXid > maxXid) {
            throw new IllegalArgumentException(String.format("first X_ID 0x%x is outside 0x%x..0x%x", firstXid,
                    minXid, maxXid));
        }
        this.minXid = minXid;
        this.maxXid = maxXid;
        this.cursor = firstXid;
    }

    private static Scheduler checkedRange(int minXid, int maxXid, Scheduler scheduler) {
        if (minXid < 0 || maxXid >= FrameHeader.RX_ID_UNASSIGNED || minXid > maxXid) {
            throw new IllegalArgumentException(String.format("X_ID range 0x%x..0x%x must lie within 0..0xfffe",
                    minXid, maxXid));
        }
        return Objects.requireNonNull(scheduler, "scheduler");
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ExchangeTimeouts timeouts() {
        return timeouts;
    }

    /** New timeouts, e.g. the fabric's E_D_TOV and R_A_TOV from the FLOGI LS_ACC. */
    public void setTimeouts(ExchangeTimeouts t) {
        this.timeouts = Objects.requireNonNull(t, "timeouts");
    }

    /** Where the first sequence of every exchange a remote port opens goes. */
    public void setUnsolicitedHandler(UnsolicitedHandler h) {
        this.unsolicited = Objects.requireNonNull(h, "handler");
    }

    /**
     * Attaches the FC-4 {@code service} of TYPE {@code type} served by local port {@code localId}: its
     * duplicate-request cache ({@link Fc4Service#duplicateRequests()}) starts empty, and frames of its TYPE on
     * no open exchange go to {@link Fc4Service#onStray}. Which service takes new exchanges is the unsolicited
     * handler's business (the port's FC-4 dispatch).
     */
    public void attach(FcId localId, int type, Fc4Service service) {
        DuplicateRequests d = service.duplicateRequests();
        services.put(new ServiceKey(localId, type), new Attached(service, d != null ? new ReplyCache(d) : null));
    }

    /** Forgets the FC-4 of TYPE {@code type} of {@code localId} and its cached replies. */
    public void detach(FcId localId, int type) {
        services.remove(new ServiceKey(localId, type));
    }

    /** How many replies the duplicate-request cache of {@code localId}'s FC-4 {@code type} holds. */
    public int cachedReplies(FcId localId, int type) {
        Attached a = services.get(new ServiceKey(localId, type));
        return a == null || a.cache() == null ? 0 : a.cache().size();
    }

    /**
     * Opens an exchange as originator with a fresh OX_ID.
     *
     * @throws ExchangeException NO_EXCHANGE_RESOURCES when every X_ID is in use
     */
    public Exchange originate(FcId localId, FcId remoteId, int type, SequenceHandler handler) {
        int xid = allocate();
        Exchange e = new Exchange(this, ExchangeRole.ORIGINATOR, xid, FrameHeader.RX_ID_UNASSIGNED, localId, remoteId,
                type, handler);
        byXid.put(xid, e);
        originated++;
        return e;
    }

    /**
     * Sends a request sequence on a new exchange and completes with the reply that ends it (the responder's
     * Last_Sequence), or exceptionally with an {@link ExchangeException} on timeout, abort or sequence error.
     * The future completes on the scheduler.
     */
    public CompletableFuture<Sequence> request(FcId localId, FcId remoteId, int rCtl, int type, byte[] payload,
                                               Duration timeout, int maxDataFieldSize) {
        CompletableFuture<Sequence> result = new CompletableFuture<>();
        Exchange e;
        try {
            e = originate(localId, remoteId, type, (x, s) -> {
                if (s.isLastSequence()) {
                    result.complete(s);
                }
            });
        } catch (ExchangeException ex) {
            scheduler.execute(() -> result.completeExceptionally(ex));
            return result;
        }
        e.done().whenComplete((x, t) -> {
            if (t != null) {
                result.completeExceptionally(t);
            } else if (!result.isDone()) {
                result.completeExceptionally(new ExchangeException(ExchangeException.Cause.SEQUENCE_ERROR,
                        "exchange " + x + " ended without a reply"));
            }
        });
        e.setMaxDataFieldSize(Math.min(maxDataFieldSize, Frame.MAX_PAYLOAD));
        e.setTimeout(timeout);
        e.send(rCtl, payload);
        return result;
    }

    /** Exchanges that are open, aborting or in recovery (their X_IDs are taken). */
    public List<Exchange> exchanges() {
        return List.copyOf(byXid.values());
    }

    /** Exchanges of one local port (physical or virtual). */
    public List<Exchange> exchanges(FcId localId) {
        List<Exchange> l = new ArrayList<>();
        for (Exchange e : byXid.values()) {
            if (e.localId().equals(localId)) {
                l.add(e);
            }
        }
        return l;
    }

    /** Number of X_IDs in use (open, aborting or held in recovery). */
    public int activeCount() {
        return byXid.size();
    }

    /** The exchange that holds X_ID {@code xid}, or null. */
    public Exchange find(int xid) {
        return byXid.get(xid);
    }

    /**
     * Fails every open exchange of {@code localId} (the port was reset or logged out): no ABTS is sent, the
     * X_IDs are held for R_A_TOV.
     */
    public void resetPort(FcId localId, String why) {
        for (Exchange e : List.copyOf(byXid.values())) {
            if (e.localId().equals(localId) && e.state() == ExchangeState.OPEN) {
                e.fail(new ExchangeException(ExchangeException.Cause.PORT_RESET, why), false);
            }
        }
    }

    /** Fails every open exchange between {@code localId} and {@code remoteId} (the remote port logged out). */
    public void resetPort(FcId localId, FcId remoteId, String why) {
        for (Exchange e : List.copyOf(byXid.values())) {
            if (e.localId().equals(localId) && e.remoteId().equals(remoteId) && e.state() == ExchangeState.OPEN) {
                e.fail(new ExchangeException(ExchangeException.Cause.PORT_RESET, why), false);
            }
        }
    }

    public Statistics statistics() {
        return new Statistics(originated, responded, completed, aborted, duplicates, unknown, late, sequenceErrors,
                abtsReceived, baRjtSent, abtsTimeouts, answeredAgain, strays);
    }

    // ---- receive path ----------------------------------------------------------------------------------

    /** A frame that arrived for this port (or one of its virtual ports). */
    public void receive(Frame frame) {
        FrameHeader h = frame.header();
        if (h.type() == FcType.BLS && RCtl.isBasicLinkService(h.rCtl())) {
            receiveBls(frame);
            return;
        }
        if (RCtl.isLinkControl(h.rCtl())) {
            unknown++;
            return;
        }
        if (h.fromResponder()) {
            Exchange e = byXid.get(h.oxId());
            if (e == null || e.role() != ExchangeRole.ORIGINATOR || !matchesRemote(e, h.sId())) {
                stray(frame);
                return;
            }
            if (!e.localId().equals(h.dId())) {
                if (e.localId().equals(FcId.UNASSIGNED)) {
                    e.setLocalId(h.dId());
                } else {
                    unknown++;
                    return;
                }
            }
            if (e.rxId() == FrameHeader.RX_ID_UNASSIGNED) {
                e.setRxId(h.rxId());
            } else if (h.rxId() != e.rxId() && h.rxId() != FrameHeader.RX_ID_UNASSIGNED) {
                stray(frame);
                return;
            }
            e.onFrame(frame);
            return;
        }
        long key = key(h.sId(), h.oxId());
        Exchange e = responders.get(key);
        if (e != null && (h.rxId() == e.rxId() || h.rxId() == FrameHeader.RX_ID_UNASSIGNED)) {
            e.onFrame(frame);
            return;
        }
        if (e != null || !frame.sof().initiatesSequence() || !h.has(FCtl.FIRST_SEQ)
                || h.rxId() != FrameHeader.RX_ID_UNASSIGNED) {
            unknown++;
            return;
        }
        RecentRequest r = recent.get(key);
        // An FC-4 with a duplicate-request cache answers a repeated request again, so it must reach the cache.
        if (r != null && !cachesReplies(h.dId(), h.type())) {
            if (r.expiresAt() >= scheduler.nanoTime() && r.first().equals(frame)) {
                duplicates++;
                return;
            }
            recent.remove(key);
        }
        int rx;
        try {
            rx = allocate();
        } catch (ExchangeException ex) {
            unknown++;
            return;
        }
        Exchange n = new Exchange(this, ExchangeRole.RESPONDER, h.oxId(), rx, h.dId(), h.sId(), h.type(), null);
        byXid.put(rx, n);
        responders.put(key, n);
        responded++;
        remember(key, frame);
        n.onFrame(frame);
    }

    private boolean cachesReplies(FcId local, int type) {
        Attached a = services.get(new ServiceKey(local, type));
        return a != null && a.cache() != null;
    }

    /** A frame from a responder that belongs to no open exchange of ours: counted, and told to its FC-4. */
    private void stray(Frame frame) {
        unknown++;
        Attached a = services.get(new ServiceKey(frame.header().dId(), frame.header().type()));
        if (a != null) {
            strays++;
            a.service().onStray(frame);
        }
    }

    private void remember(long key, Frame first) {
        long now = scheduler.nanoTime();
        if (recent.size() > 1024) {
            for (Iterator<RecentRequest> it = recent.values().iterator(); it.hasNext(); ) {
                if (it.next().expiresAt() < now) {
                    it.remove();
                }
            }
        }
        recent.put(key, new RecentRequest(first, now + timeouts.edTov().toNanos()));
    }

    private static boolean matchesRemote(Exchange e, FcId sId) {
        // FLOGI/FDISC go to the login server; in point-to-point the other N_Port answers from its own address.
        return e.remoteId().equals(sId) || e.remoteId().equals(FcId.FABRIC_LOGIN_SERVER);
    }

    private void receiveBls(Frame frame) {
        FrameHeader h = frame.header();
        BlsPayload p;
        try {
            p = BlsCodec.decode(frame);
        } catch (BlsDecodeException ex) {
            if (h.rCtl() == RCtl.BA_ACC || h.rCtl() == RCtl.BA_RJT) {
                unknown++;
                return;
            }
            sendBlsReply(h, null, ex.toBaRjt());
            return;
        }
        Exchange e = h.fromResponder() ? byXid.get(h.oxId()) : responders.get(key(h.sId(), h.oxId()));
        if (e != null && h.fromResponder() && (e.role() != ExchangeRole.ORIGINATOR || !e.remoteId().equals(h.sId()))) {
            e = null;
        }
        if (p instanceof dev.fcspec.emulator.port.bls.Abts) {
            abtsReceived++;
            if (e == null || !(h.rxId() == e.rxId() || h.rxId() == FrameHeader.RX_ID_UNASSIGNED
                    || e.rxId() == FrameHeader.RX_ID_UNASSIGNED)) {
                sendBlsReply(h, null, BaRjt.unknownExchange());
                return;
            }
            BaAcc acc = e.anySequenceDelivered()
                    ? new BaAcc(true, e.lastSeqId(), e.oxId(), e.rxId(), e.lastHighCnt(), h.seqCnt())
                    : BaAcc.wholeExchange(e.oxId(), e.rxId());
            sendBlsReply(h, e, acc);
            e.abortedByRemote();
        } else {
            answerAbort(e, h, p);
        }
    }

    private void answerAbort(Exchange e, FrameHeader h, BlsPayload answer) {
        if (e == null && !h.fromResponder()) {
            // we are the responder that sent ABTS: the originator answers on our RX_ID
            Exchange byRx = byXid.get(h.rxId());
            if (byRx != null && byRx.role() == ExchangeRole.RESPONDER && byRx.remoteId().equals(h.sId())) {
                e = byRx;
            }
        }
        if (e == null || e.state() != ExchangeState.ABORTING) {
            unknown++;
            return;
        }
        e.abortAnswered(answer);
    }

    private void sendBlsReply(FrameHeader abts, Exchange e, BlsPayload reply) {
        if (reply instanceof BaRjt) {
            baRjtSent++;
        }
        int fCtl = (abts.fromResponder() ? 0 : FCtl.EX_CTX) | FCtl.LAST_SEQ | FCtl.END_SEQ | FCtl.SEQ_INIT;
        int rxId = e != null ? e.rxId() : abts.rxId();
        FrameHeader h = new FrameHeader(reply.rCtl(), abts.sId(), 0, abts.dId(), FcType.BLS, fCtl, abts.seqId(), 0, 0,
                abts.oxId(), rxId, 0);
        transmit(Frame.of(Sof.SOFI3, h, reply.encode(), Eof.EOFT));
    }

    // ---- package-private hooks for Exchange --------------------------------------------------------------

    void transmit(Frame f) {
        transmitter.accept(f);
    }

    boolean dispatchUnsolicited(Exchange e, Sequence s) {
        Attached a = services.get(new ServiceKey(s.destinationId(), s.type()));
        if (a != null && a.cache() != null) {
            Object identity = a.cache().identity(s);
            if (identity != null) {
                byte[] request = s.payload();
                ReplyCache.Reply reply = a.cache().lookup(s.sourceId(), identity, request);
                if (reply != null) {
                    answeredAgain++;
                    e.setMaxDataFieldSize(reply.maxDataFieldSize());
                    e.send(reply.rCtl(), reply.payload(), reply.lastSequence(), reply.transfersInitiative(),
                            Exchange.NO_RELATIVE_OFFSET);
                    e.close();
                    a.service().onAnsweredAgain(s);
                    return true;
                }
                e.cacheReply(a.cache(), identity, request);
            }
        }
        return unsolicited.onUnsolicited(e, s);
    }

    void released(Exchange e) {
        byXid.remove(e.localXid(), e);
        if (e.role() == ExchangeRole.RESPONDER) {
            responders.remove(key(e.remoteId(), e.oxId()), e);
        }
        if (e.state() == ExchangeState.COMPLETED) {
            completed++;
        } else {
            aborted++;
        }
    }

    void countDuplicate() {
        duplicates++;
    }

    void countLateFrame() {
        late++;
    }

    void countSequenceError() {
        sequenceErrors++;
    }

    void countAbtsTimeout() {
        abtsTimeouts++;
    }

    private int allocate() {
        int span = maxXid - minXid + 1;
        for (int i = 0; i < span; i++) {
            int x = cursor;
            cursor = cursor == maxXid ? minXid : cursor + 1;
            if (!byXid.containsKey(x)) {
                return x;
            }
        }
        throw new ExchangeException(ExchangeException.Cause.NO_EXCHANGE_RESOURCES,
                "all " + span + " exchange IDs are in use");
    }

    private static long key(FcId remote, int oxId) {
        return (long) remote.value() << 16 | oxId;
    }
}
