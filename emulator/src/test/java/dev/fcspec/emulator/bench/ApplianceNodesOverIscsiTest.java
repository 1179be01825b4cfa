package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.ForwardingDecision;
import dev.fcspec.emulator.appliance.ServedCommand;
import dev.fcspec.emulator.iscsi.InitiatorSession;
import dev.fcspec.emulator.iscsi.IscsiInitiator;
import dev.fcspec.emulator.iscsi.ScsiResult;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code fcspec emulate} on the embedded bench serves each node of appliance cluster c1 on its own iSCSI portal,
 * and a host on 127.0.0.1 sees what an FC host sees: at the portal of the node that owns a LUN the LUN is
 * active/optimized, at the other node's portal it is active/non-optimized and reached through the interconnect.
 */
class ApplianceNodesOverIscsiTest {
    private static final String ME = "iqn.2024-01.dev.fcspec.test:alua-host";
    private static final int BLOCK = 512;
    private static final int ACTIVE_OPTIMIZED = 0;
    private static final int ACTIVE_NON_OPTIMIZED = 1;

    private static EmulatorServer server;
    private static IscsiInitiator initiator;
    private static final Map<String, InitiatorSession> sessions = new LinkedHashMap<>();
    private static final Map<String, EmulatorServer.IscsiEndpoint> c1 = new LinkedHashMap<>();

