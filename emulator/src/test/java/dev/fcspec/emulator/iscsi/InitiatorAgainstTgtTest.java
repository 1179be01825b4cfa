package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.InitiatorAgainstTargetTest.ME;
import static dev.fcspec.emulator.iscsi.InitiatorAgainstTargetTest.await;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.pattern;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.read10;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.write10;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiConstants.TmfFunction;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our initiator against a real tgtd on loopback: an independent target checks our login, data and TMF PDUs. */
class InitiatorAgainstTgtTest {

    @Test
    void discoveryLoginWriteReadTaskManagementAndLogout(@TempDir Path dir) throws Exception {
        try (TgtProcess tgt = new TgtProcess(dir, 8L << 20);
             IscsiInitiator i = new IscsiInitiator(ME, new SplittableRandom(11))) {
            List<IscsiInitiator.DiscoveredTarget> found = await(i.discover(tgt.address()));
            assertThat(found).extracting(IscsiInitiator.DiscoveredTarget::name).containsExactly(tgt.iqn);
            assertThat(found.get(0).addresses()).contains("127.0.0.1:" + tgt.port + ",1");

            InitiatorSession s = await(i.login(tgt.address(), tgt.iqn,
                    InitiatorOptions.defaults().withDigests(true, true).withDataTransfer(true, false, 8192, 65536, 1)));
            assertThat(s.parameters().headerDigest()).as("tgt agreed to CRC32C").isTrue();

            ScsiResult inquiry = await(s.execute(1, new byte[] {0x12, 0, 0, 0, 96, 0}, new byte[0], 96));
            assertThat(inquiry.status()).isZero();
            assertThat(inquiry.dataIn()[0] & 0x1F).as("direct-access block device").isZero();

            ScsiResult firstTur = await(s.execute(1, new byte[6], new byte[0], 0));
            assertThat(firstTur.senseKey()).as("a new nexus first sees POWER ON, RESET (29h/00h)").isEqualTo(6);
            assertThat(firstTur.ascAscq()).isEqualTo(0x2900);
            assertThat(await(s.execute(1, new byte[6], new byte[0], 0)).status()).isZero();
            ScsiResult capacity = await(s.execute(1, new byte[] {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0}, new byte[0], 8));
            assertThat(capacity.status()).isZero();
            ByteBuffer cap = ByteBuffer.wrap(capacity.dataIn());
            assertThat(cap.getInt() + 1L).isEqualTo((8L << 20) / 512);
            assertThat(cap.getInt()).isEqualTo(512);

            byte[] content = pattern(256 * 512, 21);
            assertThat(await(s.execute(1, write10(1000, 256), content, 0)).status()).isZero();
            ScsiResult back = await(s.execute(1, read10(1000, 256), new byte[0], content.length));
            assertThat(back.status()).isZero();
            assertThat(back.dataIn()).containsExactly(content);

            ScsiResult beyond = await(s.execute(1, read10(1 << 20, 1), new byte[0], 512));
            assertThat(beyond.status()).isEqualTo(2);
            assertThat(beyond.senseKey()).isEqualTo(5);

            assertThat(await(s.taskManagement(TmfFunction.LOGICAL_UNIT_RESET, 1, -1))).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(await(s.ping(new byte[] {7, 7}))).containsExactly(7, 7);
            await(s.logout());
            assertThat(s.state()).isIn(InitiatorSession.State.CLEANUP_WAIT, InitiatorSession.State.FREE);
        }
    }
}
