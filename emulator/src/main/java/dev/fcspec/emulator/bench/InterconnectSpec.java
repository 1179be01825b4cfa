package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cluster interconnect: a direct FC link between the two nodes of a cluster pair, on which each node's
 * FC-VI port runs its cluster connection manager (package {@code ccm}). Each node's address on the link is
 * the predetermined FC_ID its partner reaches its boot VI at.
 *
 * @param name  the interconnect's name
 * @param nodes the two nodes, in link order (the first on end A)
 */
public record InterconnectSpec(String name, List<Node> nodes) {

    /**
     * One node of the pair.
     *
     * @param name     the node's name in specifications (A, B...)
     * @param nodeName its node name (WWNN), what its boot status variable shows
     * @param fcId     its FC_ID on the interconnect
     */
    public record Node(String name, Wwn nodeName, FcId fcId) {
        public Node {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(nodeName, "nodeName");
            Objects.requireNonNull(fcId, "fcId");
        }
    }

    public InterconnectSpec {
        Objects.requireNonNull(name, "name");
        nodes = List.copyOf(nodes);
        if (nodes.size() != 2) {
            throw new IllegalArgumentException("interconnect " + name + " joins two nodes, not " + nodes.size());
        }
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }
}
