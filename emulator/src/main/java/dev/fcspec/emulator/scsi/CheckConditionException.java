package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

/**
 * A command ends in CHECK CONDITION with the given sense data. The subclasses name the defect; the target
 * core turns any of them into a CHECK CONDITION response, never changing state for a command that failed
 * its checks. Stack traces are not captured (these are ordinary protocol outcomes, not bugs).
 */
public class CheckConditionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient SenseData sense;

    public CheckConditionException(SenseData sense, String message) {
        this(sense, message, null);
    }

    /** With the failure that caused it (a backing store I/O error). */
    public CheckConditionException(SenseData sense, String message, Throwable cause) {
        super(message, cause, false, false);
        this.sense = sense;
    }

    public SenseData sense() {
        return sense;
    }

    /** ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE (20h/00h). */
    public static final class InvalidOpcode extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public InvalidOpcode(int opcode, int serviceAction) {
            super(new SenseData(ILLEGAL_REQUEST, ASC_INVALID_COMMAND_OPERATION_CODE, false, 0,
                    serviceAction < 0 ? SenseData.fieldPointer(true, 0, 7) : SenseData.fieldPointer(true, 1, 4)),
                    serviceAction < 0 ? String.format("unsupported operation code %02Xh", opcode)
                            : String.format("unsupported service action %02Xh of operation code %02Xh",
                            serviceAction, opcode));
        }
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN CDB (24h/00h) with a field pointer to the byte and bit. */
    public static final class InvalidFieldInCdb extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public InvalidFieldInCdb(int byteOffset, int bit, String what) {
            super(new SenseData(ILLEGAL_REQUEST, ASC_INVALID_FIELD_IN_CDB, false, 0,
                    SenseData.fieldPointer(true, byteOffset, bit)), "invalid field in CDB byte " + byteOffset
                    + (bit >= 0 ? " bit " + bit : "") + ": " + what);
        }
    }

    /** ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE (21h/00h). */
    public static final class LbaOutOfRange extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public LbaOutOfRange(long lba, long blocks, long capacityBlocks) {
            super(SenseData.of(ILLEGAL_REQUEST, ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE),
                    "LBA " + Long.toUnsignedString(lba) + " + " + blocks + " blocks beyond capacity "
                            + capacityBlocks);
        }
    }

    /** ILLEGAL REQUEST, PARAMETER LIST LENGTH ERROR (1Ah/00h). */
    public static final class ParameterListLengthError extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public ParameterListLengthError(String what) {
            super(SenseData.of(ILLEGAL_REQUEST, ASC_PARAMETER_LIST_LENGTH_ERROR), "parameter list length error: "
                    + what);
        }
    }

    /** ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST (26h/00h) with a field pointer. */
    public static final class InvalidFieldInParameterList extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public InvalidFieldInParameterList(int byteOffset, int bit, String what) {
            this(ASC_INVALID_FIELD_IN_PARAMETER_LIST, byteOffset, bit, what);
        }

        /** A member of the 26h family (e.g. 26h/02h PARAMETER VALUE INVALID, 26h/04h INVALID RELEASE). */
        public InvalidFieldInParameterList(int ascAscq, int byteOffset, int bit, String what) {
            super(new SenseData(ILLEGAL_REQUEST, ascAscq, false, 0,
                    byteOffset < 0 ? 0 : SenseData.fieldPointer(false, byteOffset, bit)),
                    "invalid field in parameter list" + (byteOffset >= 0 ? " byte " + byteOffset : "") + ": "
                            + what);
        }
    }

    /** MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION (1Dh/00h), INFORMATION = offset of the first difference. */
    public static final class Miscompare extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public Miscompare(long offset) {
            super(SenseData.of(MISCOMPARE, ASC_MISCOMPARE_DURING_VERIFY_OPERATION).withInformation(offset),
                    "miscompare at data-out offset " + offset);
        }
    }

    /** ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (25h/00h). */
    public static final class LogicalUnitNotSupported extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public LogicalUnitNotSupported(long lun) {
            super(SenseData.of(ILLEGAL_REQUEST, ASC_LOGICAL_UNIT_NOT_SUPPORTED), "LUN " + lun
                    + " is not supported for this initiator");
        }
    }

    /** NOT READY with the given additional sense (stopped, medium not present, ALUA state). */
    public static final class NotReady extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public NotReady(int ascAscq, String what) {
            super(SenseData.of(NOT_READY, ascAscq), "not ready: " + what);
        }
    }

    /** DATA PROTECT, WRITE PROTECTED (27h/00h) or LOGICAL UNIT SOFTWARE WRITE PROTECTED (27h/02h). */
    public static final class WriteProtected extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public WriteProtected(int ascAscq) {
            super(SenseData.of(DATA_PROTECT, ascAscq), "the logical unit is write protected");
        }
    }

    /** UNIT ATTENTION carrying a pending unit attention condition. */
    public static final class UnitAttention extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public UnitAttention(int ascAscq) {
            super(SenseData.of(ScsiConstants.UNIT_ATTENTION, ascAscq), String.format("unit attention %04Xh",
                    ascAscq));
        }
    }

    /** MEDIUM ERROR: the backing store failed (I/O error); nothing was acknowledged. */
    public static final class MediumError extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public MediumError(int ascAscq, Throwable cause) {
            super(SenseData.of(MEDIUM_ERROR, ascAscq), "backing store failure: " + cause, cause);
        }
    }

    /** ILLEGAL REQUEST with another additional sense code (e.g. 39h/00h, 53h/02h, 55h/04h). */
    public static final class IllegalRequest extends CheckConditionException {
        private static final long serialVersionUID = 1L;

        public IllegalRequest(int ascAscq, String what) {
            super(SenseData.of(ILLEGAL_REQUEST, ascAscq), what);
        }
    }
}
