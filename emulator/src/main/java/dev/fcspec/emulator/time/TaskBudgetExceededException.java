package dev.fcspec.emulator.time;

/**
 * A {@link VirtualScheduler} ran more tasks in one drive call than its budget allows: the emulator is most
 * likely in a livelock (tasks that keep scheduling tasks due at once). The message names the time and seed, so
 * the run can be replayed.
 */
public final class TaskBudgetExceededException extends IllegalStateException {

    private final long budget;
    private final long timeNanos;
    private final long seed;

    public TaskBudgetExceededException(String call, long budget, long timeNanos, long seed) {
        super(call + " ran " + budget + " tasks without finishing, at t=" + java.time.Duration.ofNanos(timeNanos)
                + " (seed " + seed + "): a livelock, or raise the task budget");
        this.budget = budget;
        this.timeNanos = timeNanos;
        this.seed = seed;
    }

    public long budget() {
        return budget;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public long seed() {
        return seed;
    }
}
