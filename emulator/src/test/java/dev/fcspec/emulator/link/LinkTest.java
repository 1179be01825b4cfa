package dev.fcspec.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameDecodeException;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Link: in-memory frames with latency, taps and faults")
class LinkTest {

    private static final FcId A = FcId.of(1, 1, 0);
    private static final FcId B = FcId.of(1, 2, 0);

    /** A frame told apart by its OX_ID. */
    private static Frame frame(int oxId) {
        return Frame.single(FrameHeader.of(RCtl.ELS_REQ, B, A, FcType.ELS, FCtl.REQUEST, oxId),
                new byte[] {0x10, 0, 0, 0, (byte) oxId, 1, 2, 3});
    }

    /** Records what arrives at one end, with the time it arrived. */
    private static final class Recorder implements FrameReceiver {
        final VirtualScheduler clock;
        final List<Integer> oxIds = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<FrameDecodeException> discarded = new ArrayList<>();
        final List<byte[]> discardedBytes = new ArrayList<>();

        Recorder(VirtualScheduler clock) {
            this.clock = clock;
        }

        @Override
        public void receive(Frame frame) {
            oxIds.add(frame.header().oxId());
            times.add(clock.nanoTime());
        }

        @Override
        public void discard(byte[] bytes, FrameDecodeException defect) {
            discarded.add(defect);
            discardedBytes.add(bytes);
        }
    }

    private final VirtualScheduler s = new VirtualScheduler(2024);
    private final Link link = new Link(s, "l", Duration.ofNanos(1000));
    private final Recorder atB = new Recorder(s);
    private final Recorder atA = new Recorder(s);

    {
        link.b().attach(atB);
        link.a().attach(atA);
    }

    private void sendA(int... oxIds) {
        for (int ox : oxIds) {
            link.a().send(frame(ox));
        }
    }

    @Nested
    @DisplayName("delivery")
    class Delivery {

        @Test
        void framesArriveAfterTheLatencyNotBefore() {
            sendA(1);
            s.runFor(Duration.ofNanos(999));
            assertThat(atB.oxIds).isEmpty();

            s.runFor(Duration.ofNanos(1));
            assertThat(atB.oxIds).containsExactly(1);
            assertThat(atB.times).containsExactly(1000L);
        }

        @Test
        void framesArriveInTheOrderSent() {
            sendA(1, 2, 3);
            s.schedule(Duration.ofNanos(10), () -> sendA(4));
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1, 2, 3, 4);
            assertThat(atB.times).containsExactly(1000L, 1000L, 1000L, 1010L);
        }

