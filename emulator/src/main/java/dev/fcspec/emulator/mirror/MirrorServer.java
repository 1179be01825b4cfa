package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.time.Scheduler;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    MirrorServer(Scheduler scheduler, String name, int id, String sharedNodeName, long lun, MassStorageDevice device,
                 int regionBlocks, Duration peerTimeout, Map<String, NPort> networkPorts,
                 Map<String, NPort> dedicatedPorts) {
        this.name = Objects.requireNonNull(name, "name");
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

    /** The server goes offline: it stops answering hosts and the other servers. */
    public void goOffline() {
        engine.goOffline();
    }

    /**
     * The server comes back after being offline: it catches up on the regions written while it was away and
     * then serves hosts again ({@code done} runs then).
     */
    public void comeBack(Runnable done) {
        engine.rejoin(done);
    }

    @Override
    public String toString() {
        return "server " + name;
    }
}
