package dev.fcspec.emulator.appliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiConstants;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Appliance cluster: forwarding commands over the interconnect")
class ApplianceClusterTest {
    private static final String PROXY_PORT = "50:0a:09:81:00:00:c1:1a";
    private static final String PLAIN_PORT = "50:0a:09:81:00:00:c1:1b";

    final VirtualScheduler scheduler = new VirtualScheduler(11);
    final Link interconnect = new Link(scheduler, "c1.interconnect", Duration.ofNanos(2000));
    final List<Frame> wire = new ArrayList<>();
    final ApplianceCluster cluster;
    final ApplianceNode na1;
    final ApplianceNode na2;

    ApplianceClusterTest() {
        cluster = new ApplianceCluster(scheduler, "c1", interconnect, List.of("na1", "na2"), List.of(
                List.of(new ApplianceCluster.DiskSpec(1, new SparseMemoryStore(1 << 20, 512), 512)),
                List.of(new ApplianceCluster.DiskSpec(2, new SparseMemoryStore(1 << 20, 512), 512))));
        na1 = cluster.node("na1");
        na2 = cluster.node("na2");
        interconnect.addTap((t, from, f) -> wire.add(f));
        scheduler.runFor(Duration.ofMillis(1));
    }

    static ItNexus nexus(String port) {
        return new ItNexus(new InitiatorPort(TransportProtocol.FCP, "10:00:00:00:c9:00:01:01",
                "10:00:00:00:c9:00:01:01"), new TargetPort(TransportProtocol.FCP, port, 1));
    }

