package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Task management and task attributes")
class TaskManagementTest {
    private final ScsiBench bench = new ScsiBench();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Starts a write that waits behind the test thread's hold on the task set; returns once it is queued. */
    private Future<ScsiResponse> queuedWrite(ItNexus n, long tag, byte[] data) {
        Future<ScsiResponse> f = pool.submit(() -> bench.target.execute(n, new ScsiCommand(0,
                rw10(WRITE_10, 500, 1), TaskAttribute.SIMPLE, tag, data, 0)));
        while (!bench.lu0.tasks.containsKey(new LogicalUnit.TaskKey(n, tag))) {
            Thread.onSpinWait();
        }
        return f;
    }

    @Test
    void abortTaskEndsAQueuedTaskWithTaskAbortedAndNothingWritten() throws Exception {
        bench.lu0.taskSet.writeLock().lock();
        Future<ScsiResponse> f;
        try {
            f = queuedWrite(bench.a, 77, fill(BS, 0x66));
            assertThat(bench.target.manage(bench.a, TaskManagementFunction.QUERY_TASK, 0, 77))
                    .isEqualTo(TaskManagementResponse.FUNCTION_SUCCEEDED);
            assertThat(bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK, 0, 77))
                    .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        } finally {
            bench.lu0.taskSet.writeLock().unlock();
        }
        assertThat(f.get().status()).isEqualTo(ScsiStatus.TASK_ABORTED);
        assertThat(bench.exec(bench.a, rw10(READ_10, 500, 1), BS).dataIn()).isEqualTo(new byte[BS]);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.QUERY_TASK, 0, 77))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
    }

    @Test
    void abortTaskSetOnlyTouchesTheIssuingNexus() throws Exception {
        bench.lu0.taskSet.writeLock().lock();
        Future<ScsiResponse> mine;
        Future<ScsiResponse> theirs;
        try {
            mine = queuedWrite(bench.a, 1, fill(BS, 1));
            theirs = queuedWrite(bench.b, 2, fill(BS, 2));
            bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK_SET, 0, 0);
        } finally {
            bench.lu0.taskSet.writeLock().unlock();
        }
        assertThat(mine.get().status()).isEqualTo(ScsiStatus.TASK_ABORTED);
        assertGood(theirs.get());
    }

    @Test
    void clearTaskSetAbortsEveryonesTasksAndTellsTheOthers() throws Exception {
        bench.lu0.taskSet.writeLock().lock();
        Future<ScsiResponse> theirs;
        try {
            theirs = queuedWrite(bench.b, 2, fill(BS, 2));
            bench.target.manage(bench.a, TaskManagementFunction.CLEAR_TASK_SET, 0, 0);
        } finally {
            bench.lu0.taskSet.writeLock().unlock();
        }
        assertThat(theirs.get().status()).isEqualTo(ScsiStatus.TASK_ABORTED);
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
        assertGood(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void logicalUnitResetTellsEveryNexusAndLeavesOtherUnitsAlone() {
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.LOGICAL_UNIT_RESET, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        assertGood(bench.exec(bench.a, 1, cdb(TEST_UNIT_READY, 6), 0));
    }

    @Test
    void targetResetResetsEveryUnit() {
        bench.target.manage(bench.a, TaskManagementFunction.TARGET_RESET, 0, 0);
        assertCheck(bench.exec(bench.b, 1, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
        assertCheck(bench.exec(bench.b, 0, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION,
                ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
    }

    @Test
    void itNexusResetAndNexusLossAreReportedToThatNexusOnly() {
        bench.target.manage(bench.a, TaskManagementFunction.I_T_NEXUS_RESET, 0, 0);
        assertCheck(bench.exec(bench.a, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION, ASC_I_T_NEXUS_LOSS_OCCURRED);
        assertGood(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0));
        bench.target.nexusLost(bench.b);
        assertCheck(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0), UNIT_ATTENTION, ASC_I_T_NEXUS_LOSS_OCCURRED);
    }

    @Test
    void clearAcaIsRejectedAndAnUnknownLunIsReported() {
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.CLEAR_ACA, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_REJECTED);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK, 9, 1))
                .isEqualTo(TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK, 0, 12345))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.QUERY_TASK_SET, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
    }

    @Test
    void anOrderedTaskWaitsForEarlierSimpleTasks() throws Exception {
        bench.lu0.taskSet.readLock().lock();
        Future<ScsiResponse> ordered;
        try {
            ordered = pool.submit(() -> bench.target.execute(bench.a, new ScsiCommand(0, rw10(WRITE_10, 600, 1),
                    TaskAttribute.ORDERED, 900, fill(BS, 9), 0)));
            while (!bench.lu0.tasks.containsKey(new LogicalUnit.TaskKey(bench.a, 900))) {
                Thread.onSpinWait();
            }
            assertThat(ordered.isDone()).isFalse();
        } finally {
            bench.lu0.taskSet.readLock().unlock();
        }
        assertGood(ordered.get());
        assertThat(bench.exec(bench.a, rw10(READ_10, 600, 1), BS).dataIn()).isEqualTo(fill(BS, 9));
    }

    @Test
    void concurrentWritersToDistinctBlocksAllLand() throws Exception {
        int threads = 4;
        int perThread = 200;
        ExecutorService many = Executors.newFixedThreadPool(threads);
        try {
            java.util.List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ItNexus n = id % 2 == 0 ? bench.a : bench.b;
                fs.add(many.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long lba = (long) i * threads + id;
                        ScsiResponse r = bench.target.execute(n, new ScsiCommand(0, rw10(WRITE_10, lba, 1),
                                TaskAttribute.SIMPLE, id * 100000L + i, fill(BS, (int) (lba & 0x7F) + 1), 0));
                        if (r.status() != ScsiStatus.GOOD) {
                            throw new AssertionError("write failed at " + lba);
                        }
                        if (i % 7 == 0) {
                            byte[] list = new byte[24];
                            Bytes.put16(list, 0, 22);
                            Bytes.put16(list, 2, 16);
                            Bytes.put64(list, 8, 1000 + lba);
                            Bytes.put32(list, 16, 1);
                            bench.target.execute(n, new ScsiCommand(0, cdb(UNMAP, 10, 8, 24), TaskAttribute.SIMPLE,
                                    id * 100000L + 50000 + i, list, 0));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            many.shutdownNow();
        }
        for (long lba = 0; lba < (long) threads * perThread; lba++) {
            assertThat(bench.exec(bench.a, rw10(READ_10, lba, 1), BS).dataIn()).as("LBA %d", lba)
                    .isEqualTo(fill(BS, (int) (lba & 0x7F) + 1));
        }
    }
}
