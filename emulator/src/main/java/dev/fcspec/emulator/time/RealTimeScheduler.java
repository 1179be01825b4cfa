package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Real time, for an emulator that talks to the network: one event thread runs every task, so state machines
 * still see one task at a time. This is the only place the emulator reads the system clock.
 *
 * <p>Threading: this is a real thread boundary. {@link #schedule} may be called from any thread (MINA
 * handlers hand their work to the emulator this way); the executor's queue is the hand-over, and the failure
 * counters are atomics because callers on other threads read them. A cancelled timer leaves the executor's
 * queue at once ({@code setRemoveOnCancelPolicy}), so long-armed timers that are cancelled early hold nothing.
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final ScheduledThreadPoolExecutor executor;
    private final long origin;
    private final long seed;
    private final RandomGenerator random;
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();

    public RealTimeScheduler(String name, long seed) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
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
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Objects.requireNonNull(task, "task");
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
                throw e;
            }
        };
        ScheduledFuture<?> f = executor.schedule(guarded, nanos, TimeUnit.NANOSECONDS);
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

    /**
     * The first exception a task threw, if any. The event thread survives a failing task (the executor would
     * otherwise only keep it in the task's future, where nobody looks), so callers check here.
     */
    public Optional<Throwable> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    /** Tasks waiting to run: scheduled, not yet started and not cancelled. */
    public int pendingTasks() {
        return executor.getQueue().size();
    }

    /** Tasks that ended with an exception. */
    public long failures() {
        return failures.get();
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
