package dev.fcspec.emulator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A storage appliance cluster: two or more storage entries of the bench are its nodes (each owns the LUNs
 * listed under it: its disks). Without interconnect ports the bench cables a direct FC interconnect between
 * each pair of nodes itself; with them, each node's interconnect port is cabled (by the bench's links) to a
 * fabric, and FC-VI runs through that fabric's switch. Commands for another node's LUNs arriving at a proxy
 * port are forwarded over the interconnect to the node that owns the LUN. A failed node is taken over by the
 * next node in {@code nodes} order that has not failed.
 *
 * @param name                the cluster's name
 * @param nodes               the storage entries that are its nodes, in cluster order
 * @param interconnectLatency one-way latency of the direct interconnect cables
 * @param proxyPorts          the node ports that proxy (node.port); the others serve their node's LUNs only
 * @param interconnectPorts   one port per node (node.port) that carries the interconnect through a fabric, or
 *                            empty for direct links
 */
public record ClusterSpec(String name, List<String> nodes, Duration interconnectLatency, List<Endpoint> proxyPorts,
                          List<Endpoint> interconnectPorts) {
    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(interconnectLatency, "interconnectLatency");
        proxyPorts = List.copyOf(proxyPorts);
        interconnectPorts = List.copyOf(interconnectPorts);
    }

    /** A cluster interconnected by direct links. */
    public ClusterSpec(String name, List<String> nodes, Duration interconnectLatency, List<Endpoint> proxyPorts) {
        this(name, nodes, interconnectLatency, proxyPorts, List.of());
    }

    /** Whether the interconnect runs through a fabric (interconnect ports) rather than direct links. */
    public boolean throughFabric() {
        return !interconnectPorts.isEmpty();
    }
}
