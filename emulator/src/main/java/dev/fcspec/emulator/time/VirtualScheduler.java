package dev.fcspec.emulator.time;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Virtual time: tasks run on the calling thread in (due time, submission order), and time jumps straight to
 * the next due task. A whole run is deterministic and replays exactly from its seed.
 *
 * <p>A cancelled timer leaves the queue at once: on virtual time a timer that is never due would otherwise
 * keep its task (and whatever the task holds, such as an exchange and its data) for the rest of the run. The
 * queue is a binary heap whose tasks know their slot, so cancelling costs O(log n); since (due time,
 * submission order) is a total order, removing a task never changes the order the others run in.
 *
 * <p>Threading: confined to the thread that drives it (calls {@code run*}); tasks run on that thread and
 * schedule from it. Nothing here is locked: a foreign thread must not touch a virtual scheduler.
 */
public final class VirtualScheduler implements Scheduler {

    /** Bound on tasks per drive call, so a livelock in the emulator ends a scenario instead of hanging it. */
    public static final long DEFAULT_TASK_BUDGET = 50_000_000L;

    private final TaskHeap queue = new TaskHeap();
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
    public long nanoTime() {
        return now;
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Objects.requireNonNull(task, "task");
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
    public long tasksRun() {
        return tasksRun;
    }

    /** True when no task is pending. */
    public boolean isIdle() {
        return queue.isEmpty();
    }

    /** Tasks waiting to run: scheduled, not yet run and not cancelled. */
    public int pendingTasks() {
        return queue.size();
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

    private void advanceTo(long end) {
        if (now < end) {
            now = end;
        }
    }

    private boolean hasTaskDueBy(long limit) {
        Task t = queue.peek();
        return t != null && t.due <= limit;
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
        Task t = queue.peek();
        if (t == null || t.due > limit) {
            return false;
        }
        queue.poll();
        now = Math.max(now, t.due);
        tasksRun++;
        t.runnable.run();
        return true;
    }

    /** A scheduled task; {@code slot} is its index in the heap, -1 once it has run or was cancelled. */
    private final class Task implements Timer {
        final long due;
        final long seq;
        final Runnable runnable;
        int slot = -1;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        boolean before(Task o) {
            return due != o.due ? due < o.due : seq < o.seq;
        }

        @Override
        public boolean cancel() {
            if (slot < 0) {
                return false;
            }
            queue.remove(this);
            return true;
        }

        @Override
        public boolean isPending() {
            return slot >= 0;
        }
    }

    /** A binary min-heap of tasks by (due, seq) in which every task knows its slot, so it can be removed. */
    private final class TaskHeap {
        private Task[] heap = new Task[64];
        private int size;

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        Task peek() {
            return size == 0 ? null : heap[0];
        }

        void add(Task t) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            place(t, size++);
            siftUp(t.slot);
        }

        void poll() {
            remove(heap[0]);
        }

        void remove(Task t) {
            int i = t.slot;
            t.slot = -1;
            Task last = heap[--size];
            heap[size] = null;
            if (i == size) {
                return;
            }
            place(last, i);
            siftDown(i);
            if (heap[i] == last) {
                siftUp(i);
            }
        }

        private void place(Task t, int i) {
            heap[i] = t;
            t.slot = i;
        }

        private void siftUp(int i) {
            Task t = heap[i];
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                Task p = heap[parent];
                if (!t.before(p)) {
                    break;
                }
                place(p, i);
                i = parent;
            }
            place(t, i);
        }

        private void siftDown(int i) {
            Task t = heap[i];
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                if (right < size && heap[right].before(heap[child])) {
                    child = right;
                }
                if (!heap[child].before(t)) {
                    break;
                }
                place(heap[child], i);
                i = child;
            }
            place(t, i);
        }
    }
}
