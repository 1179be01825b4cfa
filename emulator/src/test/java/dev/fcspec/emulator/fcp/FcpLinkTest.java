package dev.fcspec.emulator.fcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.PortConfig;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the FCP tests share: a host and an array on one captured link, logged in to each other with an FCP
 * image pair, each 1 MiB logical unit of the array scanned once (its power-on unit attention reported).
 */
abstract class FcpLinkTest {
    static final Wwn HOST_WWPN = Wwn.parse("10:00:00:00:c9:00:00:0a");
    static final Wwn HOST_WWNN = Wwn.parse("20:00:00:00:c9:00:00:0a");
    static final Wwn ARRAY_WWPN = Wwn.parse("50:0a:09:81:00:00:a1:0a");
    static final Wwn ARRAY_WWNN = Wwn.parse("50:0a:09:80:00:00:a1:00");

    VirtualScheduler s;
    Link link;
    CaptureTap capture;
    /** Every frame on the link since the scan. */
    final List<Frame> wire = new ArrayList<>();
    NPort host;
    NPort array;
    TargetCore core;
    FcpTarget target;
    FcpInitiator initiator;
    FcId arrayId;

    /** Brings up the bench with LUNs {@code luns}, host and array offering the first bursts given (0: none). */
    void bringUp(long seed, int hostFirstBurst, int arrayFirstBurst, int... luns) {
        s = new VirtualScheduler(seed);
        link = new Link(s, "host-array");
        capture = new CaptureTap().attach(link);
        link.addTap((t, from, f) -> wire.add(f));
        host = new NPort(s, PortConfig.of(HOST_WWPN, HOST_WWNN).withFcpRoles(true, false)
                .withFirstBurstLength(hostFirstBurst), link.a());
        array = new NPort(s, PortConfig.of(ARRAY_WWPN, ARRAY_WWNN).withFcpRoles(false, true)
                .withFirstBurstLength(arrayFirstBurst), link.b());
        TargetCore.Builder b = TargetCore.builder("array1").port(FcpTarget.targetPort(array, 1));
        for (int lun : luns) {
            b.unit(lun, LogicalUnit.builder("lun" + lun, new SparseMemoryStore(1 << 20, 512)).blockSize(512).build());
        }
        core = b.build();
        target = FcpTarget.attach(array, core, 1);
        initiator = new FcpInitiator(host);
        host.enable();
        array.enable();
        assertThat(s.runUntil(() -> host.remotePort(array.fcId()).map(RemotePort::isReady).orElse(false)
                && array.remotePort(host.fcId()).map(RemotePort::isReady).orElse(false), Duration.ofMinutes(1))).isTrue();
        arrayId = array.fcId();
        // A host's SCSI layer sees the power-on unit attention once per I_T nexus and LU when it scans.
        for (int lun : luns) {
            complete(initiator.command(arrayId, lun, new byte[6]));
        }
        wire.clear();
    }

    <T> T complete(CompletableFuture<T> f) {
        assertThat(s.runUntil(f::isDone, Duration.ofMinutes(1))).as("completed in virtual time").isTrue();
        return f.join();
    }

    static byte[] read10(long lba, int blocks) {
        return new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
                (byte) (blocks >>> 8), (byte) blocks, 0};
    }

    static byte[] write10(long lba, int blocks) {
        byte[] c = read10(lba, blocks);
        c[0] = 0x2A;
        return c;
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
