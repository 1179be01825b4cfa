package dev.fcspec.steps.appliance;

import dev.fcspec.emulator.appliance.ApplianceCluster;
import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.ServedCommand;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import java.util.List;

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

    ApplianceNode node(String name) {
        return cluster().node(name);
    }

    /** The last data access command a node's virtual target module handled. */
    ServedCommand lastReceivedBy(String node) {
        List<ServedCommand> s = node(node).served();
        if (s.isEmpty()) {
            throw new AssertionError(node + " has received no command in this scenario");
        }
        return s.get(s.size() - 1);
    }

    /** FC-VI frames that crossed the interconnect while {@code c} was being handled. */
    List<Seen> interconnectFramesDuring(ServedCommand c) {
        String link = cluster().interconnect().name();
        return san.traffic().where(s -> s.link().equals(link) && s.header().type() == FcType.VI
                && s.timeNanos() >= c.receivedAt() && s.timeNanos() <= c.answeredAt());
    }

    /** The FC_ID a node's interconnect port uses. */
    int interconnectId(String node) {
        return node(node).interconnect().address().value();
    }
}
