package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The mirror engine of one server: executes each write request on the server's own mass storage device and
 * sends a copy of it to every other server of the group, whose engines execute the copy on their devices;
 * serves reads from the own device, or, when that device has failed, from a surviving copy on another
 * server. Before a write, the server's {@link PolicingModule} establishes with the other servers that none
 * holds write priority for the regions written.
 *
 * <p>A write completes once it is on the own device and every reachable peer acknowledged its copy; a peer
 * that does not answer within the peer timeout is considered offline and left out from then on.
 *
 * <p>The engine keeps the server's state ({@link ServerState}, entered through {@code enterX}), its view of the
 * peers and the host reads and writes; beside it, one block per file: the {@link MirrorChannel} that encodes,
 * sends and matches its messages over the {@link MirrorTransport}, the {@link MirrorRequestHandler} that
 * answers the peers' requests, the {@link TieBreaker} of a two-server group and the {@link Resynchroniser} of a
 * server coming back. Confined to the scheduler's tasks, like the rest of the package.
 */
public final class MirrorEngine {

    /** Whether the server takes part in the group. */
    public enum ServerState {
        STOPPED,
        ONLINE,
        OFFLINE,
        /** Back after being offline: catching up on the regions written meanwhile; serves no host I/O yet. */
        RESYNCHRONISING
    }

    /** How this engine sees a peer. */
    public enum PeerState { REACHABLE, UNREACHABLE }

    /**
     * The tie-breaker of a two-server group: with two servers there is no majority, so when a server cannot
     * reach its peer exactly one of the two may go on alone. The server with the lower id wins the tie; the
     * other goes on alone only once the {@link TieBreakWitness} confirms that the peer is down, and refuses host
     * reads and writes (NOT READY) until then, and for as long as the peer is up but cannot be reached.
     */
    public enum TieBreak {
        /** The peer answers (or the group has three or more servers, where the majority decides). */
        PEER_REACHABLE,
        /** The peer stopped answering and this server has the lower id: it wins the tie and goes on alone. */
        WINS_TIE,
        /** The peer stopped answering and has the lower id: the witness was asked whether it is down. */
        ASKING_WITNESS,
        /** The witness confirmed that the peer is down: this server goes on alone. */
        PEER_GONE,
        /** The peer is up (or nothing confirmed it is down) but cannot be reached: the two are cut apart. */
        CUT_APART,
        /** Back after being offline, without reaching the peer: this copy may be behind; it serves nothing. */
        BEHIND_PEER;

        /** Whether a server in this state serves host reads and writes. */
        public boolean serves() {
            return this == PEER_REACHABLE || this == WINS_TIE || this == PEER_GONE;
        }
    }

    /** What the engine did. */
    public enum EventKind {
        /** A write was executed on the own device (detail: "priority" and the timestamp of its claim). */
        LOCAL_WRITE,
        /** A copy of a write request was sent to a peer. */
        COPY_SENT,
        /** A peer acknowledged a copy. */
        COPY_ACKNOWLEDGED,
        /** A peer's copy was executed on the own device. */
        COPY_EXECUTED,
        /** A read was served from the own device. */
        READ_LOCAL,
        /** A read was served from a peer's copy. */
        READ_FROM_PEER,
        /** The own device served a peer's read. */
        COPY_READ_SERVED,
        /** A peer stopped answering. */
        PEER_UNREACHABLE,
        /** A request from a peer could not be decoded or carried bad parameters; it was answered with an error. */
        REQUEST_REJECTED,
        /** A peer that was unreachable is back; the regions written meanwhile were sent to it. */
        PEER_REJOINED,
        /** This server, back after being offline, copied a region it missed from a peer. */
        REGION_RESYNCHRONISED,
        /** This server caught up on every region it missed and serves hosts again. */
        RESYNCHRONISED,
        /** Two-server tie-breaker: the witness was asked whether the peer is down. */
        WITNESS_ASKED,
        /** Two-server tie-breaker: the witness answered (detail: the answer). */
        WITNESS_ANSWERED,
        /** Two-server tie-breaker: the decision changed (detail: the new {@link TieBreak}). */
        TIE_BREAK,
        /**
         * A write executed on the own device whose copy the peer did not acknowledge, on a server that does not
         * win the tie: the write was not acknowledged, and the region is overwritten from the peer's copy when
         * the two reconnect.
         */
        WRITE_NOT_ACKNOWLEDGED
    }

    /** One event; {@code peer} is the other server concerned (0 when none). */
    public record Event(long at, EventKind kind, int peer, long lba, int blocks, String detail) {
    }

