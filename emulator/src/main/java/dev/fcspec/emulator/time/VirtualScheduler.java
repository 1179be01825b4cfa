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
    private final long taskBudget;
    private final SplittableRandom random;
    private long now;
    private long sequence;
    private long tasksRun;

    public VirtualScheduler(long seed) {
        this(seed, DEFAULT_TASK_BUDGET);
    }

    /**
     * @param taskBudget most tasks one call of {@link #runUntilIdle}, {@link #runFor}, {@link #runUntil} or
     *                   {@link #runDue} may run before it fails with {@link TaskBudgetExceededException}
     */
    public VirtualScheduler(long seed, long taskBudget) {
        if (taskBudget <= 0) {
            throw new IllegalArgumentException("task budget must be positive: " + taskBudget);
        }
        this.seed = seed;
        this.taskBudget = taskBudget;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        java.util.Objects.requireNonNull(task, "task");
        Task t = new Task(saturatedAdd(now, delay), sequence++, task);
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

    /** The most tasks one drive call may run. */
    public long taskBudget() {
        return taskBudget;
    }

    /** Runs every task due at or before the current time (including tasks they schedule with no delay). */
    public void runDue() {
        runUntilTime("runDue", nanoTime());
    }

    /**
     * Runs tasks until none is left, advancing time to each one's due time (periodic tasks keep it busy: use
     * {@link #runFor} with them).
     *
     * @throws TaskBudgetExceededException when the task budget runs out first
     */
    public void runUntilIdle() {
        long budget = taskBudget;
        while (runOne(Long.MAX_VALUE)) {
            if (--budget == 0 && hasTaskDueBy(Long.MAX_VALUE)) {
                throw new TaskBudgetExceededException("runUntilIdle", taskBudget, nanoTime(), seed);
            }
        }
    }

    /**
     * Advances time by {@code duration}, running every task due in between, in order; time ends exactly
     * {@code duration} later.
     *
     * @throws TaskBudgetExceededException when the task budget runs out first (time then stays at the last task run)
     */
    public void runFor(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        runUntilTime("runFor", saturatedAdd(nanoTime(), duration));
    }

    /**
     * Runs tasks until {@code condition} holds (checked before each task), or until {@code deadline} of virtual
     * time has passed; when the condition does not hold by then, time ends at the deadline.
     *
     * @return true when the condition held in time
     * @throws TaskBudgetExceededException when the task budget runs out first
     */
    public boolean runUntil(BooleanSupplier condition, Duration deadline) {
        if (deadline.isNegative()) {
            throw new IllegalArgumentException("negative deadline " + deadline);
        }
        long end = saturatedAdd(nanoTime(), deadline);
        long budget = taskBudget;
        while (!condition.getAsBoolean()) {
            if (budget == 0 && hasTaskDueBy(end)) {
                throw new TaskBudgetExceededException("runUntil", taskBudget, nanoTime(), seed);
            }
            if (!runOne(end)) {
                advanceTo(end);
                return condition.getAsBoolean();
            }
            budget--;
        }
        return true;
    }

    private void runUntilTime(String call, long end) {
        long budget = taskBudget;
        while (runOne(end)) {
            if (--budget == 0 && hasTaskDueBy(end)) {
                throw new TaskBudgetExceededException(call, taskBudget, nanoTime(), seed);
            }
        }
        advanceTo(end);
    }

    private synchronized void advanceTo(long end) {
        if (now < end) {
            now = end;
        }
    }

    private synchronized boolean hasTaskDueBy(long limit) {
        for (Task t = queue.peek(); t != null; t = queue.peek()) {
            if (!t.cancelled) {
                return t.due <= limit;
            }
            queue.poll();
        }
        return false;
    }

    private static long saturatedAdd(long base, Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long sum = base + nanos;
        return sum < base ? Long.MAX_VALUE : sum;
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
