package dev.fcspec.emulator.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Appliance cluster of three nodes joined by direct links")
class ThreeNodeClusterTest {
    private static final String PORT = "50:0a:09:81:00:00:c3:1a";

    final VirtualScheduler scheduler = new VirtualScheduler(3);
    final List<Link> links = new ArrayList<>();
    final ApplianceCluster cluster = new ApplianceCluster(scheduler, "c3",
            new ApplianceCluster.Interconnect.Direct((a, b) -> {
                Link l = new Link(scheduler, "c3.interconnect." + a + "-" + b, Duration.ofNanos(2000));
                links.add(l);
                return l;
            }), List.of("nb1", "nb2", "nb3"), List.of(
            List.of(new ApplianceCluster.DiskSpec(11, new SparseMemoryStore(1 << 20, 512), 512)),
            List.of(new ApplianceCluster.DiskSpec(12, new SparseMemoryStore(1 << 20, 512), 512)),
            List.of(new ApplianceCluster.DiskSpec(13, new SparseMemoryStore(1 << 20, 512), 512))));
    final ApplianceNode nb1 = cluster.node("nb1");
    final ApplianceNode nb2 = cluster.node("nb2");
    final ApplianceNode nb3 = cluster.node("nb3");

    ThreeNodeClusterTest() {
        scheduler.runFor(Duration.ofMillis(1));
        nb1.markProxyPort(PORT);
    }

    ScsiResponse submit(ApplianceNode node, long lun, byte[] cdb, byte[] out, int in, long tag) {
        ScsiResponse[] r = new ScsiResponse[1];
        ItNexus nexus = new ItNexus(new InitiatorPort(TransportProtocol.FCP, "10:00:00:00:c9:00:04:01",
                "10:00:00:00:c9:00:04:01"), new TargetPort(TransportProtocol.FCP, PORT, 1));
        node.virtualTargetModule().submit(nexus, new ScsiCommand(lun, cdb, TaskAttribute.SIMPLE, tag, out, in),
                x -> r[0] = x);
        scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(1));
        assertThat(r[0]).as("response").isNotNull();
        return r[0];
    }

    static byte[] write16(long lba, int blocks) {
        byte[] c = ApplianceClusterTest.rw(0x8A, lba, blocks);
        return c;
    }

    @Test
    @DisplayName("one direct link per pair of nodes, every VI connected")
    void meshOfLinks() {
        assertThat(links).extracting(Link::name).containsExactly("c3.interconnect.nb1-nb2",
                "c3.interconnect.nb1-nb3", "c3.interconnect.nb2-nb3");
        assertThat(cluster.interconnected()).isCompleted();
        assertThat(cluster.nodes().values()).allMatch(ApplianceNode::interconnected);
        assertThat(cluster.interconnect("nb3", "nb1")).map(Link::name).contains("c3.interconnect.nb1-nb3");
    }

    @Test
    @DisplayName("a command for a third node's LUN is forwarded to that owner")
    void forwardsToTheOwner() {
        submit(nb1, 13, new byte[6], new byte[0], 0, 1); // power-on unit attention
        ScsiResponse r = submit(nb1, 13, write16(0, 1), new byte[512], 0, 2);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        ServedCommand c = nb1.served().get(nb1.served().size() - 1);
        assertThat(c.decision()).isEqualTo(ForwardingDecision.FORWARD);
        assertThat(c.servedBy()).isEqualTo("nb3");
        assertThat(nb1.adapterTo("nb3").forwarded()).isEqualTo(2);
        assertThat(nb1.adapterTo("nb2").forwarded()).isZero();
        assertThat(nb3.disk(13).writes()).isEqualTo(1);
    }

    @Test
    @DisplayName("when nb2's heartbeats stop, nb3 (next in cluster order) takes it over, not nb1; nb1 then forwards to nb3")
    void nextNodeTakesOver() {
        nb1.startHeartbeats(Duration.ofMillis(10), 3);
        nb2.startHeartbeats(Duration.ofMillis(10), 3);
        nb3.startHeartbeats(Duration.ofMillis(10), 3);
        scheduler.runFor(Duration.ofMillis(50));
        assertThat(cluster.nodes().values()).allMatch(n -> n.takeover().isEmpty());
        nb2.fail();
        scheduler.runFor(Duration.ofMillis(100));
        assertThat(nb3.takeover("nb2")).isPresent();
        assertThat(nb1.takeover("nb2")).as("nb1 is not nb2's survivor").isEmpty();
        assertThat(nb3.owns(12)).isTrue();
        assertThat(cluster.disk(12).reservationHolder()).isEqualTo("nb3");
        submit(nb1, 12, new byte[6], new byte[0], 0, 1);
        assertThat(submit(nb1, 12, write16(0, 1), new byte[512], 0, 2).status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(nb1.served().get(nb1.served().size() - 1).servedBy()).isEqualTo("nb3");
        nb1.stopHeartbeats();
        nb3.stopHeartbeats();
    }

    @Test
    @DisplayName("the survivor rule wraps around the cluster order and skips failed nodes")
    void survivorRule() {
        assertThat(cluster.survivorOf("nb1").name()).isEqualTo("nb2");
        assertThat(cluster.survivorOf("nb3").name()).isEqualTo("nb1");
        nb1.fail();
        assertThat(cluster.survivorOf("nb3").name()).as("nb1 is down: nb2").isEqualTo("nb2");
        Takeover t = cluster.failOver("nb1");
        assertThat(t.survivor()).isEqualTo("nb2");
        assertThat(t.luns()).containsExactly(11L);
        nb2.fail();
        nb3.fail();
        assertThatThrownBy(() -> cluster.survivorOf("nb2")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no node survives nb2");
    }

    @Test
    @DisplayName("a cluster needs two or more different nodes and one owner per LUN")
    void badClusters() {
        assertThatThrownBy(() -> new ApplianceCluster(scheduler, "x", new ApplianceCluster.Interconnect.Direct(
                (a, b) -> new Link(scheduler, "l")), List.of("a"), List.of(List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two or more different nodes");
        assertThatThrownBy(() -> new ApplianceCluster(scheduler, "x", new ApplianceCluster.Interconnect.Direct(
                (a, b) -> new Link(scheduler, "l" + a + b)), List.of("a", "b", "c"), List.of(
                List.of(new ApplianceCluster.DiskSpec(1, new SparseMemoryStore(1 << 20, 512), 512)), List.of(),
                List.of(new ApplianceCluster.DiskSpec(1, new SparseMemoryStore(1 << 20, 512), 512)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LUN 1 is on disks of both a and c");
    }
}
