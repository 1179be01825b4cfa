package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One server of a virtual SAN: its own mass storage device, a SCSI target core whose shared logical unit has
 * the group's identity, its I/O driver, its mirror engine with its policing protocol module, the ports hosts
 * reach it through (on the shared network) and the ports of its dedicated links to the other servers.
 */
public final class MirrorServer {

    private final String name;
    private final int id;
    private final MassStorageDevice device;
    private final TargetCore core;
    private final MirrorEngine engine;
    private final IoDriver driver;
    private final Map<String, NPort> networkPorts;
    private final Map<String, NPort> dedicatedPorts;
    private final Scheduler scheduler;
    private PortPower power = PortPower.NONE;
    private boolean dark;
    /** The ports that were enabled when the links went dark: the ones that log in again on coming back. */
    private final List<NPort> enabledWhenDark = new ArrayList<>();

    MirrorServer(Scheduler scheduler, String name, int id, String sharedNodeName, long lun, MassStorageDevice device,
                 int regionBlocks, Duration peerTimeout, Map<String, NPort> networkPorts,
                 Map<String, NPort> dedicatedPorts) {
        this.name = Objects.requireNonNull(name, "name");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.id = id;
        this.device = device;
        this.core = TargetCore.builder(name)
                .unit(lun, LogicalUnit.builder(sharedNodeName, device.store()).blockSize(device.blockSize()).build())
                .build();
        this.engine = new MirrorEngine(scheduler, name, id, device, regionBlocks, peerTimeout);
        this.driver = new IoDriver(name, lun, core, engine, scheduler);
        this.networkPorts = new LinkedHashMap<>(networkPorts);
        this.dedicatedPorts = new LinkedHashMap<>(dedicatedPorts);
    }

    public String name() {
        return name;
    }

    /** The server's number in its group (1, 2, 3...), as its mirror messages carry it. */
    public int id() {
        return id;
    }

    public MassStorageDevice device() {
        return device;
    }

    public TargetCore core() {
        return core;
    }

    public MirrorEngine engine() {
        return engine;
    }

    public PolicingModule policing() {
        return engine.policing();
    }

    public IoDriver ioDriver() {
        return driver;
    }

    /** Ports on the network that also carries the hosts' traffic, by port name. */
    public Map<String, NPort> networkPorts() {
        return Collections.unmodifiableMap(networkPorts);
    }

    /** Ports of dedicated links, by the name of the server at the other end. */
    public Map<String, NPort> dedicatedPorts() {
        return Collections.unmodifiableMap(dedicatedPorts);
    }

    /** How the server's links go dark and light up when it loses and regains power (set by the bench). */
    void portPower(PortPower p) {
        power = Objects.requireNonNull(p, "power");
    }

    /** Every port of the server: on the network, then of its dedicated links. */
    public List<NPort> ports() {
        List<NPort> all = new ArrayList<>(networkPorts.values());
        all.addAll(dedicatedPorts.values());
        return all;
    }

    /** Whether the server's links are dark (it went offline and has not come back). */
    public boolean linksDark() {
        return dark;
    }

    /**
     * The server goes offline, as a server that lost power: it stops answering hosts and the other servers,
     * and its links go dark, so that the fabric logs its ports out (name-server entries removed, RSCN sent).
     */
    public void goOffline() {
        engine.goOffline();
        if (!dark) {
            dark = true;
            enabledWhenDark.clear();
            ports().stream().filter(p -> p.state() != LportState.DISABLED).forEach(enabledWhenDark::add);
            ports().forEach(power::dark);
        }
    }

    /**
     * The server comes back after being offline: its links light up and its ports log in again (fabric
     * login, and the login with the other end of each dedicated link), it logs in again with the other servers'
     * ports it mirrors to, catches up on the regions written while it was away and then serves hosts again
     * ({@code done} runs then).
     */
    public void comeBack(Runnable done) {
        if (!dark || engine.state() != MirrorEngine.ServerState.OFFLINE) {
            engine.rejoin(done);
            return;
        }
        dark = false;
        for (NPort p : ports()) {
            power.light(p);
            if (enabledWhenDark.contains(p)) {
                p.reset();
            }
        }
        engine.reconnect(() -> engine.rejoin(done));
    }

    @Override
    public String toString() {
        return "server " + name;
    }
}
