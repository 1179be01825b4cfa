package dev.fcspec.emulator.fcp;

/** FCP constants (FCP-4; Linux {@code include/scsi/fc/fc_fcp.h}; Wireshark packet-fcp.h). */
public final class FcpConstants {

    /** FCP_CMND length with a 16-byte CDB and no bidirectional read length. */
    public static final int CMND_LENGTH = 32;
    public static final int XFER_RDY_LENGTH = 12;
    /** FCP_RSP without response info or sense. */
    public static final int RSP_MIN_LENGTH = 24;

    // FCP_CMND byte 9: task attribute (bits 2:0)
    public static final int TASK_ATTR_SIMPLE = 0;
    public static final int TASK_ATTR_HEAD_OF_QUEUE = 1;
    public static final int TASK_ATTR_ORDERED = 2;
    public static final int TASK_ATTR_ACA = 4;

    // FCP_CMND byte 10: task management flags
    public static final int TMF_ABORT_TASK_SET = 0x02;
    public static final int TMF_CLEAR_TASK_SET = 0x04;
    public static final int TMF_LUN_RESET = 0x10;
    public static final int TMF_TARGET_RESET = 0x20;
    public static final int TMF_CLEAR_ACA = 0x40;

    // FCP_CMND byte 11
    public static final int CNTL_RDDATA = 0x02;
    public static final int CNTL_WRDATA = 0x01;

    // FCP_RSP byte 10: flags
    public static final int RSP_BIDI = 0x80;
    public static final int RSP_BIDI_READ_UNDER = 0x40;
    public static final int RSP_BIDI_READ_OVER = 0x20;
    public static final int RSP_CONF_REQ = 0x10;
    public static final int RSP_RESID_UNDER = 0x08;
    public static final int RSP_RESID_OVER = 0x04;
    public static final int RSP_SNS_LEN_VALID = 0x02;
    public static final int RSP_LEN_VALID = 0x01;

    // FCP_RSP_INFO byte 3: RSP_CODE
    public static final int RSP_CODE_TMF_COMPLETE = 0x00;
    public static final int RSP_CODE_DATA_LEN_MISMATCH = 0x01;
    public static final int RSP_CODE_CMND_FIELDS_INVALID = 0x02;
    public static final int RSP_CODE_DATA_RO_MISMATCH = 0x03;
    public static final int RSP_CODE_TMF_REJECTED = 0x04;
    public static final int RSP_CODE_TMF_FAILED = 0x05;
    public static final int RSP_CODE_TMF_INCORRECT_LUN = 0x09;

    private FcpConstants() {
    }
}
