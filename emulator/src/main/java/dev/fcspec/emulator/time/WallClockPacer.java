package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Runs a bench built on virtual time at the pace of the wall clock, for {@code fcspec emulate}: one real-time
 * event thread drives the {@link VirtualScheduler}, running whatever falls due as real time passes, so the
 * bench's state machines stay confined to one thread while network front ends talk to them. Work from other
 * threads (an iSCSI portal's MINA threads) goes through {@link #scheduler()}: it is queued on the virtual
 * scheduler and the event thread is woken to run it at once.
 */
public final class WallClockPacer implements AutoCloseable {

    /** How often the event thread catches virtual time up when nothing wakes it (timers, retransmissions). */
    public static final Duration TICK = Duration.ofMillis(1);

    private final VirtualScheduler virtual;
    private final RealTimeScheduler real;
    private final long offset;
    private final Timer ticks;
    private final Scheduler view = new Scheduler() {
        @Override
        public Timer schedule(Duration delay, Runnable task) {
            Timer t = virtual.schedule(delay, task);
            real.execute(WallClockPacer.this::catchUp);
            return t;
        }

        @Override
        public long nanoTime() {
            return virtual.nanoTime();
        }

        @Override
        public RandomGenerator random() {
            return virtual.random();
        }

        @Override
        public long seed() {
            return virtual.seed();
        }
    };

    /** Starts driving {@code virtual} from now on; its current time is the wall clock's now. */
    public WallClockPacer(VirtualScheduler virtual, String threadName) {
        this.virtual = Objects.requireNonNull(virtual, "virtual");
        this.real = new RealTimeScheduler(threadName, virtual.seed());
        this.offset = virtual.nanoTime() - real.nanoTime();
        this.ticks = real.scheduleAtFixedRate(TICK, this::catchUp);
        real.execute(this::catchUp);
    }

    /** The bench's scheduler as other threads hand work to it: tasks run on the event thread, in virtual time. */
    public Scheduler scheduler() {
        return view;
    }

    /** Runs every virtual task due by the wall clock's now. */
    private void catchUp() {
        long behind = real.nanoTime() + offset - virtual.nanoTime();
        virtual.runFor(Duration.ofNanos(Math.max(0, behind)));
    }

    /** The first exception a bench task threw, if any (the event thread survives it). */
    public java.util.Optional<Throwable> firstFailure() {
        return real.firstFailure();
    }

    @Override
    public void close() {
        ticks.cancel();
        real.close();
    }
}
