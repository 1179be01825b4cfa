package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The policing protocol module of one server of a mirror group: before the server writes a region of the
 * shared data, it establishes with every other server that none of them holds write priority for that region.
 *
 * <p>Priority is a (timestamp, server id) pair, lower first; timestamps are Lamport clocks, so a request made
 * after learning of another request always ranks after it. The server asks each peer for the regions of a
 * write ({@link #request}); a peer answers at once unless it holds an overlapping priority, or requests one
 * that ranks higher, in which case it answers only when it releases it ({@link #onRequest}). A claim is held
 * once every peer has answered and no earlier overlapping claim of this server is still active. Concurrent
 * writes to one region are thus serialised in priority order on every server, and the copies cannot diverge
 * (the mutual-exclusion scheme of Ricart and Agrawala, per region).
 *
 * <p>Not thread-safe: driven from the tasks of one scheduler.
 */
public final class PolicingModule {

    /** Where a claim for write priority stands. */
    public enum ClaimState { REQUESTING, HOLDING, RELEASED }

    /** What the module did, for scenarios and logs. */
    public enum EventKind {
        /** This server asked its peers for priority over regions. */
        REQUESTED,
        /** A peer answered this server's request. */
        GRANT_RECEIVED,
        /** This server now holds write priority over the regions. */
        HELD,
        /** This server gave up its priority (the write and its copies are done). */
        RELEASED,
        /** A peer asked, and this server answered at once (it holds no conflicting priority). */
        GRANTED,
        /** A peer asked, and this server holds or requests a higher priority: the answer waits. */
        DEFERRED,
        /** A deferred answer went out after this server released its priority. */
        DEFERRED_GRANT_SENT
    }

    /**
     * One event. {@code peer} is the other server concerned (0 for this server's own transitions),
     * {@code timestamp} and {@code claimant} the priority of the request concerned.
     */
    public record Event(long at, EventKind kind, int peer, long firstRegion, long lastRegion, long timestamp,
                        int claimant) {
    }

    /** One claim of this server for write priority over regions {@code first..last}. */
    public final class Claim {
        private final long first;
        private final long last;
        private final long timestamp;
        private final Set<Integer> awaiting;
        private final Runnable onHeld;
        private final List<Deferred> deferred = new ArrayList<>();
        private ClaimState state = ClaimState.REQUESTING;

        private Claim(long first, long last, long timestamp, Set<Integer> awaiting, Runnable onHeld) {
            this.first = first;
            this.last = last;
            this.timestamp = timestamp;
            this.awaiting = awaiting;
            this.onHeld = onHeld;
        }

        public long firstRegion() {
            return first;
        }

        public long lastRegion() {
            return last;
        }

        public long timestamp() {
            return timestamp;
        }

        public ClaimState state() {
            return state;
        }

        /** Peers whose answer this claim still waits for. */
        public Set<Integer> awaiting() {
            return Set.copyOf(awaiting);
        }

        boolean overlaps(long f, long l) {
            return first <= l && f <= last;
        }

        @Override
        public String toString() {
            return "claim[regions " + first + ".." + last + " priority (" + timestamp + ", " + serverId + ") " + state
                    + (awaiting.isEmpty() ? "" : " awaiting " + awaiting) + "]";
        }
    }

    /** An answer to a peer held back until every claim that blocks it is released. */
    private static final class Deferred {
        int blockers;
        final Runnable grant;
        final int peer;
        final long first;
        final long last;
        final long timestamp;

        Deferred(int blockers, Runnable grant, int peer, long first, long last, long timestamp) {
            this.blockers = blockers;
            this.grant = grant;
            this.peer = peer;
            this.first = first;
            this.last = last;
            this.timestamp = timestamp;
        }
    }

    private final int serverId;
    private final Clock clock;
    private final List<Claim> active = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private long lamport;
    private boolean enforcing = true;

    public PolicingModule(int serverId, Clock clock) {
        this.serverId = serverId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int serverId() {
        return serverId;
    }

    /**
     * Asks for write priority over regions {@code first..last}; the caller sends a PRIORITY_REQUEST with the
     * claim's timestamp to each of {@code peers} and reports their answers with {@link #granted}.
     * {@code onHeld} runs once the claim is held (at once when there are no peers and nothing blocks it).
     */
    public Claim request(long first, long last, Set<Integer> peers, Runnable onHeld) {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("regions " + first + ".." + last);
        }
        lamport++;
        Claim c = new Claim(first, last, lamport, new LinkedHashSet<>(peers), Objects.requireNonNull(onHeld));
        active.add(c);
        log(EventKind.REQUESTED, 0, first, last, c.timestamp, serverId);
        tryHold(c);
        return c;
    }

    /** A peer answered the claim's PRIORITY_REQUEST. */
    public void granted(Claim c, int peer) {
        if (c.state != ClaimState.REQUESTING || !c.awaiting.remove(peer)) {
            return; // a late or repeated answer
        }
        log(EventKind.GRANT_RECEIVED, peer, c.first, c.last, c.timestamp, serverId);
        tryHold(c);
    }

    /** A peer is unreachable: no claim waits for its answer any more. */
    public void peerLost(int peer) {
        for (Claim c : List.copyOf(active)) {
            if (c.awaiting.remove(peer)) {
                tryHold(c);
            }
        }
    }

    /**
     * A peer asks for priority over regions {@code first..last} with {@code timestamp}. Runs {@code grant}
     * (which answers the peer) at once and returns true when this server holds no overlapping priority and
     * requests none that ranks higher; otherwise keeps it until those claims are released and returns false.
     */
    public boolean onRequest(int peer, long first, long last, long timestamp, Runnable grant) {
        lamport = Math.max(lamport, timestamp) + 1;
        List<Claim> blockers = new ArrayList<>();
        if (enforcing) {
            for (Claim c : active) {
                if (c.overlaps(first, last) && (c.state == ClaimState.HOLDING
                        || ranksBefore(c.timestamp, serverId, timestamp, peer))) {
                    blockers.add(c);
                }
            }
        }
        if (blockers.isEmpty()) {
            log(EventKind.GRANTED, peer, first, last, timestamp, peer);
            grant.run();
            return true;
        }
        Deferred d = new Deferred(blockers.size(), grant, peer, first, last, timestamp);
        for (Claim c : blockers) {
            c.deferred.add(d);
        }
        log(EventKind.DEFERRED, peer, first, last, timestamp, peer);
        return false;
    }

    /** The claim's write and copies are done: gives up the priority and sends the answers it held back. */
    public void release(Claim c) {
        if (c.state == ClaimState.RELEASED) {
            return;
        }
        c.state = ClaimState.RELEASED;
        active.remove(c);
        log(EventKind.RELEASED, 0, c.first, c.last, c.timestamp, serverId);
        for (Deferred d : c.deferred) {
            if (--d.blockers == 0) {
                log(EventKind.DEFERRED_GRANT_SENT, d.peer, d.first, d.last, d.timestamp, d.peer);
                d.grant.run();
            }
        }
        c.deferred.clear();
        for (Claim other : List.copyOf(active)) {
            tryHold(other);
        }
    }

    private void tryHold(Claim c) {
        if (c.state != ClaimState.REQUESTING || !c.awaiting.isEmpty()) {
            return;
        }
        if (enforcing) {
            for (Claim o : active) {
                if (o != c && o.overlaps(c.first, c.last) && (o.state == ClaimState.HOLDING
                        || ranksBefore(o.timestamp, serverId, c.timestamp, serverId))) {
                    return;
                }
            }
        }
        c.state = ClaimState.HOLDING;
        log(EventKind.HELD, 0, c.first, c.last, c.timestamp, serverId);
        c.onHeld.run();
    }

    /** Whether priority (t1, s1) ranks before (t2, s2). */
    static boolean ranksBefore(long t1, int s1, long t2, int s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    /**
     * Injects {@link MirrorFault#NO_WRITE_PRIORITY}: enforcement off (every request answered at once, every
     * claim held as soon as the peers answered), a deliberately broken policing module for checking that the
     * tests notice. The module has no other fault.
     */
    public void injectFault(MirrorFault fault) {
        enforcing = !requireOwn(fault);
    }

    /** Removes {@link MirrorFault#NO_WRITE_PRIORITY}. */
    public void clearFault(MirrorFault fault) {
        enforcing = requireOwn(fault);
    }

    private static boolean requireOwn(MirrorFault fault) {
        if (fault != MirrorFault.NO_WRITE_PRIORITY) {
            throw new IllegalArgumentException(fault + " is not a fault of the policing protocol module");
        }
        return true;
    }

    /**
     * Forgets every claim and every held-back answer (a server that was offline restarts its policing
     * protocol module); the Lamport clock keeps its value.
     */
    public void reset() {
        for (Claim c : active) {
            c.state = ClaimState.RELEASED;
            c.deferred.clear();
        }
        active.clear();
    }

    /** Claims not yet released. */
    public List<Claim> activeClaims() {
        return List.copyOf(active);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    private void log(EventKind kind, int peer, long first, long last, long timestamp, int claimant) {
        events.add(new Event(clock.nanoTime(), kind, peer, first, last, timestamp, claimant));
    }
}
