package dev.fcspec.emulator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A storage appliance cluster: two storage entries of the bench are its nodes (each owns the LUNs listed
 * under it: its disks), joined by a direct FC interconnect the bench cables itself. Commands for the
 * partner's LUNs arriving at a proxy port are forwarded over the interconnect.
 *
 * @param name                the cluster's name
 * @param nodes               the two storage entries that are its nodes
 * @param interconnectLatency one-way latency of the interconnect cable
 * @param proxyPorts          the node ports that proxy (node.port); the others serve their node's LUNs only
 */
public record ClusterSpec(String name, List<String> nodes, Duration interconnectLatency, List<Endpoint> proxyPorts) {
    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(interconnectLatency, "interconnectLatency");
        proxyPorts = List.copyOf(proxyPorts);
    }
}
