package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.iscsi.ChapSecret;
import dev.fcspec.emulator.iscsi.InitiatorOptions;
import dev.fcspec.emulator.iscsi.InitiatorSession;
import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiInitiator;
import dev.fcspec.emulator.iscsi.IscsiLoginException;
import dev.fcspec.emulator.iscsi.IscsiTargetPortal;
import dev.fcspec.emulator.iscsi.PortalLimits;
import dev.fcspec.emulator.iscsi.ScsiResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Who may reach what on a bench's iSCSI portal: CHAP, mutual CHAP, initiators and their LUNs, and the limits. */
class IscsiAccessBenchTest {
    private static final String TARGET = "iqn.2024-01.dev.fcspec:secure";
    private static final String HOST1 = "iqn.2024-01.dev.fcspec:host1";
    private static final String HOST2 = "iqn.2024-01.dev.fcspec:host2";
    private static final ChapSecret CHAP = new ChapSecret("host-user", "host-secret-123");
    private static final ChapSecret MUTUAL = new ChapSecret("array-user", "array-secret-456");
    private static final String BENCH = """
            name: secure
            storage:
              - name: a
                luns: [{id: 0, size: 1MiB}, {id: 1, size: 1MiB}]
                iscsi:
                  portal: 127.0.0.1:0
                  target: iqn.2024-01.dev.fcspec:secure
                  chap: {user: host-user, secret: host-secret-123}
                  mutual_chap: {user: array-user, secret: array-secret-456}
                  initiators:
                    iqn.2024-01.dev.fcspec:host1: {luns: [0]}
                    iqn.2024-01.dev.fcspec:host2: {luns: [0, 1]}
                  limits: {max_connections: 100, max_connections_per_initiator: 4, max_commands_per_session: 32,
                           max_buffered_bytes_per_session: 1MiB, max_buffered_bytes: 8MiB, login_timeout: 5s,
                           idle_timeout: 60s}
            """;
    private static final byte[] TEST_UNIT_READY = new byte[6];

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    private static InetSocketAddress address(EmulatorServer s) {
        return s.portals().get(0).localAddress();
    }

