package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiBench.*;
import static dev.fcspec.emulator.scsi.ScsiConstants.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Task management and task attributes")
class TaskManagementTest {
    private final ScsiBench bench = new ScsiBench();

    @Test
    @DisplayName("between commands no task is in the task set: ABORT TASK finds nothing, the command stays done")
    void abortingACompletedTaskChangesNothing() {
        assertGood(bench.write(bench.a, rw10(WRITE_10, 500, 1), fill(BS, 0x66)));
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.QUERY_TASK, 0, bench.lastTag()))
                .as("the write completed before the query ran").isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK, 0, bench.lastTag()))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.ABORT_TASK_SET, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertThat(bench.exec(bench.a, rw10(READ_10, 500, 1), BS).dataIn()).isEqualTo(fill(BS, 0x66));
    }

    @Test
    @DisplayName("CLEAR TASK SET with nothing to clear tells no other initiator that commands were cleared")
    void clearTaskSetWithNoTasksEstablishesNoUnitAttention() {
        assertGood(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0));
        assertThat(bench.target.manage(bench.a, TaskManagementFunction.CLEAR_TASK_SET, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
        assertGood(bench.exec(bench.b, cdb(TEST_UNIT_READY, 6), 0));
        assertThat(bench.target.manage(bench.b, TaskManagementFunction.QUERY_TASK_SET, 0, 0))
                .isEqualTo(TaskManagementResponse.FUNCTION_COMPLETE);
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
}
