package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Runs emulator tasks one at a time, in time order. Emulator state machines are driven only from tasks of
 * their scheduler, so they need no locks of their own.
 */
public interface Scheduler extends Clock {

    /** Runs {@code task} after {@code delay} of this scheduler's time. */
    Timer schedule(Duration delay, Runnable task);

    /** Runs {@code task} as soon as possible, after tasks already due now. */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /** Runs {@code task} every {@code period}, first after one period, until the returned timer is cancelled. */
    default Timer scheduleAtFixedRate(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        PeriodicTask p = new PeriodicTask(this, period, task);
        p.arm();
        return p;
    }

    /** The run's random source, seeded so that a run replays exactly from its seed. */
    RandomGenerator random();

    /** The seed this scheduler's random source started from. */
    long seed();
}
