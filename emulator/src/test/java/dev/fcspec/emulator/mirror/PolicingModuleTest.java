package dev.fcspec.emulator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.mirror.PolicingModule.ClaimState;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Policing protocol module: write priority per region")
class PolicingModuleTest {
    private final VirtualScheduler clock = new VirtualScheduler(1);
    private final PolicingModule s1 = new PolicingModule(1, clock);
    private final List<String> log = new ArrayList<>();

    @Test
    void aClaimIsHeldOnceEveryPeerHasAnswered() {
        PolicingModule.Claim c = s1.request(0, 0, Set.of(2, 3), () -> log.add("held"));
        assertThat(c.state()).isEqualTo(ClaimState.REQUESTING);
        s1.granted(c, 2);
        assertThat(log).isEmpty();
        s1.granted(c, 3);
        assertThat(log).containsExactly("held");
        assertThat(c.state()).isEqualTo(ClaimState.HOLDING);
    }

    @Test
    void aPeerAsksForARegionNobodyHoldsAndIsAnsweredAtOnce() {
        assertThat(s1.onRequest(2, 0, 3, 5, () -> log.add("grant 2"))).isTrue();
        assertThat(log).containsExactly("grant 2");
    }

    @Test
    void aRequestForAHeldRegionIsAnsweredOnlyWhenThePriorityIsReleased() {
        PolicingModule.Claim c = s1.request(4, 4, Set.of(), () -> log.add("held"));
        assertThat(c.state()).isEqualTo(ClaimState.HOLDING);
        assertThat(s1.onRequest(2, 4, 4, 0, () -> log.add("grant 2"))).isFalse();
        assertThat(log).containsExactly("held");
        s1.release(c);
        assertThat(log).containsExactly("held", "grant 2");
        assertThat(s1.events()).extracting(PolicingModule.Event::kind).contains(
                PolicingModule.EventKind.DEFERRED, PolicingModule.EventKind.DEFERRED_GRANT_SENT);
    }

    @Test
    void whileRequestingAHigherPriorityRequestIsAnsweredAndALowerOneWaits() {
        PolicingModule.Claim c = s1.request(0, 0, Set.of(2, 3), () -> log.add("held"));
        long mine = c.timestamp();
        assertThat(s1.onRequest(2, 0, 0, mine - 1 + 0, () -> log.add("grant 2"))).as("earlier timestamp").isTrue();
        assertThat(s1.onRequest(3, 0, 0, mine + 5, () -> log.add("grant 3"))).as("later timestamp").isFalse();
        s1.granted(c, 2);
        s1.granted(c, 3);
        s1.release(c);
        assertThat(log).containsExactly("grant 2", "held", "grant 3");
    }

    @Test
    void equalTimestampsAreOrderedByServerId() {
        PolicingModule s2 = new PolicingModule(2, clock);
        PolicingModule.Claim c = s2.request(0, 0, Set.of(1), () -> log.add("held"));
        assertThat(s2.onRequest(1, 0, 0, c.timestamp(), () -> log.add("grant 1"))).as("server 1 ranks first").isTrue();
        PolicingModule.Claim d = s1.request(0, 0, Set.of(2), () -> { });
        assertThat(s1.onRequest(2, 0, 0, d.timestamp(), () -> log.add("grant 2"))).as("server 2 ranks after").isFalse();
    }

    @Test
    void requestsForOtherRegionsAreNotHeldBack() {
        s1.request(0, 1, Set.of(), () -> { });
        assertThat(s1.onRequest(2, 2, 5, 0, () -> log.add("grant 2"))).isTrue();
    }

    @Test
    void theLamportClockMovesPastEveryRequestSeen() {
        s1.onRequest(2, 0, 0, 41, () -> { });
        PolicingModule.Claim c = s1.request(0, 0, Set.of(2), () -> { });
        assertThat(c.timestamp()).isGreaterThan(41);
    }

    @Test
    void aLostPeerIsNoLongerWaitedFor() {
        PolicingModule.Claim c = s1.request(0, 0, Set.of(2), () -> log.add("held"));
        s1.peerLost(2);
        assertThat(log).containsExactly("held");
    }

    @Test
    void aLaterLocalClaimOnTheSameRegionWaitsForTheEarlierOne() {
        PolicingModule.Claim a = s1.request(0, 0, Set.of(), () -> log.add("a"));
        PolicingModule.Claim b = s1.request(0, 0, Set.of(), () -> log.add("b"));
        assertThat(b.state()).isEqualTo(ClaimState.REQUESTING);
        s1.release(a);
        assertThat(log).containsExactly("a", "b");
    }

    @Test
    void withTheNoWritePriorityFaultEveryRequestIsAnsweredAtOnce() {
        s1.injectFault(MirrorFault.NO_WRITE_PRIORITY);
        s1.request(0, 0, Set.of(), () -> { });
        assertThat(s1.onRequest(2, 0, 0, 0, () -> log.add("grant"))).isTrue();
    }

    @Test
    void aPolicingModuleHasNoOtherFaultThanIgnoringPriority() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s1.injectFault(MirrorFault.NO_COPIES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NO_COPIES");
        s1.request(0, 0, Set.of(), () -> { });
        assertThat(s1.onRequest(2, 0, 0, 0, () -> log.add("grant"))).as("still enforcing").isFalse();
    }
}
