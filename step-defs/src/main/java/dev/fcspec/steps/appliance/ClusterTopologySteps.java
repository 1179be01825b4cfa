package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.appliance.ApplianceCluster;
import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.Takeover;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fabric.FabricLogin;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.fabric.LoginKind;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.VportState;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.List;

/**
 * Clusters of more than two nodes and interconnects through a fabric switch: bringing the nodes up, the
 * failover rule that picks the survivor, and what the interconnect switch saw (fabric logins, name-server
 * queries, FC-VI frames it routed between the nodes' interconnect ports).
 */
public class ClusterTopologySteps {
    private final Cluster cluster;
    private final San san;

    public ClusterTopologySteps(Cluster cluster) {
        this.cluster = cluster;
        this.san = cluster.san();
    }

    @Given("the nodes {word}, {word} and {word} of appliance cluster {word} are up on fabric {word}")
    public void nodesUp(String a, String b, String c, String clusterName, String fabric) {
        ApplianceCluster cl = san.bench().cluster(clusterName);
        for (String node : List.of(a, b, c)) {
            assertThat(cl.nodes()).as("nodes of cluster %s", clusterName).containsKey(node);
            for (String port : cl.node(node).physicalPorts().keySet()) {
                Endpoint e = new Endpoint(node, port);
                if (!san.bench().fabricOf(e).map(f -> f.name().equals(fabric)).orElse(false)) {
                    continue;
                }
                NPort p = san.bringUp(new PortRef(node, port));
                assertThat(p.state()).as("%s port %s logged in to fabric %s", node, port, fabric)
                        .isEqualTo(LportState.READY);
            }
        }
        san.await("the interconnect of cluster " + clusterName + " set up", () -> cl.interconnected().isDone(),
                San.PROMPTLY);
        assertThat(cl.interconnected()).as("interconnect of %s", clusterName).isNotCompletedExceptionally();
        san.await("every interconnect VI of cluster " + clusterName + " connected",
                () -> cl.nodes().values().stream().allMatch(ApplianceNode::interconnected), San.PROMPTLY);
    }

    @Given("{word}, {word} and {word} send heartbeats every {int} ms and take over after {int} missed heartbeats")
    public void heartbeats(String a, String b, String c, int ms, int misses) {
        for (String node : List.of(a, b, c)) {
            cluster.node(node).startHeartbeats(Duration.ofMillis(ms), misses);
        }
        san.runFor(Duration.ofMillis(ms * 2L));
        for (String node : List.of(a, b, c)) {
            assertThat(cluster.node(node).takeover()).as("no takeover by %s while every node is up", node).isEmpty();
        }
    }

    @When("cluster {word} is told to fail over {word}")
    public void clusterFailover(String clusterName, String failed) {
        ApplianceCluster cl = san.bench().cluster(clusterName);
        ApplianceNode n = cl.node(failed);
        n.fail();
        for (String port : n.physicalPorts().keySet()) {
            Endpoint e = new Endpoint(failed, port);
            san.bench().fabricOf(e).ifPresent(f -> san.bench().peerOf(e).ifPresent(p ->
                    san.fabricSwitch(f.name()).port(Integer.parseInt(p.port())).goOffline()));
            san.bench().linkOf(e).ifPresent(l -> l.faults().partition());
        }
        Takeover t = cl.failOver(failed);
        san.await("the assumed identities logged in", () -> t.assumedPorts().stream()
                .allMatch(v -> v.vportState() == VportState.ACTIVE), San.PROMPTLY);
    }

    @Then("{word} took over {word}'s port identities and disks, by the rule that the next node in cluster order takes over")
    public void tookOverByRule(String survivor, String failed) {
        ApplianceCluster cl = cluster.clusterOf(failed);
        List<String> order = List.copyOf(cl.nodes().keySet());
        String next = order.get((order.indexOf(failed) + 1) % order.size());
        assertThat(survivor).as("the node after %s in cluster order %s", failed, order).isEqualTo(next);
        Takeover t = cluster.node(survivor).takeover(failed).orElseThrow(() -> new AssertionError(
                survivor + " has not taken " + failed + " over"));
        for (NPort p : cluster.node(failed).physicalPorts().values()) {
            assertThat(t.assumed(p.portName())).as("%s assumed %s", survivor, p.portName()).isTrue();
        }
        assertThat(t.luns()).as("LUNs %s took over", survivor).isNotEmpty();
        for (long lun : t.luns()) {
            assertThat(cluster.node(survivor).owns(lun)).as("%s owns LUN %s", survivor, lun).isTrue();
        }
        for (String other : order) {
            if (!other.equals(survivor)) {
                assertThat(cluster.node(other).takeover(failed)).as("%s took nothing of %s over", other, failed)
                        .isEmpty();
            }
        }
    }

