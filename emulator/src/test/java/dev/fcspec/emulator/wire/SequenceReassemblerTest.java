package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.SequenceException.Defect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SequenceReassembler rebuilds a sequence and names each defect")
class SequenceReassemblerTest {

    private static final FcId INITIATOR = FcId.of(1, 2, 0);
    private static final FcId TARGET = FcId.of(1, 3, 0);
    private static final int SIZE = 256;
    private static final FrameHeader DATA = new FrameHeader(RCtl.FCP_DATA, INITIATOR, 0, TARGET, FcType.FCP,
            FCtl.EX_CTX | FCtl.REL_OFF, 0x05, 0, 0, 0x1234, 0x0042, 0);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + 3);
        }
        return b;
    }

    /** Four frames: 256, 256, 256, 100 bytes, SEQ_CNT 0..3, offsets 0, 256, 512, 768. */
    private static List<Frame> four() {
        return SequenceSegmenter.segment(DATA, bytes(868), SIZE);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> rejects(SequenceReassembler r, Frame f,
                                                                         Defect defect) {
        int frames = r.framesReceived();
        long bytes = r.bytesReceived();
        List<Integer> missing = r.missingSeqCnts();
        AbstractThrowableAssert<?, ? extends Throwable> a = assertThatThrownBy(() -> r.add(f))
                .isInstanceOfSatisfying(SequenceException.class, e -> assertThat(e.defect()).isEqualTo(defect))
                .isInstanceOf(WireFormatException.class)
                .hasMessageStartingWith(defect.name() + ": ");
        assertThat(r.framesReceived()).as("state unchanged").isEqualTo(frames);
        assertThat(r.bytesReceived()).as("state unchanged").isEqualTo(bytes);
        assertThat(r.missingSeqCnts()).as("state unchanged").isEqualTo(missing);
        return a;
    }

    private static Frame withHeader(Frame f, FrameHeader h) {
        return Frame.of(f.sof(), h, f.payload(), f.eof());
    }

    @Test
    void framesInOrderCompleteTheSequenceOnTheLastOne() {
        SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
        List<Frame> frames = four();

        for (Frame f : frames.subList(0, 3)) {
            assertThat(r.add(f)).isEmpty();
            assertThat(r.isComplete()).isFalse();
        }
        Optional<ReassembledSequence> done = r.add(frames.get(3));

        assertThat(done).isPresent();
        assertThat(done.get().payload()).isEqualTo(bytes(868));
        assertThat(r.isComplete()).isTrue();
        assertThat(r.result()).containsSame(done.get());
        assertThat(r.requireComplete()).isSameAs(done.get());
        assertThat(r.missingSeqCnts()).isEmpty();
    }

    @Test
    void aSingleFrameSequenceCompletesAtOnce() {
        SequenceReassembler r = SequenceReassembler.inOrder(2048, 2048);
        Frame plogi = Frame.single(FrameHeader.of(RCtl.ELS_REQ, TARGET, INITIATOR, FcType.ELS, FCtl.REQUEST, 1),
                bytes(116));

        assertThat(r.add(plogi)).get().satisfies(s -> {
            assertThat(s.payload()).isEqualTo(bytes(116));
            assertThat(s.frameCount()).isEqualTo(1);
            assertThat(s.firstHeader()).isEqualTo(s.lastHeader());
        });
    }

    @Nested
    @DisplayName("SEQ_CNT order")
    class Order {

        @Test
        void aGapIsRejectedWhenTheLastFrameArrivesEarly() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            r.add(f.get(1));

            rejects(r, f.get(3), Defect.GAP).hasMessageContaining("SEQ_CNT 2 never arrived");
        }

        @Test
        void aGapOfSeveralFramesNamesThemAll() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));

            rejects(r, f.get(3), Defect.GAP).hasMessageContaining("SEQ_CNT 1..2 never arrived");
        }

        @Test
        void aMissingFirstFrameIsAGapOrOutOfOrder() {
            List<Frame> f = four();

            rejects(SequenceReassembler.inOrder(SIZE, 10_000), f.get(1), Defect.OUT_OF_ORDER)
                    .hasMessageContaining("before any frame with SOFi");
            rejects(SequenceReassembler.inOrder(SIZE, 10_000), f.get(3), Defect.GAP);
        }

        @Test
        void aDuplicateIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            r.add(f.get(1));

            rejects(r, f.get(1), Defect.DUPLICATE).hasMessageContaining("SEQ_CNT 1 was already received");
            rejects(r, f.get(0), Defect.DUPLICATE);
            r.add(f.get(2));
            r.add(f.get(3));
            rejects(r, f.get(3), Defect.DUPLICATE);
        }

        @Test
        void outOfOrderIsRejectedInOrderMode() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));

            rejects(r, f.get(2), Defect.OUT_OF_ORDER).hasMessageContaining("SEQ_CNT 2 where 1 was expected");
            r.add(f.get(1));
            r.add(f.get(2));
            assertThat(r.add(f.get(3))).isPresent();
        }

        @Test
        void outOfOrderFramesAreReorderedWhenAllowed() {
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
            List<Frame> f = four();

            assertThat(r.add(f.get(3))).isEmpty();
            assertThat(r.add(f.get(1))).isEmpty();
            assertThat(r.missingSeqCnts()).containsExactly(2);
            assertThat(r.add(f.get(0))).isEmpty();
            assertThat(r.missingSeqCnts()).containsExactly(2);
            Optional<ReassembledSequence> done = r.add(f.get(2));

            assertThat(done).get().extracting(ReassembledSequence::payload).isEqualTo(bytes(868));
            assertThat(done.get().firstHeader().seqCnt()).isZero();
            assertThat(done.get().lastHeader().seqCnt()).isEqualTo(3);
        }

        @Test
        void everyPermutationSeededReassembles() {
            SplittableRandom random = new SplittableRandom(11);
            List<Frame> frames = SequenceSegmenter.segment(DATA, bytes(5000), SIZE);
            for (int round = 0; round < 50; round++) {
                List<Frame> shuffled = new ArrayList<>(frames);
                for (int i = shuffled.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    Frame t = shuffled.get(i);
                    shuffled.set(i, shuffled.get(j));
                    shuffled.set(j, t);
                }
                SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
                Optional<ReassembledSequence> done = Optional.empty();
                for (Frame f : shuffled) {
                    assertThat(done).as("complete before the last frame").isEmpty();
                    done = r.add(f);
                }
                assertThat(done).get().extracting(ReassembledSequence::payload).isEqualTo(bytes(5000));
            }
        }

        @Test
        void aGapIsReportedWhenTheCallerGivesUp() {
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            r.add(f.get(3));

            assertThatThrownBy(r::requireComplete).isInstanceOfSatisfying(SequenceException.class,
                    e -> assertThat(e.defect()).isEqualTo(Defect.GAP)).hasMessageContaining("SEQ_CNT [1, 2]");
            assertThat(r.missingSeqCnts()).containsExactly(1, 2);
        }

        @Test
        void missingFirstOrLastFramesAreNamedWhenTheCallerGivesUp() {
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(1));

            assertThatThrownBy(r::requireComplete).isInstanceOf(SequenceException.class)
                    .hasMessageContaining("the first frame (SOFi)")
                    .hasMessageContaining("the last frame (End_Sequence)");
            assertThatThrownBy(SequenceReassembler.inOrder(SIZE, 1)::requireComplete)
                    .isInstanceOf(SequenceException.class).hasMessageContaining("after 0 frames");
        }

        @Test
        void framesBeyondTheEndAreRejected() {
            List<Frame> f = SequenceSegmenter.segment(DATA, bytes(1024), SIZE);  // SEQ_CNT 0..3, all 256 bytes
            Frame extra = Frame.of(Sof.SOFN3, f.get(3).header().withSeqCnt(4).withParameter(1024)
                    .withFCtl(FCtl.EX_CTX | FCtl.REL_OFF), bytes(4), Eof.EOFN);

            SequenceReassembler reorder = SequenceReassembler.reordering(SIZE, 10_000);
            reorder.add(f.get(0));
            reorder.add(f.get(3));
            rejects(reorder, extra, Defect.BEYOND_END).hasMessageContaining("outside the sequence 0..3");

            SequenceReassembler reorder2 = SequenceReassembler.reordering(SIZE, 10_000);
            reorder2.add(f.get(0));
            reorder2.add(extra);
            rejects(reorder2, f.get(3), Defect.BEYOND_END).hasMessageContaining("SEQ_CNT 4 was received outside it");

            SequenceReassembler inOrder = SequenceReassembler.inOrder(SIZE, 10_000);
            f.forEach(inOrder::add);
            rejects(inOrder, extra, Defect.BEYOND_END).hasMessageContaining("after the sequence ended");
        }

        @Test
        void seqCntMayWrapWithinASequence() {
            List<Frame> f = SequenceSegmenter.segment(DATA.withSeqCnt(0xFFFE), bytes(868), SIZE);
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);

            r.add(f.get(2));
            r.add(f.get(0));
            r.add(f.get(3));
            assertThat(r.missingSeqCnts()).containsExactly(0xFFFF);
            assertThat(r.add(f.get(1))).get().extracting(ReassembledSequence::payload).isEqualTo(bytes(868));
        }
    }

    @Nested
    @DisplayName("relative offset")
    class RelativeOffset {

        @Test
        void aWrongOffsetIsRejectedInOrder() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            Frame bad = withHeader(f.get(1), f.get(1).header().withParameter(300));

            rejects(r, bad, Defect.WRONG_RELATIVE_OFFSET).hasMessageContaining("offset 300 where 256 was expected");
        }

        @Test
        void aWrongOffsetIsRejectedWhenReordering() {
            List<Frame> f = four();
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
            r.add(f.get(2));
            Frame badBefore = withHeader(f.get(1), f.get(1).header().withParameter(252));
            rejects(r, badBefore, Defect.WRONG_RELATIVE_OFFSET).hasMessageContaining("SEQ_CNT 2 starts at 512");
            Frame badAfter = withHeader(f.get(3), f.get(3).header().withParameter(700));
            rejects(r, badAfter, Defect.WRONG_RELATIVE_OFFSET).hasMessageContaining("SEQ_CNT 2 ends at 768");
        }

        @Test
        void theFirstFrameMustCarryTheExpectedOffset() {
            List<Frame> f = SequenceSegmenter.segment(DATA.withParameter(4096), bytes(868), SIZE);

            rejects(SequenceReassembler.inOrder(SIZE, 10_000), f.get(0), Defect.WRONG_RELATIVE_OFFSET)
                    .hasMessageContaining("offset 4096 where 0 was expected");
            rejects(SequenceReassembler.reordering(SIZE, 10_000), f.get(0), Defect.WRONG_RELATIVE_OFFSET);
            SequenceReassembler burst = new SequenceReassembler(SIZE, 10_000, false, 4096);
            SequenceReassembler any = new SequenceReassembler(SIZE, 10_000, false, SequenceReassembler.ANY_FIRST_OFFSET);
            for (Frame frame : f) {
                burst.add(frame);
                any.add(frame);
            }
            assertThat(burst.isComplete()).isTrue();
            assertThat(any.isComplete()).isTrue();
        }

        @Test
        void relOffMustBeOnAllFramesOrNone() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            Frame noRelOff = withHeader(f.get(1), f.get(1).header().withFCtl(FCtl.EX_CTX));

            rejects(r, noRelOff, Defect.WRONG_RELATIVE_OFFSET).hasMessageContaining("lacks F_CTL REL_OFF");
        }

        @Test
        void withoutRelOffTheParameterIsNotChecked() {
            FrameHeader noOffsets = DATA.withFCtl(FCtl.EX_CTX).withParameter(0x55);
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            Optional<ReassembledSequence> done = Optional.empty();
            for (Frame f : SequenceSegmenter.segment(noOffsets, bytes(868), SIZE)) {
                done = r.add(f);
            }
            assertThat(done).isPresent();
        }
    }

    @Nested
    @DisplayName("sizes")
    class Sizes {

        @Test
        void aFrameOverTheNegotiatedSizeIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> big = SequenceSegmenter.segment(DATA, bytes(1024), 512);

            rejects(r, big.get(0), Defect.FRAME_TOO_LARGE).hasMessageContaining("512 bytes")
                    .hasMessageContaining("receive data field size 256");
        }

        @Test
        void aSequenceOverItsMaximumLengthIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 600);
            List<Frame> f = four();
            r.add(f.get(0));
            r.add(f.get(1));

            rejects(r, f.get(2), Defect.SEQUENCE_TOO_LONG).hasMessageContaining("768 bytes")
                    .hasMessageContaining("600 allowed");
        }

        @Test
        void fillBytesBeforeTheLastFrameAreRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = SequenceSegmenter.segment(DATA, bytes(255), 256);
            Frame shortMiddle = Frame.of(Sof.SOFI3, f.get(0).header().withFCtl(FCtl.EX_CTX | FCtl.REL_OFF),
                    bytes(255), Eof.EOFN);

            rejects(r, shortMiddle, Defect.MISPLACED_FILL);
        }

        @Test
        void badLimitsAreRefused() {
            assertThatThrownBy(() -> SequenceReassembler.inOrder(255, 100)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SequenceReassembler.inOrder(256, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SequenceReassembler.inOrder(256, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new SequenceReassembler(256, 100, false, 1L << 32))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("identity")
    class Identity {

        @Test
        void aSeqIdMismatchIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));

            rejects(r, withHeader(f.get(1), f.get(1).header().withSeqId(6)), Defect.SEQ_ID_MISMATCH)
                    .hasMessageContaining("SEQ_ID 0x06 in a sequence with SEQ_ID 0x05");
        }

        @Test
        void aFrameOfAnotherExchangeIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));

            rejects(r, withHeader(f.get(1), f.get(1).header().withOxId(0x9999)), Defect.EXCHANGE_MISMATCH)
                    .hasMessageContaining("OX_ID 0x9999");
            rejects(r, withHeader(f.get(1), f.get(1).header().withSId(FcId.of(9, 9, 9))), Defect.EXCHANGE_MISMATCH);
            rejects(r, withHeader(f.get(1), f.get(1).header().withDId(FcId.of(9, 9, 9))), Defect.EXCHANGE_MISMATCH);
        }
    }

    @Nested
    @DisplayName("delimiters")
    class Delimiters {

        @Test
        void aSecondSofiIsRejected() {
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            List<Frame> f = four();
            r.add(f.get(0));
            Frame second = Frame.of(Sof.SOFI3, f.get(1).header(), f.get(1).payload(), Eof.EOFN);

            rejects(r, second, Defect.BAD_DELIMITER).hasMessageContaining("sequence started at SEQ_CNT 0");
        }

        @Test
        void eoftWithoutEndSequenceAndTheReverseAreRejected() {
            List<Frame> f = four();
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            r.add(f.get(0));
            rejects(r, Frame.of(Sof.SOFN3, f.get(1).header(), f.get(1).payload(), Eof.EOFT), Defect.BAD_DELIMITER)
                    .hasMessageContaining("without F_CTL End_Sequence");
            r.add(f.get(1));
            r.add(f.get(2));
            rejects(r, Frame.of(Sof.SOFN3, f.get(3).header(), f.get(3).payload(), Eof.EOFN), Defect.BAD_DELIMITER)
                    .hasMessageContaining("but F_CTL End_Sequence");
        }

        @Test
        void anAbortedOrInvalidFrameIsRejected() {
            List<Frame> f = four();
            SequenceReassembler r = SequenceReassembler.inOrder(SIZE, 10_000);
            r.add(f.get(0));

            rejects(r, Frame.of(Sof.SOFN3, f.get(1).header(), f.get(1).payload(), Eof.EOFA), Defect.BAD_DELIMITER)
                    .hasMessageContaining("aborted");
            rejects(r, Frame.of(Sof.SOFN3, f.get(1).header(), f.get(1).payload(), Eof.EOFNI), Defect.BAD_DELIMITER)
                    .hasMessageContaining("invalid");
            rejects(r, Frame.of(Sof.SOFF, f.get(1).header(), f.get(1).payload(), Eof.EOFN), Defect.BAD_DELIMITER);
        }

        @Test
        void aSecondEndSequenceIsRejectedWhenReordering() {
            List<Frame> f = four();
            SequenceReassembler r = SequenceReassembler.reordering(SIZE, 10_000);
            r.add(f.get(3));
            Frame alsoEnd = Frame.of(Sof.SOFN3, f.get(1).header().withFCtl(f.get(3).header().fCtl()),
                    f.get(1).payload(), Eof.EOFT);

            rejects(r, alsoEnd, Defect.BAD_DELIMITER).hasMessageContaining("already ended the sequence");
        }
    }

    @Test
    void everyDefectHasAPRjtReason() {
        assertThat(Defect.GAP.pRjtReason()).isEqualTo(0x0F);
        assertThat(Defect.WRONG_RELATIVE_OFFSET.pRjtReason()).isEqualTo(0x10);
        assertThat(Defect.SEQ_ID_MISMATCH.pRjtReason()).isEqualTo(0x0D);
        assertThat(Defect.FRAME_TOO_LARGE.pRjtReason()).isEqualTo(0x13);
        assertThat(Defect.BAD_DELIMITER.pRjtReason()).isEqualTo(0x06);
        for (Defect d : Defect.values()) {
            assertThat(d.pRjtReason()).isBetween(0x01, 0x25);
        }
    }
}
