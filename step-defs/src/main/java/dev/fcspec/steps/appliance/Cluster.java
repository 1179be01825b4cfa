package dev.fcspec.steps.appliance;

import dev.fcspec.emulator.appliance.ApplianceCluster;
import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.ServedCommand;
import dev.fcspec.emulator.bench.Capability;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.port.NPort;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The scenario's appliance cluster as steps see it: nodes, what they served, what crossed the interconnect. */
public final class Cluster {
    static final String NAME = "c1";
    private final San san;

    public Cluster(San san) {
        this.san = san;
    }

    San san() {
        return san;
    }

    ApplianceCluster cluster() {
        return san.bench().cluster(NAME);
    }

    /** A node of any appliance cluster of the bench. */
    ApplianceNode node(String name) {
        return san.bench().applianceNode(name);
    }

    /** The appliance cluster a node belongs to. */
    ApplianceCluster clusterOf(String node) {
        return san.bench().clusters().values().stream().filter(c -> c.nodes().containsKey(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(node + " is in no appliance cluster of the bench"));
    }

    /**
     * The disk behind a LUN in whichever cluster has it, whichever node owns it now, looked at directly (its
     * counters, its reservation, its blocks): needs {@link Capability#INSPECT_NODE_DEVICES}.
     */
    dev.fcspec.emulator.appliance.Disk disk(long lun) {
        san.require(Capability.INSPECT_NODE_DEVICES);
        for (ApplianceCluster c : san.bench().clusters().values()) {
            for (ApplianceNode n : c.nodes().values()) {
                if (n.owns(lun)) {
                    return n.disk(lun);
                }
            }
        }
        throw new AssertionError("no appliance node owns a disk for LUN " + lun);
    }

    /** A node's own disk for a LUN, looked at directly: needs {@link Capability#INSPECT_NODE_DEVICES}. */
    dev.fcspec.emulator.appliance.Disk disk(String node, long lun) {
        san.require(Capability.INSPECT_NODE_DEVICES);
        return node(node).disk(lun);
    }

    /** The node that owns a disk now. */
    String ownerOf(dev.fcspec.emulator.appliance.Disk disk) {
        for (ApplianceCluster c : san.bench().clusters().values()) {
            for (ApplianceNode n : c.nodes().values()) {
                if (n.ownedLuns().stream().anyMatch(l -> n.disk(l) == disk)) {
                    return n.name();
                }
            }
        }
        throw new AssertionError("no appliance node owns " + disk);
    }

    /** The fabric whose switch a port is cabled to. */
    String fabricOf(Endpoint e) {
        return san.bench().fabricOf(e).orElseThrow(() -> new AssertionError(e + " is not cabled to a switch")).name();
    }

    /** Links the interconnect of a node's cluster uses: its direct cables, or the cables to its switch. */
    Set<String> interconnectLinks(String node) {
        ApplianceCluster c = clusterOf(node);
        Set<String> out = new HashSet<>();
        for (String a : c.nodes().keySet()) {
            for (String b : c.nodes().keySet()) {
                c.interconnect(a, b).ifPresent(l -> out.add(l.name()));
            }
            interconnectEndpoint(a).flatMap(e -> san.bench().linkOf(e)).ifPresent(l -> out.add(l.name()));
        }
        return out;
    }

    /** A node's interconnect port on a fabric, as a bench endpoint, when its cluster has one. */
    Optional<Endpoint> interconnectEndpoint(String node) {
        NPort port = clusterOf(node).fabricInterconnectPorts().get(node);
        if (port == null) {
            return Optional.empty();
        }
        return san.spec().array(node).orElseThrow().ports().stream().map(p -> new Endpoint(node, p.name()))
                .filter(e -> san.bench().linkEnd(e).isPresent() && san.bench().nPort(e) == port).findFirst();
    }

    /**
     * Every data access command a node's virtual target module received, with the forwarding decision and the
     * node that served it, as the node recorded them: needs {@link Capability#OBSERVE_NODE_EVENTS}.
     */
    List<ServedCommand> served(String node) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return node(node).served();
    }

    /** The last data access command a node's virtual target module handled. */
    ServedCommand lastReceivedBy(String node) {
        List<ServedCommand> s = served(node);
        if (s.isEmpty()) {
            throw new AssertionError(node + " has received no command in this scenario");
        }
        return s.get(s.size() - 1);
    }

    /** FC-VI frames that crossed the interconnect while {@code c} was being handled. */
    List<Seen> interconnectFramesDuring(ServedCommand c) {
        Set<String> links = interconnectLinks(c.receivedBy());
        return san.traffic().where(s -> links.contains(s.link()) && s.header().type() == FcType.VI
                && s.timeNanos() >= c.receivedAt() && s.timeNanos() <= c.answeredAt());
    }

    /** The FC_ID a node's interconnect port uses towards a peer. */
    int interconnectId(String node, String peer) {
        return node(node).adapterTo(peer).driver().address().value();
    }
}
