package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Two nodes, each with one adapter (I/O processor and storage), on a direct link; every frame recorded. */
final class TwoNodeIopBench {
    static final Wwn NODE1 = Wwn.parse("20:00:00:00:0a:00:00:01");
    static final Wwn NODE2 = Wwn.parse("20:00:00:00:0a:00:00:02");
    static final FcId FC1 = FcId.of(2, 0, 1);
    static final FcId FC2 = FcId.of(2, 0, 2);

    final VirtualScheduler scheduler = new VirtualScheduler(7);
    final Link link = new Link(scheduler, "adapter-link");
    final StorageSet storage1 = new StorageSet();
    final StorageSet storage2 = new StorageSet();
    final IoProcessor iop1 = new IoProcessor(scheduler, "adapter 1", NODE1, FC1, storage1, link.a()::send);
    final IoProcessor iop2 = new IoProcessor(scheduler, "adapter 2", NODE2, FC2, storage2, link.b()::send);
    final List<Frame> wire = new ArrayList<>();
    final List<HostCompletion> told1 = new ArrayList<>();
    final List<HostCompletion> told2 = new ArrayList<>();

    TwoNodeIopBench() {
        link.a().attach(iop1);
        link.b().attach(iop2);
        iop1.addPeer(NODE2, FC2);
        iop2.addPeer(NODE1, FC1);
        link.addTap((t, from, f) -> wire.add(f));
    }

    /** The I/O-processor messages on the wire (not the ABTS and BA_RJT of exchanges that timed out). */
    List<IopMessage> messages() {
        return wire.stream().filter(f -> f.header().type() == IopProtocol.TYPE)
                .map(f -> IopProtocol.decode(f.payload())).toList();
    }

    void run() {
        scheduler.runFor(Duration.ofMillis(100));
    }

    void submit1(HostRequest r) {
        iop1.submit(r, told1::add);
        run();
    }

    void submit2(HostRequest r) {
        iop2.submit(r, told2::add);
        run();
    }

    static byte[] blocks(int n, int fill) {
        byte[] b = new byte[n * 512];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (fill + i / 512);
        }
        return b;
    }
}
