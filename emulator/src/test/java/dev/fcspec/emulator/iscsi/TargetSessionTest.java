package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.RawIscsiClient.INITIATOR;
import static dev.fcspec.emulator.iscsi.RawIscsiClient.text;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.LUN1;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.pattern;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.read10;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.write10;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiConstants.LoginStatus;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfFunction;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Several sessions and connections, task management, logout and session reinstatement. */
class TargetSessionTest {

    private static TaskManagementResponse tmf(RawIscsiClient c, TmfFunction f, long lun, int rtt, int refCmdSn)
            throws Exception {
        c.send(new TaskManagementRequest(true, f.code(), lun, c.nextItt(), rtt, c.cmdSn, c.expStatSn, refCmdSn, 0));
        return (TaskManagementResponse) c.receiveParsed();
    }

    @Test
    @DisplayName("eight sessions write and read their own blocks at the same time")
    void concurrentSessions() throws Exception {
        try (TargetFixture f = new TargetFixture()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int s = 0; s < 8; s++) {
                    final int n = s;
                    results.add(pool.submit(() -> {
                        try (RawIscsiClient c = f.client()) {
                            c.isid = 0x800000000000L + n;
                            assertThat(LoginStatus.of(c.login(TargetFixture.TARGET, "ImmediateData=Yes",
                                    "InitialR2T=No").statusClass(), 0)).isEqualTo(LoginStatus.SUCCESS);
                            byte[] mine = pattern(16 * 512, n);
                            for (int round = 0; round < 20; round++) {
                                c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, c.nextItt(), mine.length,
                                        c.cmdSn++, c.expStatSn, write10(n * 16, 16), -1, ByteBuffer.wrap(mine)));
                                assertThat(((ScsiResponsePdu) c.receiveParsed()).status()).isZero();
                            }
                            c.send(new ScsiCommandPdu(false, true, true, false, 1, LUN1, c.nextItt(), mine.length,
                                    c.cmdSn++, c.expStatSn, read10(n * 16, 16), -1, null));
                            return TargetDataTransferTest.data(TargetDataTransferTest.collect(c));
                        }
                    }));
                }
                for (int s = 0; s < 8; s++) {
                    assertThat(results.get(s).get(60, TimeUnit.SECONDS)).containsExactly(pattern(16 * 512, s));
                }
                assertThat(f.core.nexuses).hasSize(8);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("a second connection joins the session with its TSIH; commands on either share one CmdSN window")
    void multipleConnectionsPerSession() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient a = f.client(); RawIscsiClient b = f.client()) {
            LoginResponse r = a.login(TargetFixture.TARGET, "MaxConnections=2");
            assertThat(TargetLoginTest.keys(r.text())).containsEntry("MaxConnections", "2");
            b.send(new LoginRequest(true, false, 1, 3, 0, 0, a.isid, r.tsih(), 1, 1, a.cmdSn, 0,
                    text("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET, "MaxBurstLength=65536")));
            LoginResponse rb = (LoginResponse) PduParser.parseFromTarget(b.receive());
            assertThat(TargetLoginTest.status(rb)).isEqualTo(LoginStatus.SUCCESS);
            assertThat(rb.tsih()).isEqualTo(r.tsih());
            assertThat(TargetLoginTest.keys(rb.text())).containsEntry("MaxBurstLength", "Irrelevant");
            b.expStatSn = rb.statSn() + 1;
            a.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 1, 0, 2, a.expStatSn, new byte[6], -1, null));
            assertThat(a.silentFor(200)).as("CmdSN 2 waits for CmdSN 1").isTrue();
            b.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 2, 0, 1, b.expStatSn, new byte[6], -1, null));
            ScsiResponsePdu rb1 = (ScsiResponsePdu) b.receiveParsed();
            ScsiResponsePdu ra1 = (ScsiResponsePdu) a.receiveParsed();
            assertThat(rb1.itt()).isEqualTo(2);
            assertThat(ra1.itt()).as("answered on the connection it came on").isEqualTo(1);
            assertThat(ra1.expCmdSn()).isEqualTo(3);
            assertThat(f.core.nexuses).as("one I_T nexus for the session").hasSize(1);
            try (RawIscsiClient third = f.client()) {
                third.send(new LoginRequest(true, false, 1, 3, 0, 0, a.isid, r.tsih(), 1, 2, 3, 0,
                        text("InitiatorName=" + INITIATOR, "TargetName=" + TargetFixture.TARGET)));
                LoginResponse rc = (LoginResponse) PduParser.parseFromTarget(third.receive());
                assertThat(TargetLoginTest.status(rc)).isEqualTo(LoginStatus.TOO_MANY_CONNECTIONS);
            }
        }
    }

    @Test
    @DisplayName("logging in again with the same ISID reinstates the session: the old one is closed and its nexus lost")
    void sessionReinstatement() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient old = f.client(); RawIscsiClient fresh = f.client()) {
            LoginResponse r1 = old.login(TargetFixture.TARGET);
            LoginResponse r2 = fresh.login(TargetFixture.TARGET);
            assertThat(r2.tsih()).isNotEqualTo(r1.tsih());
            assertThat(old.closedByPeer()).isTrue();
            assertThat(f.core.awaitLost(1)).hasSize(1);
            assertThat(f.portal.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void logoutClosesTheSessionAndReportsTheNexusLost() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(new LogoutRequest(true, 0, 50, 0, c.cmdSn, c.expStatSn));
            LogoutResponsePdu r = (LogoutResponsePdu) c.receiveParsed();
            assertThat(r.response()).isZero();
            assertThat(r.itt()).isEqualTo(50);
            assertThat(r.time2Wait()).isZero();
            assertThat(r.time2Retain()).isZero();
            assertThat(c.closedByPeer()).isTrue();
            assertThat(f.core.awaitLost(1)).hasSize(1);
            assertThat(f.portal.sessionCount()).isZero();
        }
    }

    @Test
    void logoutForRecoveryIsNotSupportedAtErrorRecoveryLevel0AndAnUnknownCidIsNotFound() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(new LogoutRequest(true, 2, 51, 0, c.cmdSn, c.expStatSn));
            assertThat(((LogoutResponsePdu) c.receiveParsed()).response()).isEqualTo(2);
            c.send(new LogoutRequest(true, 1, 52, 9, c.cmdSn, c.expStatSn));
            assertThat(((LogoutResponsePdu) c.receiveParsed()).response()).isEqualTo(1);
            f.settle();
            assertThat(f.core.lost).isEmpty();
        }
    }

    @Test
    @DisplayName("ABORT TASK of a write waiting for data completes; its late Data-Out is discarded silently")
    void abortTaskWaitingForData() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No");
            byte[] before = Arrays.copyOfRange(f.core.disks.get(1L), 0, 512);
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 60, 512, c.cmdSn++, c.expStatSn,
                    write10(0, 1), -1, null));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            TaskManagementResponse r = tmf(c, TmfFunction.ABORT_TASK, LUN1, 60, c.cmdSn - 1);
            assertThat(TmfResponse.of(r.response())).isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            c.send(new DataOut(true, LUN1, 60, r2t.ttt(), c.expStatSn, 0, 0, ByteBuffer.wrap(pattern(512, 1))));
            assertThat(c.silentFor(300)).isTrue();
            assertThat(f.core.commands).isEmpty();
            assertThat(Arrays.copyOfRange(f.core.disks.get(1L), 0, 512)).containsExactly(before);
        }
    }

    @Test
    void abortTaskOfATaskOutsideTheWindowDoesNotExist() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            TaskManagementResponse r = tmf(c, TmfFunction.ABORT_TASK, LUN1, 999, c.cmdSn - 50);
            assertThat(TmfResponse.of(r.response())).isEqualTo(TmfResponse.TASK_DOES_NOT_EXIST);
        }
    }

    @Test
    void lunResetAndOtherFunctionsReachTheCore() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            assertThat(TmfResponse.of(tmf(c, TmfFunction.LOGICAL_UNIT_RESET, LUN1, -1, 0).response()))
                    .isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(TmfResponse.of(tmf(c, TmfFunction.ABORT_TASK_SET, Lun.toField(7), -1, 0).response()))
                    .isEqualTo(TmfResponse.LUN_DOES_NOT_EXIST);
            assertThat(TmfResponse.of(tmf(c, TmfFunction.TASK_REASSIGN, LUN1, 3, 0).response()))
                    .isEqualTo(TmfResponse.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED);
            c.send(new TaskManagementRequest(true, 0x55, LUN1, c.nextItt(), -1, c.cmdSn, c.expStatSn, 0, 0));
            assertThat(TmfResponse.of(((TaskManagementResponse) c.receiveParsed()).response()))
                    .isEqualTo(TmfResponse.FUNCTION_REJECTED);
            assertThat(f.core.management).containsExactly("LOGICAL_UNIT_RESET 1", "ABORT_TASK_SET 7");
        }
    }

    @Test
    void targetColdResetAnswersThenClosesEverySessionOfTheTarget() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client(); RawIscsiClient other = f.client()) {
            c.login(TargetFixture.TARGET);
            other.isid = 0x4000L;
            other.login(TargetFixture.TARGET);
            assertThat(TmfResponse.of(tmf(c, TmfFunction.TARGET_COLD_RESET, 0, -1, 0).response()))
                    .isEqualTo(TmfResponse.FUNCTION_COMPLETE);
            assertThat(c.closedByPeer()).isTrue();
            assertThat(other.closedByPeer()).isTrue();
            assertThat(f.core.management).containsExactly("TARGET_RESET 0");
        }
    }
}
