package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iop.AssociationState;
import dev.fcspec.emulator.iop.IoProcessor;
import dev.fcspec.emulator.iop.IopProtocol;
import dev.fcspec.emulator.iop.ReplicaAssociation;
import dev.fcspec.emulator.iop.ReplicationAssociation;
import dev.fcspec.emulator.iop.Volume;
import dev.fcspec.steps.interconnect.InterconnectWorld.Adapter;
import dev.fcspec.steps.interconnect.IopTraffic.IopFrame;
import io.cucumber.java.en.Then;
import java.nio.ByteBuffer;
import java.util.List;

/** The state of volumes and replication associations, and the copies that crossed the link. */
public class ReplicationSteps {

    private final InterconnectWorld world;
    private final NodeRecords records;

    public ReplicationSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    private IopTraffic traffic() {
        return new IopTraffic(world.sinceMark());
    }

    private Volume volume(int node, int number) {
        return records.volume(node, number);
    }

    @Then("node {int} has a volume {int} of {int} blocks of {int} bytes, the replica of volume {int} of node {int}")
    public void hasReplica(int node, int replica, long blocks, int blockSize, int source, int sourceNode) {
        Volume v = volume(node, replica);
        assertThat(v.sizeBlocks()).as("size of volume %d", replica).isEqualTo(blocks);
        assertThat(v.blockSize()).isEqualTo(blockSize);
        ReplicaAssociation ra = world.adapterOfNode(node).iop().replicaAssociation(replica)
                .orElseThrow(() -> new AssertionError("volume " + replica + " of node " + node + " replicates nothing"));
        assertThat(ra.sourceNode()).isEqualTo(world.adapterOfNode(sourceNode).nodeName());
        assertThat(ra.sourceVolume()).isEqualTo(source);
        ReplicationAssociation a = world.adapterOfNode(sourceNode).iop().association(source).orElseThrow();
        assertThat(a.replicaVolume()).isEqualTo(replica);
        assertThat(a.state()).isEqualTo(AssociationState.ACTIVE);
    }

    @Then("adapter {int} then copied the {int} written regions of volume {int} to the replica, with message ids of its own")
    public void copiedRegions(int adapter, int regions, int volume) {
        List<IopFrame> copies = internalCopies(adapter);
        assertThat(copies).as("copies adapter %d sent:%s", adapter, traffic().dump()).hasSize(regions);
    }

    private List<IopFrame> internalCopies(int adapter) {
        Adapter a = world.adapter(adapter);
        return traffic().all().stream().filter(f -> f.message().isRequest() && f.from().equals(a.fcId())
                && f.message().command() == IopProtocol.COMMAND_REPLICATE_DATA
                && Integer.compareUnsigned(f.message().messageId(), IoProcessor.FIRST_INTERNAL_ID) >= 0).toList();
    }

    @Then("volume {int} of node {int} and volume {int} of node {int} hold the same data")
    public void sameData(int v1, int n1, int v2, int n2) {
        Volume a = volume(n1, v1);
        Volume b = volume(n2, v2);
        assertThat(b.sizeBlocks()).isGreaterThanOrEqualTo(a.sizeBlocks());
        assertThat(b.read(0, (int) a.sizeBlocks())).as("replica contents").isEqualTo(a.read(0, (int) a.sizeBlocks()));
    }

    @Then("adapter {int} expanded volume {int} to {int} blocks before any message left it")
    public void expandedBefore(int adapter, int volume, long blocks) {
        Adapter a = world.adapter(adapter);
        assertThat(volume(a.node(), volume).sizeBlocks()).isEqualTo(blocks);
        long whenSent = records.stateWhenFirstSent(world.lastRequest().messageId()).get(a.node() + "/" + volume + ":size");
        assertThat(whenSent).as("size of volume %d when the request left", volume).isEqualTo(blocks);
    }

    @Then("volume {int} of node {int} has {int} blocks")
    public void hasBlocks(int volume, int node, long blocks) {
        assertThat(volume(node, volume).sizeBlocks()).isEqualTo(blocks);
    }

    @Then("the replication of volume {int} of node {int} to volume {int} of node {int} is terminated on both nodes")
    public void terminated(int v, int n, int r, int rn) {
        associationState(v, n, r, rn, AssociationState.TERMINATED);
    }

    @Then("the replication of volume {int} of node {int} to volume {int} of node {int} is active on both nodes")
    public void active(int v, int n, int r, int rn) {
        associationState(v, n, r, rn, AssociationState.ACTIVE);
    }

    private void associationState(int v, int n, int r, int rn, AssociationState state) {
        assertThat(world.adapterOfNode(n).iop().association(v).orElseThrow().state()).as("on node %d", n)
                .isEqualTo(state);
        assertThat(world.adapterOfNode(rn).iop().replicaAssociation(r).orElseThrow().state()).as("on node %d", rn)
                .isEqualTo(state);
    }

    @Then("no message crossed the link for message id {int}")
    public void noMessage(int id) {
        assertThat(traffic().withId(id)).isEmpty();
        assertThat(world.adapter(world.request(id).adapter()).told()).filteredOn(c -> c.messageId() == id)
                .singleElement().satisfies(c -> {
                    assertThat(c.isGood()).isTrue();
                    assertThat(c.remoteCompleted()).isFalse();
                });
    }

    @Then("adapter {int} keeps region {int} of volume {int} marked as changed, for a later resynchronisation")
    public void marked(int adapter, long region, int volume) {
        assertThat(world.adapter(adapter).iop().association(volume).orElseThrow().dirtyRegions()).contains(region);
    }

    @Then("adapter {int} then sent exactly the changed regions of volume {int} to adapter {int}: blocks {int} to {int} and blocks {int} to {int}")
    public void resentRegions(int adapter, int volume, int to, long a1, long a2, long b1, long b2) {
        List<IopFrame> copies = internalCopies(adapter);
        assertThat(copies).as("resynchronisation copies:%s", traffic().dump()).hasSize(2);
        long[][] expected = {{a1, a2}, {b1, b2}};
        for (int i = 0; i < 2; i++) {
            ByteBuffer p = ByteBuffer.wrap(copies.get(i).message().parameters());
            int source = p.getInt();
            p.getInt();
            long lba = p.getLong();
            int blocks = p.remaining() / 512;
            assertThat(source).isEqualTo(volume);
            assertThat(lba).as("first block of copy %d", i + 1).isEqualTo(expected[i][0]);
            assertThat(lba + blocks - 1).as("last block of copy %d", i + 1).isEqualTo(expected[i][1]);
            assertThat(copies.get(i).to()).isEqualTo(world.adapter(to).fcId());
        }
        long reestablished = traffic().all().stream().filter(f -> f.message().isCompletion()
                && f.message().command() == IopProtocol.COMMAND_REESTABLISH_ASSOCIATION).findFirst().orElseThrow().time();
        assertThat(copies.get(0).time()).as("copies after the re-establishment completed").isGreaterThan(reestablished);
        assertThat(world.adapter(adapter).iop().association(volume).orElseThrow().dirtyRegions()).isEmpty();
    }
}
