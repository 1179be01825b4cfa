package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A virtual storage area network: servers with their own mass storage devices whose mirror engines keep one
 * shared logical unit identical on every device, so that to each server (and to the hosts using it) the data
 * appears stored in one shared storage node. The group is built with all the servers a bench defines; a
 * scenario starts it with the members it needs and the path the copies take.
 */
public final class MirrorGroup {

    /** The path mirror and policing messages take between the servers. */
    public enum Path {
        /** A direct FC link between each pair of servers, carrying only mirror traffic. */
        DEDICATED_LINK,
        /** The servers' ports on the fabric that also carries the hosts' traffic. */
        SHARED_NETWORK
    }

    /** How the bench built one server: its store, its ports on the network, its dedicated link ports. */
    public record ServerSetup(String name, BackingStore store, Map<String, NPort> networkPorts,
                              Map<String, NPort> dedicatedPorts) {
        public ServerSetup {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(store, "store");
            networkPorts = Map.copyOf(networkPorts);
            dedicatedPorts = Map.copyOf(dedicatedPorts);
        }
    }

    /** How long a server waits for another server's answer before it considers it offline. */
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final Scheduler scheduler;
    private final long lun;
    private final Map<String, MirrorServer> servers = new LinkedHashMap<>();
    private final List<String> members = new ArrayList<>();
    private Path path;

    public MirrorGroup(Scheduler scheduler, String name, long lun, int blockSize, int regionBlocks,
                       Duration peerTimeout, List<ServerSetup> setups) {
        this.name = Objects.requireNonNull(name, "name");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.lun = lun;
        if (setups.size() < 2) {
            throw new IllegalArgumentException("mirror group " + name + " needs at least two servers, has "
                    + setups.size());
        }
        int id = 1;
        for (ServerSetup s : setups) {
            if (servers.containsKey(s.name())) {
                throw new IllegalArgumentException("mirror group " + name + " lists server " + s.name() + " twice");
            }
            MassStorageDevice device = new MassStorageDevice(s.name() + "-lun" + lun, s.store(), blockSize);
            servers.put(s.name(), new MirrorServer(scheduler, s.name(), id++, name + "-lun" + lun, lun, device,
                    regionBlocks, peerTimeout, s.networkPorts(), s.dedicatedPorts()));
        }
    }

    public String name() {
        return name;
    }

    /** The shared logical unit's LUN. */
    public long lun() {
        return lun;
    }

    /** How the servers' links go dark and light up when a server loses and regains power (set by the bench). */
    public void portPower(PortPower p) {
        servers.values().forEach(s -> s.portPower(p));
    }

    public Map<String, MirrorServer> servers() {
        return Collections.unmodifiableMap(servers);
    }

    public MirrorServer server(String serverName) {
        MirrorServer s = servers.get(serverName);
        if (s == null) {
            throw new IllegalArgumentException("mirror group " + name + " has no server " + serverName + "; servers: "
                    + servers.keySet());
        }
        return s;
    }

    /** The servers started, in start order. */
    public List<String> members() {
        return List.copyOf(members);
    }

    /** The path the copies take, once started. */
    public Path path() {
        return path;
    }

    /**
     * Starts mirroring between {@code memberNames} over {@code via}. The ports the path uses must be logged in
     * (to the fabric, or with each other on a dedicated link); servers not yet logged in with each other log in
     * (PLOGI). Completes once every member's mirror engine runs.
     */
    public CompletableFuture<Void> start(List<String> memberNames, Path via) {
        if (!members.isEmpty()) {
            throw new IllegalStateException("mirror group " + name + " already runs with " + members);
        }
        if (memberNames.size() < 2) {
            throw new IllegalArgumentException("mirroring needs at least two servers, not " + memberNames);
        }
        List<MirrorServer> ms = memberNames.stream().map(this::server).toList();
        path = Objects.requireNonNull(via, "via");
        Map<String, MirrorPortTransport> transports = new LinkedHashMap<>();
        List<CompletableFuture<RemotePort>> logins = new ArrayList<>();
        for (MirrorServer s : ms) {
            transports.put(s.name(), new MirrorPortTransport());
        }
        for (int i = 0; i < ms.size(); i++) {
            for (int j = i + 1; j < ms.size(); j++) {
                MirrorServer a = ms.get(i);
                MirrorServer b = ms.get(j);
                LocalPort pa = portFor(a, b, via);
                LocalPort pb = portFor(b, a, via);
                transports.get(a.name()).route(b.id(), pa, pb.fcId());
                transports.get(b.name()).route(a.id(), pb, pa.fcId());
                boolean loggedIn = pa.remotePort(pb.fcId()).map(RemotePort::isLoggedIn).orElse(false)
                        && pb.remotePort(pa.fcId()).map(RemotePort::isLoggedIn).orElse(false);
                if (!loggedIn) {
                    logins.add(pa.login(pb.fcId()));
                }
            }
        }
        members.addAll(memberNames);
        return CompletableFuture.allOf(logins.toArray(new CompletableFuture[0])).thenRun(() -> {
            for (MirrorServer s : ms) {
                Map<Integer, String> peers = new LinkedHashMap<>();
                for (MirrorServer o : ms) {
                    if (o != s) {
                        peers.put(o.id(), o.name());
                    }
                }
                s.engine().start(transports.get(s.name()), peers);
                if (ms.size() == 2) {
                    MirrorServer o = ms.get(0) == s ? ms.get(1) : ms.get(0);
                    s.networkPorts().values().stream().findFirst().ifPresent(mine -> o.networkPorts().values()
                            .stream().findFirst().ifPresent(theirs -> s.engine().witness(new NameServerWitness(
                                    scheduler, mine, Map.of(o.id(), theirs.portName())))));
                }
            }
        });
    }

    private static LocalPort portFor(MirrorServer s, MirrorServer peer, Path via) {
        NPort p;
        if (via == Path.DEDICATED_LINK) {
            p = s.dedicatedPorts().get(peer.name());
            if (p == null) {
                throw new IllegalStateException(s + " has no dedicated link to " + peer.name() + "; its dedicated"
                        + " links go to " + s.dedicatedPorts().keySet());
            }
        } else {
            p = s.networkPorts().values().stream().findFirst().orElseThrow(() -> new IllegalStateException(
                    s + " has no port on the shared network"));
        }
        if (p.state() != LportState.READY || FcId.UNASSIGNED.equals(p.fcId())) {
            throw new IllegalStateException(s + "'s port " + p.portName() + " is " + p.state()
                    + ": log it in before mirroring over it");
        }
        return p;
    }

    @Override
    public String toString() {
        return "mirror group " + name + " " + servers.keySet();
    }
}