    /** How a write or read ended. */
    public record Result(boolean ok, byte[] data, int servedBy, String reason, boolean cutOff) {
        static Result ok(byte[] data, int servedBy) {
            return new Result(true, data, servedBy, "", false);
        }

        static Result failed(String reason) {
            return new Result(false, new byte[0], 0, reason, false);
        }

        static Result cutOffFromMajority(String server) {
            return new Result(false, new byte[0], 0, server + " reaches fewer than half of the other servers", true);
        }

        static Result tieNotWon(String server, TieBreak tieBreak) {
            return new Result(false, new byte[0], 0, server + " cannot reach its peer and may not go on alone ("
                    + tieBreak + ")", true);
        }
    }

    private final Scheduler scheduler;
    private final String serverName;
    private final int serverId;
    private final MassStorageDevice device;
    private final int regionBlocks;
    private final Duration peerTimeout;
    private final PolicingModule policing;
    private final TieBreaker tieBreaker = new TieBreaker(this);
    private final Resynchroniser resynchroniser = new Resynchroniser(this);
    private final Map<Integer, PeerState> peers = new LinkedHashMap<>();
    private final Map<Integer, String> peerNames = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    /** Regions written here while a peer was unreachable, by peer: what it must catch up on when it returns. */
    private final Map<Integer, TreeSet<Long>> missed = new LinkedHashMap<>();
    private MirrorChannel channel;
    private ServerState state = ServerState.STOPPED;
    private boolean sendCopies = true;

