package dev.fcspec.emulator.scsi;

/**
 * Every SCSI code the target core uses, in one place: operation codes and service actions (SPC-4, SBC-3/4),
 * sense keys, additional sense codes (ASC/ASCQ packed as {@code asc << 8 | ascq}), VPD and mode page codes,
 * persistent reservation service actions and types, ALUA states. Field names follow the standards.
 */
public final class ScsiConstants {
    private ScsiConstants() {
    }

    // ---- operation codes -------------------------------------------------------------------------
    public static final int TEST_UNIT_READY = 0x00;
    public static final int REQUEST_SENSE = 0x03;
    public static final int FORMAT_UNIT = 0x04;
    public static final int READ_6 = 0x08;
    public static final int WRITE_6 = 0x0A;
    public static final int INQUIRY = 0x12;
    public static final int MODE_SELECT_6 = 0x15;
    public static final int RESERVE_6 = 0x16;
    public static final int RELEASE_6 = 0x17;
    public static final int MODE_SENSE_6 = 0x1A;
    public static final int START_STOP_UNIT = 0x1B;
    public static final int RECEIVE_DIAGNOSTIC_RESULTS = 0x1C;
    public static final int SEND_DIAGNOSTIC = 0x1D;
    public static final int PREVENT_ALLOW_MEDIUM_REMOVAL = 0x1E;
    public static final int READ_CAPACITY_10 = 0x25;
    public static final int READ_10 = 0x28;
    public static final int WRITE_10 = 0x2A;
    public static final int WRITE_AND_VERIFY_10 = 0x2E;
    public static final int VERIFY_10 = 0x2F;
    public static final int PRE_FETCH_10 = 0x34;
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    public static final int READ_DEFECT_DATA_10 = 0x37;
    public static final int WRITE_SAME_10 = 0x41;
    public static final int UNMAP = 0x42;
    public static final int LOG_SENSE = 0x4D;
    public static final int MODE_SELECT_10 = 0x55;
    public static final int RESERVE_10 = 0x56;
    public static final int RELEASE_10 = 0x57;
    public static final int MODE_SENSE_10 = 0x5A;
    public static final int PERSISTENT_RESERVE_IN = 0x5E;
    public static final int PERSISTENT_RESERVE_OUT = 0x5F;
    public static final int EXTENDED_COPY = 0x83;
    public static final int RECEIVE_COPY_RESULTS = 0x84;
    public static final int READ_16 = 0x88;
    public static final int COMPARE_AND_WRITE = 0x89;
    public static final int WRITE_16 = 0x8A;
    public static final int ORWRITE_16 = 0x8B;
    public static final int WRITE_AND_VERIFY_16 = 0x8E;
    public static final int VERIFY_16 = 0x8F;
    public static final int PRE_FETCH_16 = 0x90;
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    public static final int WRITE_SAME_16 = 0x93;
    public static final int WRITE_ATOMIC_16 = 0x9C;
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    public static final int REPORT_LUNS = 0xA0;
    public static final int MAINTENANCE_IN = 0xA3;
    public static final int MAINTENANCE_OUT = 0xA4;
    public static final int READ_12 = 0xA8;
    public static final int WRITE_12 = 0xAA;
    public static final int WRITE_AND_VERIFY_12 = 0xAE;
    public static final int VERIFY_12 = 0xAF;
    public static final int READ_DEFECT_DATA_12 = 0xB7;

    // SERVICE ACTION IN (16) service actions
    public static final int SAI_READ_CAPACITY_16 = 0x10;
    public static final int SAI_GET_LBA_STATUS = 0x12;
    // MAINTENANCE IN service actions
    public static final int MI_REPORT_TARGET_PORT_GROUPS = 0x0A;
    public static final int MI_REPORT_SUPPORTED_OPERATION_CODES = 0x0C;
    public static final int MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS = 0x0D;
    // MAINTENANCE OUT service actions
    public static final int MO_SET_TARGET_PORT_GROUPS = 0x0A;
    // RECEIVE COPY RESULTS service actions
    public static final int RCR_COPY_STATUS = 0x00;
    public static final int RCR_OPERATING_PARAMETERS = 0x03;
    // EXTENDED COPY (LID1) descriptor type codes
    public static final int XCOPY_SEGMENT_BLOCK_TO_BLOCK = 0x02;
    public static final int XCOPY_TARGET_IDENTIFICATION = 0xE4;

