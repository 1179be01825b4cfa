package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.pattern;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.read10;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.write10;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfFunction;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Our initiator against our target (the tests against tgt are in {@link InitiatorAgainstTgtTest}). */
class InitiatorAgainstTargetTest {
    static final String ME = "iqn.2024-01.dev.fcspec.test:initiator";

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    @Test
    void discoveryFindsTheTarget() throws Exception {
        try (TargetFixture f = new TargetFixture(); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(1))) {
            List<IscsiInitiator.DiscoveredTarget> found = await(i.discover(f.address()));
            assertThat(found).containsExactly(new IscsiInitiator.DiscoveredTarget(TargetFixture.TARGET,
                    List.of("127.0.0.1:" + f.address().getPort() + ",1")));
        }
    }

    @Test
    void writeAndReadBackThroughR2tWithDigests() throws Exception {
        TargetSettings s = new TargetSettings(8192, 16384, 4096, true, false, 2, 1, true, 4);
        try (TargetFixture f = new TargetFixture(s); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(2))) {
            InitiatorSession session = await(i.login(f.address(), TargetFixture.TARGET,
                    InitiatorOptions.defaults().withDigests(true, true).withDataTransfer(true, false, 65536, 262144, 4)));
            assertThat(session.parameters().headerDigest()).isTrue();
            assertThat(session.parameters().dataDigest()).isTrue();
            assertThat(session.parameters().firstBurstLength()).isEqualTo(4096);
            assertThat(session.parameters().maxBurstLength()).isEqualTo(16384);
            assertThat(session.parameters().targetMaxRecvDataSegmentLength()).isEqualTo(8192);
            byte[] content = pattern(128 * 512, 11);
            ScsiResult w = await(session.execute(1, write10(200, 128), content, 0));
            assertThat(w.status()).isZero();
            assertThat(Arrays.copyOfRange(f.core.disks.get(1L), 200 * 512, 328 * 512)).containsExactly(content);
            ScsiResult r = await(session.execute(1, read10(200, 128), new byte[0], content.length));
            assertThat(r.dataIn()).containsExactly(content);
            await(session.logout());
            assertThat(f.core.awaitLost(1)).hasSize(1);
        }
    }

    @Test
    void commandsBeyondTheTargetsWindowWaitForIt() throws Exception {
        TargetSettings s = new TargetSettings(262144, 262144, 65536, true, false, 1, 1, true, 2);
        try (TargetFixture f = new TargetFixture(s); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(3))) {
            InitiatorSession session = await(i.login(f.address(), TargetFixture.TARGET));
            List<CompletableFuture<ScsiResult>> all = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                all.add(session.execute(1, read10(k, 1), new byte[0], 512));
            }
            for (CompletableFuture<ScsiResult> c : all) {
                assertThat(await(c).status()).isZero();
            }
        }
    }

    @Test
    void senseAndResidualsReachTheCaller() throws Exception {
        try (TargetFixture f = new TargetFixture(); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(4))) {
            InitiatorSession session = await(i.login(f.address(), TargetFixture.TARGET));
            ScsiResult bad = await(session.execute(1, read10(100000, 1), new byte[0], 512));
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.senseKey()).isEqualTo(5);
            assertThat(bad.ascAscq()).isEqualTo(0x2100);
            ScsiResult under = await(session.execute(1, read10(0, 1), new byte[0], 4096));
            assertThat(under.underflow()).isTrue();
            assertThat(under.residualCount()).isEqualTo(4096 - 512);
        }
    }

    @Test
    void taskManagementAndPing() throws Exception {
        try (TargetFixture f = new TargetFixture(); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(5))) {
            InitiatorSession session = await(i.login(f.address(), TargetFixture.TARGET));
            assertThat(await(session.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 1, -1)))
                    .isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(await(session.ping(new byte[] {1, 2, 3}))).containsExactly(1, 2, 3);
        }
    }

    @Test
    void chapAndMutualChap() throws Exception {
        ChapSecret mine = new ChapSecret("alice", "correct horse battery");
        ChapSecret theirs = new ChapSecret("target", "staple of the battery");
        try (TargetFixture f = new TargetFixture(TargetSettings.DEFAULTS, core -> new IscsiTargetDefinition(
                TargetFixture.TARGET, "", core, 1, Optional.of(mine), Optional.of(theirs), Set.of()));
             IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(6))) {
            InitiatorSession ok = await(i.login(f.address(), TargetFixture.TARGET,
                    InitiatorOptions.defaults().withChap(mine, theirs)));
            assertThat(ok.state()).isEqualTo(InitiatorSession.State.LOGGED_IN);
            assertThatThrownBy(() -> await(i.login(f.address(), TargetFixture.TARGET, InitiatorOptions.defaults()
                    .withIsid(7).withChap(new ChapSecret("alice", "wrong secret here"), null))))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IscsiLoginException.class)
                    .matches(e -> ((IscsiLoginException) e).status() == LoginStatus.AUTHENTICATION_FAILURE);
            assertThatThrownBy(() -> await(i.login(f.address(), TargetFixture.TARGET, InitiatorOptions.defaults()
                    .withIsid(8).withChap(mine, new ChapSecret("target", "not what it knows")))))
                    .cause().isInstanceOf(IscsiLoginException.class).hasMessageContaining("mutual CHAP");
        }
    }

    @Test
    void anUnknownTargetIsReportedWithItsLoginStatus() throws Exception {
        try (TargetFixture f = new TargetFixture(); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(7))) {
            assertThatThrownBy(() -> await(i.login(f.address(), "iqn.2024-01.dev.fcspec.test:absent")))
                    .cause().isInstanceOf(IscsiLoginException.class)
                    .matches(e -> ((IscsiLoginException) e).status() == LoginStatus.NOT_FOUND);
        }
    }

    @Test
    void pendingCommandsFailWhenTheConnectionIsLost() throws Exception {
        TargetSettings s = new TargetSettings(262144, 262144, 512, false, true, 1, 1, true, 128);
        try (TargetFixture f = new TargetFixture(s); IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(8))) {
            InitiatorSession session = await(i.login(f.address(), TargetFixture.TARGET));
            f.portal.close();
            CompletableFuture<ScsiResult> r = null;
            try {
                r = session.execute(1, read10(0, 1), new byte[0], 512);
            } catch (IllegalStateException closedAlready) {
                assertThat(closedAlready).hasMessageContaining("session is");
                return;
            }
            CompletableFuture<ScsiResult> pending = r;
            assertThatThrownBy(() -> await(pending)).cause().isInstanceOf(IscsiConnectionLostException.class);
        }
    }
}
