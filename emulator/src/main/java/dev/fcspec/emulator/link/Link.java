package dev.fcspec.emulator.link;

import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameCodec;
import dev.fcspec.emulator.wire.FrameDecodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory full-duplex link between two ports. Frames travel as encoded bytes, so a corrupted frame
 * reaches the receiver exactly as a bad-CRC frame would, and are delivered on the scheduler after the
 * link's latency, in order unless a fault plan delays some.
 */
public final class Link {
    private final Scheduler scheduler;
    private final String name;
    private final Duration latency;
    private final LinkEnd a;
    private final LinkEnd b;
    private final List<FrameTap> taps = new ArrayList<>();
    private final FaultPlan faults = new FaultPlan();
    private long transmitted;
    private long delivered;
    private long dropped;
    private long duplicated;
    private long corrupted;
    private long delayed;

    public Link(Scheduler scheduler, String name, Duration latency) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.name = Objects.requireNonNull(name, "name");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency " + latency);
        }
        this.latency = latency;
        this.a = new LinkEnd(this, name + ":a");
        this.b = new LinkEnd(this, name + ":b");
    }

    /** A link with 1 microsecond of latency (a few hundred metres of fibre). */
    public Link(Scheduler scheduler, String name) {
        this(scheduler, name, Duration.ofNanos(1_000));
    }

    public LinkEnd a() {
        return a;
    }

    public LinkEnd b() {
        return b;
    }

    public String name() {
        return name;
    }

    public FaultPlan faults() {
        return faults;
    }

    public void addTap(FrameTap tap) {
        taps.add(Objects.requireNonNull(tap, "tap"));
    }

    public void removeTap(FrameTap tap) {
        taps.remove(tap);
    }

    public LinkStatistics statistics() {
        return new LinkStatistics(transmitted, delivered, dropped, duplicated,
                corrupted, delayed);
    }

    LinkEnd peerOf(LinkEnd end) {
        return end == a ? b : a;
    }

    void transmit(LinkEnd from, Frame frame) {
        transmitted++;
        long now = scheduler.nanoTime();
        for (int i = 0; i < taps.size(); i++) {
            taps.get(i).onFrame(now, from, frame);
        }
        LinkEnd to = peerOf(from);
        if (faults.isPartitioned()) {
            dropped++;
            return;
        }
        byte[] bytes = FrameCodec.encode(frame);
        FaultPlan.Rule rule = faults.match(frame, scheduler.random());
        Duration delay = latency;
        int copies = 1;
        if (rule != null) {
            switch (rule.action()) {
                case DROP -> {
                    dropped++;
                    return;
                }
                case DUPLICATE -> {
                    duplicated++;
                    copies = 2;
                }
                case CORRUPT -> {
                    corrupted++;
                    // Flip a bit inside header or payload, never in the delimiters.
                    int span = bytes.length - 12;
                    int at = 4 + scheduler.random().nextInt(span);
                    bytes[at] ^= (byte) (1 << scheduler.random().nextInt(8));
                }
                case DELAY -> {
                    delayed++;
                    delay = delay.plus(rule.delay());
                }
            }
        }
        for (int i = 0; i < copies; i++) {
            byte[] copy = i == 0 ? bytes : bytes.clone();
            scheduler.schedule(delay, () -> deliver(to, copy));
        }
    }

    private void deliver(LinkEnd to, byte[] bytes) {
        if (faults.isPartitioned()) {
            dropped++;
            return;
        }
        FrameReceiver r = to.receiver();
        if (r == null) {
            dropped++;
            return;
        }
        Frame f;
        try {
            f = FrameCodec.decode(bytes);
        } catch (FrameDecodeException e) {
            r.discard(bytes, e);
            return;
        }
        delivered++;
        r.receive(f);
    }

    @Override
    public String toString() {
        return "Link[" + name + "]";
    }
}