    // ---- sense keys ------------------------------------------------------------------------------
    public static final int NO_SENSE = 0x0;
    public static final int RECOVERED_ERROR = 0x1;
    public static final int NOT_READY = 0x2;
    public static final int MEDIUM_ERROR = 0x3;
    public static final int HARDWARE_ERROR = 0x4;
    public static final int ILLEGAL_REQUEST = 0x5;
    public static final int UNIT_ATTENTION = 0x6;
    public static final int DATA_PROTECT = 0x7;
    public static final int COPY_ABORTED = 0xA;
    public static final int ABORTED_COMMAND = 0xB;
    public static final int MISCOMPARE = 0xE;

    // ---- additional sense code and qualifier (asc << 8 | ascq) --------------------------------------
    public static final int ASC_NO_ADDITIONAL_SENSE_INFORMATION = 0x0000;
    public static final int ASC_LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE = 0x0400;
    public static final int ASC_LOGICAL_UNIT_NOT_READY_INITIALIZING_COMMAND_REQUIRED = 0x0402;
    public static final int ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION = 0x040A;
    public static final int ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE = 0x040B;
    public static final int ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_UNAVAILABLE_STATE = 0x040C;
    public static final int ASC_UNRECOVERED_READ_ERROR = 0x1100;
    public static final int ASC_WRITE_ERROR = 0x0C00;
    public static final int ASC_PARAMETER_LIST_LENGTH_ERROR = 0x1A00;
    public static final int ASC_DEFECT_LIST_NOT_FOUND = 0x1C00;
    public static final int ASC_MISCOMPARE_DURING_VERIFY_OPERATION = 0x1D00;
    public static final int ASC_INVALID_COMMAND_OPERATION_CODE = 0x2000;
    public static final int ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE = 0x2100;
    public static final int ASC_INVALID_FIELD_IN_CDB = 0x2400;
    public static final int ASC_LOGICAL_UNIT_NOT_SUPPORTED = 0x2500;
    public static final int ASC_INVALID_FIELD_IN_PARAMETER_LIST = 0x2600;
    public static final int ASC_PARAMETER_NOT_SUPPORTED = 0x2601;
    public static final int ASC_PARAMETER_VALUE_INVALID = 0x2602;
    public static final int ASC_INVALID_RELEASE_OF_PERSISTENT_RESERVATION = 0x2604;
    public static final int ASC_TOO_MANY_TARGET_DESCRIPTORS = 0x2606;
    public static final int ASC_UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE = 0x2607;
    public static final int ASC_TOO_MANY_SEGMENT_DESCRIPTORS = 0x2608;
    public static final int ASC_UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE = 0x2609;
    public static final int ASC_WRITE_PROTECTED = 0x2700;
    public static final int ASC_LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED = 0x2702;
    public static final int ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED = 0x2900;
    public static final int ASC_POWER_ON_OCCURRED = 0x2901;
    public static final int ASC_SCSI_BUS_RESET_OCCURRED = 0x2902;
    public static final int ASC_BUS_DEVICE_RESET_FUNCTION_OCCURRED = 0x2903;
    public static final int ASC_I_T_NEXUS_LOSS_OCCURRED = 0x2907;
    public static final int ASC_MODE_PARAMETERS_CHANGED = 0x2A01;
    public static final int ASC_RESERVATIONS_PREEMPTED = 0x2A03;
    public static final int ASC_RESERVATIONS_RELEASED = 0x2A04;
    public static final int ASC_REGISTRATIONS_PREEMPTED = 0x2A05;
    public static final int ASC_ASYMMETRIC_ACCESS_STATE_CHANGED = 0x2A06;
    public static final int ASC_CAPACITY_DATA_HAS_CHANGED = 0x2A09;
    public static final int ASC_COMMANDS_CLEARED_BY_ANOTHER_INITIATOR = 0x2F00;
    public static final int ASC_SAVING_PARAMETERS_NOT_SUPPORTED = 0x3900;
    public static final int ASC_MEDIUM_NOT_PRESENT = 0x3A00;
    public static final int ASC_REPORTED_LUNS_DATA_HAS_CHANGED = 0x3F0E;
    public static final int ASC_INSUFFICIENT_REGISTRATION_RESOURCES = 0x5504;
    public static final int ASC_MEDIUM_REMOVAL_PREVENTED = 0x5302;
    public static final int ASC_INVALID_FIELD_IN_INFORMATION_UNIT = 0x0E03;
    public static final int ASC_UNREACHABLE_COPY_TARGET = 0x0804;
    public static final int ASC_COPY_TARGET_DEVICE_NOT_REACHABLE = 0x0D02;

