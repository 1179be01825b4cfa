package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Not thread-safe: driven from the tasks of one scheduler.
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
    private final Map<Integer, PeerState> peers = new LinkedHashMap<>();
    private final Map<Integer, String> peerNames = new LinkedHashMap<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    /** Regions written here while a peer was unreachable, by peer: what it must catch up on when it returns. */
    private final Map<Integer, java.util.TreeSet<Long>> missed = new LinkedHashMap<>();
    private MirrorTransport transport;
    private ServerState state = ServerState.STOPPED;
    private int nextMessageId = 1;
    private boolean sendCopies = true;
    private TieBreak tieBreak = TieBreak.PEER_REACHABLE;
    private TieBreakWitness witness;
    /** Regions written here whose copy the peer never acknowledged, on a server not winning the tie. */
    private final java.util.TreeSet<Long> divergent = new java.util.TreeSet<>();
    /** Work waiting for the witness's answer. */
    private final List<Runnable> awaitingDecision = new ArrayList<>();
    private boolean reconnectScheduled;

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

    /** Joins the group: the engine reaches {@code peerNamesById} through {@code via}. */
    public void start(MirrorTransport via, Map<Integer, String> peerNamesById) {
        if (state != ServerState.STOPPED) {
            throw new IllegalStateException(serverName + "'s mirror engine is " + state);
        }
        if (peerNamesById.containsKey(serverId)) {
            throw new IllegalArgumentException(serverName + " (server " + serverId + ") cannot be its own peer");
        }
        transport = Objects.requireNonNull(via, "via");
        peerNamesById.forEach((id, name) -> {
            peers.put(id, PeerState.REACHABLE);
            peerNames.put(id, name);
        });
        state = ServerState.ONLINE;
        transport.start(this::onRequest);
    }

    /** The server goes offline: it answers nothing and executes nothing from now on. */
    public void goOffline() {
        state = ServerState.OFFLINE;
        if (transport != null) {
            transport.stop();
        }
    }

    public ServerState state() {
        return state;
    }

    /** Re-establishes the transport's paths to the peers after this server's links were down, then runs {@code then}. */
    void reconnect(Runnable then) {
        if (transport == null) {
            then.run();
            return;
        }
        transport.reconnect(() -> scheduler.execute(then));
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
        claim[0] = policing.request(first, last, asked, () -> scheduler.execute(() -> whenDecided(() ->
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
                done.accept(Result.tieNotWon(serverName, tieBreak));
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
        boolean authoritative = peers.size() != 1 || tieBreak == TieBreak.WINS_TIE || tieBreak == TieBreak.PEER_GONE;
        if (authoritative) {
            for (int p : lostPeers) {
                java.util.TreeSet<Long> set = missed.computeIfAbsent(p, k -> new java.util.TreeSet<>());
                for (long r = first; r <= last; r++) {
                    set.add(r);
                }
            }
            return true;
        }
        if (wroteLocally) {
            for (long r = first; r <= last; r++) {
                divergent.add(r);
            }
        }
        log(EventKind.WRITE_NOT_ACKNOWLEDGED, lostPeers.iterator().next(), lba, blocks, tieBreak.name());
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
        claim[0] = policing.request(first, last, asked, () -> scheduler.execute(() -> whenDecided(() -> {
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
        return peers.size() == 1 ? tieBreak.serves() : inMajority();
    }

    /** The two-server tie-breaker's current decision ({@link TieBreak#PEER_REACHABLE} in larger groups). */
    public TieBreak tieBreak() {
        return tieBreak;
    }

    /** The witness a server of a two-server group asks when it loses its peer and has the higher id. */
    public void witness(TieBreakWitness w) {
        witness = w;
    }

    /** Regions this server wrote whose copy its peer never acknowledged (taken from the peer on reconnection). */
    public java.util.SortedSet<Long> divergentRegions() {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(divergent));
    }

    private Result refusal() {
        return peers.size() == 1 ? Result.tieNotWon(serverName, tieBreak) : Result.cutOffFromMajority(serverName);
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

    private Set<Integer> reachablePeers() {
        Set<Integer> s = new LinkedHashSet<>();
        peers.forEach((id, st) -> {
            if (st == PeerState.REACHABLE) {
                s.add(id);
            }
        });
        return s;
    }

    private void send(int peer, int opcode, byte[] params, Consumer<MirrorMessage> onReply, Runnable onLost) {
        int id = nextMessageId++;
        MirrorMessage m = MirrorMessage.request(opcode, id, serverId, params);
        transport.request(peer, MirrorProtocol.encode(m), peerTimeout, bytes -> {
            MirrorMessage reply;
            try {
                reply = MirrorProtocol.decode(bytes);
            } catch (MirrorDecodeException e) {
                log(EventKind.REQUEST_REJECTED, peer, -1, 0, "undecodable reply: " + e.getMessage());
                lost(peer, onLost);
                return;
            }
            if (!reply.isReply() || reply.operation() != opcode || reply.messageId() != id) {
                log(EventKind.REQUEST_REJECTED, peer, -1, 0, "reply " + reply + " does not answer " + m);
                lost(peer, onLost);
                return;
            }
            onReply.accept(reply);
        }, failure -> lost(peer, onLost));
    }

    private void lost(int peer, Runnable onLost) {
        if (peers.get(peer) == PeerState.REACHABLE) {
            peers.put(peer, PeerState.UNREACHABLE);
            log(EventKind.PEER_UNREACHABLE, peer, -1, 0, "");
            if (peers.size() == 1) {
                breakTie(peer);
            }
            policing.peerLost(peer);
        }
        onLost.run();
    }

    // ---- two-server tie-breaker -----------------------------------------------------------------------

    /** The only peer stopped answering: decide which of the two goes on alone. */
    private void breakTie(int peer) {
        if (state == ServerState.RESYNCHRONISING) {
            // back after being offline (or reconnecting after a cut) without reaching the peer: stay out
            decided(tieBreak == TieBreak.CUT_APART ? TieBreak.CUT_APART : TieBreak.BEHIND_PEER, peer,
                    "the peer did not answer while this server tried to rejoin");
            return;
        }
        if (serverId < peer) {
            decided(TieBreak.WINS_TIE, peer, "server " + serverId + " has the lower id");
            return;
        }
        decided(TieBreak.ASKING_WITNESS, peer, peerName(peer) + " has the lower id");
        if (witness == null) {
            witnessAnswered(peer, TieBreakWitness.Answer.NO_ANSWER);
            return;
        }
        log(EventKind.WITNESS_ASKED, peer, -1, 0, witness.toString());
        witness.ask(peer, a -> witnessAnswered(peer, a));
    }

    private void witnessAnswered(int peer, TieBreakWitness.Answer answer) {
        if (tieBreak != TieBreak.ASKING_WITNESS || peers.get(peer) != PeerState.UNREACHABLE) {
            return; // decided otherwise meanwhile (the peer came back)
        }
        log(EventKind.WITNESS_ANSWERED, peer, -1, 0, answer.name());
        decideWaiting(answer, peer, answer == TieBreakWitness.Answer.NOT_REGISTERED ? "the witness no longer knows "
                + peerName(peer) : "the witness answered " + answer);
    }

    private void decideWaiting(TieBreakWitness.Answer answer, int peer, String why) {
        if (answer == TieBreakWitness.Answer.NOT_REGISTERED) {
            // this server is the authoritative copy now: what it wrote is what the peer must catch up on
            missed.computeIfAbsent(peer, k -> new java.util.TreeSet<>()).addAll(divergent);
            divergent.clear();
            decided(TieBreak.PEER_GONE, peer, why);
        } else {
            decided(TieBreak.CUT_APART, peer, why);
        }
        List<Runnable> waiting = List.copyOf(awaitingDecision);
        awaitingDecision.clear();
        waiting.forEach(Runnable::run);
    }

    private void decided(TieBreak t, int peer, String why) {
        if (tieBreak != t) {
            tieBreak = t;
            log(EventKind.TIE_BREAK, peer, -1, 0, t + ": " + why);
        }
        if (!t.serves()) {
            scheduleReconnect();
        }
    }

    /** Runs {@code r} now, or once the witness answered when the tie-breaker is waiting for it. */
    private void whenDecided(Runnable r) {
        if (tieBreak == TieBreak.ASKING_WITNESS) {
            awaitingDecision.add(r);
        } else {
            r.run();
        }
    }

    /**
     * A server that may not go on alone tries to reach its peer again every peer timeout; once the peer
     * answers it catches up (the regions the peer wrote meanwhile and its own unacknowledged ones) and serves
     * hosts again.
     */
    private void scheduleReconnect() {
        if (reconnectScheduled || tieBreak == TieBreak.ASKING_WITNESS) {
            return;
        }
        reconnectScheduled = true;
        scheduler.schedule(peerTimeout, () -> {
            reconnectScheduled = false;
            if (state == ServerState.ONLINE && peers.size() == 1 && !tieBreak.serves()
                    && tieBreak != TieBreak.ASKING_WITNESS) {
                rejoin(() -> { });
            }
        });
    }

    /** A request from a peer: decoded, checked, executed, answered; a bad request changes nothing. */
    void onRequest(int from, byte[] payload, Consumer<byte[]> reply) {
        if (state != ServerState.ONLINE && state != ServerState.RESYNCHRONISING) {
            return;
        }
        MirrorMessage m;
        try {
            m = MirrorProtocol.decode(payload);
            if (m.isReply()) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_OPCODE, m.opcode(),
                        m.messageId(), "a reply (" + m + ") is not a request");
            }
        } catch (MirrorDecodeException e) {
            reject(from, e, reply);
            return;
        }
        if (from < 0 || !peers.containsKey(from) || m.serverId() != from) {
            log(EventKind.REQUEST_REJECTED, Math.max(from, 0), -1, 0, "not a member: server " + m.serverId());
            reply.accept(MirrorProtocol.encode(m.reply(serverId, MirrorProtocol.STATUS_NOT_A_MEMBER, new byte[0])));
            return;
        }
        try {
            switch (m.opcode()) {
                case MirrorProtocol.OP_PRIORITY_REQUEST -> {
                    MirrorProtocol.PriorityRequest r = MirrorProtocol.PriorityRequest.decode(m);
                    policing.onRequest(from, r.firstRegion(), r.lastRegion(), r.timestamp(), () -> reply.accept(
                            MirrorProtocol.encode(m.reply(serverId, MirrorProtocol.STATUS_GRANTED, new byte[0]))));
                }
                case MirrorProtocol.OP_WRITE_COPY -> {
                    MirrorProtocol.WriteCopy w = MirrorProtocol.WriteCopy.decode(m);
                    int status = checkRange(w.lba(), w.blocks(), w.blockSize());
                    if (status == MirrorProtocol.STATUS_GOOD) {
                        try {
                            device.write(w.lba(), w.data());
                            log(EventKind.COPY_EXECUTED, from, w.lba(), w.blocks(), "");
                            recordMissed(w.lba(), w.blocks());
                        } catch (IOException e) {
                            status = MirrorProtocol.STATUS_STORAGE_ERROR;
                        }
                    } else {
                        log(EventKind.REQUEST_REJECTED, from, w.lba(), w.blocks(), MirrorProtocol.statusName(status));
                    }
                    reply.accept(MirrorProtocol.encode(m.reply(serverId, status, new byte[0])));
                }
                case MirrorProtocol.OP_REJOIN -> {
                    if (m.parameters().length != 0) {
                        throw new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH, m.opcode(),
                                m.messageId(), "REJOIN has no parameters, this one has " + m.parameters().length);
                    }
                    java.util.TreeSet<Long> regions = missed.remove(from);
                    if (peers.size() == 1 && tieBreak == TieBreak.ASKING_WITNESS) {
                        // the peer was down after all (it comes back before the witness answered): this copy
                        // is the current one, including what was written here without an acknowledged copy
                        regions = regions == null ? new java.util.TreeSet<>() : regions;
                        decideWaiting(TieBreakWitness.Answer.NOT_REGISTERED, from, peerName(from)
                                + " rejoined before the witness answered: it was down");
                        regions.addAll(missed.getOrDefault(from, new java.util.TreeSet<>()));
                        missed.remove(from);
                    }
                    List<Long> list = regions == null ? List.of() : List.copyOf(regions);
                    peers.put(from, PeerState.REACHABLE);
                    log(EventKind.PEER_REJOINED, from, -1, list.size(), list.toString());
                    if (peers.size() == 1 && tieBreak.serves()) {
                        decided(TieBreak.PEER_REACHABLE, from, peerName(from) + " rejoined");
                    }
                    reply.accept(MirrorProtocol.encode(m.reply(serverId, MirrorProtocol.STATUS_GOOD,
                            new MirrorProtocol.MissedRegions(list).encode())));
                }
                case MirrorProtocol.OP_READ_COPY -> {
                    MirrorProtocol.ReadCopy r = MirrorProtocol.ReadCopy.decode(m);
                    int status = checkRange(r.lba(), r.blocks(), r.blockSize());
                    if (state == ServerState.RESYNCHRONISING) {
                        status = MirrorProtocol.STATUS_RESYNCHRONISING;
                    }
                    byte[] data = new byte[0];
                    if (status == MirrorProtocol.STATUS_GOOD) {
                        data = new byte[r.blocks() * r.blockSize()];
                        try {
                            device.read(r.lba(), data);
                            log(EventKind.COPY_READ_SERVED, from, r.lba(), r.blocks(), "");
                        } catch (IOException e) {
                            status = MirrorProtocol.STATUS_STORAGE_ERROR;
                            data = new byte[0];
                        }
                    } else {
                        log(EventKind.REQUEST_REJECTED, from, r.lba(), r.blocks(), MirrorProtocol.statusName(status));
                    }
                    reply.accept(MirrorProtocol.encode(m.reply(serverId, status, data)));
                }
                default -> throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_OPCODE, m.opcode(),
                        m.messageId(), MirrorProtocol.opcodeName(m.opcode()));
            }
        } catch (MirrorDecodeException e) {
            reject(from, e, reply);
        }
    }

    private void recordMissed(long lba, int blocks) {
        long first = lba / regionBlocks;
        long last = (lba + blocks - 1) / regionBlocks;
        peers.forEach((id, st) -> {
            if (st == PeerState.UNREACHABLE) {
                java.util.TreeSet<Long> set = missed.computeIfAbsent(id, k -> new java.util.TreeSet<>());
                for (long r = first; r <= last; r++) {
                    set.add(r);
                }
            }
        });
    }

    /** Regions written here while {@code peer} was unreachable (what it will catch up on when it returns). */
    public java.util.SortedSet<Long> missedBy(int peer) {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(
                missed.getOrDefault(peer, new java.util.TreeSet<>())));
    }

    // ---- returning after being offline ----------------------------------------------------------------

    /**
     * The server comes back after being offline: it forgets the claims it had, tells every peer it is back
     * (REJOIN), learns from their answers which regions were written while it was away, and copies each of
     * them from a peer under write priority (so that no write to the region overtakes the copy). It serves
     * hosts again once every region is current. {@code done} runs then.
     */
    public void rejoin(Runnable done) {
        boolean cutOff = state == ServerState.ONLINE && !mayServe();
        if (state != ServerState.OFFLINE && !cutOff) {
            throw new IllegalStateException(serverName + " is " + state + ", neither offline nor cut off from the"
                    + " majority of its group nor kept out by the tie-breaker");
        }
        if (cutOff) {
            transport.stop();
        }
        state = ServerState.RESYNCHRONISING;
        policing.reset();
        peers.replaceAll((id, st) -> PeerState.REACHABLE);
        transport.start(this::onRequest);
        java.util.TreeMap<Long, Integer> regions = new java.util.TreeMap<>();
        Set<Integer> asked = reachablePeers();
        int[] pending = {asked.size()};
        Runnable next = () -> {
            if (--pending[0] != 0) {
                return;
            }
            if (peers.size() == 1 && reachablePeers().isEmpty()) {
                // two servers and the peer did not answer: stay out (the tie-breaker retries later)
                state = ServerState.ONLINE;
                return;
            }
            if (peers.size() == 1) {
                int peer = peers.keySet().iterator().next();
                divergent.forEach(r -> regions.putIfAbsent(r, peer));
            }
            resync(new ArrayList<>(regions.keySet()), done);
        };
        if (asked.isEmpty()) {
            resync(List.of(), done);
            return;
        }
        for (int peer : asked) {
            send(peer, MirrorProtocol.OP_REJOIN, new byte[0], reply -> {
                if (reply.status() == MirrorProtocol.STATUS_GOOD) {
                    try {
                        MirrorProtocol.MissedRegions.decode(reply).regions().forEach(r -> regions.putIfAbsent(r, peer));
                    } catch (MirrorDecodeException e) {
                        log(EventKind.REQUEST_REJECTED, peer, -1, 0, "undecodable REJOIN reply: " + e.getMessage());
                    }
                }
                next.run();
            }, next);
        }
    }

    private void resync(List<Long> regions, Runnable done) {
        if (state != ServerState.RESYNCHRONISING) {
            return;
        }
        if (regions.isEmpty()) {
            state = ServerState.ONLINE;
            log(EventKind.RESYNCHRONISED, 0, -1, 0, "");
            if (peers.size() == 1 && !reachablePeers().isEmpty()) {
                decided(TieBreak.PEER_REACHABLE, reachablePeers().iterator().next(), "caught up from the peer");
            }
            done.run();
            return;
        }
        long region = regions.get(0);
        List<Long> rest = regions.subList(1, regions.size());
        long lba = region * regionBlocks;
        int blocks = (int) Math.min(regionBlocks, device.blocks() - lba);
        Set<Integer> asked = reachablePeers();
        PolicingModule.Claim[] claim = new PolicingModule.Claim[1];
        claim[0] = policing.request(region, region, asked, () -> scheduler.execute(() ->
                copyRegion(new ArrayList<>(reachablePeers()), lba, blocks, () -> {
                    policing.release(claim[0]);
                    log(EventKind.REGION_RESYNCHRONISED, 0, lba, blocks, "region " + region);
                    resync(rest, done);
                })));
        askForPriority(claim[0], region, region, asked);
    }

    /**
     * Sends the policing request of {@code claim} (regions {@code first..last}) to each peer asked: a grant
     * counts towards the claim; a refusal or no answer leaves the peer unreachable.
     */
    private void askForPriority(PolicingModule.Claim claim, long first, long last, Set<Integer> asked) {
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

    private void copyRegion(List<Integer> candidates, long lba, int blocks, Runnable then) {
        if (candidates.isEmpty()) {
            then.run(); // no copy can be reached: the region stays as it is
            return;
        }
        int peer = candidates.remove(0);
        byte[] request = new MirrorProtocol.ReadCopy(lba, blocks, device.blockSize()).encode();
        send(peer, MirrorProtocol.OP_READ_COPY, request, reply -> {
            if (reply.status() == MirrorProtocol.STATUS_GOOD
                    && reply.parameters().length == blocks * device.blockSize()) {
                try {
                    device.write(lba, reply.parameters());
                    divergent.remove(lba / regionBlocks);
                } catch (IOException e) {
                    // the own device failed meanwhile: nothing to catch up on
                }
                then.run();
            } else {
                copyRegion(candidates, lba, blocks, then);
            }
        }, () -> copyRegion(candidates, lba, blocks, then));
    }

    private int checkRange(long lba, int blocks, int blockSize) {
        if (blockSize != device.blockSize()) {
            return MirrorProtocol.STATUS_INVALID_PARAMETERS;
        }
        if (lba < 0 || blocks < 1 || lba + blocks > device.blocks()) {
            return MirrorProtocol.STATUS_OUT_OF_RANGE;
        }
        return MirrorProtocol.STATUS_GOOD;
    }

    private void reject(int from, MirrorDecodeException e, Consumer<byte[]> reply) {
        log(EventKind.REQUEST_REJECTED, Math.max(from, 0), -1, 0, e.getMessage());
        int opcode = e.opcode() < 0 ? 0 : e.opcode() & ~MirrorProtocol.REPLY_BIT;
        MirrorMessage answer = new MirrorMessage(opcode | MirrorProtocol.REPLY_BIT,
                MirrorProtocol.statusFor(e.defect()), e.messageId(), serverId, new byte[0]);
        reply.accept(MirrorProtocol.encode(answer));
    }

    private void log(EventKind kind, int peer, long lba, int blocks, String detail) {
        events.add(new Event(scheduler.nanoTime(), kind, peer, lba, blocks, detail));
    }

    @Override
    public String toString() {
        return "mirror engine of " + serverName + " (server " + serverId + ", " + state + ")";
    }
}
