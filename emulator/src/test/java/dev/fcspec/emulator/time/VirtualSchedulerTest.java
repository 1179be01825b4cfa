package dev.fcspec.emulator.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("VirtualScheduler: deterministic virtual time")
class VirtualSchedulerTest {

    private static Duration ns(long n) {
        return Duration.ofNanos(n);
    }

    @Nested
    @DisplayName("order")
    class Order {

        @Test
        void tasksRunByDueTimeThenBySubmission() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            s.schedule(ns(30), () -> ran.add("c@30"));
            s.schedule(ns(10), () -> ran.add("a@10"));
            s.schedule(ns(20), () -> ran.add("b1@20"));
            s.schedule(ns(20), () -> ran.add("b2@20"));
            s.execute(() -> ran.add("now1"));
            s.schedule(ns(20), () -> ran.add("b3@20"));
            s.execute(() -> ran.add("now2"));
            s.runUntilIdle();

            assertThat(ran).containsExactly("now1", "now2", "a@10", "b1@20", "b2@20", "b3@20", "c@30");
        }

        @Test
        void timeJumpsToEachTasksDueTime() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<Long> seen = new ArrayList<>();
            s.schedule(Duration.ofMillis(5), () -> seen.add(s.nanoTime()));
            s.schedule(Duration.ofSeconds(2), () -> seen.add(s.nanoTime()));

