package dev.fcspec.emulator.iscsi;

import java.util.HashMap;
import java.util.Map;

/**
 * iSCSI (RFC 7143) protocol constants in one place: opcodes, BHS layout, flags, reason and status codes.
 * Field and value names follow RFC 7143.
 */
public final class IscsiConstants {

    /** Length of the Basic Header Segment. */
    public static final int BHS_LENGTH = 48;
    /** Length of a CRC32C digest on the wire. */
    public static final int DIGEST_LENGTH = 4;
    /** The reserved tag value 0xffffffff (ITT, TTT, SNACK tag). */
    public static final int RESERVED_TAG = 0xFFFFFFFF;
    /** Largest DataSegmentLength the 24-bit field can carry. */
    public static final int MAX_DATA_SEGMENT_LENGTH = 0xFFFFFF;
    /** Length of the CDB carried in the BHS of a SCSI Command. */
    public static final int BHS_CDB_LENGTH = 16;
    /** Default iSCSI port (IANA). */
    public static final int DEFAULT_PORT = 3260;

    // BHS byte offsets (RFC 7143 section 11.2.1)
    public static final int OFF_OPCODE = 0;
    public static final int OFF_FLAGS = 1;
    public static final int OFF_TOTAL_AHS_LENGTH = 4;
    public static final int OFF_DATA_SEGMENT_LENGTH = 5;
    public static final int OFF_LUN = 8;
    public static final int OFF_ITT = 16;

    /** Byte 0 bit 6: immediate delivery (requests only). */
    public static final int FLAG_IMMEDIATE = 0x40;
    /** Byte 0 low six bits: the opcode. */
    public static final int OPCODE_MASK = 0x3F;
    /** Byte 1 bit 7: Final. */
    public static final int FLAG_FINAL = 0x80;

    // SCSI Command flags (byte 1)
    public static final int SCSI_CMD_FLAG_READ = 0x40;
    public static final int SCSI_CMD_FLAG_WRITE = 0x20;
    public static final int SCSI_CMD_ATTR_MASK = 0x07;

    // SCSI Response / Data-In flags (byte 1)
    public static final int FLAG_BIDI_OVERFLOW = 0x10;
    public static final int FLAG_BIDI_UNDERFLOW = 0x08;
    public static final int FLAG_RESIDUAL_OVERFLOW = 0x04;
    public static final int FLAG_RESIDUAL_UNDERFLOW = 0x02;
    public static final int DATA_IN_FLAG_ACKNOWLEDGE = 0x40;
    public static final int DATA_IN_FLAG_STATUS = 0x01;

    // Login flags (byte 1)
    public static final int LOGIN_FLAG_TRANSIT = 0x80;
    public static final int LOGIN_FLAG_CONTINUE = 0x40;
    public static final int LOGIN_CSG_SHIFT = 2;
    public static final int LOGIN_STAGE_MASK = 0x03;

    // Text flags (byte 1)
    public static final int TEXT_FLAG_CONTINUE = 0x40;

    /** SCSI Response "Response" field: command completed at target. */
    public static final int RESPONSE_COMPLETED = 0x00;
    /** SCSI Response "Response" field: target failure. */
    public static final int RESPONSE_TARGET_FAILURE = 0x01;

    /** Text keys are at most 63 bytes (RFC 7143 section 6.1). */
    public static final int MAX_KEY_LENGTH = 63;
    /** Default maximum text value length (RFC 7143 section 6.1). */
    public static final int MAX_VALUE_LENGTH = 255;
    /** Maximum length of the text data of a login or text negotiation (RFC 7143 section 6.2). */
    public static final int MAX_TEXT_NEGOTIATION_LENGTH = 65536;