        @Test
        void theLinkIsFullDuplex() {
            sendA(1);
            link.b().send(frame(2));
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1);
            assertThat(atA.oxIds).containsExactly(2);
            assertThat(link.a().peer()).isSameAs(link.b());
            assertThat(link.b().peer()).isSameAs(link.a());
            assertThat(link.a().link()).isSameAs(link);
        }

        @Test
        void theFrameArrivesEqualToTheOneSent() {
            Frame sent = frame(7);
            List<Frame> got = new ArrayList<>();
            link.b().attach(got::add);
            link.a().send(sent);
            s.runUntilIdle();

            assertThat(got).containsExactly(sent);
        }

        @Test
        void aFrameToAnEndWithNoPortIsDropped() {
            Link open = new Link(s, "open");
            open.a().send(frame(1));
            s.runUntilIdle();

            assertThat(open.statistics().dropped()).isEqualTo(1);
            assertThat(open.statistics().delivered()).isZero();
        }

        @Test
        void countsWhatItCarried() {
            sendA(1, 2);
            s.runUntilIdle();

            assertThat(link.statistics()).isEqualTo(new LinkStatistics(2, 2, 0, 0, 0, 0));
        }

        @Test
        void aNegativeLatencyIsRefused() {
            assertThatThrownBy(() -> new Link(s, "x", Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("taps")
    class Taps {

        @Test
        void seeEveryTransmittedFrameAtTransmissionTimeEvenWhenDroppedOrCorrupted() {
            List<String> seen = new ArrayList<>();
            link.addTap((t, from, f) -> seen.add(t + ":" + from.name() + ":" + f.header().oxId()));
            link.faults().dropNext(1, f -> f.header().oxId() == 2).corruptNext(1, f -> f.header().oxId() == 3);
            sendA(1, 2, 3);
            s.schedule(Duration.ofNanos(5), () -> link.b().send(frame(4)));
            s.runUntilIdle();
            link.faults().partition();
            sendA(5);

            assertThat(seen).containsExactly("0:l:a:1", "0:l:a:2", "0:l:a:3", "5:l:b:4", "1005:l:a:5");
        }

        @Test
        void canBeRemoved() {
            List<Integer> seen = new ArrayList<>();
            FrameTap tap = (t, from, f) -> seen.add(f.header().oxId());
            link.addTap(tap);
            sendA(1);
            link.removeTap(tap);
            sendA(2);

            assertThat(seen).containsExactly(1);
        }
    }

    @Nested
    @DisplayName("faults")
    class Faults {

        @Test
        void dropLosesTheNextMatchingFrames() {
            link.faults().dropNext(2, f -> f.header().oxId() % 2 == 0);
            sendA(1, 2, 3, 4, 5, 6);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1, 3, 5, 6);
            assertThat(link.statistics().dropped()).isEqualTo(2);
            assertThat(link.statistics().transmitted()).isEqualTo(6);
        }

        @Test
        void duplicateDeliversTwice() {
            link.faults().duplicateNext(1, f -> f.header().oxId() == 2);
            sendA(1, 2, 3);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1, 2, 2, 3);
            assertThat(link.statistics().duplicated()).isEqualTo(1);
            assertThat(link.statistics().delivered()).isEqualTo(4);
        }

        @Test
        void corruptionReachesTheReceiverAsABadCrcDiscard() {
            link.faults().corruptNext(1, f -> f.header().oxId() == 2);
            sendA(1, 2, 3);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1, 3);
            assertThat(atB.discarded).singleElement()
                    .extracting(FrameDecodeException::defect).isEqualTo(FrameDecodeException.Defect.BAD_CRC);
            assertThat(atB.discardedBytes.get(0)).hasSize(4 + 24 + 8 + 4 + 4);
            assertThat(link.statistics().corrupted()).isEqualTo(1);
        }

        @Test
        void everyCorruptionIsCaughtByTheCrc() {
            link.faults().corruptNext(500, f -> true);
            for (int i = 0; i < 500; i++) {
                sendA(i);
            }
            s.runUntilIdle();

            assertThat(atB.oxIds).isEmpty();
            assertThat(atB.discarded).hasSize(500)
                    .allSatisfy(e -> assertThat(e.defect()).isEqualTo(FrameDecodeException.Defect.BAD_CRC));
        }

        @Test
        void delayLetsLaterFramesOvertake() {
            link.faults().delayNext(1, Duration.ofNanos(5000), f -> f.header().oxId() == 1);
            sendA(1, 2, 3);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(2, 3, 1);
            assertThat(atB.times).containsExactly(1000L, 1000L, 6000L);
            assertThat(link.statistics().delayed()).isEqualTo(1);
        }

        @Test
        void partitionCutsBothDirectionsIncludingFramesInFlightUntilHealed() {
            sendA(1);
            s.runFor(Duration.ofNanos(500));
            link.faults().partition();
            assertThat(link.faults().isPartitioned()).isTrue();
            sendA(2);
            link.b().send(frame(3));
            s.runUntilIdle();

            assertThat(atB.oxIds).as("in flight when cut, and sent while cut").isEmpty();
            assertThat(atA.oxIds).isEmpty();
            assertThat(link.statistics().dropped()).isEqualTo(3);

            link.faults().heal();
            sendA(4);
            link.b().send(frame(5));
            s.runUntilIdle();
            assertThat(atB.oxIds).containsExactly(4);
            assertThat(atA.oxIds).containsExactly(5);
        }

        @Test
        void rulesApplyInOrderAndRunOut() {
            link.faults().dropNext(1, f -> true).duplicateNext(1, f -> true);
            sendA(1, 2, 3);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(2, 2, 3);
        }

        @Test
        void clearRemovesRulesAndHeals() {
            link.faults().dropNext(5, f -> true).partition();
            link.faults().clear();
            sendA(1);
            s.runUntilIdle();

            assertThat(atB.oxIds).containsExactly(1);
            assertThat(link.faults().isPartitioned()).isFalse();
        }

        @Test
        void badRulesAreRefused() {
            FaultPlan p = link.faults();

            assertThatThrownBy(() -> p.dropNext(-1, f -> true)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.dropNext(0, f -> true)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.corruptNext(1, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.delayNext(1, Duration.ofNanos(-1), f -> true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.dropWithProbability(1.5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.dropWithProbability(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("probabilistic faults")
    class Probabilistic {

        private List<Integer> run(long seed, double p) {
            VirtualScheduler vs = new VirtualScheduler(seed);
            Link l = new Link(vs, "p");
            List<Integer> got = new ArrayList<>();
            l.b().attach(f -> got.add(f.header().oxId()));
            l.faults().dropWithProbability(p);
            for (int i = 0; i < 1000; i++) {
                l.a().send(frame(i));
            }
            vs.runUntilIdle();
            return got;
        }

        @Test
        void aSeededRunDropsExactlyTheSameFrames() {
            List<Integer> first = run(5150, 0.3);

            assertThat(run(5150, 0.3)).isEqualTo(first);
            assertThat(first.size()).as("about 70%% delivered").isBetween(600, 800);
            assertThat(run(5151, 0.3)).as("another seed, other frames").isNotEqualTo(first);
        }

        @Test
        void probabilityZeroAndOneAreExact() {
            assertThat(run(1, 0.0)).hasSize(1000);
            assertThat(run(1, 1.0)).isEmpty();
        }
    }
}
