package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Capability;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fcp.FcpInitiator;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.history.History;
import dev.fcspec.emulator.mirror.MassStorageDevice;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorGroup;
import dev.fcspec.emulator.mirror.MirrorProtocol;
import dev.fcspec.emulator.mirror.MirrorServer;
import dev.fcspec.emulator.mirror.PolicingModule;
import dev.fcspec.emulator.mirror.ServedIo;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.scsi.ScsiConstants;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SenseData;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import dev.fcspec.steps.scsi.Cdbs;
import dev.fcspec.steps.support.Sense;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The scenario's mirrored virtual SAN as steps see it: its servers, the hosts using the shared LUN through
 * them, the history of every block operation the hosts saw, and what crossed the wire. One per scenario.
 */
public final class VirtualSan {
    static final String NAME = "vsan1";
    static final int BLOCK = 512;
    /** Longer than a host's 30 s command timeout, so that a command to an offline server times out. */
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final San san;
    private History history;
    private final Map<String, HostIo> last = new HashMap<>();
    private final Map<String, Long> deviceReads = new HashMap<>();
    private final List<HostIo> all = new ArrayList<>();

    /** One host command and how it ended, with the history operations it stands for (one per block). */
    record HostIo(PortRef host, String server, boolean write, long lba, int blocks, String pattern,
                  CompletableFuture<FcpResult> future, List<History.Op> ops, long startedAt, int frameMark) {
    }

    public VirtualSan(San san) {
        this.san = san;
    }

    San san() {
        return san;
    }

    MirrorGroup group() {
        return san.bench().mirror(NAME);
    }

    MirrorServer server(String name) {
        return group().server(name);
    }

