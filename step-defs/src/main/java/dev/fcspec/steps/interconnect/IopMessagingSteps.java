package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iop.HostCompletion;
import dev.fcspec.emulator.iop.HostRequest;
import dev.fcspec.emulator.iop.IopEvent;
import dev.fcspec.emulator.iop.IopMessage;
import dev.fcspec.emulator.iop.IopProtocol;
import dev.fcspec.emulator.iop.Volume;
import dev.fcspec.emulator.wire.Eof;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Sof;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.interconnect.InterconnectWorld.Adapter;
import dev.fcspec.steps.interconnect.InterconnectWorld.ProcessRequest;
import dev.fcspec.steps.interconnect.IopTraffic.IopFrame;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Processes asking their adapter's I/O processor for work, and what the request, its second request to the
 * remote adapter and the completion looked like on the FC link.
 */
public class IopMessagingSteps {

    private final InterconnectWorld world;
    private final NodeRecords records;

    public IopMessagingSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    private IopTraffic traffic() {
        return new IopTraffic(world.sinceMark());
    }

    static byte[] blocks(int count, long value) {
        byte[] b = new byte[count * 512];
        Arrays.fill(b, (byte) value);
        return b;
    }

    // ------------------------------------------------------------------ set-up

    @Given("network node {int}, named {wwn}, with host bus adapter {int} at FC_ID {fcid}")
    public void networkNode(int node, Wwn name, int adapter, FcId fcId) {
        world.useAdapter(node, adapter, name, fcId);
    }

    @Given("network node {int}, named {wwn}, with host bus adapter {int} at FC_ID {fcid}, on the same FC link")
    public void secondNetworkNode(int node, Wwn name, int adapter, FcId fcId) {
        world.useAdapter(node, adapter, name, fcId);
    }

    @Given("adapter {int} is coupled to mass storage holding volume {int} of {int} blocks of {int} bytes")
    public void storage(int adapter, int volume, int blocks, int blockSize) {
        world.adapter(adapter).storage().create(volume, blockSize, blocks);
    }

    @Given("volume {int} of node {int} already holds {int} block(s) of {hexvalue} at LBA {int}")
    public void alreadyHolds(int volume, int node, int count, long value, long lba) {
        volume(node, volume).write(lba, blocks(count, value));
    }

    @Given("volume {int} of node {int} is replicated to volume {int} of node {int}")
    public void replicated(int volume, int node, int replica, int replicaNode) {
        Adapter a = world.adapterOfNode(node);
        int id = 1_000_000 + volume * 100 + replica;
        a.iop().submit(HostRequest.designate(id, volume, world.adapterOfNode(replicaNode).nodeName(), replica),
                a.told()::add);
        world.settleAdapters();
        assertThat(a.told()).as("designation during set-up").last()
                .satisfies(c -> assertThat(c.isGood()).as(c.detail()).isTrue());
        world.markNow();
    }

    /** A volume to put data on before the scenario's requests (setting the bench up, not observing it). */
    Volume volume(int node, int number) {
        return world.adapterOfNode(node).storage().volume(number).orElseThrow(() ->
                new AssertionError("node " + node + " has no volume " + number));
    }

    // ------------------------------------------------------------------ process requests

    private void post(int node, int adapter, HostRequest r) {
        Adapter a = world.adapter(adapter);
        assertThat(a.node()).as("adapter %d belongs to node %d", adapter, a.node()).isEqualTo(node);
        world.recordRequest(r.messageId(), adapter);
        a.iop().submit(r, a.told()::add);
        world.settleAdapters();
    }

    @When("the replication process on node {int} asks adapter {int} to write {int} block(s) of {hexvalue} at LBA {int} of volume {int}, with message id {int}")
    public void write(int node, int adapter, int count, long value, long lba, int volume, int id) {
        post(node, adapter, HostRequest.replicate(id, volume, lba, blocks(count, value)));
    }

