package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Two VI providers on a direct link, with every frame the link carried recorded in order. */
final class TwoPortBench {
    static final FcId A_ID = FcId.of(1, 0, 1);
    static final FcId B_ID = FcId.of(1, 0, 2);
    static final int PTAG = 7;

    final VirtualScheduler scheduler = new VirtualScheduler(42);
    final Link link = new Link(scheduler, "interconnect");
    final HostMemory memA = new HostMemory(1 << 20);
    final HostMemory memB = new HostMemory(1 << 20);
    final FcviPort a = new FcviPort(scheduler, A_ID, memA, link.a()::send);
    final FcviPort b = new FcviPort(scheduler, B_ID, memB, link.b()::send);
    /** Frames as sent, with the sender's FC_ID first. */
    final List<Frame> wire = new ArrayList<>();

    TwoPortBench() {
        link.a().attach(a);
        link.b().attach(b);
        link.addTap((t, from, f) -> wire.add(f));
    }

    /** Connects A's VI {@code va} to B's VI {@code vb} (B accepting from A) and runs until both are Connected. */
    VirtualInterface[] connected(int va, int vb, ViAttributes attrs) {
        VirtualInterface x = a.createVi(va, attrs);
        VirtualInterface y = b.createVi(vb, attrs);
        y.acceptFrom(x.address());
        List<ConnectResult> results = new ArrayList<>();
        x.connect(y.address(), results::add);
        scheduler.runFor(Duration.ofMillis(1));
        if (x.state() != ViState.CONNECTED || y.state() != ViState.CONNECTED) {
            throw new AssertionError("not connected: " + x + " " + y + " " + results);
        }
        wire.clear();
        return new VirtualInterface[] {x, y};
    }

    List<String> iuNames() {
        return wire.stream().map(f -> FcviProtocol.decode(f.payload()).name()).toList();
    }

    void run() {
        scheduler.runFor(Duration.ofMillis(50));
    }
}
