package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Real time, for an emulator that talks to the network: one event thread runs every task, so state machines
 * still see one task at a time. This is the only place the emulator reads the system clock.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;
    private final long origin;
    private final long seed;
    private final RandomGenerator random;

    public RealTimeScheduler(String name, long seed) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.origin = System.nanoTime();
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() - origin;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return new Timer() {
            @Override
            public boolean cancel() {
                return f.cancel(false);
            }

            @Override
            public boolean isPending() {
                return !f.isDone();
            }
        };
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