    @When("the replication process on node {int} asks adapter {int} to designate volume {int} of node {int} as the replica of volume {int}, with message id {int}")
    public void designate(int node, int adapter, int replica, int replicaNode, int volume, int id) {
        post(node, adapter, HostRequest.designate(id, volume, world.adapterOfNode(replicaNode).nodeName(), replica));
    }

    @When("the replication process on node {int} asks adapter {int} to expand volume {int} and its replica to {int} blocks, with message id {int}")
    public void expand(int node, int adapter, int volume, long blocks, int id) {
        post(node, adapter, HostRequest.expand(id, volume, blocks));
    }

    @When("the replication process on node {int} asks adapter {int} to terminate the replication of volume {int}, with message id {int}")
    public void terminate(int node, int adapter, int volume, int id) {
        post(node, adapter, HostRequest.terminate(id, volume));
    }

    @When("the replication process on node {int} asks adapter {int} to re-establish the replication of volume {int}, with message id {int}")
    public void reestablish(int node, int adapter, int volume, int id) {
        post(node, adapter, HostRequest.reestablish(id, volume));
    }

    // ------------------------------------------------------------------ what crossed the link

    @Then("adapter {int} wrote the {int} blocks of {hexvalue} to volume {int} before any message left it")
    public void wroteBeforeSending(int adapter, int count, long value, int volume) {
        Adapter a = world.adapter(adapter);
        ProcessRequest r = world.lastRequest();
        String key = a.node() + "/" + volume;
        Map<String, Long> whenSent = records.stateWhenFirstSent(r.messageId());
        assertThat(whenSent.get(key)).as("writes of volume %d when the request left", volume)
                .isEqualTo(r.writesBefore().get(key) + 1);
        assertThat(traffic().all()).as("messages before the request").first()
                .satisfies(f -> assertThat(f.message().messageId()).isEqualTo(r.messageId()));
        Volume v = records.volume(a.node(), volume);
        byte[] expected = blocks(count, value);
        assertThat(containsAt(v, expected)).as("volume %d holds the blocks", volume).isTrue();
    }

    private static boolean containsAt(Volume v, byte[] expected) {
        int blocks = expected.length / v.blockSize();
        for (long lba = 0; lba + blocks <= v.sizeBlocks(); lba++) {
            if (Arrays.equals(v.read(lba, blocks), expected)) {
                return true;
            }
        }
        return false;
    }

    @Then("the I\\/O processor of adapter {int} sent a(n) {word} request with message id {int} to adapter {int}, in one frame, naming node {int} as target node and node {int} as initiating node")
    public void sentRequest(int from, String command, int id, int to, int target, int initiator) {
        IopTraffic t = traffic();
        List<IopFrame> sent = t.requests(world.adapter(from).fcId(), id);
        assertThat(sent).as("requests with message id %d from adapter %d:%s", id, from, t.dump()).isNotEmpty();
        IopFrame f = sent.get(0);
        IopMessage m = f.message();
        assertThat(m.commandName()).isEqualTo(command);
        assertThat(f.to()).as("D_ID").isEqualTo(world.adapter(to).fcId());
        assertThat(m.targetNode()).as("target node address").isEqualTo(world.adapterOfNode(target).nodeName());
        assertThat(m.initiatingNode()).as("initiating node address").isEqualTo(world.adapterOfNode(initiator).nodeName());
        assertOneFrameSequence(f);
    }

    private static void assertOneFrameSequence(IopFrame f) {
        assertThat(f.frame().sof()).as("a sequence of its own").isEqualTo(Sof.SOFI3);
        assertThat(f.frame().eof()).isEqualTo(Eof.EOFT);
        assertThat(f.frame().header().has(FCtl.END_SEQ)).isTrue();
        assertThat(f.frame().header().type()).isEqualTo(IopProtocol.TYPE);
    }

