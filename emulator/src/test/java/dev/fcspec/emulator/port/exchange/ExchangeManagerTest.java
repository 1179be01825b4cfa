package dev.fcspec.emulator.port.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.bls.BaRjt;
import dev.fcspec.emulator.port.bls.BaRjtCodes;
import dev.fcspec.emulator.port.bls.BlsCodec;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.time.VirtualScheduler;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exchange manager: X_IDs, sequences, timeouts and ABTS on a direct link in virtual time")
class ExchangeManagerTest {
    static final FcId A = FcId.of(1, 1, 1);
    static final FcId B = FcId.of(1, 1, 2);
    static final ExchangeTimeouts T = ExchangeTimeouts.DEFAULT;

    VirtualScheduler s;
    Link link;
    ExchangeManager a;
    ExchangeManager b;
    List<Frame> wire;
    List<Sequence> atB;

    @BeforeEach
    void setUp() {
        s = new VirtualScheduler(7);
        link = new Link(s, "ab");
        wire = new ArrayList<>();
        link.addTap((t, from, f) -> wire.add(f));
        a = new ExchangeManager(s, link.a()::send, T);
        b = new ExchangeManager(s, link.b()::send, T);
        link.a().attach(a::receive);
        link.b().attach(b::receive);
        atB = new ArrayList<>();
    }

    /** B answers every request by echoing its payload as the last sequence. */
    void bEchoes() {
        b.setUnsolicitedHandler((e, seq) -> {
            atB.add(seq);
            e.sendLast(RCtl.ELS_REP, seq.payload());
            return true;
        });
    }

    /** B takes every request and never answers. */
    List<Exchange> bHolds() {
        List<Exchange> held = new ArrayList<>();
        b.setUnsolicitedHandler((e, seq) -> {
            atB.add(seq);
            held.add(e);
            return true;
        });
        return held;
    }

    CompletableFuture<Sequence> request(byte[] payload) {
        return a.request(A, B, RCtl.ELS_REQ, FcType.ELS, payload, T.elsTimeout(), 2112);
    }

