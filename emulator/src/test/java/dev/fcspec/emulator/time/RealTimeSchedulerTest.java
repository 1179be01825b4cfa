package dev.fcspec.emulator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Behaviour only: no assertion here depends on how long anything takes (the waits are upper bounds). */
@DisplayName("RealTimeScheduler: one event thread on the system clock")
class RealTimeSchedulerTest {

    @Test
    void runsTasksOnOneNamedThreadInSubmissionOrder() throws InterruptedException {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 5)) {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                int id = i;
                s.execute(() -> {
                    ran.add(id + ":" + Thread.currentThread().getName());
                    done.countDown();
                });
            }

            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("0:fc-events", "1:fc-events", "2:fc-events");
        }
    }

    @Test
    void cancelsAPendingTask() throws InterruptedException {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 5)) {
            List<String> ran = new CopyOnWriteArrayList<>();
            Timer t = s.schedule(Duration.ofHours(1), () -> ran.add("late"));

            assertThat(t.isPending()).isTrue();
            assertThat(t.cancel()).isTrue();
            assertThat(t.isPending()).isFalse();
            CountDownLatch flushed = new CountDownLatch(1);
            s.execute(flushed::countDown);
            assertThat(flushed.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).isEmpty();
        }
    }

    @Test
    void aCancelledTimerLeavesTheExecutorsQueueAtOnce() {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 5)) {
            for (int i = 0; i < 1_000; i++) {
                s.schedule(Duration.ofHours(1), () -> { }).cancel();
            }
            Timer kept = s.schedule(Duration.ofHours(1), () -> { });
            assertThat(s.pendingTasks()).isEqualTo(1);
            kept.cancel();
            assertThat(s.pendingTasks()).isZero();
        }
    }

    @Test
    void keepsTheFirstFailureOfATask() throws InterruptedException {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 5)) {
            s.execute(() -> {
                throw new IllegalStateException("first");
            });
            s.execute(() -> {
                throw new IllegalStateException("second");
            });
            CountDownLatch after = new CountDownLatch(1);
            s.execute(after::countDown);

            assertThat(after.await(30, TimeUnit.SECONDS)).as("the event thread survives").isTrue();
            assertThat(s.failures()).isEqualTo(2);
            assertThat(s.firstFailure()).get().extracting(Throwable::getMessage).isEqualTo("first");
        }
    }

    @Test
    void clockIsMonotonicFromTheStartAndSeedIsKept() {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 42)) {
            long a = s.nanoTime();
            long b = s.nanoTime();

            assertThat(a).isNotNegative();
            assertThat(b).isGreaterThanOrEqualTo(a);
            assertThat(s.seed()).isEqualTo(42);
            assertThat(s.random().nextLong()).isEqualTo(new VirtualScheduler(42).random().nextLong());
            assertThat(s.firstFailure()).isEmpty();
        }
    }

    @Test
    void refusesANegativeDelay() {
        try (RealTimeScheduler s = new RealTimeScheduler("fc-events", 5)) {
            assertThatThrownBy(() -> s.schedule(Duration.ofMillis(-1), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
