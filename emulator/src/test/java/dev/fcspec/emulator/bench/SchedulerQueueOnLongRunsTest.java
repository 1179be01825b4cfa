package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A long run must not keep what finished: every frame of an exchange re-arms its E_D_TOV timer and the end
 * of the exchange cancels it, and on virtual time a cancelled timer is never due, so unless cancelling takes it
 * out of the scheduler's queue each completed command leaves its timers (and through them its exchange and
 * data) behind for the rest of the run.
 */
@DisplayName("the scheduler's queue on long runs")
class SchedulerQueueOnLongRunsTest {

    private static final int MIB_BLOCKS = (1 << 20) / EmbeddedFcpReads.BLOCK;

    @Test
    void doesNotGrowWithCompletedFcpReadsThroughTheSwitch() {
        EmbeddedFcpReads run = new EmbeddedFcpReads(5);
        FcpResult first = run.read(0, MIB_BLOCKS);
        assertThat(first.status()).isZero();
        assertThat(first.data()).hasSize(1 << 20);
        int afterOne = run.scheduler.pendingTasks();
        long tasksAfterOne = run.scheduler.tasksRun();

        int most = afterOne;
        for (int i = 1; i < 64; i++) {
            FcpResult r = run.read((long) i * MIB_BLOCKS % EmbeddedFcpReads.LUN_BLOCKS, MIB_BLOCKS);
            assertThat(r.status()).as("read %d", i).isZero();
            assertThat(r.data()).hasSize(1 << 20);
            most = Math.max(most, run.scheduler.pendingTasks());
        }

        assertThat(run.scheduler.tasksRun() - tasksAfterOne)
                .as("the reads really ran through the scheduler (frames, timers)").isGreaterThan(63L * 512);
        assertThat(most).as("pending tasks after any of 64 completed 1 MiB reads, against after the first")
                .isLessThanOrEqualTo(afterOne);
    }

    @Test
    void doesNotGrowWithCommandsThatAreAnsweredWithoutData() {
        EmbeddedFcpReads run = new EmbeddedFcpReads(6);
        run.read(0, 1);
        int afterOne = run.scheduler.pendingTasks();
        for (int i = 0; i < 2_000; i++) {
            assertThat(run.read(i % EmbeddedFcpReads.LUN_BLOCKS, 1).status()).isZero();
        }
        assertThat(run.scheduler.pendingTasks()).isLessThanOrEqualTo(afterOne);
    }
}
