package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.port.bls.Abts;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.time.Timer;
import dev.fcspec.emulator.wire.Eof;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.SequenceSegmenter;
import dev.fcspec.emulator.wire.Sof;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One exchange between a local port and a remote port. Created by {@link ExchangeManager}; used on the
 * scheduler only. Sequences are sent with {@link #send} and arrive at the {@link SequenceHandler}; the
 * exchange completes when a sequence with Last_Sequence is sent or received, and {@link #done()} completes
 * then (exceptionally, exactly once, when the exchange is aborted or times out; an aborted exchange never
 * completes later).
 */
public final class Exchange {
    /** Sentinel for "no relative offset" in {@link #send(int, byte[], boolean, boolean, int)}. */
    public static final int NO_RELATIVE_OFFSET = -1;

    private final ExchangeManager manager;
    private final ExchangeRole role;
    private final int type;
    private int oxId;
    private int rxId;
    private FcId localId;
    private final FcId remoteId;
    private ExchangeState state = ExchangeState.OPEN;
    private SequenceHandler handler;
    private int maxDataFieldSize = Frame.MAX_PAYLOAD;
    private int nextSeqId;
    private boolean sentFirstSequence;
    private final CompletableFuture<Exchange> done = new CompletableFuture<>();
    private CompletableFuture<BlsPayload> abortResult;
    private ExchangeException failure;
    private Timer timeout;
    private Timer abtsTimer;

    // inbound sequence being reassembled
    private int inSeqId = -1;
    private int inFirstCnt;
    private int inExpectedCnt;
    private FrameHeader inFirst;
    private ByteArrayOutputStream inData;
    private int inFrames;
    private int inBaseOffset;
    private Timer inTimer;
    // last sequence delivered, for duplicate detection and BA_ACC
    private int lastSeqId = -1;
    private int lastLowCnt;
    private int lastHighCnt;
    private boolean anySequenceDelivered;
    // responder of a cached FC-4: where its first reply is remembered for duplicates of the request
    private ReplyCache replyCache;
    private Object replyIdentity;
    private byte[] replyRequest;

    Exchange(ExchangeManager manager, ExchangeRole role, int oxId, int rxId, FcId localId, FcId remoteId, int type,
             SequenceHandler handler) {
        this.manager = manager;
        this.role = role;
        this.oxId = oxId;
        this.rxId = rxId;
        this.localId = localId;
        this.remoteId = remoteId;
        this.type = type;
        this.handler = handler;
        if (role == ExchangeRole.RESPONDER) {
            sentFirstSequence = true;
        }
    }

    public ExchangeRole role() {
        return role;
    }

    public ExchangeState state() {
        return state;
    }

    public int oxId() {
        return oxId;
    }

    /** The RX_ID; {@link FrameHeader#RX_ID_UNASSIGNED} until the responder's first frame arrives. */
    public int rxId() {
        return rxId;
    }

    /** The X_ID this port allocated: the OX_ID for an originator, the RX_ID for a responder. */
    public int localXid() {
        return role == ExchangeRole.ORIGINATOR ? oxId : rxId;
    }

    public FcId localId() {
        return localId;
    }

    public FcId remoteId() {
        return remoteId;
    }

    /** FC-4 TYPE of the exchange's frames (0x01 ELS, 0x20 CT, 0x08 FCP...). */
    public int type() {
        return type;
    }

    /** Completes when the exchange completes; fails with an {@link ExchangeException} when it is aborted. */
    public CompletableFuture<Exchange> done() {
        return done;
    }

    /** Why the exchange failed, or null. */
    public ExchangeException failure() {
        return failure;
    }

    public void setHandler(SequenceHandler h) {
        this.handler = h;
    }

    /** The largest data field per frame: the remote port's receive data field size. */
    public void setMaxDataFieldSize(int size) {
        if (size < 4 || size > Frame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("data field size " + size + " is outside 4..2112");
        }
        this.maxDataFieldSize = size & ~3;
    }

    public int maxDataFieldSize() {
        return maxDataFieldSize;
    }

    /** Sends a sequence that transfers the initiative and does not end the exchange (a request). */
    public void send(int rCtl, byte[] payload) {
        send(rCtl, payload, false, true, NO_RELATIVE_OFFSET);
    }

    /** Sends the last sequence: the exchange completes (an ELS or CT reply, FCP_RSP). */
    public void sendLast(int rCtl, byte[] payload) {
        send(rCtl, payload, true, true, NO_RELATIVE_OFFSET);
    }

    /**
     * Sends one sequence, split into frames of at most {@link #maxDataFieldSize()} bytes, SEQ_CNT counting
     * from 0. With more than one frame, or with {@code relativeOffset} >= 0, every frame carries its relative
     * offset in the Parameter field (F_CTL relative offset present).
     *
     * @param lastSequence        Last_Sequence: the exchange completes once the sequence is sent
     * @param transferInitiative  Sequence Initiative passes to the other port
     * @param relativeOffset      offset of the first byte, or {@link #NO_RELATIVE_OFFSET}
     * @throws IllegalStateException when the exchange is no longer open
     */
    public void send(int rCtl, byte[] payload, boolean lastSequence, boolean transferInitiative,
                     int relativeOffset) {
        send(remoteId, rCtl, payload, lastSequence, transferInitiative, relativeOffset);
    }

    /**
     * Sends the last sequence to {@code destination} instead of the remote port's address: the answer of a
     * fabric login server to FLOGI or FDISC goes to the N_Port_ID it assigns (FC-LS), while the request came
     * from S_ID 000000. The exchange stays the remote port's (its X_IDs, its duplicate-request entry).
     */
    public void sendLastTo(FcId destination, int rCtl, byte[] payload) {
        send(Objects.requireNonNull(destination, "destination"), rCtl, payload, true, true, NO_RELATIVE_OFFSET);
    }

    private void send(FcId destination, int rCtl, byte[] payload, boolean lastSequence, boolean transferInitiative,
                      int relativeOffset) {
        if (state != ExchangeState.OPEN) {
            throw new IllegalStateException("exchange " + this + " is " + state + "; cannot send");
        }
        int frames = SequenceSegmenter.frameCount(payload.length, maxDataFieldSize);
        boolean relOff = relativeOffset >= 0 || frames > 1;
        int seqId = nextSeqId;
        nextSeqId = (nextSeqId + 1) & 0xFF;
        int fCtl = (role == ExchangeRole.RESPONDER ? FCtl.EX_CTX : 0)
                | (!sentFirstSequence ? FCtl.FIRST_SEQ : 0) | (relOff ? FCtl.REL_OFF : 0)
                | (lastSequence ? FCtl.LAST_SEQ : 0) | (transferInitiative ? FCtl.SEQ_INIT : 0) | FCtl.END_SEQ;
        FrameHeader template = new FrameHeader(rCtl, destination, 0, localId, type, fCtl, seqId, 0, 0, oxId, rxId,
                relOff ? Math.max(relativeOffset, 0) : 0);
        if (replyCache != null) {
            replyCache.remember(remoteId, replyIdentity, replyRequest,
                    new ReplyCache.Reply(rCtl, payload.clone(), lastSequence, transferInitiative, maxDataFieldSize));
            replyCache = null;
            replyRequest = null;
        }
        for (Frame f : SequenceSegmenter.segment(template, payload, maxDataFieldSize)) {
            manager.transmit(f);
        }
        sentFirstSequence = true;
        if (lastSequence) {
            complete();
        }
    }

    /**
     * Aborts the exchange unless it has already ended if it does not end within {@code d}: the exchange fails
     * with {@link ExchangeException.Cause#TIMEOUT} and ABTS is sent.
     */
    public void setTimeout(Duration d) {
        if (timeout != null) {
            timeout.cancel();
        }
        timeout = manager.scheduler().schedule(d, () -> {
            if (state == ExchangeState.OPEN) {
                fail(new ExchangeException(ExchangeException.Cause.TIMEOUT,
                        "no completion within " + d + " on " + this), true);
            }
        });
    }

    /**
     * Aborts the exchange with ABTS (whole exchange). The returned future completes with the BA_ACC or BA_RJT,
     * or exceptionally when none arrives within R_A_TOV; {@link #done()} fails at once.
     */
    public CompletableFuture<BlsPayload> abort() {
        if (state == ExchangeState.OPEN) {
            fail(new ExchangeException(ExchangeException.Cause.LOCAL_ABORT, "aborted by this port: " + this), true);
        }
        if (abortResult != null) {
            return abortResult;
        }
        CompletableFuture<BlsPayload> f = new CompletableFuture<>();
        f.completeExceptionally(new IllegalStateException("exchange " + this + " is " + state + ", nothing to abort"));
        return f;
    }

    /** Ends the exchange here without sending (the port discards it); frees the X_IDs. */
    public void close() {
        if (state == ExchangeState.OPEN) {
            complete();
        }
    }

    // ---- manager side --------------------------------------------------------------------------------

    void setLocalId(FcId id) {
        this.localId = id;
    }

    void setRxId(int rx) {
        this.rxId = rx;
    }

    /** The first sequence this responder sends answers {@code request}: remember it in {@code cache}. */
    void cacheReply(ReplyCache cache, Object identity, byte[] request) {
        this.replyCache = cache;
        this.replyIdentity = identity;
        this.replyRequest = request;
    }

    boolean anySequenceDelivered() {
        return anySequenceDelivered;
    }

    int lastSeqId() {
        return lastSeqId;
    }

    int lastHighCnt() {
        return lastHighCnt;
    }

    CompletableFuture<BlsPayload> abortResult() {
        return abortResult;
    }

    private void complete() {
        markCompleted();
        done.complete(this);
    }

    private void markCompleted() {
        state = ExchangeState.COMPLETED;
        cancelTimers();
        manager.released(this);
    }

    /** Fails the exchange; with {@code sendAbts} it sends ABTS, else it goes straight to RECOVERY. */
    void fail(ExchangeException cause, boolean sendAbts) {
        if (state != ExchangeState.OPEN) {
            return;
        }
        failure = cause;
        cancelTimers();
        abortResult = new CompletableFuture<>();
        if (sendAbts) {
            state = ExchangeState.ABORTING;
            int seqId = nextSeqId;
            nextSeqId = (nextSeqId + 1) & 0xFF;
            FrameHeader h = new FrameHeader(RCtl.BA_ABTS, remoteId, 0, localId, FcType.BLS,
                    (role == ExchangeRole.RESPONDER ? FCtl.EX_CTX : 0) | FCtl.END_SEQ | FCtl.SEQ_INIT, seqId, 0, 0,
                    oxId, rxId, Abts.ABORT_EXCHANGE.parameter());
            manager.transmit(Frame.of(Sof.SOFI3, h, new byte[0], Eof.EOFT));
            abtsTimer = manager.scheduler().schedule(manager.timeouts().raTov(), () -> {
                if (state == ExchangeState.ABORTING) {
                    manager.countAbtsTimeout();
                    abortResult.completeExceptionally(new ExchangeException(ExchangeException.Cause.TIMEOUT,
                            "no BA_ACC or BA_RJT within R_A_TOV for " + this));
                    enterRecovery();
                }
            });
        } else {
            enterRecovery();
        }
        done.completeExceptionally(cause);
        SequenceHandler h = handler;
        if (h != null) {
            h.onAborted(this, cause);
        }
    }

    /** BA_ACC or BA_RJT for our ABTS. */
    void abortAnswered(BlsPayload answer) {
        if (state != ExchangeState.ABORTING) {
            return;
        }
        if (abtsTimer != null) {
            abtsTimer.cancel();
        }
        abortResult.complete(answer);
        enterRecovery();
    }

    /** The other port aborted the exchange (its ABTS was answered with BA_ACC). */
    void abortedByRemote() {
        if (state == ExchangeState.OPEN) {
            fail(new ExchangeException(ExchangeException.Cause.REMOTE_ABORT, "ABTS received on " + this), false);
            abortResult.complete(null);
        }
    }

    private void enterRecovery() {
        state = ExchangeState.RECOVERY;
        manager.scheduler().schedule(manager.timeouts().raTov(), () -> {
            state = ExchangeState.ABORTED;
            manager.released(this);
        });
    }

    private void cancelTimers() {
        if (timeout != null) {
            timeout.cancel();
        }
        if (inTimer != null) {
            inTimer.cancel();
        }
    }

    /** A frame of this exchange arrived from the remote port. */
    void onFrame(Frame frame) {
        if (state != ExchangeState.OPEN) {
            manager.countLateFrame();
            return;
        }
        FrameHeader h = frame.header();
        if (inData == null) {
            if (anySequenceDelivered && h.seqId() == lastSeqId && h.seqCnt() >= lastLowCnt
                    && h.seqCnt() <= lastHighCnt) {
                manager.countDuplicate();
                return;
            }
            if (!frame.sof().initiatesSequence()) {
                sequenceError("first frame of sequence " + h.seqId() + " missing (SEQ_CNT " + h.seqCnt() + ")");
                return;
            }
            inSeqId = h.seqId();
            inFirstCnt = h.seqCnt();
            inExpectedCnt = h.seqCnt();
            inFirst = h;
            inData = new ByteArrayOutputStream();
            inFrames = 0;
            inBaseOffset = h.has(FCtl.REL_OFF) ? h.parameter() : 0;
        } else {
            if (h.seqId() != inSeqId) {
                sequenceError(String.format("frame of SEQ_ID %02x while SEQ_ID %02x is open", h.seqId(), inSeqId));
                return;
            }
            if (h.seqCnt() < inExpectedCnt) {
                manager.countDuplicate();
                return;
            }
        }
        if (h.seqCnt() != inExpectedCnt) {
            sequenceError("SEQ_CNT " + h.seqCnt() + " where " + inExpectedCnt + " was expected");
            return;
        }
        if (h.has(FCtl.REL_OFF) && h.parameter() != inBaseOffset + inData.size()) {
            sequenceError("relative offset " + h.parameter() + " where " + (inBaseOffset + inData.size())
                    + " was expected");
            return;
        }
        byte[] p = frame.payload();
        inData.write(p, 0, p.length);
        inFrames++;
        inExpectedCnt = (inExpectedCnt + 1) & 0xFFFF;
        if (inTimer != null) {
            inTimer.cancel();
            inTimer = null;
        }
        if (!h.has(FCtl.END_SEQ) && frame.eof() != Eof.EOFT) {
            inTimer = manager.scheduler().schedule(manager.timeouts().edTov(), () -> {
                if (state == ExchangeState.OPEN && inData != null) {
                    fail(new ExchangeException(ExchangeException.Cause.SEQUENCE_TIMEOUT,
                            "sequence " + inSeqId + " stalled for E_D_TOV on " + this), true);
                }
            });
            return;
        }
        Sequence seq = new Sequence(inFirst, h, inData.toByteArray(), inFrames);
        lastSeqId = inSeqId;
        lastLowCnt = inFirstCnt;
        lastHighCnt = h.seqCnt();
        anySequenceDelivered = true;
        inData = null;
        inFirst = null;
        if (seq.isLastSequence()) {
            markCompleted();
            deliver(seq);
            done.complete(this);
        } else {
            deliver(seq);
        }
    }

    private void deliver(Sequence seq) {
        SequenceHandler h = handler;
        if (h != null) {
            h.onSequence(this, seq);
        } else if (!manager.dispatchUnsolicited(this, seq)) {
            close();
        }
    }

    private void sequenceError(String why) {
        inData = null;
        manager.countSequenceError();
        fail(new ExchangeException(ExchangeException.Cause.SEQUENCE_ERROR, why + " on " + this), true);
    }

    @Override
    public String toString() {
        return String.format("Exchange[%s %s %s->%s OX_ID=%04x RX_ID=%04x TYPE=%02x]", role, state, localId,
                remoteId, oxId, rxId, type);
    }
}
