package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.LUN1;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.pattern;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.read10;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.write10;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import dev.fcspec.emulator.scsi.TaskManagementResponse;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a peer can make the portal spend: data-out collected only as the CDB calls for it, commands and bytes per
 * session and portal, connections, login and idle time, and failures kept to the connection that caused them.
 */
class PortalLimitsTest {
    private static final int BLOCKS = 2048;

    /** A real SCSI core with LUN 1: 1 MiB of 512-byte blocks. */
    private static TargetCore core() {
        return TargetCore.builder(TargetFixture.TARGET)
                .unit(1, LogicalUnit.builder("lun1", new SparseMemoryStore(BLOCKS * 512L, 512)).blockSize(512).build())
                .port(IscsiTargetPortal.targetPort(TargetFixture.TARGET, 1, 1)).build();
    }

    private static IscsiTargetPortal portal(ScsiTarget core, PortalLimits limits) {
        return IscsiTargetPortal.builder().bind("127.0.0.1", 0).limits(limits)
                .target(IscsiTargetDefinition.open(TargetFixture.TARGET, core)).build().start();
    }

    private static RawIscsiClient loggedIn(IscsiTargetPortal portal, long isid) throws Exception {
        RawIscsiClient c = new RawIscsiClient(portal.localAddress());
        c.isid = isid;
        LoginResponse r = c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No", "MaxBurstLength=65536",
                "FirstBurstLength=65536");
        assertThat(r.statusClass()).as("login status class").isZero();
        // the power-on unit attention, out of the way
        c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, c.nextItt(), 0, c.cmdSn++, c.expStatSn,
                new byte[6], -1, null));
        c.receiveParsed();
        return c;
    }

    private static ScsiCommandPdu write(RawIscsiClient c, int itt, int edtl, byte[] cdb) {
        return new ScsiCommandPdu(false, true, false, true, 1, LUN1, itt, edtl, c.cmdSn++, c.expStatSn, cdb, -1, null);
    }

    private static ScsiResponsePdu sendSolicited(RawIscsiClient c, int itt, ReadyToTransfer r2t, byte[] data)
            throws Exception {
        c.send(new DataOut(true, LUN1, itt, r2t.ttt(), c.expStatSn, 0, r2t.bufferOffset(),
                ByteBuffer.wrap(data, r2t.bufferOffset(), r2t.desiredDataTransferLength())));
        return (ScsiResponsePdu) c.receiveParsed();
    }

    @Test
    @DisplayName("a WRITE of 8 blocks with an EDTL of 1 GiB is asked for 4 KiB, holds 4 KiB, and reports the rest as residual underflow")
    void hugeEdtlIsNotTrusted() throws Exception {
        try (IscsiTargetPortal portal = portal(core(), PortalLimits.DEFAULTS); RawIscsiClient c = loggedIn(portal, 1)) {
            byte[] content = pattern(4096, 7);
            c.send(write(c, 100, 1 << 30, write10(16, 8)));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            assertThat(r2t.desiredDataTransferLength()).as("solicited: what the CDB calls for").isEqualTo(4096);
            assertThat(c.silentFor(200)).as("no R2T for the rest of the EDTL").isTrue();
            assertThat(portal.bufferedBytes()).as("bytes the portal holds for the command").isEqualTo(4096);

            ScsiResponsePdu resp = sendSolicited(c, 100, r2t, content);
            assertThat(resp.status()).isEqualTo(ScsiStatus.GOOD);
            assertThat(resp.underflow()).as("residual underflow").isTrue();
            assertThat(resp.residualCount()).isEqualTo((1 << 30) - 4096);
            assertThat(portal.bufferedBytes()).as("given back once the command ended").isZero();

            c.send(TargetDataTransferTest.read(c, 101, 4096, read10(16, 8)));
            assertThat(TargetDataTransferTest.data(TargetDataTransferTest.collect(c))).as("the data written")
                    .isEqualTo(content);
        }
    }

    @Test
    @DisplayName("a WRITE beyond the medium with an EDTL of 0x7FFFFFF0 ends at once with LBA OUT OF RANGE, no R2T, nothing held")
    void outOfRangeWriteNeedsNoData() throws Exception {
        try (IscsiTargetPortal portal = portal(core(), PortalLimits.DEFAULTS); RawIscsiClient c = loggedIn(portal, 1)) {
            c.send(write(c, 7, 0x7FFFFFF0, write10(BLOCKS - 1, 0xFFFF)));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.status()).isEqualTo(ScsiStatus.CHECK_CONDITION);
            assertThat(resp.sense()[2] & 0x0F).as("sense key ILLEGAL REQUEST").isEqualTo(5);
            assertThat(resp.sense()[12]).as("ASC LOGICAL BLOCK ADDRESS OUT OF RANGE").isEqualTo((byte) 0x21);
            assertThat(portal.bufferedBytes()).isZero();
        }
    }

    @Test
    @DisplayName("commands beyond max_commands_per_session get TASK SET FULL; the ones let in complete")
    void commandsPerSession() throws Exception {
        PortalLimits limits = PortalLimits.DEFAULTS.withMaxCommandsPerSession(2);
        try (IscsiTargetPortal portal = portal(core(), limits); RawIscsiClient c = loggedIn(portal, 1)) {
            c.send(write(c, 1, 512, write10(0, 1)));
            c.send(write(c, 2, 512, write10(1, 1)));
            ReadyToTransfer a = (ReadyToTransfer) c.receiveParsed();
            ReadyToTransfer b = (ReadyToTransfer) c.receiveParsed();
            c.send(write(c, 3, 512, write10(2, 1)));
            ScsiResponsePdu full = (ScsiResponsePdu) c.receiveParsed();
            assertThat(full.itt()).isEqualTo(3);
            assertThat(full.status()).isEqualTo(ScsiStatus.TASK_SET_FULL);
            assertThat(sendSolicited(c, 1, a, new byte[512]).status()).isEqualTo(ScsiStatus.GOOD);
            assertThat(sendSolicited(c, 2, b, new byte[512]).status()).isEqualTo(ScsiStatus.GOOD);
        }
    }

    @Test
    @DisplayName("the session's buffered-bytes budget holds R2Ts back until a command gives its bytes back")
    void sessionBudgetPacesR2ts() throws Exception {
        PortalLimits limits = PortalLimits.DEFAULTS.withMaxBufferedBytes(65536, 1 << 20);
        try (IscsiTargetPortal portal = portal(core(), limits); RawIscsiClient c = loggedIn(portal, 1)) {
            byte[] content = pattern(65536, 1);
            c.send(write(c, 1, 65536, write10(0, 128)));
            c.send(write(c, 2, 65536, write10(128, 128)));
            ReadyToTransfer first = (ReadyToTransfer) c.receiveParsed();
            assertThat(first.itt()).isEqualTo(1);
            assertThat(c.silentFor(200)).as("the second write waits for budget").isTrue();
            assertThat(sendSolicited(c, 1, first, content).status()).isEqualTo(ScsiStatus.GOOD);
            ReadyToTransfer second = (ReadyToTransfer) c.receiveParsed();
            assertThat(second.itt()).as("solicited once the first gave its bytes back").isEqualTo(2);
            assertThat(sendSolicited(c, 2, second, content).status()).isEqualTo(ScsiStatus.GOOD);
            assertThat(portal.bufferedBytes()).isZero();
        }
    }

    @Test
    @DisplayName("a write that would take the portal over max_buffered_bytes gets BUSY; the session holding the bytes goes on")
    void portalBudgetAnswersBusy() throws Exception {
        PortalLimits limits = PortalLimits.DEFAULTS.withMaxBufferedBytes(65536, 65536);
        try (IscsiTargetPortal portal = portal(core(), limits); RawIscsiClient a = loggedIn(portal, 1);
             RawIscsiClient b = loggedIn(portal, 2)) {
            a.send(write(a, 1, 65536, write10(0, 128)));
            ReadyToTransfer r2t = (ReadyToTransfer) a.receiveParsed();
            b.send(write(b, 1, 512, write10(500, 1)));
            ScsiResponsePdu busy = (ScsiResponsePdu) b.receiveParsed();
            assertThat(busy.status()).isEqualTo(ScsiStatus.BUSY);
            assertThat(sendSolicited(a, 1, r2t, new byte[65536]).status()).isEqualTo(ScsiStatus.GOOD);
            b.send(write(b, 2, 512, write10(500, 1)));
            assertThat(sendSolicited(b, 2, (ReadyToTransfer) b.receiveParsed(), new byte[512]).status())
                    .as("room again once the first write ended").isEqualTo(ScsiStatus.GOOD);
        }
    }

    @Test
    @DisplayName("a connection beyond max_connections is closed as soon as it is accepted; the others log in")
    void connectionsPerPortal() throws Exception {
        try (IscsiTargetPortal portal = portal(core(), PortalLimits.DEFAULTS.withMaxConnections(2));
             RawIscsiClient a = new RawIscsiClient(portal.localAddress());
             RawIscsiClient b = new RawIscsiClient(portal.localAddress())) {
            assertThat(a.silentFor(100)).isTrue();
            assertThat(b.silentFor(100)).isTrue();
            try (RawIscsiClient third = new RawIscsiClient(portal.localAddress())) {
                assertThat(third.closedByPeer()).as("the third connection is closed").isTrue();
            }
            assertThat(a.login(TargetFixture.TARGET).statusClass()).isZero();
            b.isid = 2;
            assertThat(b.login(TargetFixture.TARGET).statusClass()).isZero();
        }
    }

    @Test
    @DisplayName("a login beyond max_connections_per_initiator gets status 0x0206 (too many connections)")
    void connectionsPerInitiator() throws Exception {
        try (IscsiTargetPortal portal = portal(core(), PortalLimits.DEFAULTS.withMaxConnectionsPerInitiator(1));
             RawIscsiClient a = new RawIscsiClient(portal.localAddress());
             RawIscsiClient b = new RawIscsiClient(portal.localAddress())) {
            assertThat(a.login(TargetFixture.TARGET).statusClass()).isZero();
            b.isid = 2;
            LoginResponse r = b.login(TargetFixture.TARGET);
            assertThat(r.statusClass() << 8 | r.statusDetail()).isEqualTo(0x0206);
            assertThat(b.closedByPeer()).isTrue();
            a.close();
            // a's connection is gone: the initiator may log in again
            assertThat(portalAdmitsAgain(portal)).isTrue();
        }
    }

    private static boolean portalAdmitsAgain(IscsiTargetPortal portal) throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (RawIscsiClient c = new RawIscsiClient(portal.localAddress())) {
                c.isid = 3 + attempt;
                if (c.login(TargetFixture.TARGET).statusClass() == 0) {
                    return true;
                }
            }
            // the target learns of the close on its I/O thread: try again on a new connection
        }
        return false;
    }

    @Test
    @DisplayName("a connection that has not logged in when login_timeout runs out is dropped (scheduler time)")
    void loginTimeout() throws Exception {
        VirtualScheduler clock = new VirtualScheduler(1);
        try (IscsiTargetPortal portal = IscsiTargetPortal.builder().bind("127.0.0.1", 0)
                .limits(PortalLimits.DEFAULTS.withLoginTimeout(Duration.ofSeconds(15))).timers(clock)
                .target(IscsiTargetDefinition.open(TargetFixture.TARGET, core())).build().start();
             RawIscsiClient idle = new RawIscsiClient(portal.localAddress());
             RawIscsiClient loggedIn = new RawIscsiClient(portal.localAddress())) {
            assertThat(loggedIn.login(TargetFixture.TARGET).statusClass()).isZero();
            // half a BHS: the login has started but not ended
            idle.sendBytes(new byte[24]);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (portal.connectionCount() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            clock.runFor(Duration.ofSeconds(14));
            assertThat(idle.silentFor(200)).as("not before the timeout").isTrue();
            clock.runFor(Duration.ofSeconds(1));
            assertThat(idle.closedByPeer()).as("dropped at the timeout").isTrue();
            loggedIn.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 9, 0, loggedIn.cmdSn++,
                    loggedIn.expStatSn, new byte[6], -1, null));
            assertThat(loggedIn.receiveParsed()).as("the logged-in connection stays").isInstanceOf(ScsiResponsePdu.class);
        }
    }

    @Test
    @DisplayName("a connection that sends nothing for idle_timeout is dropped (MINA's reader-idle status)")
    void idleTimeout() throws Exception {
        try (IscsiTargetPortal portal = portal(core(), PortalLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(1)));
             RawIscsiClient c = loggedIn(portal, 1)) {
            assertThat(c.silentFor(500)).isTrue();
            assertThat(c.closedByPeer()).as("dropped within the 10 s read timeout").isTrue();
        }
    }

    /** A core that throws an Error for opcode 0xC0 and otherwise is a real core. */
    private static final class FailingCore implements ScsiTarget {
        final TargetCore core = core();

        @Override
        public void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> completion) {
            if (command.opcode() == 0xC0) {
                throw new OutOfMemoryError("thrown by the test's core");
            }
            core.submit(nexus, command, completion);
        }

        @Override
        public void manage(ItNexus nexus, TaskManagementFunction f, long lun, long tag,
                           Consumer<TaskManagementResponse> completion) {
            core.manage(nexus, f, lun, tag, completion);
        }

        @Override
        public long dataOutLength(ItNexus nexus, long lun, byte[] cdb) {
            return core.dataOutLength(nexus, lun, cdb);
        }

        @Override
        public void nexusLost(ItNexus nexus) {
            core.nexusLost(nexus);
        }
    }

    @Test
    @DisplayName("an Error while handling one connection's PDU closes that connection; every I/O processor serves on")
    void errorsAreContained() throws Exception {
        try (IscsiTargetPortal portal = portal(new FailingCore(), PortalLimits.DEFAULTS)) {
            List<RawIscsiClient> others = new ArrayList<>();
            int n = 2 * Math.max(2, Runtime.getRuntime().availableProcessors());
            try {
                for (int i = 0; i < n; i++) {
                    others.add(loggedIn(portal, 100 + i));
                }
                for (int i = 0; i < n; i++) {
                    try (RawIscsiClient bad = loggedIn(portal, 200 + i)) {
                        bad.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 5, 0, bad.cmdSn++,
                                bad.expStatSn, new byte[] {(byte) 0xC0, 0, 0, 0, 0, 0}, -1, null));
                        assertThat(bad.closedByPeer()).as("the connection that failed is closed").isTrue();
                    }
                }
                for (RawIscsiClient c : others) {
                    c.send(TargetDataTransferTest.read(c, 50, 512, read10(0, 1)));
                    assertThat(TargetDataTransferTest.collect(c)).as("every other connection is served").isNotEmpty();
                }
            } finally {
                for (RawIscsiClient c : others) {
                    c.close();
                }
            }
        }
    }

    @Test
    @DisplayName("a peer that does not read its data-in stops being read: its commands wait in TCP, not in the target's memory")
    void dataInBackPressure() throws Exception {
        java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        TargetCore real = core();
        ScsiTarget counting = new ScsiTarget() {
            @Override
            public void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> completion) {
                if (command.opcode() == 0x28) {
                    executed.incrementAndGet();
                }
                real.submit(nexus, command, completion);
            }

            @Override
            public void manage(ItNexus nexus, TaskManagementFunction f, long lun, long tag,
                               Consumer<TaskManagementResponse> completion) {
                real.manage(nexus, f, lun, tag, completion);
            }

            @Override
            public void nexusLost(ItNexus nexus) {
                real.nexusLost(nexus);
            }
        };
        PortalLimits limits = PortalLimits.DEFAULTS.withMaxBufferedBytes(65536, 1 << 20);
        try (IscsiTargetPortal portal = portal(counting, limits); RawIscsiClient c = loggedIn(portal, 1)) {
            int commands = 100;
            for (int i = 0; i < commands; i++) {
                // the whole LUN, 1 MiB, each time: 100 MiB of data-in in all
                c.send(TargetDataTransferTest.read(c, 1000 + i, BLOCKS * 512, read10(0, BLOCKS)));
            }
            // wait (3 s at most) until the count has not moved for half a second
            long deadline = System.nanoTime() + 3_000_000_000L;
            long stableSince = System.nanoTime();
            int seen = executed.get();
            while (System.nanoTime() < deadline && System.nanoTime() - stableSince < 500_000_000L) {
                Thread.sleep(50);
                if (executed.get() != seen) {
                    seen = executed.get();
                    stableSince = System.nanoTime();
                }
            }
            assertThat(executed.get()).as("READs executed while the peer reads nothing (TCP buffers hold a few MiB)")
                    .isLessThan(commands / 2);
            int done = 0;
            for (int i = 0; i < commands; i++) {
                TargetDataTransferTest.collect(c);
                done++;
            }
            assertThat(done).as("every READ completes once the peer reads").isEqualTo(commands);
            assertThat(executed.get()).isEqualTo(commands);
        }
    }
}
