package dev.fcspec.emulator.port.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("FC-4s on the exchange manager: sequence-level requests, the duplicate-request cache, stray replies")
class Fc4ServiceTest {
    static final FcId A = FcId.of(0x0a, 0, 1);
    static final FcId B = FcId.of(0x0b, 0, 1);
    static final int TYPE = 0xE0;
    static final Duration TIMEOUT = Duration.ofMillis(5);

    VirtualScheduler s;
    Link link;
    DedicatedLinkPort a;
    DedicatedLinkPort b;
    List<Frame> wire;

    @BeforeEach
    void setUp() {
        s = new VirtualScheduler(3);
        link = new Link(s, "dedicated");
        wire = new ArrayList<>();
        link.addTap((t, from, f) -> wire.add(f));
        a = new DedicatedLinkPort(s, A, link.a()::send);
        b = new DedicatedLinkPort(s, B, link.b()::send);
        link.a().attach(a);
        link.b().attach(b);
    }

    /** An FC-4 that answers every request with "re:" and the request's bytes, and records what it saw. */
    static class Echo implements Fc4Service {
        final List<byte[]> requests = new ArrayList<>();
        final List<byte[]> answeredAgain = new ArrayList<>();
        final List<Frame> strays = new ArrayList<>();
        final DuplicateRequests duplicates;
        /** The remote port's receive data field size, as a port sets it from the login. */
        int maxDataFieldSize = Frame.MAX_PAYLOAD;

        Echo(DuplicateRequests duplicates) {
            this.duplicates = duplicates;
        }

        @Override
        public boolean onRequest(Exchange e, Sequence first) {
            requests.add(first.payload());
            e.setMaxDataFieldSize(maxDataFieldSize);
            e.sendLast(RCtl.DD_CMD_STATUS, reply(first.payload()));
            return true;
        }

        @Override
        public DuplicateRequests duplicateRequests() {
            return duplicates;
        }

        @Override
        public void onAnsweredAgain(Sequence request) {
            answeredAgain.add(request.payload());
        }

        @Override
        public void onStray(Frame frame) {
            strays.add(frame);
        }

        static byte[] reply(byte[] request) {
            return ByteBuffer.allocate(4 + request.length).put("re: ".getBytes()).put(request).array();
        }
    }

    /** What the requester saw on an exchange. */
    static class Replies implements SequenceHandler {
        final List<byte[]> replies = new ArrayList<>();
        final List<ExchangeException> aborts = new ArrayList<>();

        @Override
        public void onSequence(Exchange e, Sequence seq) {
            replies.add(seq.payload());
        }

        @Override
        public void onAborted(Exchange e, ExchangeException cause) {
            aborts.add(cause);
        }
    }

