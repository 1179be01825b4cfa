package dev.fcspec.emulator.mirror;

import static dev.fcspec.emulator.mirror.LoopbackNetwork.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two-server tie-breaker: one server goes on alone when the two cannot reach each other")
class TieBreakTest {
    private final VirtualScheduler scheduler = new VirtualScheduler(5);
    private final LoopbackNetwork net = new LoopbackNetwork(scheduler, Duration.ofNanos(5_000));
    private final MirrorEngine s1 = net.engine(1);
    private final MirrorEngine s2 = net.engine(2);
    /** Who asked the witness about whom: "2 about 1". */
    private final List<String> asked = new ArrayList<>();
    private TieBreakWitness.Answer witnessSays = TieBreakWitness.Answer.REGISTERED;

    TieBreakTest() {
        s1.start(net.transportOf(1), Map.of(2, "s2"));
        s2.start(net.transportOf(2), Map.of(1, "s1"));
        s1.witness(witnessFor(1));
        s2.witness(witnessFor(2));
    }

    private TieBreakWitness witnessFor(int self) {
        return (peer, answer) -> {
            asked.add(self + " about " + peer);
            TieBreakWitness.Answer a = witnessSays;
            if (a == null) {
                return; // the witness never answers
            }
            scheduler.schedule(Duration.ofNanos(20_000), () -> answer.accept(a));
        };
    }

    @Test
    void theServerWithTheLowerIdWinsTheTieAndGoesOnAloneWithoutAskingTheWitness() {
        net.write(s1, 0, pattern(1, 1));
        net.isolate(2);
        MirrorEngine.Result r = net.write(s1, 0, pattern(2, 1));
        assertThat(r.ok()).as("the write on the lower id").isTrue();
        assertThat(s1.tieBreak()).isEqualTo(MirrorEngine.TieBreak.WINS_TIE);
        assertThat(s1.mayServe()).isTrue();
        assertThat(asked).as("witness questions").isEmpty();
        assertThat(net.read(s1, 0, 1).data()).isEqualTo(pattern(2, 1));
        assertThat(s1.missedBy(2)).as("what s2 must catch up on").containsExactly(0L);
    }