    /** PDU opcodes (RFC 7143 section 11.2.1.2). */
    public enum Opcode {
        NOP_OUT(0x00, true),
        SCSI_COMMAND(0x01, true),
        TASK_MANAGEMENT_REQUEST(0x02, true),
        LOGIN_REQUEST(0x03, true),
        TEXT_REQUEST(0x04, true),
        SCSI_DATA_OUT(0x05, true),
        LOGOUT_REQUEST(0x06, true),
        SNACK_REQUEST(0x10, true),
        NOP_IN(0x20, false),
        SCSI_RESPONSE(0x21, false),
        TASK_MANAGEMENT_RESPONSE(0x22, false),
        LOGIN_RESPONSE(0x23, false),
        TEXT_RESPONSE(0x24, false),
        SCSI_DATA_IN(0x25, false),
        LOGOUT_RESPONSE(0x26, false),
        READY_TO_TRANSFER(0x31, false),
        ASYNCHRONOUS_MESSAGE(0x32, false),
        REJECT(0x3F, false);

        private static final Map<Integer, Opcode> BY_CODE = new HashMap<>();

        static {
            for (Opcode o : values()) {
                BY_CODE.put(o.code, o);
            }
        }

        private final int code;
        private final boolean initiatorOpcode;

        Opcode(int code, boolean initiatorOpcode) {
            this.code = code;
            this.initiatorOpcode = initiatorOpcode;
        }

        public int code() {
            return code;
        }

        /** True for PDUs sent by an initiator, false for PDUs sent by a target. */
        public boolean initiatorOpcode() {
            return initiatorOpcode;
        }

        /** The opcode for a code, or null when the code is not defined by RFC 7143. */
        public static Opcode of(int code) {
            return BY_CODE.get(code & OPCODE_MASK);
        }
    }

    /** Reject reason codes (RFC 7143 section 11.17.1). */
    public enum RejectReason {
        DATA_DIGEST_ERROR(0x02),
        SNACK_REJECT(0x03),
        PROTOCOL_ERROR(0x04),
        COMMAND_NOT_SUPPORTED(0x05),
        IMMEDIATE_COMMAND_REJECT(0x06),
        TASK_IN_PROGRESS(0x07),
        INVALID_DATA_ACK(0x08),
        INVALID_PDU_FIELD(0x09),
        LONG_OPERATION_REJECT(0x0A),
        NEGOTIATION_RESET(0x0B),
        WAITING_FOR_LOGOUT(0x0C);

        private final int code;