    static Throwable failureOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("not failed");
    }

    @Test
    void aRequestCompletesWithTheReplyAndFreesBothExchanges() {
        bEchoes();
        CompletableFuture<Sequence> f = request(new byte[] {0x10, 0, 0, 0, 1, 2, 3, 4});
        s.runUntilIdle();

        assertThat(f).isCompleted();
        Sequence reply = f.join();
        assertThat(reply.payload()).containsExactly(0x10, 0, 0, 0, 1, 2, 3, 4);
        assertThat(reply.isLastSequence()).isTrue();
        assertThat(a.activeCount()).isZero();
        assertThat(b.activeCount()).isZero();
        Frame req = wire.get(0);
        Frame rep = wire.get(1);
        assertThat(req.header().fCtl() & ~FCtl.FILL).isEqualTo(FCtl.REQUEST);
        assertThat(req.header().rxId()).isEqualTo(FrameHeader.RX_ID_UNASSIGNED);
        assertThat(rep.header().fCtl() & ~FCtl.FILL).isEqualTo(FCtl.FINAL_RESPONSE);
        assertThat(rep.header().oxId()).isEqualTo(req.header().oxId());
        assertThat(rep.header().rxId()).isNotEqualTo(FrameHeader.RX_ID_UNASSIGNED);
        assertThat(rep.header().dId()).isEqualTo(A);
        assertThat(rep.header().sId()).isEqualTo(B);
    }

    @Test
    void activeOxIdsAreNeverReusedAndExhaustionIsATypedError() {
        ExchangeManager small = new ExchangeManager(s, f -> { }, T, 0x10, 0x13);
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ids.add(small.originate(A, B, FcType.ELS, (e, q) -> { }).oxId());
        }
        assertThat(ids).containsExactlyInAnyOrder(0x10, 0x11, 0x12, 0x13);
        assertThatThrownBy(() -> small.originate(A, B, FcType.ELS, (e, q) -> { }))
                .isInstanceOfSatisfying(ExchangeException.class,
                        e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.NO_EXCHANGE_RESOURCES));
    }

    @Test
    void completedIdsComeBackOnlyAfterTheRestOfTheRange() {
        bEchoes();
        List<Integer> ox = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            request(new byte[4]);
            s.runUntilIdle();
            ox.add(wire.get(wire.size() - 2).header().oxId());
        }
        assertThat(new HashSet<>(ox)).hasSize(3);
    }

    @Test
    void aDroppedReplyTimesOutAfterElsTovAndTheExchangeIsAborted() {
        bEchoes();
        link.faults().dropNext(1, f -> f.header().rCtl() == RCtl.ELS_REP);
        CompletableFuture<Sequence> f = request(new byte[4]);

        s.runFor(T.elsTimeout().minusMillis(1));
        assertThat(f).isNotDone();
        s.runFor(Duration.ofMillis(2));
        assertThat(failureOf(f)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.TIMEOUT));
        s.runUntilIdle();
        // B had already completed its side, so it does not know the exchange any more: BA_RJT
        Frame abts = wire.stream().filter(x -> x.header().rCtl() == RCtl.BA_ABTS).findFirst().orElseThrow();
        Frame rjt = wire.stream().filter(x -> x.header().rCtl() == RCtl.BA_RJT).findFirst().orElseThrow();
        assertThat(abts.header().fCtl() & ~FCtl.FILL).isEqualTo(0x090000);
        assertThat(BlsCodec.decode(rjt)).isEqualTo(BaRjt.of(BaRjtCodes.REASON_LOGICAL_ERROR,
                BaRjtCodes.EXPLANATION_INVALID_OX_ID_RX_ID));
        assertThat(a.activeCount()).isZero();
    }

    @Test
    void abtsOnAnExchangeTheResponderKnowsIsAnsweredWithBaAcc() {
        List<Exchange> held = bHolds();
        List<ExchangeException> bAborts = new ArrayList<>();
        CompletableFuture<Sequence> f = request(new byte[8]);
        s.runFor(Duration.ofMillis(1));
        Exchange atResponder = held.get(0);
        atResponder.setHandler(new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence q) {
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                bAborts.add(cause);
            }
        });
        Exchange atOriginator = a.find(wire.get(0).header().oxId());

        CompletableFuture<BlsPayload> abort = atOriginator.abort();
        s.runFor(Duration.ofMillis(1));

        assertThat(abort).isCompleted();
        BaAcc acc = (BaAcc) abort.join();
        assertThat(acc.oxId()).isEqualTo(atOriginator.oxId());
        assertThat(acc.rxId()).isEqualTo(atResponder.rxId());
        assertThat(acc.seqIdValid()).isTrue();
        assertThat(acc.seqId()).isEqualTo(wire.get(0).header().seqId());
        assertThat(failureOf(f)).isInstanceOfSatisfying(ExchangeException.class,
                e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.LOCAL_ABORT));
        assertThat(bAborts).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.REMOTE_ABORT));
        assertThat(atResponder.state()).isEqualTo(ExchangeState.RECOVERY);
        assertThatThrownBy(() -> atResponder.sendLast(RCtl.ELS_REP, new byte[4])).isInstanceOf(IllegalStateException.class);
        assertThat(atOriginator.state()).isEqualTo(ExchangeState.RECOVERY);
    }

    @Test
    void anAbortedExchangeNeverCompletesWhenTheReplyArrivesLate() {
        List<Exchange> held = bHolds();
        CompletableFuture<Sequence> f = request(new byte[4]);
        s.runFor(Duration.ofMillis(1));
        Exchange atOriginator = a.find(wire.get(0).header().oxId());
        // the reply is on its way (delayed on the wire) when the originator aborts
        link.faults().delayNext(1, Duration.ofMillis(5), x -> x.header().rCtl() == RCtl.ELS_REP);
        held.get(0).sendLast(RCtl.ELS_REP, new byte[] {2, 0, 0, 0});
        atOriginator.abort();
        s.runUntilIdle();

        assertThat(failureOf(f)).isInstanceOf(ExchangeException.class);
        assertThat(a.statistics().lateFrames() + a.statistics().unknownExchangeFrames()).isEqualTo(1);
    }

    @Test
    void theXidOfAnAbortedExchangeIsHeldForRaTov() {
        ExchangeManager one = new ExchangeManager(s, link.a()::send, T, 0x20, 0x20);
        link.a().attach(one::receive);
        bHolds();
        Exchange e = one.originate(A, B, FcType.ELS, (x, q) -> { });
        e.send(RCtl.ELS_REQ, new byte[4]);
        s.runUntilIdle();
        e.abort();
        s.runFor(Duration.ofMillis(1));
        assertThat(e.state()).isEqualTo(ExchangeState.RECOVERY);

        assertThatThrownBy(() -> one.originate(A, B, FcType.ELS, (x, q) -> { })).isInstanceOf(ExchangeException.class);
        s.runFor(T.raTov());
        assertThat(e.state()).isEqualTo(ExchangeState.ABORTED);
        assertThat(one.originate(A, B, FcType.ELS, (x, q) -> { }).oxId()).isEqualTo(0x20);
    }

    @Test
    void duplicatedFramesDoNotCompleteAnExchangeTwice() {
        bEchoes();
        link.faults().duplicateNext(1, x -> x.header().rCtl() == RCtl.ELS_REQ);
        link.faults().duplicateNext(1, x -> x.header().rCtl() == RCtl.ELS_REP);
        List<Sequence> replies = new ArrayList<>();
        Exchange e = a.originate(A, B, FcType.ELS, (x, q) -> replies.add(q));
        List<Exchange> completions = new ArrayList<>();
        e.done().thenAccept(completions::add);
        e.send(RCtl.ELS_REQ, new byte[] {1, 2, 3, 4});
        s.runUntilIdle();

        assertThat(atB).hasSize(1);
        assertThat(replies).hasSize(1);
        assertThat(completions).hasSize(1);
        assertThat(b.statistics().duplicatesDropped()).isEqualTo(1);
        assertThat(a.statistics().duplicatesDropped() + a.statistics().unknownExchangeFrames()).isEqualTo(1);
    }

    @Test
    void aLargeSequenceIsSegmentedToTheDataFieldSizeAndReassembled() {
        bEchoes();
        byte[] big = new byte[5000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        CompletableFuture<Sequence> f = a.request(A, B, RCtl.ELS_REQ, FcType.ELS, big, T.elsTimeout(), 2048);
        s.runUntilIdle();

        List<Frame> req = wire.stream().filter(x -> x.header().rCtl() == RCtl.ELS_REQ).toList();
        assertThat(req).hasSize(3);
        assertThat(req).extracting(x -> x.header().seqCnt()).containsExactly(0, 1, 2);
        assertThat(req).extracting(x -> x.header().parameter()).containsExactly(0, 2048, 4096);
        assertThat(req).extracting(Frame::sof).containsExactly(Sof.SOFI3, Sof.SOFN3, Sof.SOFN3);
        assertThat(req).extracting(Frame::eof).containsExactly(Eof.EOFN, Eof.EOFN, Eof.EOFT);
        assertThat(req.get(2).header().has(FCtl.END_SEQ)).isTrue();
        assertThat(req.get(0).header().has(FCtl.END_SEQ)).isFalse();
        assertThat(atB.get(0).payload()).isEqualTo(big);
        assertThat(atB.get(0).frameCount()).isEqualTo(3);
        assertThat(f.join().payload()).isEqualTo(big);
    }

    @Test
    void aLostMiddleFrameIsASequenceErrorAndALostLastFrameTimesOutAfterEdTov() {
        List<Exchange> held = bHolds();
        link.faults().dropNext(1, x -> x.header().rCtl() == RCtl.ELS_REQ && x.header().seqCnt() == 1);
        CompletableFuture<Sequence> f1 = a.request(A, B, RCtl.ELS_REQ, FcType.ELS, new byte[3000], T.elsTimeout(), 1024);
        s.runFor(Duration.ofMillis(1));
        assertThat(b.statistics().sequenceErrors()).isEqualTo(1);
        assertThat(held).isEmpty();

        link.faults().dropNext(1, x -> x.header().rCtl() == RCtl.ELS_REQ && x.header().has(FCtl.END_SEQ));
        a.request(A, B, RCtl.ELS_REQ, FcType.ELS, new byte[3000], T.elsTimeout(), 1024);
        s.runFor(T.edTov().minusMillis(1));
        assertThat(b.exchanges()).anySatisfy(x -> assertThat(x.state()).isEqualTo(ExchangeState.OPEN));
        s.runFor(Duration.ofMillis(2));
        assertThat(b.exchanges()).allSatisfy(x -> assertThat(x.state()).isNotEqualTo(ExchangeState.OPEN));
        assertThat(held).isEmpty();
        s.runUntilIdle();
        assertThat(failureOf(f1)).isInstanceOf(ExchangeException.class);
    }

    @Test
    void abtsForAnExchangeNobodyKnowsIsRejectedLogicalErrorInvalidOxIdRxId() {
        List<Frame> atRaw = new ArrayList<>();
        link.a().attach((FrameReceiver) atRaw::add);
        FrameHeader h = new FrameHeader(RCtl.BA_ABTS, B, 0, A, FcType.BLS, 0x090000, 0, 0, 0, 0x1234, 0xFFFF, 0);
        link.a().send(Frame.of(Sof.SOFI3, h, new byte[0], Eof.EOFT));
        s.runUntilIdle();

        assertThat(atRaw).singleElement().satisfies(r -> {
            assertThat(r.header().rCtl()).isEqualTo(RCtl.BA_RJT);
            assertThat(r.header().oxId()).isEqualTo(0x1234);
            assertThat(r.header().dId()).isEqualTo(A);
            assertThat(r.header().has(FCtl.EX_CTX)).isTrue();
            assertThat(BlsCodec.decode(r)).isEqualTo(BaRjt.of(0x03, 0x03));
        });
        assertThat(b.activeCount()).isZero();
    }

    @Test
    void abtsWithAPayloadIsRejectedProtocolError() {
        List<Frame> atRaw = new ArrayList<>();
        link.a().attach((FrameReceiver) atRaw::add);
        FrameHeader h = new FrameHeader(RCtl.BA_ABTS, B, 0, A, FcType.BLS, 0x090000, 0, 0, 0, 0x1234, 0xFFFF, 0);
        link.a().send(Frame.of(Sof.SOFI3, h, new byte[4], Eof.EOFT));
        s.runUntilIdle();

        assertThat(atRaw).singleElement().satisfies(r ->
                assertThat(BlsCodec.decode(r)).isEqualTo(BaRjt.of(BaRjtCodes.REASON_PROTOCOL_ERROR, 0)));
    }

    @Test
    void framesOfUnknownExchangesAreCountedAndDropped() {
        bEchoes();
        FrameHeader mid = new FrameHeader(RCtl.ELS_REQ, B, 0, A, FcType.ELS, FCtl.END_SEQ, 3, 0, 5, 0x4444, 0xFFFF, 0);
        link.a().send(Frame.of(Sof.SOFN3, mid, new byte[4], Eof.EOFT));
        FrameHeader reply = new FrameHeader(RCtl.ELS_REP, A, 0, B, FcType.ELS, FCtl.FINAL_RESPONSE, 3, 0, 0, 0x4444, 7, 0);
        link.b().send(Frame.single(reply, new byte[4]));
        s.runUntilIdle();

        assertThat(atB).isEmpty();
        assertThat(b.statistics().unknownExchangeFrames()).isEqualTo(1);
        assertThat(a.statistics().unknownExchangeFrames()).isEqualTo(1);
    }
}
