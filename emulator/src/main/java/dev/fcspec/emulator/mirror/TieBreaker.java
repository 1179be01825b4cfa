package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.mirror.MirrorEngine.EventKind;
import dev.fcspec.emulator.mirror.MirrorEngine.ServerState;
import dev.fcspec.emulator.mirror.MirrorEngine.TieBreak;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tie-breaker of a two-server group ({@link TieBreak} names its states): which of the two goes on alone
 * when they stop reaching each other. The lower server id wins; the other asks the {@link TieBreakWitness}
 * and goes on only once it confirms the peer is down. Each state is entered through its {@code enterX}
 * method; the one error path is {@link #enterCutApart}: whatever leaves the peer's fate unconfirmed (the
 * witness knows it, cannot be asked, or the peer does not answer a reconnection) keeps this server out until
 * the two reach each other again. In groups of three or more the majority decides and this stays
 * {@link TieBreak#PEER_REACHABLE}.
 */
final class TieBreaker {

    private final MirrorEngine engine;
    private TieBreak state = TieBreak.PEER_REACHABLE;
    private TieBreakWitness witness;
    /** Regions written here whose copy the peer never acknowledged, while this server did not win the tie. */
    private final TreeSet<Long> divergent = new TreeSet<>();
    /** Work waiting for the witness's answer. */
    private final List<Runnable> awaitingDecision = new ArrayList<>();
    private boolean reconnectScheduled;

    TieBreaker(MirrorEngine engine) {
        this.engine = engine;
    }

    TieBreak state() {
        return state;
    }

    void witness(TieBreakWitness w) {
        witness = w;
    }

    SortedSet<Long> divergentRegions() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(divergent));
    }

    /** Whether writes whose copy the peer did not acknowledge may still be acknowledged to the host. */
    boolean authoritative() {
        return engine.peers().size() != 1 || state == TieBreak.WINS_TIE || state == TieBreak.PEER_GONE;
    }

    /** Regions {@code first..last} were written here without the peer's copy and without winning the tie. */
    void diverged(long first, long last) {
        for (long r = first; r <= last; r++) {
            divergent.add(r);
        }
    }

    /** A region taken from the peer's copy no longer diverges. */
    void converged(long region) {
        divergent.remove(region);
    }

    /** Runs {@code r} now, or once the witness answered when the tie-breaker is waiting for it. */
    void whenDecided(Runnable r) {
        if (state == TieBreak.ASKING_WITNESS) {
            awaitingDecision.add(r);
        } else {
            r.run();
        }
    }

    /** The only peer stopped answering: decide which of the two goes on alone. */
    void peerLost(int peer) {
        if (engine.state() == ServerState.RESYNCHRONISING) {
            // back after being offline (or reconnecting after a cut) without reaching the peer: stay out
            if (state == TieBreak.CUT_APART) {
                enterCutApart(peer, "the peer did not answer while this server tried to rejoin");
            } else {
                enter(TieBreak.BEHIND_PEER, peer, "the peer did not answer while this server tried to rejoin");
            }
            return;
        }
        if (engine.serverId() < peer) {
            enter(TieBreak.WINS_TIE, peer, "server " + engine.serverId() + " has the lower id");
            return;
        }
        enterAskingWitness(peer);
    }

    /**
     * Peer {@code from} sent REJOIN; {@code missed} are the regions written here while it was away. If this
     * server was still asking the witness, the peer was down after all: this copy is the current one, including
     * what was written here without an acknowledged copy. Returns every region the peer must catch up on.
     */
    SortedSet<Long> peerRejoined(int from, SortedSet<Long> missed) {
        TreeSet<Long> regions = new TreeSet<>(missed);
        if (engine.peers().size() == 1 && state == TieBreak.ASKING_WITNESS) {
            decideWaiting(TieBreakWitness.Answer.NOT_REGISTERED, from, engine.peerName(from)
                    + " rejoined before the witness answered: it was down");
            regions.addAll(engine.takeMissed(from));
        }
        return regions;
    }

    /** The peer answers again: a server that was serving goes on with it. */
    void peerReached(int peer, String why) {
        if (engine.peers().size() == 1 && state.serves()) {
            enterPeerReachable(peer, why);
        }
    }

    /** Back after being offline or cut apart, this server caught up from its peer. */
    void caughtUp(int peer) {
        if (engine.peers().size() == 1) {
            enterPeerReachable(peer, "caught up from the peer");
        }
    }

    // ---- states -------------------------------------------------------------------------------------

    private void enterPeerReachable(int peer, String why) {
        enter(TieBreak.PEER_REACHABLE, peer, why);
    }

    private void enterAskingWitness(int peer) {
        enter(TieBreak.ASKING_WITNESS, peer, engine.peerName(peer) + " has the lower id");
        if (witness == null) {
            witnessAnswered(peer, TieBreakWitness.Answer.NO_ANSWER);
            return;
        }
        engine.log(EventKind.WITNESS_ASKED, peer, -1, 0, witness.toString());
        witness.ask(peer, a -> witnessAnswered(peer, a));
    }

    /** The peer is down: this server is the authoritative copy, and what it wrote is what the peer catches up on. */
    private void enterPeerGone(int peer, String why) {
        engine.addMissed(peer, divergent);
        divergent.clear();
        enter(TieBreak.PEER_GONE, peer, why);
    }

    /** The error path: the peer's fate is not confirmed; this server serves nothing and retries the peer. */
    private void enterCutApart(int peer, String why) {
        enter(TieBreak.CUT_APART, peer, why);
    }

    private void enter(TieBreak t, int peer, String why) {
        if (state != t) {
            state = t;
            engine.log(EventKind.TIE_BREAK, peer, -1, 0, t + ": " + why);
        }
        if (!t.serves()) {
            scheduleReconnect();
        }
    }

    private void witnessAnswered(int peer, TieBreakWitness.Answer answer) {
        if (state != TieBreak.ASKING_WITNESS || engine.peers().get(peer) != MirrorEngine.PeerState.UNREACHABLE) {
            return; // decided otherwise meanwhile (the peer came back)
        }
        engine.log(EventKind.WITNESS_ANSWERED, peer, -1, 0, answer.name());
        decideWaiting(answer, peer, answer == TieBreakWitness.Answer.NOT_REGISTERED ? "the witness no longer knows "
                + engine.peerName(peer) : "the witness answered " + answer);
    }

    private void decideWaiting(TieBreakWitness.Answer answer, int peer, String why) {
        if (answer == TieBreakWitness.Answer.NOT_REGISTERED) {
            enterPeerGone(peer, why);
        } else {
            enterCutApart(peer, why);
        }
        List<Runnable> waiting = List.copyOf(awaitingDecision);
        awaitingDecision.clear();
        waiting.forEach(Runnable::run);
    }

    /**
     * A server that may not go on alone tries to reach its peer again every peer timeout; once the peer
     * answers it catches up (the regions the peer wrote meanwhile and its own unacknowledged ones) and serves
     * hosts again.
     */
    private void scheduleReconnect() {
        if (reconnectScheduled || state == TieBreak.ASKING_WITNESS) {
            return;
        }
        reconnectScheduled = true;
        engine.scheduler().schedule(engine.peerTimeout(), () -> {
            reconnectScheduled = false;
            if (engine.state() == ServerState.ONLINE && engine.peers().size() == 1 && !state.serves()
                    && state != TieBreak.ASKING_WITNESS) {
                engine.rejoin(() -> { });
            }
        });
    }
}