        RejectReason(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static RejectReason of(int code) {
            for (RejectReason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Login response Status-Class and Status-Detail (RFC 7143 section 11.13.5). */
    public enum LoginStatus {
        SUCCESS(0x00, 0x00),
        TARGET_MOVED_TEMPORARILY(0x01, 0x01),
        TARGET_MOVED_PERMANENTLY(0x01, 0x02),
        INITIATOR_ERROR(0x02, 0x00),
        AUTHENTICATION_FAILURE(0x02, 0x01),
        AUTHORIZATION_FAILURE(0x02, 0x02),
        NOT_FOUND(0x02, 0x03),
        TARGET_REMOVED(0x02, 0x04),
        UNSUPPORTED_VERSION(0x02, 0x05),
        TOO_MANY_CONNECTIONS(0x02, 0x06),
        MISSING_PARAMETER(0x02, 0x07),
        CANT_INCLUDE_IN_SESSION(0x02, 0x08),
        SESSION_TYPE_NOT_SUPPORTED(0x02, 0x09),
        SESSION_DOES_NOT_EXIST(0x02, 0x0A),
        INVALID_DURING_LOGIN(0x02, 0x0B),
        TARGET_ERROR(0x03, 0x00),
        SERVICE_UNAVAILABLE(0x03, 0x01),
        OUT_OF_RESOURCES(0x03, 0x02);

        private final int statusClass;
        private final int statusDetail;

        LoginStatus(int statusClass, int statusDetail) {
            this.statusClass = statusClass;
            this.statusDetail = statusDetail;
        }

        public int statusClass() {
            return statusClass;
        }

        public int statusDetail() {
            return statusDetail;
        }

        public static LoginStatus of(int statusClass, int statusDetail) {
            for (LoginStatus s : values()) {
                if (s.statusClass == statusClass && s.statusDetail == statusDetail) {
                    return s;
                }
            }
            return null;
        }
    }

    /** Login stages (CSG/NSG values, RFC 7143 section 11.12.3). */
    public enum Stage {
        SECURITY_NEGOTIATION(0),
        LOGIN_OPERATIONAL_NEGOTIATION(1),
        FULL_FEATURE_PHASE(3);

        private final int code;

        Stage(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The stage for a 2-bit code, or null for the reserved value 2. */
        public static Stage of(int code) {
            switch (code & LOGIN_STAGE_MASK) {
                case 0:
                    return SECURITY_NEGOTIATION;
                case 1:
                    return LOGIN_OPERATIONAL_NEGOTIATION;
                case 3:
                    return FULL_FEATURE_PHASE;
                default:
                    return null;
            }
        }
    }

    /** Task management function codes (RFC 7143 section 11.5.1). */
    public enum TmfFunction {
        ABORT_TASK(1),
        ABORT_TASK_SET(2),
        CLEAR_ACA(3),
        CLEAR_TASK_SET(4),
        LOGICAL_UNIT_RESET(5),
        TARGET_WARM_RESET(6),
        TARGET_COLD_RESET(7),
        TASK_REASSIGN(8),
        QUERY_TASK(9),
        QUERY_TASK_SET(10),
        I_T_NEXUS_RESET(11),
        QUERY_ASYNC_EVENT(12);

        private final int code;

        TmfFunction(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static TmfFunction of(int code) {
            for (TmfFunction f : values()) {
                if (f.code == code) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Task management response codes (RFC 7143 section 11.6.1). */
    public enum TmfResponse {
        FUNCTION_COMPLETE(0),
        TASK_DOES_NOT_EXIST(1),
        LUN_DOES_NOT_EXIST(2),
        TASK_STILL_ALLEGIANT(3),
        TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED(4),
        FUNCTION_NOT_SUPPORTED(5),
        FUNCTION_AUTHORIZATION_FAILED(6),
        FUNCTION_REJECTED(255);

        private final int code;

        TmfResponse(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static TmfResponse of(int code) {
            for (TmfResponse r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Logout reason codes (RFC 7143 section 11.14.1). */
    public enum LogoutReason {
        CLOSE_SESSION(0),
        CLOSE_CONNECTION(1),
        REMOVE_CONNECTION_FOR_RECOVERY(2);

        private final int code;

        LogoutReason(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static LogoutReason of(int code) {
            for (LogoutReason r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Logout response codes (RFC 7143 section 11.15.1). */
    public enum LogoutResponse {
        CLOSED_SUCCESSFULLY(0),
        CID_NOT_FOUND(1),
        RECOVERY_NOT_SUPPORTED(2),
        CLEANUP_FAILED(3);

        private final int code;

        LogoutResponse(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static LogoutResponse of(int code) {
            for (LogoutResponse r : values()) {
                if (r.code == code) {
                    return r;
                }
            }
            return null;
        }
    }

    /** Asynchronous event codes (RFC 7143 section 11.9.1). */
    public static final int ASYNC_EVENT_SCSI = 0;
    public static final int ASYNC_EVENT_REQUEST_LOGOUT = 1;
    public static final int ASYNC_EVENT_DROP_CONNECTION = 2;
    public static final int ASYNC_EVENT_DROP_ALL_CONNECTIONS = 3;
    public static final int ASYNC_EVENT_REQUEST_NEGOTIATION = 4;

    // iSCSI conditions reported as sense data (RFC 7143 section 11.4.7.2), sense key ABORTED COMMAND
    public static final int SENSE_KEY_ABORTED_COMMAND = 0x0B;
    /** Unexpected unsolicited data: ASC/ASCQ 0x0C/0x0C. */
    public static final int ASC_ASCQ_UNEXPECTED_UNSOLICITED_DATA = 0x0C0C;
    /** Incorrect amount of data: ASC/ASCQ 0x0C/0x0D. */
    public static final int ASC_ASCQ_INCORRECT_AMOUNT_OF_DATA = 0x0C0D;
    /** Protocol service CRC error: ASC/ASCQ 0x47/0x05. */
    public static final int ASC_ASCQ_PROTOCOL_SERVICE_CRC_ERROR = 0x4705;
    /** SNACK rejected: ASC/ASCQ 0x11/0x13. */
    public static final int ASC_ASCQ_SNACK_REJECTED = 0x1113;

    private IscsiConstants() {
    }
}
