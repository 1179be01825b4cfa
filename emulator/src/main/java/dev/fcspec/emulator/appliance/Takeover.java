package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.Set;

/**
 * One takeover: why the survivor took over, when (emulator time, ns), the virtual ports it initialised with the
 * failed node's port identities, and the LUNs whose disks it took.
 */
public record Takeover(String survivor, String failed, Cause cause, long at, List<VirtualPort> assumedPorts,
                       Set<Long> luns) {

    /** How the failure was detected. */
    public enum Cause { HEARTBEAT_LOST, FAILOVER_COMMAND }

    public Takeover {
        assumedPorts = List.copyOf(assumedPorts);
        luns = Set.copyOf(luns);
    }

    /** Whether {@code wwpn} is one of the identities the survivor assumed. */
    public boolean assumed(Wwn wwpn) {
        return assumedPorts.stream().anyMatch(v -> v.portName().equals(wwpn));
    }
}