    // ---- VPD pages -------------------------------------------------------------------------------
    public static final int VPD_SUPPORTED_VPD_PAGES = 0x00;
    public static final int VPD_UNIT_SERIAL_NUMBER = 0x80;
    public static final int VPD_DEVICE_IDENTIFICATION = 0x83;
    public static final int VPD_EXTENDED_INQUIRY_DATA = 0x86;
    public static final int VPD_BLOCK_LIMITS = 0xB0;
    public static final int VPD_BLOCK_DEVICE_CHARACTERISTICS = 0xB1;
    public static final int VPD_LOGICAL_BLOCK_PROVISIONING = 0xB2;

    // designation descriptor fields (SPC-4 7.8.6)
    public static final int CODE_SET_BINARY = 0x1;
    public static final int CODE_SET_ASCII = 0x2;
    public static final int CODE_SET_UTF8 = 0x3;
    public static final int ASSOCIATION_LOGICAL_UNIT = 0x0;
    public static final int ASSOCIATION_TARGET_PORT = 0x1;
    public static final int ASSOCIATION_TARGET_DEVICE = 0x2;
    public static final int DESIGNATOR_T10_VENDOR_ID = 0x1;
    public static final int DESIGNATOR_NAA = 0x3;
    public static final int DESIGNATOR_RELATIVE_TARGET_PORT = 0x4;
    public static final int DESIGNATOR_TARGET_PORT_GROUP = 0x5;
    public static final int DESIGNATOR_SCSI_NAME_STRING = 0x8;

    // version descriptors (SPC-4 table "Version descriptor values")
    public static final int VERSION_SAM_5 = 0x00A0;
    public static final int VERSION_SPC_4 = 0x0460;
    public static final int VERSION_SBC_3 = 0x04C0;
    public static final int VERSION_ISCSI = 0x0960;
    public static final int VERSION_FCP_4 = 0x0A40;

    // ---- mode pages ------------------------------------------------------------------------------
    public static final int MODE_PAGE_READ_WRITE_ERROR_RECOVERY = 0x01;
    public static final int MODE_PAGE_DISCONNECT_RECONNECT = 0x02;
    public static final int MODE_PAGE_CACHING = 0x08;
    public static final int MODE_PAGE_CONTROL = 0x0A;
    public static final int MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL = 0x1C;
    public static final int MODE_PAGE_ALL = 0x3F;
    public static final int MODE_SUBPAGE_ALL = 0xFF;
    public static final int PC_CURRENT = 0;
    public static final int PC_CHANGEABLE = 1;
    public static final int PC_DEFAULT = 2;
    public static final int PC_SAVED = 3;

    // ---- persistent reservations ---------------------------------------------------------------------
    public static final int PRIN_READ_KEYS = 0x00;
    public static final int PRIN_READ_RESERVATION = 0x01;
    public static final int PRIN_REPORT_CAPABILITIES = 0x02;
    public static final int PRIN_READ_FULL_STATUS = 0x03;
    public static final int PROUT_REGISTER = 0x00;
    public static final int PROUT_RESERVE = 0x01;
    public static final int PROUT_RELEASE = 0x02;
    public static final int PROUT_CLEAR = 0x03;
    public static final int PROUT_PREEMPT = 0x04;
    public static final int PROUT_PREEMPT_AND_ABORT = 0x05;
    public static final int PROUT_REGISTER_AND_IGNORE_EXISTING_KEY = 0x06;
    public static final int PROUT_REGISTER_AND_MOVE = 0x07;
    public static final int PROUT_REPLACE_LOST_RESERVATION = 0x08;
    public static final int PR_TYPE_WRITE_EXCLUSIVE = 0x1;
    public static final int PR_TYPE_EXCLUSIVE_ACCESS = 0x3;
    public static final int PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 0x5;
    public static final int PR_TYPE_EXCLUSIVE_ACCESS_REGISTRANTS_ONLY = 0x6;
    public static final int PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS = 0x7;
    public static final int PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS = 0x8;
    public static final int PR_SCOPE_LU = 0x0;

    // ---- asymmetric access states (SPC-4 6.37) -----------------------------------------------------
    public static final int ALUA_ACTIVE_OPTIMIZED = 0x0;
    public static final int ALUA_ACTIVE_NON_OPTIMIZED = 0x1;
    public static final int ALUA_STANDBY = 0x2;
    public static final int ALUA_UNAVAILABLE = 0x3;
    public static final int ALUA_TRANSITIONING = 0xF;

    // ---- peripheral device type ----------------------------------------------------------------------
    public static final int PERIPHERAL_DEVICE_TYPE_DISK = 0x00;
    public static final int PERIPHERAL_QUALIFIER_NOT_CAPABLE = 0x3;
    public static final int PERIPHERAL_DEVICE_TYPE_UNKNOWN = 0x1F;
}
