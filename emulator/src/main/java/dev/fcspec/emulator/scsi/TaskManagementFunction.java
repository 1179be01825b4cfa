package dev.fcspec.emulator.scsi;

/** SAM task management functions. */
public enum TaskManagementFunction {
    ABORT_TASK, ABORT_TASK_SET, CLEAR_TASK_SET, CLEAR_ACA, LOGICAL_UNIT_RESET, I_T_NEXUS_RESET, TARGET_RESET,
    QUERY_TASK, QUERY_TASK_SET
}