            assertThat(s.nanoTime()).isZero();
            s.runUntilIdle();
            assertThat(seen).containsExactly(5_000_000L, 2_000_000_000L);
            assertThat(s.nanoTime()).isEqualTo(2_000_000_000L);
            assertThat(s.millis()).isEqualTo(2_000L);
        }

        @Test
        void tasksScheduledByTasksRunRelativeToTheirTime() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            s.schedule(ns(10), () -> {
                ran.add("outer@" + s.nanoTime());
                s.schedule(ns(5), () -> ran.add("inner@" + s.nanoTime()));
                s.execute(() -> ran.add("inner-now@" + s.nanoTime()));
            });
            s.schedule(ns(12), () -> ran.add("other@" + s.nanoTime()));
            s.runUntilIdle();

            assertThat(ran).containsExactly("outer@10", "inner-now@10", "other@12", "inner@15");
        }

        @Test
        void aNegativeDelayIsRefused() {
            VirtualScheduler s = new VirtualScheduler(1);

            assertThatThrownBy(() -> s.schedule(ns(-1), () -> { })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
        }

        @Test
        void anEnormousDelayIsPutAtTheEndOfTime() {
            VirtualScheduler s = new VirtualScheduler(1);
            boolean[] ran = {false};
            s.schedule(Duration.ofDays(365L * 1_000_000), () -> ran[0] = true);
            s.runFor(Duration.ofDays(365));

            assertThat(ran[0]).isFalse();
            assertThat(s.isIdle()).isFalse();
        }

        @Test
        void aFailingTaskPropagatesToTheDriverAndTheRestStillRuns() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            s.schedule(ns(1), () -> {
                throw new IllegalStateException("boom");
            });
            s.schedule(ns(2), () -> ran.add("after"));

            assertThatThrownBy(s::runUntilIdle).hasMessage("boom");
            s.runUntilIdle();
            assertThat(ran).containsExactly("after");
        }
    }

    @Nested
    @DisplayName("cancel")
    class Cancel {

        @Test
        void aCancelledTaskDoesNotRun() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            Timer t = s.schedule(ns(10), () -> ran.add("cancelled"));
            s.schedule(ns(20), () -> ran.add("kept"));

            assertThat(t.isPending()).isTrue();
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancel()).as("second cancel").isFalse();
            assertThat(t.isPending()).isFalse();
            s.runUntilIdle();
            assertThat(ran).containsExactly("kept");
        }

        @Test
        void cancellingAfterTheTaskRanReturnsFalse() {
            VirtualScheduler s = new VirtualScheduler(1);
            Timer t = s.schedule(ns(10), () -> { });
            s.runUntilIdle();

            assertThat(t.isPending()).isFalse();
            assertThat(t.cancel()).isFalse();
        }

        @Test
        void aTaskMayCancelALaterOne() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            Timer later = s.schedule(ns(20), () -> ran.add("timeout"));
            s.schedule(ns(10), () -> {
                ran.add("reply");
                later.cancel();
            });
            s.runUntilIdle();

            assertThat(ran).containsExactly("reply");
        }

        @Test
        void onlyCancelledTasksLeftMeansIdle() {
            VirtualScheduler s = new VirtualScheduler(1);
            s.schedule(ns(10), () -> { }).cancel();

            assertThat(s.isIdle()).isTrue();
            s.runUntilIdle();
            assertThat(s.tasksRun()).isZero();
        }

        @Test
        void aCancelledTimerLeavesTheQueueAtOnceThoughItIsNeverDue() {
            VirtualScheduler s = new VirtualScheduler(1);
            s.schedule(Duration.ofHours(1), () -> { });
            for (int i = 0; i < 10_000; i++) {
                // what an exchange does on every frame: re-arm its E_D_TOV timer
                s.schedule(Duration.ofSeconds(2), () -> { }).cancel();
            }
            assertThat(s.pendingTasks()).isEqualTo(1);

            List<Timer> armed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                armed.add(s.schedule(ns(1_000 + i), () -> { }));
            }
            armed.forEach(Timer::cancel);
            assertThat(s.pendingTasks()).isEqualTo(1);
            assertThat(s.isIdle()).isFalse();
        }

        @Test
        void cancellingAnyTasksLeavesTheOthersInTheirOrder() {
            for (long seed = 1; seed <= 20; seed++) {
                VirtualScheduler s = new VirtualScheduler(seed);
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                List<String> ran = new ArrayList<>();
                List<long[]> expected = new ArrayList<>();
                List<Timer> timers = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    long due = r.nextLong(50);
                    String name = due + "#" + i;
                    timers.add(s.schedule(ns(due), () -> ran.add(name)));
                    expected.add(new long[] {due, i});
                }
                List<String> kept = new ArrayList<>();
                expected.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
                java.util.Set<Integer> cancelled = new java.util.HashSet<>();
                for (int i = 0; i < 300; i++) {
                    if (r.nextInt(3) == 0) {
                        assertThat(timers.get(i).cancel()).isTrue();
                        cancelled.add(i);
                    }
                }
                for (long[] e : expected) {
                    if (!cancelled.contains((int) e[1])) {
                        kept.add(e[0] + "#" + e[1]);
                    }
                }
                assertThat(s.pendingTasks()).isEqualTo(300 - cancelled.size());
                s.runUntilIdle();
                assertThat(ran).as("seed %d", seed).containsExactlyElementsOf(kept);
                assertThat(s.pendingTasks()).isZero();
            }
        }

        @Test
        void aRunningTaskIsNoLongerPendingAndCannotBeCancelled() {
            VirtualScheduler s = new VirtualScheduler(1);
            Timer[] self = new Timer[1];
            List<Boolean> seen = new ArrayList<>();
            self[0] = s.schedule(ns(10), () -> {
                seen.add(self[0].isPending());
                seen.add(self[0].cancel());
            });
            s.runUntilIdle();
            assertThat(seen).containsExactly(false, false);
            assertThat(s.tasksRun()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("periodic tasks")
    class Periodic {

        @Test
        void runEveryPeriodStartingOnePeriodFromNow() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<Long> at = new ArrayList<>();
            s.runFor(ns(3));
            s.scheduleAtFixedRate(ns(10), () -> at.add(s.nanoTime()));
            s.runFor(ns(45));

            assertThat(at).containsExactly(13L, 23L, 33L, 43L);
            assertThat(s.nanoTime()).isEqualTo(48);
        }

        @Test
        void stopWhenCancelled() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<Long> at = new ArrayList<>();
            Timer t = s.scheduleAtFixedRate(ns(10), () -> at.add(s.nanoTime()));
            s.runFor(ns(25));

            assertThat(t.isPending()).isTrue();
            assertThat(t.cancel()).isTrue();
            assertThat(t.cancel()).isFalse();
            assertThat(t.isPending()).isFalse();
            s.runFor(ns(100));
            assertThat(at).containsExactly(10L, 20L);
            assertThat(s.isIdle()).isTrue();
        }

        @Test
        void mayCancelThemselves() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<Long> at = new ArrayList<>();
            Timer[] self = new Timer[1];
            self[0] = s.scheduleAtFixedRate(ns(10), () -> {
                at.add(s.nanoTime());
                if (at.size() == 3) {
                    self[0].cancel();
                }
            });
            s.runUntilIdle();

            assertThat(at).containsExactly(10L, 20L, 30L);
        }

        @Test
        void needAPositivePeriod() {
            VirtualScheduler s = new VirtualScheduler(1);

            assertThatThrownBy(() -> s.scheduleAtFixedRate(Duration.ZERO, () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.scheduleAtFixedRate(ns(-5), () -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("deadlines")
    class Deadlines {

        @Test
        void runForRunsWhatIsDueWithinTheWindowAndEndsAtItsEnd() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            s.schedule(ns(100), () -> ran.add("edge"));
            s.schedule(ns(101), () -> ran.add("after"));
            s.runFor(ns(100));

            assertThat(ran).containsExactly("edge");
            assertThat(s.nanoTime()).isEqualTo(100);
            s.runFor(ns(1));
            assertThat(ran).containsExactly("edge", "after");
            assertThat(s.nanoTime()).isEqualTo(101);
        }

        @Test
        void runDueRunsOnlyWhatIsDueNow() {
            VirtualScheduler s = new VirtualScheduler(1);
            List<String> ran = new ArrayList<>();
            s.execute(() -> {
                ran.add("now");
                s.execute(() -> ran.add("chained"));
            });
            s.schedule(ns(1), () -> ran.add("later"));
            s.runDue();

            assertThat(ran).containsExactly("now", "chained");
            assertThat(s.nanoTime()).isZero();
        }

        @Test
        void runUntilStopsAsSoonAsTheConditionHolds() {
            VirtualScheduler s = new VirtualScheduler(1);
            boolean[] done = {false};
            List<String> ran = new ArrayList<>();
            s.schedule(ns(50), () -> done[0] = true);
            s.schedule(ns(60), () -> ran.add("not yet"));

            assertThat(s.runUntil(() -> done[0], Duration.ofSeconds(1))).isTrue();
            assertThat(s.nanoTime()).isEqualTo(50);
            assertThat(ran).isEmpty();
        }

        @Test
        void runUntilGivesUpAtTheDeadline() {
            VirtualScheduler s = new VirtualScheduler(1);
            boolean[] done = {false};
            s.schedule(ns(500), () -> done[0] = true);

            assertThat(s.runUntil(() -> done[0], ns(499))).isFalse();
            assertThat(s.nanoTime()).isEqualTo(499);
            assertThat(done[0]).isFalse();
            assertThat(s.runUntil(() -> done[0], ns(1))).isTrue();
        }

        @Test
        void runUntilChecksBeforeRunningAnything() {
            VirtualScheduler s = new VirtualScheduler(1);
            s.schedule(ns(1), () -> { });

            assertThat(s.runUntil(() -> true, ns(10))).isTrue();
            assertThat(s.tasksRun()).isZero();
        }

        @Test
        void negativeWindowsAreRefused() {
            VirtualScheduler s = new VirtualScheduler(1);

            assertThatThrownBy(() -> s.runFor(ns(-1))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.runUntil(() -> false, ns(-1))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("task budget")
    class Budget {

        private void livelock(VirtualScheduler s) {
            s.execute(new Runnable() {
                @Override
                public void run() {
                    s.execute(this);
                }
            });
        }

        @Test
        void aLivelockEndsEveryDriveCallWithATypedError() {
            VirtualScheduler s = new VirtualScheduler(99, 1000);
            livelock(s);

            assertThatThrownBy(s::runUntilIdle).isInstanceOfSatisfying(TaskBudgetExceededException.class, e -> {
                assertThat(e.budget()).isEqualTo(1000);
                assertThat(e.seed()).isEqualTo(99);
                assertThat(e.timeNanos()).isZero();
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("seed 99").hasMessageContaining("1000 tasks");
            assertThatThrownBy(() -> s.runFor(ns(10))).isInstanceOf(TaskBudgetExceededException.class)
                    .hasMessageContaining("runFor");
            assertThat(s.nanoTime()).as("time does not pass the stuck instant").isZero();
            assertThatThrownBy(() -> s.runUntil(() -> false, ns(10))).isInstanceOf(TaskBudgetExceededException.class);
            assertThatThrownBy(s::runDue).isInstanceOf(TaskBudgetExceededException.class);
            assertThat(s.tasksRun()).isEqualTo(4000);
        }

        @Test
        void exactlyTheBudgetIsEnough() {
            VirtualScheduler s = new VirtualScheduler(1, 5);
            for (int i = 0; i < 5; i++) {
                s.schedule(ns(i), () -> { });
            }
            s.runUntilIdle();
            assertThat(s.tasksRun()).isEqualTo(5);

            for (int i = 0; i < 5; i++) {
                s.schedule(ns(i), () -> { });
            }
            s.runFor(ns(10));
            assertThat(s.tasksRun()).isEqualTo(10);
            assertThat(s.taskBudget()).isEqualTo(5);
        }

        @Test
        void theBudgetIsPerCall() {
            VirtualScheduler s = new VirtualScheduler(1, 3);
            for (int i = 0; i < 3; i++) {
                s.schedule(ns(i), () -> { });
            }
            for (int i = 0; i < 3; i++) {
                s.schedule(ns(100 + i), () -> { });
            }

            s.runFor(ns(50));
            s.runFor(ns(100));
            assertThat(s.tasksRun()).isEqualTo(6);
        }

        @Test
        void aPositiveBudgetIsRequired() {
            assertThatThrownBy(() -> new VirtualScheduler(1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(new VirtualScheduler(1).taskBudget()).isEqualTo(VirtualScheduler.DEFAULT_TASK_BUDGET);
        }
    }

    @Nested
    @DisplayName("determinism")
    class Determinism {

        /** A small simulation whose trace depends on every random draw and on task order. */
        private List<String> trace(long seed) {
            VirtualScheduler s = new VirtualScheduler(seed);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int id = i;
                s.schedule(ns(s.random().nextInt(1000)), () -> {
                    out.add(id + "@" + s.nanoTime());
                    if (s.random().nextBoolean()) {
                        s.schedule(ns(s.random().nextInt(100)), () -> out.add(id + "'@" + s.nanoTime()));
                    }
                });
            }
            s.runUntilIdle();
            return out;
        }

        @Test
        void theSameSeedReplaysExactly() {
            assertThat(trace(1234)).isEqualTo(trace(1234)).hasSizeGreaterThan(20);
        }

        @Test
        void anotherSeedGivesAnotherRun() {
            assertThat(trace(1234)).isNotEqualTo(trace(4321));
        }

        @Test
        void theSeedIsReported() {
            VirtualScheduler a = new VirtualScheduler(77);
            VirtualScheduler b = new VirtualScheduler(77);

            assertThat(a.seed()).isEqualTo(77);
            assertThat(a.random().nextLong()).isEqualTo(b.random().nextLong());
        }
    }
}
