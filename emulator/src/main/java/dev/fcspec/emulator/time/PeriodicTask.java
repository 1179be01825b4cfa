package dev.fcspec.emulator.time;

import java.time.Duration;

/**
 * A task re-armed on its scheduler after each run until cancelled. The fields are volatile because with the
 * {@link RealTimeScheduler} a thread other than the event thread may cancel (a server closing down).
 */
final class PeriodicTask implements Timer {
    private final Scheduler scheduler;
    private final Duration period;
    private final Runnable task;
    private volatile Timer next;
    private volatile boolean cancelled;

    PeriodicTask(Scheduler scheduler, Duration period, Runnable task) {
        this.scheduler = scheduler;
        this.period = period;
        this.task = task;
    }

    void arm() {
        next = scheduler.schedule(period, this::fire);
    }

    private void fire() {
        if (cancelled) {
            return;
        }
        task.run();
        if (!cancelled) {
            arm();
        }
    }

    @Override
    public boolean cancel() {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        Timer t = next;
        if (t != null) {
            t.cancel();
        }
        return true;
    }

    @Override
    public boolean isPending() {
        return !cancelled;
    }
}