    @Then("volume {int} of node {int} holds {int} block(s) of {hexvalue} at LBA {int}")
    public void holds(int volume, int node, int count, long value, long lba) {
        assertThat(records.volume(node, volume).read(lba, count)).as("volume %d of node %d at LBA %d", volume, node, lba)
                .isEqualTo(blocks(count, value));
    }

    @Then("adapter {int} answered with a completion naming message id {int}, command {word} and status {word}, target node {int} and initiating node {int}")
    public void answered(int adapter, int id, String command, String status, int target, int initiator) {
        IopTraffic t = traffic();
        List<IopFrame> done = t.completions(world.adapter(adapter).fcId(), id);
        assertThat(done).as("completions with message id %d from adapter %d:%s", id, adapter, t.dump()).isNotEmpty();
        IopFrame f = done.get(0);
        IopMessage m = f.message();
        assertThat(m.messageId()).isEqualTo(id);
        assertThat(m.commandName()).as("command").isEqualTo(command);
        assertThat(m.statusName()).as("status").isEqualTo(status);
        assertThat(m.targetNode()).as("target node address").isEqualTo(world.adapterOfNode(target).nodeName());
        assertThat(m.initiatingNode()).as("initiating node address").isEqualTo(world.adapterOfNode(initiator).nodeName());
        assertThat(f.to()).as("D_ID").isEqualTo(world.adapterOfNode(target).fcId());
        assertOneFrameSequence(f);
    }

    @Then("the replication process on node {int} was told that its request with message id {int} completed with status {word}, after adapter {int}'s completion crossed the link")
    public void processTold(int node, int id, String status, int remote) {
        Adapter a = world.adapterOfNode(node);
        List<HostCompletion> told = a.told().stream().filter(c -> c.messageId() == id).toList();
        assertThat(told).as("what the process on node %d was told about message %d", node, id).hasSize(1);
        assertThat(told.get(0).statusName()).as(told.get(0).detail()).isEqualTo(status);
        assertThat(told.get(0).remoteCompleted()).as("the remote adapter completed it").isTrue();
        IopFrame completion = traffic().completions(world.adapter(remote).fcId(), id).stream().findFirst()
                .orElseThrow(() -> new AssertionError("adapter " + remote + " sent no completion for " + id));
        assertThat(told.get(0).timeNanos()).as("told after the completion crossed the link")
                .isGreaterThan(completion.time());
    }

    @Then("the request and its completion each carry a target node address, an initiating node address, a command and a message id, and their message ids are equal")
    public void fieldsOnTheWire() {
        ProcessRequest r = world.lastRequest();
        Adapter from = world.adapter(r.adapter());
        IopTraffic t = traffic();
        IopFrame request = t.requests(from.fcId(), r.messageId()).get(0);
        IopFrame completion = t.withId(r.messageId()).stream().filter(f -> f.message().isCompletion()).findFirst()
                .orElseThrow();
        // Read the fields from the payload bytes at their documented offsets, not through the decoder.
        ByteBuffer rq = ByteBuffer.wrap(request.frame().payload());
        ByteBuffer cp = ByteBuffer.wrap(completion.frame().payload());
        Adapter to = world.adapter(r.adapter() == 1 ? 2 : 1);
        assertThat(Wwn.of(rq.getLong(8))).as("target node address of the request").isEqualTo(to.nodeName());
        assertThat(Wwn.of(rq.getLong(16))).as("initiating node address of the request").isEqualTo(from.nodeName());
        assertThat(rq.getShort(2) & 0xFFFF).as("command field of the request").isEqualTo(request.message().command());
        assertThat(Wwn.of(cp.getLong(8))).as("target node address of the completion").isEqualTo(from.nodeName());
        assertThat(Wwn.of(cp.getLong(16))).as("initiating node address of the completion").isEqualTo(to.nodeName());
        assertThat(cp.getShort(2) & 0xFFFF).as("command field of the completion").isEqualTo(rq.getShort(2) & 0xFFFF);
        assertThat(rq.getInt(4)).as("message id of the request").isEqualTo(r.messageId());
        assertThat(cp.getInt(4)).as("message id of the completion").isEqualTo(rq.getInt(4));
    }

