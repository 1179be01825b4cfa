package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Virtual time: tasks run on the calling thread in (due time, submission order), and time jumps straight to
 * the next due task. A whole run is deterministic and replays exactly from its seed.
 */
public final class VirtualScheduler implements Scheduler {

    /** Bound on tasks per drive call, so a livelock in the emulator ends a scenario instead of hanging it. */
    public static final long DEFAULT_TASK_BUDGET = 50_000_000L;

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final long seed;
    private final SplittableRandom random;
    private long now;
    private long sequence;
    private long tasksRun;

    public VirtualScheduler(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        long d = delay.toNanos();
        if (d < 0) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Task t = new Task(now + d, sequence++, task);
        queue.add(t);
        return t;
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public long seed() {
        return seed;
    }

    /** Tasks run so far. */
    public synchronized long tasksRun() {
        return tasksRun;
    }

    /** True when no task is pending. */
    public synchronized boolean isIdle() {
        queue.removeIf(t -> t.cancelled);
        return queue.isEmpty();
    }

    /** Runs every task due at or before the current time. */
    public void runDue() {
        runUntilTime(nanoTime());
    }

    /** Runs tasks until none is left (periodic tasks keep it busy: use {@link #runFor} with them). */
    public void runUntilIdle() {
        long budget = DEFAULT_TASK_BUDGET;
        while (budget-- > 0) {
            if (!runOne(Long.MAX_VALUE)) {
                return;
            }
        }
        throw new IllegalStateException("scheduler did not become idle within " + DEFAULT_TASK_BUDGET
                + " tasks at t=" + Duration.ofNanos(now) + " (seed " + seed + ")");
    }

    /** Advances time by {@code duration}, running every task due in between. */
    public void runFor(Duration duration) {
        runUntilTime(nanoTime() + duration.toNanos());
    }

    /**
     * Runs tasks until {@code condition} holds, or until {@code deadline} of virtual time has passed.
     *
     * @return true when the condition held in time
     */
    public boolean runUntil(BooleanSupplier condition, Duration deadline) {
        long end = nanoTime() + deadline.toNanos();
        long budget = DEFAULT_TASK_BUDGET;
        while (!condition.getAsBoolean()) {
            if (budget-- <= 0 || !runOne(end)) {
                synchronized (this) {
                    if (now < end) {
                        now = end;
                    }
                }
                return condition.getAsBoolean();
            }
        }
        return true;
    }

    private void runUntilTime(long end) {
        long budget = DEFAULT_TASK_BUDGET;
        while (budget-- > 0 && runOne(end)) {
            // keep going
        }
        synchronized (this) {
            if (now < end) {
                now = end;
            }
        }
    }

    /** Runs the next task due at or before {@code limit}; false when there is none. */
    private boolean runOne(long limit) {
        Task t;
        synchronized (this) {
            do {
                t = queue.peek();
                if (t == null || t.due > limit) {
                    return false;
                }
                queue.poll();
            } while (t.cancelled);
            now = Math.max(now, t.due);
            t.ran = true;
            tasksRun++;
        }
        t.runnable.run();
        return true;
    }

    private static final class Task implements Comparable<Task>, Timer {
        final long due;
        final long seq;
        final Runnable runnable;
        volatile boolean cancelled;
        volatile boolean ran;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            if (cancelled || ran) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isPending() {
            return !cancelled && !ran;
        }
    }
}