    /**
     * A server's mirror engine, to read its events and state (whether it serves, its peers, its tie-breaker):
     * what the server records about itself, so it needs {@link Capability#OBSERVE_NODE_EVENTS}.
     */
    MirrorEngine engine(String name) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return server(name).engine();
    }

    /** A server's policing protocol module, to read its events and claims: needs {@link Capability#OBSERVE_NODE_EVENTS}. */
    PolicingModule policing(String name) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return server(name).policing();
    }

    /** The I/O a server's I/O driver executed, and whose device served it: needs {@link Capability#OBSERVE_NODE_EVENTS}. */
    List<ServedIo> servedIo(String name) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return server(name).ioDriver().served();
    }

    /**
     * A server's own mass storage device, looked at directly (its blocks, its read and write counts): needs
     * {@link Capability#INSPECT_NODE_DEVICES}.
     */
    MassStorageDevice device(String name) {
        san.require(Capability.INSPECT_NODE_DEVICES);
        return server(name).device();
    }

    /** Blocks per region the policing protocol grants write priority for, as the bench defines the virtual SAN. */
    long regionBlocks() {
        return san.spec().mirrors().stream().filter(m -> m.name().equals(NAME)).findFirst()
                .orElseThrow(() -> new AssertionError("bench " + san.spec().name() + " has no virtual SAN " + NAME))
                .regionBlocks();
    }

    History history() {
        if (history == null) {
            history = new History(san.scheduler(), BLOCK);
        }
        return history;
    }

    /** Brings up the ports of the servers (and their dedicated links), then starts mirroring. */
    void start(List<String> servers, MirrorGroup.Path path) {
        List<NPort> ports = new ArrayList<>();
        for (String s : servers) {
            MirrorServer m = server(s);
            ports.addAll(m.networkPorts().values());
            if (path == MirrorGroup.Path.DEDICATED_LINK) {
                for (String other : servers) {
                    if (!other.equals(s)) {
                        NPort d = m.dedicatedPorts().get(other);
                        assertThat(d).as("%s has a dedicated link to %s", s, other).isNotNull();
                        ports.add(d);
                    }
                }
            }
        }
        ports.forEach(NPort::enable);
        san.await("the servers' ports logged in", () -> ports.stream().allMatch(p -> p.state() == LportState.READY),
                San.PROMPTLY);
        san.complete("mirroring started between " + servers, group().start(servers, path), San.PROMPTLY);
    }

    /** The server's port on the shared network (the one hosts reach it through). */
    NPort hostPort(String server) {
        return server(server).networkPorts().values().iterator().next();
    }

    /** Logs the host in to the server's port (FLOGI first when needed, then PLOGI and PRLI). */
    void connect(PortRef host, String server) {
        NPort h = san.nPort(host);
        if (h.state() != LportState.READY) {
            san.bringUp(host);
        }
        NPort target = hostPort(server);
        boolean in = h.remotePort(target.fcId()).map(RemotePort::isLoggedIn).orElse(false);
        if (in && !target.remotePort(h.fcId()).map(RemotePort::isLoggedIn).orElse(false)) {
            // the server went offline and came back since: its port logged in to the fabric afresh and no
            // longer knows the host (a host learns it from the RSCN, or from the LOGO answering its next frame)
            san.complete(host + " logs out from " + server, h.logout(target.fcId()), San.PROMPTLY);
            in = false;
        }
        if (!in) {
            san.complete(host + " logs in to " + server, h.login(target.fcId()), San.PROMPTLY);
        }
    }

    FcpInitiator initiator(PortRef host) {
        return san.bench().fcpInitiator(san.endpoint(host));
    }

    /** Starts a host write without waiting for it; recorded in the history block by block. */
    HostIo startWrite(PortRef host, String server, long lba, int blocks, String pattern) {
        connect(host, server);
        byte[] data = pattern(pattern, lba, blocks);
        List<History.Op> ops = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            byte[] b = java.util.Arrays.copyOfRange(data, i * BLOCK, (i + 1) * BLOCK);
            ops.add(history().invokeWrite(host.toString(), block(lba + i), b));
        }
        int mark = san.traffic().mark();
        CompletableFuture<FcpResult> f = initiator(host).write(hostPort(server).fcId(), group().lun(),
                Cdbs.write16(lba, blocks), data);
        HostIo io = new HostIo(host, server, true, lba, blocks, pattern, f, ops, san.scheduler().nanoTime(), mark);
        f.whenComplete((r, t) -> end(io, r, t));
        last.put(host.toString(), io);
        all.add(io);
        return io;
    }

    /** Starts a host read without waiting for it. */
    HostIo startRead(PortRef host, String server, long lba, int blocks) {
        connect(host, server);
        List<History.Op> ops = new ArrayList<>();
        for (int i = 0; i < blocks; i++) {
            ops.add(history().invokeRead(host.toString(), block(lba + i)));
        }
        if (san.spec().has(Capability.INSPECT_NODE_DEVICES)) { // counted for the steps that look at the devices
            group().servers().forEach((n, srv) -> deviceReads.put(n, srv.device().reads()));
        }
        int mark = san.traffic().mark();
        CompletableFuture<FcpResult> f = initiator(host).read(hostPort(server).fcId(), group().lun(),
                Cdbs.read16(lba, blocks), blocks * BLOCK);
        HostIo io = new HostIo(host, server, false, lba, blocks, null, f, ops, san.scheduler().nanoTime(), mark);
        f.whenComplete((r, t) -> end(io, r, t));
        last.put(host.toString(), io);
        all.add(io);
        return io;
    }

    private void end(HostIo io, FcpResult r, Throwable t) {
        for (int i = 0; i < io.ops().size(); i++) {
            History.Op op = io.ops().get(i);
            if (t != null) {
                history().timedOut(op);
            } else if (r.status() != 0) {
                history().failed(op);
            } else if (io.write()) {
                history().ok(op, null);
            } else {
                byte[] d = r.data();
                byte[] b = d.length >= (i + 1) * BLOCK ? java.util.Arrays.copyOfRange(d, i * BLOCK, (i + 1) * BLOCK)
                        : new byte[BLOCK];
                history().ok(op, b);
            }
        }
    }

    /** Runs the emulator until the command completes (or times out on the host). */
    FcpResult finish(HostIo io) {
        san.await(io.host() + "'s command through " + io.server() + " ends", () -> io.future().isDone(), DEADLINE);
        return io.future().isCompletedExceptionally() ? null : io.future().join();
    }

    HostIo last(PortRef host) {
        HostIo io = last.get(host.toString());
        if (io == null) {
            throw new IllegalStateException(host + " sent no command to the shared LUN in this scenario");
        }
        return io;
    }

    /**
     * A mirror or policing message as an analyzer on one cable saw it: the first frame of its sequence, with
     * the header fields of the emulator-defined layout read from the frame's payload.
     */
    record MirrorFrame(Seen seen, int opcode, int status, int serverId, long firstParameter) {
        boolean isRequest(int op) {
            return opcode == op;
        }

        boolean isReply(int op) {
            return opcode == (op | MirrorProtocol.REPLY_BIT);
        }

        /** Sent by {@code port} (an N_Port or a switch port such as sw1.8). */
        boolean sentBy(Endpoint port) {
            return port.equals(seen.sender());
        }

        boolean deliveredTo(Endpoint port) {
            return port.equals(seen.receiver());
        }

        long at() {
            return seen.timeNanos();
        }
    }

    /** Mirror and policing messages (TYPE 0xE1) from {@code mark} on, on every cable they crossed. */
    List<MirrorFrame> mirrorFrames(int mark) {
        List<MirrorFrame> out = new ArrayList<>();
        for (Seen s : san.traffic().since(mark, x -> x.header().type() == MirrorProtocol.TYPE
                && x.header().seqCnt() == 0)) {
            byte[] p = s.frame().payload();
            if (p.length < MirrorProtocol.HEADER_LENGTH) {
                continue;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(p);
            long first = p.length >= MirrorProtocol.HEADER_LENGTH + 8 ? b.getLong(MirrorProtocol.HEADER_LENGTH) : -1;
            out.add(new MirrorFrame(s, p[1] & 0xFF, p[2] & 0xFF, b.getInt(8), first));
        }
        return out;
    }

    /** Whether the cable of a frame is one of the fabric's switch cables. */
    boolean onFabric(Seen s, String fabric) {
        String sw = san.fabric(fabric).switchName();
        return (s.sender() != null && s.sender().node().equals(sw)) || (s.receiver() != null
                && s.receiver().node().equals(sw));
    }

    /** The last host write that went through {@code server}. */
    HostIo lastWriteThrough(String server) {
        List<HostIo> l = all.stream().filter(io -> io.write() && io.server().equals(server)).toList();
        if (l.isEmpty()) {
            throw new IllegalStateException("no host wrote through " + server + " in this scenario");
        }
        return l.get(l.size() - 1);
    }

    /** The emulator time the server executed a write at {@code lba} on its own device, after {@code since}. */
    long localWriteAt(String server, long lba, long since) {
        return engine(server).events().stream()
                .filter(e -> e.kind() == dev.fcspec.emulator.mirror.MirrorEngine.EventKind.LOCAL_WRITE
                        && e.lba() == lba && e.at() >= since)
                .mapToLong(dev.fcspec.emulator.mirror.MirrorEngine.Event::at).findFirst()
                .orElseThrow(() -> new AssertionError(server + " executed no write at LBA " + lba + " on its own"
                        + " device; its mirror engine's events: " + engine(server).events()));
    }

    /**
     * CHECK CONDITION with NOT READY, LOGICAL UNIT NOT READY (ASC 04h), as a server that may not serve hosts
     * answers; the qualifier is not part of the claim.
     */
    static void assertNotReady(FcpResult r) {
        assertThat(r.status()).as("status").isEqualTo(ScsiStatus.CHECK_CONDITION);
        SenseData sense = Sense.of(r.sense()).orElseThrow(() -> new AssertionError("CHECK CONDITION without sense"));
        assertThat(sense.senseKey()).as("sense key NOT READY (sense: %s)", Sense.describe(sense))
                .isEqualTo(ScsiConstants.NOT_READY);
        assertThat(sense.asc()).as("ASC 04h, LOGICAL UNIT NOT READY (sense: %s)", Sense.describe(sense))
                .isEqualTo(ScsiConstants.ASC_LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE >>> 8);
    }

    /** The name of the cable a port is on. */
    String cableOf(Endpoint e) {
        return san.bench().linkOf(e).orElseThrow().name();
    }

    /** The cable of the dedicated link between two servers. */
    String dedicatedCable(String a, String b) {
        NPort p = server(a).dedicatedPorts().get(b);
        assertThat(p).as("%s has a dedicated link to %s", a, b).isNotNull();
        return cableOf(endpointOf(p));
    }

    Endpoint endpointOf(NPort p) {
        return san.bench().nPorts().entrySet().stream().filter(e -> e.getValue() == p).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    /** Every server's cables: by cable name, the server and what it is. */
    Map<String, String> cables() {
        Map<String, String> m = new LinkedHashMap<>();
        for (MirrorServer s : group().servers().values()) {
            s.networkPorts().values().forEach(p -> m.put(cableOf(endpointOf(p)), s.name() + " to the fabric"));
            s.dedicatedPorts().forEach((peer, p) -> m.putIfAbsent(cableOf(endpointOf(p)), "dedicated " + s.name()
                    + "-" + peer));
        }
        return m;
    }

    static String block(long lba) {
        return NAME + "/lba" + lba;
    }

    /** Data of a named pattern for {@code blocks} blocks at {@code lba}: each block differs. */
    static byte[] pattern(String name, long lba, int blocks) {
        byte[] b = new byte[blocks * BLOCK];
        for (int i = 0; i < blocks; i++) {
            int seed = (name + "@" + (lba + i)).hashCode();
            for (int j = 0; j < BLOCK; j++) {
                seed = seed * 1103515245 + 12345;
                b[i * BLOCK + j] = (byte) (seed >>> 16);
            }
        }
        return b;
    }


    /** Every host command of the scenario, in the order they started. */
    List<HostIo> commands() {
        return List.copyOf(all);
    }

    /** Device read counts when the last host read started. */
    long deviceReadsBeforeLastRead(String server) {
        Long n = deviceReads.get(server);
        if (n == null) {
            throw new IllegalStateException("no host read has started in this scenario");
        }
        return n;
    }
}
