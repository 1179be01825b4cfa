package dev.fcspec.emulator.scsi;

/** SAM task management service responses. */
public enum TaskManagementResponse {
    FUNCTION_COMPLETE, FUNCTION_SUCCEEDED, FUNCTION_REJECTED, INCORRECT_LOGICAL_UNIT_NUMBER, SERVICE_DELIVERY_FAILURE
}
