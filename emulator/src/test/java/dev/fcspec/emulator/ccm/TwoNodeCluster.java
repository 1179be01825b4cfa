package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.vi.FcviIu;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Two nodes on a direct interconnect link; every frame recorded with its time. */
final class TwoNodeCluster {
    static final Wwn A_NAME = Wwn.parse("50:0a:09:80:00:00:00:0a");
    static final Wwn B_NAME = Wwn.parse("50:0a:09:80:00:00:00:0b");
    static final FcId A_ID = FcId.of(0x0A, 0, 1);
    static final FcId B_ID = FcId.of(0x0B, 0, 1);

    record Sent(long time, Frame frame) {
        FcviIu iu() {
            return FcviProtocol.decode(frame.payload());
        }

        boolean from(FcId id) {
            return frame.header().sId().equals(id);
        }
    }

    final VirtualScheduler scheduler = new VirtualScheduler(11);
    final Link link = new Link(scheduler, "cluster-interconnect");
    final CcmNode a;
    final CcmNode b;
    final List<Sent> wire = new ArrayList<>();

    TwoNodeCluster(CcmConfig configA, CcmConfig configB, NodeKind kindB) {
        a = new CcmNode(scheduler, "A", A_NAME, NodeKind.STORAGE_SYSTEM, A_ID, B_ID, link.a(), configA);
        b = new CcmNode(scheduler, "B", B_NAME, kindB, B_ID, A_ID, link.b(), configB);
        link.addTap((t, from, f) -> {
            // FC-VI frames only: an exchange that timed out is aborted with ABTS (BLS), answered BA_ACC/BA_RJT
            if (FcviProtocol.isFcvi(f)) {
                wire.add(new Sent(t, f));
            }
        });
    }

    TwoNodeCluster() {
        this(CcmConfig.DEFAULT, CcmConfig.DEFAULT, NodeKind.STORAGE_SYSTEM);
    }

    void runFor(Duration d) {
        scheduler.runFor(d);
    }

    /** B is up and waiting; A boots 100 ms later. */
    void bUpThenABoots() {
        b.powerOn();
        runFor(Duration.ofMillis(100));
        wire.clear();
        a.powerOn();
        runFor(Duration.ofMillis(200));
    }

    /** Names of the RDMA IUs one node sent, in order. */
    List<String> rdmaRequestsFrom(FcId id) {
        return wire.stream().filter(s -> s.from(id))
                .map(Sent::iu)
                .filter(iu -> iu instanceof FcviIu.ReadRequest || iu instanceof FcviIu.WriteRequest)
                .map(FcviIu::name).toList();
    }
}