    Replies request(byte[] payload) {
        Replies r = new Replies();
        a.sendRequest(B, TYPE, RCtl.DD_UNSOL_CMD, payload, TIMEOUT, r);
        return r;
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    @Nested
    @DisplayName("a dedicated link port")
    class Dedicated {

        @Test
        void aRequestAndItsReplyFormOneExchangeOfTheFc4sType() {
            Echo echo = new Echo(null);
            b.serve(TYPE, echo);
            Replies r = request(bytes(1, 2, 3, 4));
            s.runFor(Duration.ofMillis(1));

            assertThat(r.replies).singleElement().satisfies(p -> assertThat(p).isEqualTo(Echo.reply(bytes(1, 2, 3, 4))));
            assertThat(wire).hasSize(2).allSatisfy(f -> assertThat(f.header().type()).isEqualTo(TYPE));
            FrameHeader rq = wire.get(0).header();
            FrameHeader rp = wire.get(1).header();
            assertThat(rq.fCtl() & ~FCtl.FILL).isEqualTo(FCtl.REQUEST);
            assertThat(rq.sId()).isEqualTo(A);
            assertThat(rp.fCtl() & ~FCtl.FILL).isEqualTo(FCtl.FINAL_RESPONSE);
            assertThat(rp.oxId()).isEqualTo(rq.oxId());
            assertThat(a.exchangeManager().activeCount()).isZero();
            assertThat(b.exchangeManager().activeCount()).isZero();
        }

        @Test
        void framesForAnotherAddressAreIgnoredAndCounted() {
            Echo echo = new Echo(null);
            b.serve(TYPE, echo);
            FrameHeader h = FrameHeader.of(RCtl.DD_UNSOL_CMD, FcId.of(0x0c, 0, 1), A, TYPE, FCtl.REQUEST, 0x1234);
            link.a().send(Frame.single(h, bytes(9, 9, 9, 9)));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.requests).isEmpty();
            assertThat(b.framesIgnored()).isEqualTo(1);
            assertThat(b.exchangeManager().statistics().responded()).isZero();
        }

        @Test
        void anUnservedTypeIsDiscardedAndItsRequesterTimesOutWithAbts() {
            Replies r = request(bytes(1, 2, 3, 4));
            s.runFor(TIMEOUT.plusMillis(1));

            assertThat(r.replies).isEmpty();
            assertThat(r.aborts).singleElement()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(ExchangeException.Cause.TIMEOUT));
            assertThat(wire).anyMatch(f -> f.header().rCtl() == RCtl.BA_ABTS);
        }
    }

    @Nested
    @DisplayName("the duplicate-request cache")
    class Duplicates {

        @Test
        void aRequestTheLinkDuplicatesIsAnsweredTwiceButHandedToTheFc4Once() {
            Echo echo = new Echo(DuplicateRequests.byExchange(16));
            b.serve(TYPE, echo);
            link.faults().duplicateNext(1, f -> f.header().sId().equals(A));
            Replies r = request(bytes(5, 6, 7, 8));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.requests).hasSize(1);
            assertThat(echo.answeredAgain).singleElement().satisfies(p -> assertThat(p).isEqualTo(bytes(5, 6, 7, 8)));
            List<Frame> replies = wire.stream().filter(f -> f.header().sId().equals(B)).toList();
            assertThat(replies).hasSize(2).allSatisfy(f -> {
                assertThat(f.payload()).isEqualTo(Echo.reply(bytes(5, 6, 7, 8)));
                assertThat(f.header().oxId()).isEqualTo(wire.get(0).header().oxId());
            });
            assertThat(r.replies).hasSize(1);
            assertThat(b.exchangeManager().statistics().answeredAgain()).isEqualTo(1);
        }

        @Test
        void aReplyAnsweredAgainIsCutToTheSameFramesAsTheFirstTime() {
            Echo echo = new Echo(DuplicateRequests.byExchange(16));
            echo.maxDataFieldSize = 8;
            b.serve(TYPE, echo);
            link.faults().duplicateNext(1, f -> f.header().sId().equals(A));
            Replies r = request(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
            s.runFor(Duration.ofMillis(1));

            List<Frame> replies = wire.stream().filter(f -> f.header().sId().equals(B)).toList();
            assertThat(replies).hasSize(4).allSatisfy(f -> assertThat(f.payload().length).isLessThanOrEqualTo(8));
            assertThat(replies).extracting(f -> f.header().seqCnt()).containsExactly(0, 1, 0, 1);
            assertThat(r.replies).singleElement()
                    .satisfies(p -> assertThat(p).isEqualTo(Echo.reply(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))));
        }

        @Test
        void withoutACacheTheDuplicatedFirstFrameIsOnlySuppressed() {
            Echo echo = new Echo(null);
            b.serve(TYPE, echo);
            link.faults().duplicateNext(1, f -> f.header().sId().equals(A));
            request(bytes(5, 6, 7, 8));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.requests).hasSize(1);
            assertThat(wire.stream().filter(f -> f.header().sId().equals(B))).hasSize(1);
            assertThat(b.exchangeManager().statistics().duplicatesDropped()).isEqualTo(1);
        }

        /** Requests whose first two bytes are their identifier, retransmitted on new exchanges. */
        DuplicateRequests byFirstTwoBytes(int capacity) {
            return new DuplicateRequests(q -> {
                byte[] p = q.payload();
                return p.length < 2 ? null : (p[0] & 0xFF) << 8 | p[1] & 0xFF;
            }, capacity);
        }

        @Test
        void aRetransmissionOnANewExchangeIsRecognisedByItsIdentity() {
            Echo echo = new Echo(byFirstTwoBytes(16));
            b.serve(TYPE, echo);
            request(bytes(0, 1, 0xAA));
            s.runFor(Duration.ofMillis(1));
            Replies again = request(bytes(0, 1, 0xAA));
            s.runFor(Duration.ofMillis(1));

            assertThat(wire.get(2).header().oxId()).isNotEqualTo(wire.get(0).header().oxId());
            assertThat(echo.requests).hasSize(1);
            assertThat(echo.answeredAgain).hasSize(1);
            assertThat(again.replies).singleElement()
                    .satisfies(p -> assertThat(p).isEqualTo(Echo.reply(bytes(0, 1, 0xAA))));
        }

        @Test
        void theSameIdentityWithOtherBytesIsANewRequest() {
            Echo echo = new Echo(byFirstTwoBytes(16));
            b.serve(TYPE, echo);
            request(bytes(0, 1, 0xAA));
            s.runFor(Duration.ofMillis(1));
            Replies other = request(bytes(0, 1, 0xBB));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.requests).extracting(Arrays::toString)
                    .containsExactly(Arrays.toString(bytes(0, 1, 0xAA)), Arrays.toString(bytes(0, 1, 0xBB)));
            assertThat(echo.answeredAgain).isEmpty();
            assertThat(other.replies).singleElement()
                    .satisfies(p -> assertThat(p).isEqualTo(Echo.reply(bytes(0, 1, 0xBB))));
        }

        @Test
        void aRequestWithoutAnIdentityIsNeverCached() {
            Echo echo = new Echo(byFirstTwoBytes(16));
            b.serve(TYPE, echo);
            request(bytes(7));
            s.runFor(Duration.ofMillis(1));
            request(bytes(7));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.requests).hasSize(2);
            assertThat(b.exchangeManager().cachedReplies(B, TYPE)).isZero();
        }

        @Test
        void theCacheIsBoundedAndForgetsTheOldestRequestFirst() {
            Echo echo = new Echo(byFirstTwoBytes(2));
            b.serve(TYPE, echo);
            for (int id = 1; id <= 3; id++) {
                request(bytes(0, id));
                s.runFor(Duration.ofMillis(1));
            }
            assertThat(b.exchangeManager().cachedReplies(B, TYPE)).isEqualTo(2);
            request(bytes(0, 3));
            s.runFor(Duration.ofMillis(1));
            request(bytes(0, 1));
            s.runFor(Duration.ofMillis(1));

            assertThat(echo.answeredAgain).extracting(Arrays::toString).containsExactly(Arrays.toString(bytes(0, 3)));
            assertThat(echo.requests).hasSize(4);
        }

        @Test
        void stoppingTheServiceForgetsItsCachedReplies() {
            Echo echo = new Echo(byFirstTwoBytes(16));
            b.serve(TYPE, echo);
            request(bytes(0, 1));
            s.runFor(Duration.ofMillis(1));
            b.stopServing(TYPE);

            assertThat(b.exchangeManager().cachedReplies(B, TYPE)).isZero();
        }
    }

    @Nested
    @DisplayName("stray replies")
    class Strays {

        @Test
        void aSecondReplyAfterTheExchangeEndedIsHandedToTheRequestersFc4() {
            Echo atB = new Echo(DuplicateRequests.byExchange(16));
            Echo atA = new Echo(null);
            b.serve(TYPE, atB);
            a.serve(TYPE, atA);
            link.faults().duplicateNext(1, f -> f.header().sId().equals(A));
            Replies r = request(bytes(1, 1, 1, 1));
            s.runFor(Duration.ofMillis(1));

            assertThat(r.replies).hasSize(1);
            assertThat(atA.strays).singleElement().satisfies(f -> {
                assertThat(f.header().sId()).isEqualTo(B);
                assertThat(f.payload()).isEqualTo(Echo.reply(bytes(1, 1, 1, 1)));
            });
            assertThat(a.exchangeManager().statistics().strayFrames()).isEqualTo(1);
        }

        @Test
        void aReplyOnAnExchangeThisPortNeverOpenedIsAStray() {
            Echo atA = new Echo(null);
            a.serve(TYPE, atA);
            FrameHeader h = new FrameHeader(RCtl.DD_CMD_STATUS, A, 0, B, TYPE, FCtl.FINAL_RESPONSE, 0, 0, 0, 0x4343,
                    0x4444, 0);
            link.b().send(Frame.single(h, bytes(2, 2, 2, 2)));
            s.runFor(Duration.ofMillis(1));

            assertThat(atA.strays).hasSize(1);
            assertThat(atA.requests).isEmpty();
        }

        @Test
        void aStrayOfAnUnservedTypeIsOnlyCounted() {
            FrameHeader h = new FrameHeader(RCtl.DD_CMD_STATUS, A, 0, B, TYPE, FCtl.FINAL_RESPONSE, 0, 0, 0, 0x4343,
                    0x4444, 0);
            link.b().send(Frame.single(h, bytes(2, 2, 2, 2)));
            s.runFor(Duration.ofMillis(1));

            assertThat(a.exchangeManager().statistics().unknownExchangeFrames()).isEqualTo(1);
            assertThat(a.exchangeManager().statistics().strayFrames()).isZero();
        }
    }
}