    @Then("the interconnect of cluster {word} runs through switch {word}: every node's interconnect port logged in with FLOGI and looked its peers up in the name server")
    public void throughSwitch(String clusterName, String switchName) {
        ApplianceCluster cl = san.bench().cluster(clusterName);
        assertThat(cl.fabricInterconnectPorts()).as("interconnect ports of %s on a fabric", clusterName).isNotEmpty();
        for (String node : cl.nodes().keySet()) {
            Endpoint e = cluster.interconnectEndpoint(node).orElseThrow();
            Endpoint switchPort = san.bench().peerOf(e).orElseThrow();
            assertThat(switchPort.node()).as("what %s is cabled to", e).isEqualTo(switchName);
            FabricSwitch sw = san.switchState(cluster.fabricOf(e));
            Wwn wwpn = cl.fabricInterconnectPorts().get(node).portName();
            FabricLogin login = sw.loginByPortName(wwpn).orElseThrow(() -> new AssertionError(
                    switchName + " has no login for " + wwpn));
            assertThat(login.kind()).as("login of %s", e).isEqualTo(LoginKind.FLOGI);
            assertThat(login.fPort()).as("F_Port of %s", e).isEqualTo(Integer.parseInt(switchPort.port()));
            List<Seen> flogi = san.traffic().where(s -> e.equals(s.sender()) && s.isElsRequest(ElsCommand.FLOGI));
            assertThat(flogi).as("FLOGI sent by %s", e).isNotEmpty();
            for (String peer : cl.nodes().keySet()) {
                if (peer.equals(node)) {
                    continue;
                }
                Wwn peerName = cl.fabricInterconnectPorts().get(peer).portName();
                List<Seen> gidPn = san.traffic().where(s -> e.equals(s.sender()) && s.isCtRequest()
                        && s.ctIu().preamble().commandResponse() == CtConstants.GID_PN
                        && Wwn.of(java.nio.ByteBuffer.wrap(s.ctIu().payload()).getLong()).equals(peerName));
                assertThat(gidPn).as("GID_PN for %s's port name sent by %s", peer, e).isNotEmpty();
                assertThat(cl.node(node).adapterTo(peer).driver().connected()).as("VI %s -> %s connected", node,
                        peer).isTrue();
            }
        }
    }

    @Then("the command crossed switch {word} from {word}'s interconnect port to {word}'s as FC-VI frames, and the response came back")
    public void crossedSwitch(String switchName, String node, String owner) {
        var c = cluster.lastReceivedBy(node);
        Endpoint from = cluster.interconnectEndpoint(node).orElseThrow();
        Endpoint to = cluster.interconnectEndpoint(owner).orElseThrow();
        int fromId = cluster.interconnectId(node, owner);
        int toId = cluster.interconnectId(owner, node);
        List<Seen> vi = san.traffic().where(s -> s.header().type() == FcType.VI && s.timeNanos() >= c.receivedAt()
                && s.timeNanos() <= c.answeredAt());
        assertThat(vi).as("FC-VI frames %s's interconnect port sent towards %s through %s", node, owner, switchName)
                .anyMatch(s -> from.equals(s.sender()) && s.receiver().node().equals(switchName)
                        && s.header().dId().value() == toId);
        assertThat(vi).as("the same frames %s delivered to %s's interconnect port", switchName, owner)
                .anyMatch(s -> to.equals(s.receiver()) && s.sender().node().equals(switchName)
                        && s.header().sId().value() == fromId);
        assertThat(vi).as("FC-VI frames back from %s to %s through %s", owner, node, switchName)
                .anyMatch(s -> from.equals(s.receiver()) && s.header().sId().value() == toId);
    }
}