    @Then("each adapter has its own I\\/O processor and its own mass storage, and the FC link couples the two nodes")
    public void adaptersAndLink() {
        Adapter a1 = world.adapter(1);
        Adapter a2 = world.adapter(2);
        assertThat(a1.iop()).isNotSameAs(a2.iop());
        assertThat(a1.storage()).isNotSameAs(a2.storage());
        assertThat(a1.storage().volumes()).isNotEmpty();
        assertThat(a2.storage().volumes()).isNotEmpty();
        assertThat(a1.iop().node()).isNotEqualTo(a2.iop().node());
        IopTraffic t = traffic();
        assertThat(t.all()).extracting(IopFrame::from).contains(a1.fcId(), a2.fcId());
        assertThat(world.adapterLink().statistics().delivered()).isPositive();
    }

    @Then("adapter {int} received the request with message id {int} only after adapter {int} had written volume {int} for its process")
    public void receivedAfterLocalWrite(int remote, int id, int local, int volume) {
        Adapter l = world.adapter(local);
        ProcessRequest r = world.request(id);
        String key = l.node() + "/" + volume;
        assertThat(records.stateWhenFirstSent(id).get(key)).as("writes of volume %d when the request left", volume)
                .isEqualTo(r.writesBefore().get(key) + 1);
        IopFrame request = traffic().requests(l.fcId(), id).get(0);
        IopEvent performed = records.iopEvents(remote, IopEvent.Kind.REMOTE_OPERATION).stream()
                .filter(e -> e.messageId() == id).findFirst()
                .orElseThrow(() -> new AssertionError("adapter " + remote + " performed nothing for " + id));
        assertThat(performed.timeNanos()).as("adapter %d acted after the request arrived", remote)
                .isGreaterThan(request.time());
    }

    @Then("adapter {int} wrote {int} block(s) of {hexvalue} to volume {int} at LBA {int}, once")
    public void remoteWroteOnce(int adapter, int count, long value, int volume, long lba) {
        Adapter a = world.adapter(adapter);
        ProcessRequest r = world.lastRequest();
        String key = a.node() + "/" + volume;
        assertThat(records.volumeWrites().get(key) - r.writesBefore().get(key)).as("writes to volume %d", volume)
                .isEqualTo(1);
        holds(volume, a.node(), count, value, lba);
    }

    @Then("after that write adapter {int} sent one completion, in one frame, naming message id {int}, target node {int} and initiating node {int}")
    public void oneCompletion(int adapter, int id, int target, int initiator) {
        List<IopFrame> done = traffic().completions(world.adapter(adapter).fcId(), id);
        assertThat(done).hasSize(1);
        IopEvent performed = records.iopEvents(adapter, IopEvent.Kind.REMOTE_OPERATION).stream()
                .filter(e -> e.messageId() == id).findFirst().orElseThrow();
        int before = records.iopEvents(adapter).indexOf(performed);
        assertThat(done.get(0).time()).isGreaterThanOrEqualTo(performed.timeNanos());
        assertThat(before).isNotNegative();
        IopMessage m = done.get(0).message();
        assertThat(m.targetNode()).isEqualTo(world.adapterOfNode(target).nodeName());
        assertThat(m.initiatingNode()).isEqualTo(world.adapterOfNode(initiator).nodeName());
        assertOneFrameSequence(done.get(0));
    }

    @Then("that completion made adapter {int} tell the replication process on node {int} that message {int} completed with status {word}")
    public void completionMadeAdapterTell(int adapter, int node, int id, String status) {
        Adapter a = world.adapter(adapter);
        int remote = adapter == 1 ? 2 : 1;
        processTold(node, id, status, remote);
        assertThat(a.iop().processNotifications()).filteredOn(c -> c.messageId() == id).hasSize(1);
    }
}