    @Test
    void theHigherIdWhosePeerIsStillRegisteredIsCutApartAndRefusesReadsAndWrites() {
        net.write(s1, 0, pattern(1, 1));
        net.isolate(1);
        witnessSays = TieBreakWitness.Answer.REGISTERED;
        MirrorEngine.Result w = net.write(s2, 0, pattern(3, 1));
        assertThat(w.ok()).as("the write on the higher id").isFalse();
        assertThat(w.cutOff()).as("refused as NOT READY").isTrue();
        assertThat(asked).containsExactly("2 about 1");
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.CUT_APART);
        assertThat(s2.device().inspect(0)).as("s2 wrote nothing").isEqualTo(pattern(1, 1));
        MirrorEngine.Result r = net.read(s2, 0, 1);
        assertThat(r.ok()).isFalse();
        assertThat(r.cutOff()).isTrue();
        assertThat(s2.events()).extracting(MirrorEngine.Event::kind).containsSubsequence(
                MirrorEngine.EventKind.PEER_UNREACHABLE, MirrorEngine.EventKind.WITNESS_ASKED,
                MirrorEngine.EventKind.WITNESS_ANSWERED);
    }

    @Test
    void theHigherIdWhoseWitnessGivesNoAnswerStaysOut() {
        net.isolate(1);
        witnessSays = TieBreakWitness.Answer.NO_ANSWER;
        assertThat(net.write(s2, 0, pattern(3, 1)).cutOff()).isTrue();
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.CUT_APART);
    }

    @Test
    void theHigherIdWhosePeerIsGoneFromTheWitnessGoesOnAlone() {
        net.write(s1, 0, pattern(1, 1));
        s1.goOffline();
        witnessSays = TieBreakWitness.Answer.NOT_REGISTERED;
        MirrorEngine.Result r = net.read(s2, 0, 1);
        assertThat(r.ok()).as("the read waits for the witness, then is served").isTrue();
        assertThat(r.data()).isEqualTo(pattern(1, 1));
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.PEER_GONE);
        assertThat(net.write(s2, 0, pattern(4, 1)).ok()).isTrue();
        assertThat(s2.missedBy(1)).containsExactly(0L);
        boolean[] back = {false};
        s1.rejoin(() -> back[0] = true);
        assertThat(scheduler.runUntil(() -> back[0], Duration.ofSeconds(10))).isTrue();
        assertThat(s1.device().inspect(0)).as("s1 caught up").isEqualTo(pattern(4, 1));
        assertThat(s2.tieBreak()).as("s2 once s1 rejoined").isEqualTo(MirrorEngine.TieBreak.PEER_REACHABLE);
    }

    @Test
    void onReconnectionTheLosersUnacknowledgedWriteIsOverwrittenFromTheWinnersCopy() {
        net.write(s1, 0, pattern(1, 2));
        // s2 executes a write locally; the link goes down while its copy is on the way
        MirrorEngine.Result[] lost = new MirrorEngine.Result[1];
        s2.write(0, pattern(7, 2), x -> lost[0] = x);
        assertThat(scheduler.runUntil(() -> s2.events().stream().anyMatch(e -> e.kind()
                == MirrorEngine.EventKind.COPY_SENT), Duration.ofSeconds(1))).isTrue();
        net.isolate(2);
        assertThat(scheduler.runUntil(() -> lost[0] != null, Duration.ofSeconds(10))).isTrue();
        assertThat(lost[0].ok()).as("the write whose copy was lost is not acknowledged").isFalse();
        assertThat(s2.device().inspect(0)).as("yet s2's own device holds it").isEqualTo(pattern(7, 1));
        assertThat(s2.divergentRegions()).containsExactly(0L);
        assertThat(net.write(s1, 0, pattern(8, 2)).ok()).as("s1 goes on alone").isTrue();
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.CUT_APART);
        net.heal(2);
        assertThat(scheduler.runUntil(() -> s2.tieBreak() == MirrorEngine.TieBreak.PEER_REACHABLE
                && s2.state() == MirrorEngine.ServerState.ONLINE, Duration.ofSeconds(30)))
                .as("s2 reconnects by itself").isTrue();
        for (long b = 0; b < 64; b++) {
            assertThat(s2.device().inspect(b)).as("block %d", b).isEqualTo(s1.device().inspect(b));
        }
        assertThat(s2.device().inspect(0)).isEqualTo(pattern(8, 1));
        assertThat(s2.divergentRegions()).isEmpty();
        assertThat(net.read(s2, 0, 2).data()).isEqualTo(pattern(8, 2));
        assertThat(net.write(s2, 4, pattern(9, 1)).ok()).as("s2 serves hosts again").isTrue();
        assertThat(s1.device().inspect(4)).isEqualTo(pattern(9, 1));
    }

    @Test
    void aServerBackFromOfflineThatCannotReachItsPeerServesNothing() {
        net.write(s1, 0, pattern(1, 1));
        s1.goOffline();
        net.isolate(2);
        boolean[] back = {false};
        s1.rejoin(() -> back[0] = true);
        scheduler.runFor(Duration.ofSeconds(3));
        assertThat(back[0]).isFalse();
        assertThat(s1.tieBreak()).isEqualTo(MirrorEngine.TieBreak.BEHIND_PEER);
        assertThat(s1.mayServe()).isFalse();
        assertThat(net.write(s1, 0, pattern(2, 1)).cutOff()).isTrue();
    }

    @Test
    void theNameServerIsReadAsAWitness() {
        assertThat(NameServerWitness.interpret(new NameServerReply.PortId(new FcId(0x010700))))
                .isEqualTo(TieBreakWitness.Answer.REGISTERED);
        assertThat(NameServerWitness.interpret(new NameServerReply.Rejected(CtConstants.RJT_UNABLE_TO_PERFORM,
                CtConstants.EXPL_PORT_NAME_NOT_REGISTERED))).isEqualTo(TieBreakWitness.Answer.NOT_REGISTERED);
        assertThat(NameServerWitness.interpret(new NameServerReply.Rejected(CtConstants.RJT_UNABLE_TO_PERFORM,
                CtConstants.EXPL_NONE))).as("a reject for another reason").isEqualTo(TieBreakWitness.Answer.NO_ANSWER);
    }

    @Test
    void aPeerRejoiningBeforeTheWitnessAnsweredWasDownAndCatchesUpFromThisServer() {
        net.write(s1, 0, pattern(1, 1));
        s1.goOffline();
        witnessSays = null;
        MirrorEngine.Result[] w = new MirrorEngine.Result[1];
        s2.write(0, pattern(5, 1), x -> w[0] = x);
        scheduler.runFor(Duration.ofSeconds(3));
        assertThat(w[0]).as("the write waits for the witness").isNull();
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.ASKING_WITNESS);
        boolean[] back = {false};
        s1.rejoin(() -> back[0] = true);
        assertThat(scheduler.runUntil(() -> back[0] && w[0] != null, Duration.ofSeconds(10))).isTrue();
        assertThat(w[0].ok()).as("the waiting write, once s1 turned out to have been down").isTrue();
        assertThat(s1.device().inspect(0)).as("s1 caught up on it").isEqualTo(pattern(5, 1));
        assertThat(s2.tieBreak()).isEqualTo(MirrorEngine.TieBreak.PEER_REACHABLE);
        assertThat(s1.tieBreak()).isEqualTo(MirrorEngine.TieBreak.PEER_REACHABLE);
    }
}