    @BeforeAll
    static void serveTheEmbeddedBench() throws Exception {
        server = EmulatorServer.start(BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml")));
        initiator = new IscsiInitiator(ME, new SplittableRandom(9));
        for (EmulatorServer.IscsiEndpoint e : server.iscsiEndpoints()) {
            if (e.cluster().equals("c1")) {
                c1.put(e.node(), e);
                String[] hostPort = e.portal().split(":");
                sessions.put(e.node(), await(initiator.login(new InetSocketAddress(hostPort[0],
                        Integer.parseInt(hostPort[1])), e.target())));
            }
        }
    }

    @AfterAll
    static void stop() {
        initiator.close();
        server.close();
    }

    @Test
    @DisplayName("each node of c1 has its own portal, listing every LUN of the cluster and the ones it owns")
    void onePortalPerNode() {
        assertThat(c1.keySet()).containsExactly("na1", "na2");
        assertThat(c1.get("na1").portal()).isNotEqualTo(c1.get("na2").portal());
        assertThat(c1.get("na1").luns()).containsExactly(1L, 2L);
        assertThat(c1.get("na1").owns()).containsExactly(1L);
        assertThat(c1.get("na2").owns()).containsExactly(2L);
        assertThat(server.endpointsJson()).contains("\"cluster\": \"c1\", \"node\": \"na2\", \"owns\": [2]");
    }

    @Test
    @DisplayName("REPORT TARGET PORT GROUPS: active/optimized at the owner's portal, active/non-optimized at the other's")
    void aluaStatesFollowOwnership() throws Exception {
        for (String node : c1.keySet()) {
            for (long lun : c1.get(node).luns()) {
                boolean owner = c1.get(node).owns().contains(lun);
                int[] port = portIdentity(node, lun);
                int state = stateOfGroup(rtpg(node, lun), port[1], port[0]);
                assertThat(state).as("asymmetric access state of LUN %d at %s's portal", lun, node)
                        .isEqualTo(owner ? ACTIVE_OPTIMIZED : ACTIVE_NON_OPTIMIZED);
            }
        }
    }

    @Test
    @DisplayName("a write through the non-owner's portal reaches the owner's disk through the interconnect")
    void ioAtTheOtherNodeIsProxiedToTheOwner() throws Exception {
        ApplianceNode na1 = server.bench().applianceNode("na1");
        ApplianceNode na2 = server.bench().applianceNode("na2");
        long processedBefore = onBench(() -> na1.adapterTo("na2").processedForPartner());
        byte[] data = new byte[4 * BLOCK];
        Arrays.fill(data, (byte) 0x5A);
        ScsiResult w = command("na2", 1, rw(0x2A, 300, 4), data, 0);
        assertThat(w.status()).as("WRITE(10) of LUN 1 at na2").isZero();
        ScsiResult r = command("na1", 1, rw(0x28, 300, 4), new byte[0], data.length);
        assertThat(r.status()).isZero();
        assertThat(r.dataIn()).as("what na1, the owner, reads back").containsExactly(data);
        assertThat(onBench(() -> na1.adapterTo("na2").processedForPartner())).as("commands na1 processed for na2")
                .isGreaterThan(processedBefore);
        List<ServedCommand> forwarded = onBench(() -> na2.served().stream()
                .filter(c -> c.decision() == ForwardingDecision.FORWARD && c.opcode() == 0x2A).toList());
        assertThat(forwarded).as("na2 forwarded the WRITE to na1").isNotEmpty()
                .allSatisfy(c -> assertThat(c.servedBy()).isEqualTo("na1"));
    }

    /** The relative target port id and target port group of the node's portal, from VPD page 0x83. */
    private static int[] portIdentity(String node, long lun) throws Exception {
        byte[] vpd = command(node, lun, new byte[] {0x12, 1, (byte) 0x83, 0x04, 0x00, 0}, new byte[0], 1024).dataIn();
        int rel = -1;
        int group = -1;
        int end = 4 + ((vpd[2] & 0xFF) << 8 | vpd[3] & 0xFF);
        for (int i = 4; i + 4 <= end; i += 4 + (vpd[i + 3] & 0xFF)) {
            int association = vpd[i + 1] >> 4 & 0x3;
            int type = vpd[i + 1] & 0xF;
            int value = (vpd[i + 6] & 0xFF) << 8 | vpd[i + 7] & 0xFF;
            if (association == 1 && type == 4) {
                rel = value;
            } else if (association == 1 && type == 5) {
                group = value;
            }
        }
        assertThat(rel).as("relative target port designator at %s", node).isPositive();
        assertThat(group).as("target port group designator at %s", node).isPositive();
        return new int[] {rel, group};
    }

    private static byte[] rtpg(String node, long lun) throws Exception {
        ScsiResult r = command(node, lun, new byte[] {(byte) 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0},
                new byte[0], 1024);
        assertThat(r.status()).as("REPORT TARGET PORT GROUPS at %s", node).isZero();
        return r.dataIn();
    }

    /** The asymmetric access state of the group {@code group}, which must list {@code relativePort}. */
    private static int stateOfGroup(byte[] rtpg, int group, int relativePort) {
        int end = 4 + ((rtpg[0] & 0xFF) << 24 | (rtpg[1] & 0xFF) << 16 | (rtpg[2] & 0xFF) << 8 | rtpg[3] & 0xFF);
        for (int i = 4; i + 8 <= end; ) {
            int id = (rtpg[i + 2] & 0xFF) << 8 | rtpg[i + 3] & 0xFF;
            int count = rtpg[i + 7] & 0xFF;
            if (id == group) {
                boolean listed = false;
                for (int k = 0; k < count; k++) {
                    int p = i + 8 + 4 * k;
                    listed |= ((rtpg[p + 2] & 0xFF) << 8 | rtpg[p + 3] & 0xFF) == relativePort;
                }
                assertThat(listed).as("group %d lists relative port %d", group, relativePort).isTrue();
                return rtpg[i] & 0x0F;
            }
            i += 8 + 4 * count;
        }
        throw new AssertionError("REPORT TARGET PORT GROUPS has no group " + group);
    }

    /** A command through a node's portal; unit attentions (power on, first contact) are retried as a host does. */
    private static ScsiResult command(String node, long lun, byte[] cdb, byte[] out, int in) throws Exception {
        ScsiResult r = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            r = await(sessions.get(node).execute(lun, cdb, out, in));
            if (r.senseKey() != 0x6) {
                return r;
            }
        }
        return r;
    }

    private static byte[] rw(int opcode, int lba, int blocks) {
        return new byte[] {(byte) opcode, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba,
                0, (byte) (blocks >>> 8), (byte) blocks, 0};
    }

    /** Reads bench state on the bench's own thread. */
    private static <T> T onBench(Supplier<T> read) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        server.benchScheduler().execute(() -> f.complete(read.get()));
        return await(f);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }
}