    @Test
    @DisplayName("the bench's limits reach the portal")
    void limitsFromTheBench() {
        BenchSpec b = BenchLoader.parse(BENCH, "t");
        assertThat(b.array("a").orElseThrow().iscsi().orElseThrow().limits()).isEqualTo(new PortalLimits(100, 4, 32,
                1 << 20, 8 << 20, Duration.ofSeconds(5), Duration.ofSeconds(60)));
        try (EmulatorServer s = EmulatorServer.start(b)) {
            IscsiTargetPortal p = s.portals().get(0);
            assertThat(p.limits().maxConnectionsPerInitiator()).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("with the right secrets each initiator logs in and sees only its LUNs: a masked LUN is LOGICAL UNIT NOT SUPPORTED")
    void chapAndMasking() throws Exception {
        try (EmulatorServer s = EmulatorServer.start(BenchLoader.parse(BENCH, "t"));
             IscsiInitiator host1 = new IscsiInitiator(HOST1, new SplittableRandom(1));
             IscsiInitiator host2 = new IscsiInitiator(HOST2, new SplittableRandom(2))) {
            InitiatorSession one = await(host1.login(address(s), TARGET, InitiatorOptions.defaults().withChap(CHAP, MUTUAL)));
            InitiatorSession two = await(host2.login(address(s), TARGET, InitiatorOptions.defaults().withChap(CHAP, null)));
            await(one.execute(0, TEST_UNIT_READY, new byte[0], 0)); // power-on unit attention
            assertThat(await(one.execute(0, TEST_UNIT_READY, new byte[0], 0)).status()).isZero();
            ScsiResult masked = await(one.execute(1, TEST_UNIT_READY, new byte[0], 0));
            assertThat(masked.status()).as("CHECK CONDITION").isEqualTo(2);
            assertThat(masked.senseKey()).as("ILLEGAL REQUEST").isEqualTo(5);
            assertThat(masked.ascAscq()).as("LOGICAL UNIT NOT SUPPORTED").isEqualTo(0x2500);
            await(two.execute(1, TEST_UNIT_READY, new byte[0], 0));
            assertThat(await(two.execute(1, TEST_UNIT_READY, new byte[0], 0)).status()).as("host2 sees LUN 1").isZero();
        }
    }

    @Test
    @DisplayName("a wrong secret is AUTHENTICATION FAILURE, an initiator not listed AUTHORIZATION FAILURE, a wrong mutual answer fails at the initiator")
    void refusals() throws Exception {
        try (EmulatorServer s = EmulatorServer.start(BenchLoader.parse(BENCH, "t"));
             IscsiInitiator host1 = new IscsiInitiator(HOST1, new SplittableRandom(3));
             IscsiInitiator stranger = new IscsiInitiator("iqn.2024-01.dev.fcspec:stranger", new SplittableRandom(4))) {
            assertThatThrownBy(() -> await(host1.login(address(s), TARGET, InitiatorOptions.defaults()
                    .withChap(new ChapSecret("host-user", "not-the-secret"), null))))
                    .cause().isInstanceOf(IscsiLoginException.class)
                    .matches(e -> ((IscsiLoginException) e).status() == LoginStatus.AUTHENTICATION_FAILURE);
            assertThatThrownBy(() -> await(host1.login(address(s), TARGET, InitiatorOptions.defaults().withIsid(5))))
                    .as("no CHAP at all").cause().isInstanceOf(IscsiLoginException.class)
                    .matches(e -> ((IscsiLoginException) e).status() == LoginStatus.AUTHENTICATION_FAILURE);
            assertThatThrownBy(() -> await(stranger.login(address(s), TARGET, InitiatorOptions.defaults()
                    .withChap(CHAP, null)))).cause().isInstanceOf(IscsiLoginException.class)
                    .matches(e -> ((IscsiLoginException) e).status() == LoginStatus.AUTHORIZATION_FAILURE);
            assertThatThrownBy(() -> await(host1.login(address(s), TARGET, InitiatorOptions.defaults().withIsid(6)
                    .withChap(CHAP, new ChapSecret("array-user", "some-other-secret")))))
                    .cause().isInstanceOf(IscsiLoginException.class).hasMessageContaining("mutual CHAP");
        }
    }

    @Test
    @DisplayName("bad access and limit keys are refused with the path of the value")
    void badKeys() {
        String head = "name: x\nstorage:\n  - name: a\n    luns: [{id: 0, size: 1MiB}]\n"
                + "    iscsi: {portal: 127.0.0.1:0, target: iqn.2024-01.x:y, ";
        assertThatThrownBy(() -> BenchLoader.parse(head + "chap: {user: u, secret: short}}\n", "t"))
                .hasMessageContaining("iscsi.chap.secret").hasMessageContaining("12 to 255 bytes");
        assertThatThrownBy(() -> BenchLoader.parse(head + "mutual_chap: {user: u, secret: long-enough-secret}}\n", "t"))
                .hasMessageContaining("iscsi.mutual_chap").hasMessageContaining("needs chap");
        assertThatThrownBy(() -> BenchLoader.parse(head + "initiators: {iqn.2024-01.x:h: {luns: [3]}}}\n", "t"))
                .hasMessageContaining("luns").hasMessageContaining("not a LUN of this array");
        assertThatThrownBy(() -> BenchLoader.parse(head + "limits: {max_connections: 0}}\n", "t"))
                .hasMessageContaining("iscsi.limits.max_connections");
        assertThatThrownBy(() -> BenchLoader.parse(head + "limits: {max_buffered_bytes_per_session: 1KiB}}\n", "t"))
                .hasMessageContaining("at least 64KiB");
        assertThatThrownBy(() -> BenchLoader.parse(head + "limits: {idle_timeout: 500ms}}\n", "t"))
                .hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> BenchLoader.parse(head + "limits: {max_sessions: 3}}\n", "t"))
                .hasMessageContaining("unknown key");
    }
}
