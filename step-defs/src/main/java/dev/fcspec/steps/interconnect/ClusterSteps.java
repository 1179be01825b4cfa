package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.ccm.CcmFault;
import dev.fcspec.emulator.ccm.CcmNode;
import dev.fcspec.emulator.ccm.CcmProtocol;
import dev.fcspec.emulator.ccm.NodeKind;
import dev.fcspec.emulator.ccm.SessionState;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.wire.FcId;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.When;
import java.time.Duration;

/** Setting up the two-node cluster and what happens to its nodes: boots, restarts, faults on the interconnect. */
public class ClusterSteps {

    private final InterconnectWorld world;
    private final NodeRecords records;

    public ClusterSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    @Given("a two-node cluster: node {word} at FC_ID {fcid} and node {word} at FC_ID {fcid} on a direct cluster interconnect")
    public void cluster(String a, FcId fa, String b, FcId fb) {
        world.useCluster(a, fa, b, fb);
    }

    @Given("node {word} is an application server")
    public void applicationServer(String node) {
        world.nodeKind(node, NodeKind.APPLICATION_SERVER);
    }

    @Given("node {word} speaks session protocol versions {int} to {int}")
    public void versions(String node, int lowest, int highest) {
        world.versions(node, lowest, highest);
    }

    @Given("node {word} tries to reach its partner every {int} ms, at most {int} times")
    public void retries(String node, int ms, int attempts) {
        world.retries(node, Duration.ofMillis(ms), attempts);
    }

    @Given("the storage operating systems of the cluster take {int} seconds to initialise fully")
    public void osInit(int seconds) {
        world.osInit(Duration.ofSeconds(seconds));
    }

    @Given("node {word} runs a cluster connection client {string} that needs {int} port(s) and {int} bytes of memory on the partner")
    public void client(String node, String client, int ports, int memory) {
        world.addClient(node, client, ports, memory);
    }

    @Given("node {word} runs a cluster connection client {string} that needs {int} port(s) and no memory on the partner")
    public void clientWithoutMemory(String node, String client, int ports) {
        world.addClient(node, client, ports, 0);
    }

    @Given("node {word} is up and waiting for its partner")
    public void upAndWaiting(String node) {
        CcmNode n = world.node(node);
        n.powerOn();
        world.runFor(Duration.ofMillis(100));
        assertThat(records.ccm(node)).as("%s's connection manager after 100 ms", node).isNotNull();
        assertThat(records.ccm(node).state()).as("%s's session while its partner is off", node)
                .isIn(SessionState.WAITING_FOR_PARTNER, SessionState.CONNECTING);
    }

    @Given("the interconnect loses {word}'s first RDMA write")
    public void loseFirstWrite(String node) {
        FcId from = world.node(node).fcId();
        world.clusterLink().faults().dropNext(1, f -> FcviProtocol.isFcvi(f) && f.header().sId().equals(from)
                && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST);
    }

    @Given("{word}'s boot status variable is no longer registered for RDMA")
    public void unregisterStatus(String node) {
        CcmNode n = world.node(node);
        MemoryRegion status = n.port().regions().stream().filter(r -> r.address() == CcmProtocol.STATUS_ADDRESS)
                .findFirst().orElseThrow(() -> new AssertionError(node + " has no status variable registered"));
        n.port().deregisterMemory(status.handle());
    }

    @Given("node {word}'s connection manager leaves every hello unacknowledged")
    public void helloUnacknowledged(String node) {
        world.node(node).injectFault(CcmFault.HELLO_UNACKNOWLEDGED);
    }

    @Given("node {word} restarts right after it answered {word}'s first RDMA write")
    public void restartAfterAnsweringWrite(String node, String other) {
        CcmNode n = world.node(node);
        boolean[] done = {false};
        world.clusterLink().addTap((t, end, f) -> {
            if (!done[0] && FcviProtocol.isFcvi(f) && f.header().sId().equals(n.fcId())
                    && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RESP) {
                done[0] = true;
                world.scheduler().execute(() -> n.restart(Duration.ofMillis(30)));
            }
        });
    }

    @Given("node {word} restarts right after it sent its first RDMA write")
    public void restartAfterSendingWrite(String node) {
        CcmNode n = world.node(node);
        boolean[] done = {false};
        world.clusterLink().addTap((t, end, f) -> {
            if (!done[0] && FcviProtocol.isFcvi(f) && f.header().sId().equals(n.fcId())
                    && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_WRITE_RQST) {
                done[0] = true;
                world.scheduler().execute(() -> n.restart(Duration.ofMillis(50)));
            }
        });
    }

    @When("node {word} boots")
    public void boots(String node) {
        world.markNow();
        world.node(node).powerOn();
        settle();
    }

    @When("node {word} boots while node {word} is powered off")
    public void bootsAlone(String node, String other) {
        assertThat(world.node(other).isPowered()).as("%s powered", other).isFalse();
        world.markNow();
        world.node(node).powerOn();
    }

    @When("nodes {word} and {word} boot at the same moment")
    public void bothBoot(String a, String b) {
        world.markNow();
        world.node(a).powerOn();
        world.node(b).powerOn();
        settle();
    }

    @When("{int} milliseconds pass on the emulator's clock")
    public void millisecondsPass(int ms) {
        world.runFor(Duration.ofMillis(ms));
    }

    @When("{int} second(s) pass(es) on the emulator's clock")
    public void secondsPass(int s) {
        world.runFor(Duration.ofSeconds(s));
    }

    /** Runs until both connection managers are READY or FAILED (at most two seconds), then a little more. */
    private void settle() {
        world.runUntil(() -> world.settled("A") && world.settled("B"), InterconnectWorld.SETTLE);
        world.runFor(Duration.ofMillis(5));
    }
}