    static byte[] rw(int op, long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) op;
        c[9] = (byte) lba;
        c[13] = (byte) blocks;
        return c;
    }

    ScsiResponse submit(ApplianceNode node, String port, long lun, byte[] cdb, byte[] out, int in) {
        ScsiResponse[] r = new ScsiResponse[1];
        node.virtualTargetModule().submit(nexus(port), new ScsiCommand(lun, cdb, TaskAttribute.SIMPLE, 1, out, in),
                x -> r[0] = x);
        scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(1));
        assertThat(r[0]).as("response").isNotNull();
        return r[0];
    }

    /** Clears the power-on unit attention of the nexus on a LUN. */
    void settle(ApplianceNode node, String port, long lun) {
        submit(node, port, lun, new byte[6], new byte[0], 0);
    }

    @Test
    @DisplayName("the interconnect VI connects when the cluster starts")
    void connects() {
        assertThat(na1.interconnect().connected()).isTrue();
        assertThat(na2.interconnect().connected()).isTrue();
    }

    @Test
    @DisplayName("a write and a read for the partner's LUN at a proxy port are processed by the partner")
    void forwardsWritesAndReads() {
        na1.markProxyPort(PROXY_PORT);
        settle(na1, PROXY_PORT, 2);
        byte[] data = new byte[8 * 512];
        Arrays.fill(data, (byte) 0x5a);
        wire.clear();
        ScsiResponse w = submit(na1, PROXY_PORT, 2, rw(0x8A, 3, 8), data, 0);
        assertThat(w.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(na2.disk(2).writes()).as("the partner's disk was written").isEqualTo(1);
        assertThat(wire).as("the write crossed the interconnect as FC-VI")
                .allMatch(f -> f.header().type() == FcType.VI).hasSizeGreaterThan(2);
        ScsiResponse r = submit(na1, PROXY_PORT, 2, rw(0x88, 3, 8), new byte[0], 8 * 512);
        assertThat(r.dataIn()).isEqualTo(data);
        ServedCommand last = na1.served().get(na1.served().size() - 1);
        assertThat(last.decision()).isEqualTo(ForwardingDecision.FORWARD);
        assertThat(last.servedBy()).isEqualTo("na2");
        assertThat(last.latencyNanos()).as("at least one interconnect round trip").isGreaterThanOrEqualTo(4000);
        assertThat(na2.adapter().processedForPartner()).isEqualTo(3);
        assertThat(na1.adapter().outstanding()).isZero();
    }

    @Test
    @DisplayName("the node's own LUN is served locally, with nothing on the interconnect")
    void servesOwnLunLocally() {
        na1.markProxyPort(PROXY_PORT);
        settle(na1, PROXY_PORT, 1);
        wire.clear();
        ScsiResponse r = submit(na1, PROXY_PORT, 1, rw(0x88, 0, 1), new byte[0], 512);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(wire).isEmpty();
        assertThat(na1.virtualTargetModule().decide(PROXY_PORT, 1, 0x88)).isEqualTo(ForwardingDecision.LOCAL);
    }

    @Test
    @DisplayName("a partner's LUN at a port that does not proxy is LOGICAL UNIT NOT SUPPORTED, nothing forwarded")
    void refusesAtPlainPort() {
        wire.clear();
        ScsiResponse r = submit(na1, PLAIN_PORT, 2, rw(0x88, 0, 1), new byte[0], 512);
        assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.senseData().senseKey()).isEqualTo(ScsiConstants.ILLEGAL_REQUEST);
        assertThat(r.senseData().ascAscq()).isEqualTo(ScsiConstants.ASC_LOGICAL_UNIT_NOT_SUPPORTED);
        assertThat(wire).isEmpty();
        assertThat(na1.adapter().forwarded()).isZero();
    }

    @Test
    @DisplayName("REPORT LUNS at a proxy port lists the partner's LUNs too, at a plain port only the node's own")
    void reportLuns() {
        na1.markProxyPort(PROXY_PORT);
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xA0;
        cdb[9] = (byte) 64;
        byte[] proxy = submit(na1, PROXY_PORT, 0, cdb, new byte[0], 64).dataIn();
        byte[] plain = submit(na1, PLAIN_PORT, 0, cdb, new byte[0], 64).dataIn();
        assertThat(proxy[3]).as("LUN list length at the proxy port").isEqualTo((byte) 16);
        assertThat(proxy[9]).isEqualTo((byte) 1);
        assertThat(proxy[17]).isEqualTo((byte) 2);
        assertThat(plain[3]).as("LUN list length at the plain port").isEqualTo((byte) 8);
    }

    @Test
    @DisplayName("a LUN on the disks of both nodes is refused when the cluster is built")
    void lunOwnedTwice() {
        VirtualScheduler s = new VirtualScheduler(1);
        assertThatThrownBy(() -> new ApplianceCluster(s, "bad", new Link(s, "ic"), List.of("a", "b"), List.of(
                List.of(new ApplianceCluster.DiskSpec(1, new SparseMemoryStore(1 << 20, 512), 512)),
                List.of(new ApplianceCluster.DiskSpec(1, new SparseMemoryStore(1 << 20, 512), 512)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owned by one node");
    }

    @Test
    @DisplayName("no takeover while heartbeats arrive; after the configured misses the survivor takes the disks")
    void heartbeatTakeover() {
        na1.startHeartbeats(Duration.ofMillis(10), 3);
        na2.startHeartbeats(Duration.ofMillis(10), 3);
        scheduler.runFor(Duration.ofMillis(200));
        assertThat(na1.takeover()).isEmpty();
        assertThat(na2.takeover()).isEmpty();
        long failedAt = scheduler.nanoTime();
        na2.fail();
        scheduler.runFor(Duration.ofMillis(25));
        assertThat(na1.takeover()).as("not before 3 intervals without a heartbeat").isEmpty();
        scheduler.runFor(Duration.ofMillis(30));
        Takeover t = na1.takeover().orElseThrow();
        assertThat(t.cause()).isEqualTo(Takeover.Cause.HEARTBEAT_LOST);
        assertThat(t.at() - failedAt).isBetween(30_000_000L, 50_000_000L);
        assertThat(t.luns()).containsExactly(2L);
        assertThat(na1.ownedLuns()).containsExactlyInAnyOrder(1L, 2L);
        assertThat(na2.takeover()).as("the failed node takes nothing over").isEmpty();
    }

    @Test
    @DisplayName("after takeover the failed node's writes are fenced (RESERVATION CONFLICT), the survivor's succeed; giveback returns the disk")
    void fencingAndGiveback() {
        settle(na2, PLAIN_PORT, 2);
        na2.fail();
        na1.takeOver(Takeover.Cause.FAILOVER_COMMAND);
        assertThat(na1.disk(2).reservationHolder()).isEqualTo("na1");
        var nexus = nexus(PLAIN_PORT);
        ScsiResponse fenced = na2.core().execute(nexus, new ScsiCommand(2, rw(0x8A, 0, 1), TaskAttribute.SIMPLE, 5,
                new byte[512], 0));
        assertThat(fenced.status()).as("a write by the failed node").isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(na1.disk(2).fencedWrites()).isEqualTo(1);
        settle(na1, PROXY_PORT, 2);
        assertThat(submit(na1, PROXY_PORT, 2, rw(0x8A, 0, 1), new byte[512], 0).status()).isEqualTo(ScsiStatus.GOOD);
        na1.giveBack();
        assertThat(na2.disk(2).reservationHolder()).isEqualTo("na2");
        assertThat(na1.ownedLuns()).containsExactly(1L);
        assertThat(na2.failed()).isFalse();
    }

    @Test
    @DisplayName("each node registers its key on its disks and holds a WRITE EXCLUSIVE - REGISTRANTS ONLY reservation")
    void disksReservedAtStart() {
        Disk d = na2.disk(2);
        assertThat(d.registeredKeys(na1.backEnd())).containsExactly(na2.backEnd().key());
        long[] r = d.reservation(na1.backEnd()).orElseThrow();
        assertThat(r[0]).as("holder's key").isEqualTo(na2.backEnd().key());
        assertThat(r[1]).as("type").isEqualTo(ScsiConstants.PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
        assertThat(na1.backEnd().key()).isNotEqualTo(na2.backEnd().key());
    }

    @Test
    @DisplayName("takeover registers the survivor and preempts the failed node's key with PERSISTENT RESERVE OUT PREEMPT AND ABORT")
    void takeoverPreempts() {
        na2.fail();
        na1.takeOver(Takeover.Cause.FAILOVER_COMMAND);
        Disk d = na1.disk(2);
        assertThat(d.reservationCommands()).extracting(Disk.ReservationCommand::node,
                Disk.ReservationCommand::serviceActionName, Disk.ReservationCommand::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("na2", "REGISTER AND IGNORE EXISTING KEY", ScsiStatus.GOOD),
                org.assertj.core.groups.Tuple.tuple("na2", "RESERVE", ScsiStatus.GOOD),
                org.assertj.core.groups.Tuple.tuple("na1", "REGISTER AND IGNORE EXISTING KEY", ScsiStatus.GOOD),
                org.assertj.core.groups.Tuple.tuple("na1", "PREEMPT AND ABORT", ScsiStatus.GOOD));
        assertThat(d.reservationCommands().get(3).serviceActionKey()).as("the key preempted")
                .isEqualTo(na2.backEnd().key());
        assertThat(d.registeredKeys(na1.backEnd())).containsExactly(na1.backEnd().key());
        na1.giveBack();
        assertThat(d.registeredKeys(na1.backEnd())).containsExactly(na2.backEnd().key());
        assertThat(d.reservation(na1.backEnd()).orElseThrow()[0]).isEqualTo(na2.backEnd().key());
    }

    @Test
    @DisplayName("a write the failed node sends its former disk directly gets RESERVATION CONFLICT from the disk")
    void staleWriteConflicts() throws Exception {
        Disk d = na2.disk(2);
        na2.fail();
        na1.takeOver(Takeover.Cause.FAILOVER_COMMAND);
        assertThatThrownBy(() -> d.pathFor(na2.backEnd()).write(0, new byte[512], 0, 512, false))
                .isInstanceOf(dev.fcspec.emulator.scsi.ReservationConflictException.class);
        byte[] back = new byte[512];
        d.pathFor(na2.backEnd()).read(0, back, 0, 512);
        assertThat(d.fencedWrites()).isEqualTo(1);
        d.pathFor(na1.backEnd()).write(0, new byte[512], 0, 512, false);
        assertThat(d.fencedWrites()).as("the survivor's write is not fenced").isEqualTo(1);
    }

    @Test
    @DisplayName("ALUA: a node's own target port group is active/optimized in its core, the partner's non-optimized; takeover and giveback move it")
    void aluaFollowsOwnership() {
        var ao = dev.fcspec.emulator.scsi.AsymmetricAccessState.ACTIVE_OPTIMIZED;
        var ano = dev.fcspec.emulator.scsi.AsymmetricAccessState.ACTIVE_NON_OPTIMIZED;
        assertThat(na1.targetPortGroup()).isEqualTo(1);
        assertThat(na2.targetPortGroup()).isEqualTo(2);
        assertThat(na2.core().alua().state(2)).isEqualTo(ao);
        assertThat(na2.core().alua().state(1)).isEqualTo(ano);
        assertThat(na1.core().alua().state(2)).isEqualTo(ano);
        settle(na2, PLAIN_PORT, 2);
        na2.fail();
        na1.takeOver(Takeover.Cause.FAILOVER_COMMAND);
        assertThat(na1.core().alua().state(2)).as("na2's ports now on na1").isEqualTo(ao);
        na1.giveBack();
        assertThat(na1.core().alua().state(2)).isEqualTo(ano);
        ScsiResponse r = na2.core().execute(nexus(PLAIN_PORT), new ScsiCommand(2, new byte[6], TaskAttribute.SIMPLE,
                9, new byte[0], 0));
        assertThat(r.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
        assertThat(r.senseData().ascAscq()).as("unit attention after giveback")
                .isEqualTo(ScsiConstants.ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
    }

    @Test
    @DisplayName("a heartbeat interval or miss threshold that is not positive is refused")
    void badHeartbeat() {
        assertThatThrownBy(() -> na1.startHeartbeats(Duration.ZERO, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> na1.startHeartbeats(Duration.ofMillis(10), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    @DisplayName("proxy messages")
    class Messages {
        @Test
        @DisplayName("a request and a response decode to what was encoded")
        void roundTrip() {
            var q = new ProxyMessage.Request(7, TransportProtocol.ISCSI, "i", "t", 3, 2, TaskAttribute.ORDERED, 9, 512,
                    new byte[] {0x28}, new byte[] {1, 2});
            var d = (ProxyMessage.Request) ProxyMessage.decode(q.encode());
            assertThat(d.requestId()).isEqualTo(7);
            assertThat(d.protocol()).isEqualTo(TransportProtocol.ISCSI);
            assertThat(d.attribute()).isEqualTo(TaskAttribute.ORDERED);
            assertThat(d.dataOut()).containsExactly(1, 2);
            var p = new ProxyMessage.Response(7, 2, new byte[] {0x70}, 0, 4, new byte[] {9});
            var e = (ProxyMessage.Response) ProxyMessage.decode(p.encode());
            assertThat(e.status()).isEqualTo(2);
            assertThat(e.underrun()).isEqualTo(4);
            assertThat(e.dataIn()).containsExactly(9);
        }

        @Test
        @DisplayName("a truncated message, an unknown kind, a wrong version and trailing bytes are typed errors")
        void malformed() {
            byte[] ok = new ProxyMessage.Response(1, 0, new byte[0], 0, 0, new byte[4]).encode();
            assertThatThrownBy(() -> ProxyMessage.decode(Arrays.copyOf(ok, ok.length - 1)))
                    .isInstanceOf(ProxyDecodeException.class).hasMessageContaining("runs past the end");
            byte[] kind = ok.clone();
            kind[0] = 9;
            assertThatThrownBy(() -> ProxyMessage.decode(kind)).isInstanceOf(ProxyDecodeException.class)
                    .hasMessageContaining("kind 9 is none of");
            byte[] version = ok.clone();
            version[1] = 2;
            assertThatThrownBy(() -> ProxyMessage.decode(version)).isInstanceOf(ProxyDecodeException.class)
                    .hasMessageContaining("version 2");
            assertThatThrownBy(() -> ProxyMessage.decode(Arrays.copyOf(ok, ok.length + 3)))
                    .isInstanceOf(ProxyDecodeException.class).hasMessageContaining("3 bytes after the end");
            assertThatThrownBy(() -> ProxyMessage.decode(new byte[] {2, 1, 0})).isInstanceOf(ProxyDecodeException.class)
                    .hasMessageContaining("truncated");
        }
    }
}