    public MirrorEngine(Scheduler scheduler, String serverName, int serverId, MassStorageDevice device,
                        int regionBlocks, Duration peerTimeout) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        if (serverId < 1) {
            throw new IllegalArgumentException("server ids count from 1, not " + serverId);
        }
        if (regionBlocks < 1) {
            throw new IllegalArgumentException("a region has at least one block, not " + regionBlocks);
        }
        this.serverId = serverId;
        this.device = Objects.requireNonNull(device, "device");
        this.regionBlocks = regionBlocks;
        this.peerTimeout = Objects.requireNonNull(peerTimeout, "peerTimeout");
        this.policing = new PolicingModule(serverId, scheduler);
    }

    // ---- server states --------------------------------------------------------------------------------

    /** Joins the group: the engine reaches {@code peerNamesById} through {@code via}. */
    public void start(MirrorTransport via, Map<Integer, String> peerNamesById) {
        if (state != ServerState.STOPPED) {
            throw new IllegalStateException(serverName + "'s mirror engine is " + state);
        }
        if (peerNamesById.containsKey(serverId)) {
            throw new IllegalArgumentException(serverName + " (server " + serverId + ") cannot be its own peer");
        }
        channel = new MirrorChannel(serverId, Objects.requireNonNull(via, "via"), peerTimeout,
                new MirrorRequestHandler(this));
        peerNamesById.forEach((id, name) -> {
            peers.put(id, PeerState.REACHABLE);
            peerNames.put(id, name);
        });
        enterOnline();
        channel.start();
    }

    /** The server goes offline: it answers nothing and executes nothing from now on. */
    public void goOffline() {
        state = ServerState.OFFLINE;
        if (channel != null) {
            channel.stop();
        }
    }

    /**
     * The server comes back after being offline, or tries again to reach the peer that the tie-breaker keeps
     * it apart from: it forgets the claims it had, takes every peer for reachable again and catches up
     * ({@link Resynchroniser}). It serves hosts again once every region is current; {@code done} runs then.
     */
    public void rejoin(Runnable done) {
        boolean cutOff = state == ServerState.ONLINE && !mayServe();
        if (state != ServerState.OFFLINE && !cutOff) {
            throw new IllegalStateException(serverName + " is " + state + ", neither offline nor cut off from the"
                    + " majority of its group nor kept out by the tie-breaker");
        }
        if (cutOff) {
            channel.stop();
        }
        enterResynchronising();
        resynchroniser.start(done);
    }

    void enterOnline() {
        state = ServerState.ONLINE;
    }

    private void enterResynchronising() {
        state = ServerState.RESYNCHRONISING;
        policing.reset();
        peers.replaceAll((id, st) -> PeerState.REACHABLE);
        channel.start();
    }

    public ServerState state() {
        return state;
    }

    /** Re-establishes the transport's paths to the peers after this server's links were down, then runs {@code then}. */
    void reconnect(Runnable then) {
        if (channel == null) {
            then.run();
            return;
        }
        channel.reconnect(() -> scheduler.execute(then));
    }

    public String serverName() {
        return serverName;
    }

    public int serverId() {
        return serverId;
    }

    public MassStorageDevice device() {
        return device;
    }

    public PolicingModule policing() {
        return policing;
    }

    public int regionBlocks() {
        return regionBlocks;
    }

    public Map<Integer, PeerState> peers() {
        return Map.copyOf(peers);
    }

    public String peerName(int id) {
        return peerNames.getOrDefault(id, "server " + id);
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    Duration peerTimeout() {
        return peerTimeout;
    }

    TieBreaker tieBreaker() {
        return tieBreaker;
    }

    /**
     * Injects a deliberate fault ({@link MirrorFault}), for checking that the tests notice a broken mirror:
     * {@link MirrorFault#NO_COPIES} stops sending copies of write requests, {@link MirrorFault#NO_WRITE_PRIORITY}
     * switches the policing protocol module's enforcement off.
     */
    public void injectFault(MirrorFault fault) {
        switch (fault) {
            case NO_COPIES -> sendCopies = false;
            case NO_WRITE_PRIORITY -> policing.injectFault(fault);
        }
    }

    /** Removes a fault injected with {@link #injectFault}. */
    public void clearFault(MirrorFault fault) {
        switch (fault) {
            case NO_COPIES -> sendCopies = true;
            case NO_WRITE_PRIORITY -> policing.clearFault(fault);
        }
    }

    // ---- writes ---------------------------------------------------------------------------------------

    /** Executes a write of whole blocks at {@code lba} here and on every reachable peer. */
    public void write(long lba, byte[] data, Consumer<Result> done) {
        int bs = device.blockSize();
        if (data.length == 0 || data.length % bs != 0) {
            throw new IllegalArgumentException(data.length + " bytes are not whole blocks of " + bs);
        }
        if (state != ServerState.ONLINE) {
            return; // an offline server executes nothing and answers nothing
        }
        if (!mayServe()) {
            done.accept(refusal());
            return;
        }
        int blocks = data.length / bs;
        long first = lba / regionBlocks;
        long last = (lba + blocks - 1) / regionBlocks;
        Set<Integer> asked = reachablePeers();
        PolicingModule.Claim[] claim = new PolicingModule.Claim[1];
        claim[0] = policing.request(first, last, asked, () -> scheduler.execute(() -> tieBreaker.whenDecided(() ->
                writeHeld(claim[0], lba, data, done))));
        askForPriority(claim[0], first, last, asked);
    }

    private void writeHeld(PolicingModule.Claim claim, long lba, byte[] data, Consumer<Result> done) {
        if (state != ServerState.ONLINE) {
            return;
        }
        if (!mayServe()) {
            policing.release(claim);
            done.accept(refusal());
            return;
        }
        int blocks = data.length / device.blockSize();
        boolean local;
        String reason = "";
        try {
            device.write(lba, data);
            local = true;
            log(EventKind.LOCAL_WRITE, 0, lba, blocks, "priority " + claim.timestamp());
            recordMissed(lba, blocks);
        } catch (IOException e) {
            local = false;
            reason = e.getMessage();
        }
        Set<Integer> targets = sendCopies ? reachablePeers() : Set.of();
        int[] pending = {targets.size()};
        int[] acked = {0};
        Set<Integer> lostCopies = new LinkedHashSet<>();
        boolean wroteLocally = local;
        String localReason = reason;
        Runnable finish = () -> {
            policing.release(claim);
            if (state != ServerState.ONLINE) {
                return;
            }
            if (!lostCopies.isEmpty() && !copiesLost(lostCopies, lba, blocks, wroteLocally)) {
                done.accept(Result.tieNotWon(serverName, tieBreaker.state()));
                return;
            }
            if (wroteLocally || acked[0] > 0) {
                done.accept(Result.ok(new byte[0], wroteLocally ? serverId : 0));
            } else {
                done.accept(Result.failed(localReason.isEmpty() ? "no copy of the write could be stored" : localReason));
            }
        };
        if (targets.isEmpty()) {
            finish.run();
            return;
        }
        byte[] copy = new MirrorProtocol.WriteCopy(lba, device.blockSize(), data).encode();
        for (int peer : targets) {
            log(EventKind.COPY_SENT, peer, lba, blocks, "");
            send(peer, MirrorProtocol.OP_WRITE_COPY, copy, reply -> {
                if (reply.status() == MirrorProtocol.STATUS_GOOD) {
                    acked[0]++;
                    log(EventKind.COPY_ACKNOWLEDGED, peer, lba, blocks, "");
                } else {
                    log(EventKind.COPY_ACKNOWLEDGED, peer, lba, blocks, MirrorProtocol.statusName(reply.status()));
                }
                if (--pending[0] == 0) {
                    finish.run();
                }
            }, () -> {
                lostCopies.add(peer);
                if (--pending[0] == 0) {
                    finish.run();
                }
            });
        }
    }

    /**
     * Copies of a write to {@code lostPeers} went unanswered (the peers are now unreachable). Their regions are
     * what those peers must catch up on. In a two-server group, a server that does not win the tie has written
     * data its peer may never see while the peer went on: the write is not acknowledged (its outcome stays
     * unknown to the host) and the regions are taken from the peer's copy when the two reconnect. Returns
     * whether the write may be acknowledged.
     */
    private boolean copiesLost(Set<Integer> lostPeers, long lba, int blocks, boolean wroteLocally) {
        long first = lba / regionBlocks;
        long last = (lba + blocks - 1) / regionBlocks;
        if (tieBreaker.authoritative()) {
            for (int p : lostPeers) {
                TreeSet<Long> set = missed.computeIfAbsent(p, k -> new TreeSet<>());
                for (long r = first; r <= last; r++) {
                    set.add(r);
                }
            }
            return true;
        }
        if (wroteLocally) {
            tieBreaker.diverged(first, last);
        }
        log(EventKind.WRITE_NOT_ACKNOWLEDGED, lostPeers.iterator().next(), lba, blocks, tieBreaker.state().name());
        return false;
    }

    // ---- reads ----------------------------------------------------------------------------------------

    /** Reads whole blocks: from the own device, or from a peer's copy when the own device has failed. */
    public void read(long lba, int blocks, Consumer<Result> done) {
        if (state != ServerState.ONLINE) {
            return;
        }
        // a read takes priority over its regions like a write, so that a server cut off from the others finds
        // out (its peers do not answer) before it could return data they overwrote
        if (!mayServe()) {
            done.accept(refusal());
            return;
        }
        long first = lba / regionBlocks;
        long last = (lba + blocks - 1) / regionBlocks;
        Set<Integer> asked = reachablePeers();
        PolicingModule.Claim[] claim = new PolicingModule.Claim[1];
        claim[0] = policing.request(first, last, asked, () -> scheduler.execute(() -> tieBreaker.whenDecided(() -> {
            if (state != ServerState.ONLINE) {
                return;
            }
            if (!mayServe()) {
                policing.release(claim[0]);
                done.accept(refusal());
                return;
            }
            readHeld(lba, blocks, r -> {
                policing.release(claim[0]);
                done.accept(r);
            });
        })));
        askForPriority(claim[0], first, last, asked);
    }

    /**
     * Whether this server reaches a majority of its group (itself included). With two servers there is no
     * majority to ask for: this is then always true, and the {@link TieBreak} decides ({@link #mayServe()}).
     */
    public boolean inMajority() {
        int n = peers.size() + 1;
        if (n < 3) {
            return true;
        }
        long reachable = peers.values().stream().filter(p -> p == PeerState.REACHABLE).count() + 1;
        return reachable * 2 > n;
    }

    /**
     * Whether this server may serve host reads and writes now: with three or more servers when it reaches a
     * majority, with two when its peer answers or it may go on alone ({@link TieBreak#serves()}).
     */
    public boolean mayServe() {
        return peers.size() == 1 ? tieBreaker.state().serves() : inMajority();
    }

    /** The two-server tie-breaker's current decision ({@link TieBreak#PEER_REACHABLE} in larger groups). */
    public TieBreak tieBreak() {
        return tieBreaker.state();
    }

    /** The witness a server of a two-server group asks when it loses its peer and has the higher id. */
    public void witness(TieBreakWitness w) {
        tieBreaker.witness(w);
    }

    /** Regions this server wrote whose copy its peer never acknowledged (taken from the peer on reconnection). */
    public SortedSet<Long> divergentRegions() {
        return tieBreaker.divergentRegions();
    }

    private Result refusal() {
        return peers.size() == 1 ? Result.tieNotWon(serverName, tieBreaker.state()) : Result.cutOffFromMajority(serverName);
    }

    private void readHeld(long lba, int blocks, Consumer<Result> done) {
        byte[] data = new byte[blocks * device.blockSize()];
        try {
            device.read(lba, data);
            log(EventKind.READ_LOCAL, 0, lba, blocks, "");
            done.accept(Result.ok(data, serverId));
            return;
        } catch (IOException e) {
            readFromPeer(new ArrayList<>(reachablePeers()), lba, blocks, done, e.getMessage());
        }
    }

    private void readFromPeer(List<Integer> candidates, long lba, int blocks, Consumer<Result> done, String why) {
        if (candidates.isEmpty()) {
            done.accept(Result.failed(why + "; no other copy can be reached"));
            return;
        }
        int peer = candidates.remove(0);
        byte[] request = new MirrorProtocol.ReadCopy(lba, blocks, device.blockSize()).encode();
        send(peer, MirrorProtocol.OP_READ_COPY, request, reply -> {
            if (reply.status() == MirrorProtocol.STATUS_GOOD
                    && reply.parameters().length == blocks * device.blockSize()) {
                log(EventKind.READ_FROM_PEER, peer, lba, blocks, "");
                done.accept(Result.ok(reply.parameters(), peer));
            } else {
                readFromPeer(candidates, lba, blocks, done, why + "; " + peerName(peer) + " answered "
                        + MirrorProtocol.statusName(reply.status()));
            }
        }, () -> readFromPeer(candidates, lba, blocks, done, why + "; " + peerName(peer) + " did not answer"));
    }

    // ---- messages -------------------------------------------------------------------------------------

    Set<Integer> reachablePeers() {
        Set<Integer> s = new LinkedHashSet<>();
        peers.forEach((id, st) -> {
            if (st == PeerState.REACHABLE) {
                s.add(id);
            }
        });
        return s;
    }

    /** Sends a request to {@code peer}; if none answers it, the peer is taken for unreachable, then {@code onLost} runs. */
    void send(int peer, int opcode, byte[] params, Consumer<MirrorMessage> onReply, Runnable onLost) {
        channel.request(peer, opcode, params, onReply, why -> lost(peer, onLost));
    }

    private void lost(int peer, Runnable onLost) {
        if (peers.get(peer) == PeerState.REACHABLE) {
            peers.put(peer, PeerState.UNREACHABLE);
            log(EventKind.PEER_UNREACHABLE, peer, -1, 0, "");
            if (peers.size() == 1) {
                tieBreaker.peerLost(peer);
            }
            policing.peerLost(peer);
        }
        onLost.run();
    }

    void recordMissed(long lba, int blocks) {
        long first = lba / regionBlocks;
        long last = (lba + blocks - 1) / regionBlocks;
        peers.forEach((id, st) -> {
            if (st == PeerState.UNREACHABLE) {
                TreeSet<Long> set = missed.computeIfAbsent(id, k -> new TreeSet<>());
                for (long r = first; r <= last; r++) {
                    set.add(r);
                }
            }
        });
    }

    /** Regions written here while {@code peer} was unreachable (what it will catch up on when it returns). */
    public SortedSet<Long> missedBy(int peer) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(missed.getOrDefault(peer, new TreeSet<>())));
    }

    /** Takes the regions {@code peer} missed (it is back and learns them). */
    SortedSet<Long> takeMissed(int peer) {
        TreeSet<Long> regions = missed.remove(peer);
        return regions == null ? new TreeSet<>() : regions;
    }

    void addMissed(int peer, Collection<Long> regions) {
        missed.computeIfAbsent(peer, k -> new TreeSet<>()).addAll(regions);
    }

    /** {@code peer} answers again (it rejoined). */
    void peerBack(int peer) {
        peers.put(peer, PeerState.REACHABLE);
    }

    /**
     * Sends the policing request of {@code claim} (regions {@code first..last}) to each peer asked: a grant
     * counts towards the claim; a refusal or no answer leaves the peer unreachable.
     */
    void askForPriority(PolicingModule.Claim claim, long first, long last, Set<Integer> asked) {
        byte[] request = new MirrorProtocol.PriorityRequest(first, (int) (last - first + 1), claim.timestamp())
                .encode();
        for (int peer : asked) {
            send(peer, MirrorProtocol.OP_PRIORITY_REQUEST, request, reply -> {
                if (reply.status() == MirrorProtocol.STATUS_GRANTED) {
                    policing.granted(claim, peer);
                } else {
                    lost(peer, () -> { });
                }
            }, () -> { });
        }
    }

    void log(EventKind kind, int peer, long lba, int blocks, String detail) {
        events.add(new Event(scheduler.nanoTime(), kind, peer, lba, blocks, detail));
    }

    @Override
    public String toString() {
        return "mirror engine of " + serverName + " (server " + serverId + ", " + state + ")";
    }
}
