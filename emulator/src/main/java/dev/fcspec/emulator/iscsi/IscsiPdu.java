package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.BHS_LENGTH;
import static dev.fcspec.emulator.iscsi.IscsiConstants.FLAG_FINAL;
import static dev.fcspec.emulator.iscsi.IscsiConstants.FLAG_IMMEDIATE;

import dev.fcspec.emulator.iscsi.IscsiConstants.Opcode;
import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Typed views of every iSCSI PDU (RFC 7143 chapter 11). Each record converts to a framed {@link Pdu} with
 * {@link #toPdu()}; {@link PduParser} converts the other way. Sequence numbers and tags are unsigned 32-bit
 * values carried in {@code int}s.
 */
public sealed interface IscsiPdu {

    Opcode opcode();

    Pdu toPdu();

    private static byte[] header(Opcode op, boolean immediate, int flags) {
        byte[] b = new byte[BHS_LENGTH];
        b[0] = (byte) (op.code() | (immediate ? FLAG_IMMEDIATE : 0));
        b[1] = (byte) flags;
        return b;
    }

    private static ByteBuffer wrap(byte[] data) {
        return ByteBuffer.wrap(data);
    }

    private static ByteBuffer orEmpty(ByteBuffer b) {
        return b == null ? ByteBuffer.allocate(0) : b;
    }

    // ------------------------------------------------------------------ initiator to target

    /** NOP-Out (section 11.18). */
    record NopOut(boolean immediate, long lun, int itt, int ttt, int cmdSn, int expStatSn, ByteBuffer pingData)
            implements IscsiPdu {
        public NopOut {
            pingData = orEmpty(pingData);
        }

        @Override
        public Opcode opcode() {
            return Opcode.NOP_OUT;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.NOP_OUT, immediate, FLAG_FINAL);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            return new Pdu(b, new byte[0], pingData.duplicate());
        }
    }

    /**
     * SCSI Command (section 11.3).
     *
     * @param cdb               the whole CDB: the 16 bytes of the BHS plus the Extended CDB AHS, if any
     * @param bidiReadLength    Expected Bidirectional Read Data Length from the AHS, or -1 when absent
     * @param immediateData     the data segment (immediate data)
     */
    record ScsiCommandPdu(boolean immediate, boolean finalFlag, boolean read, boolean write, int attribute,
                          long lun, int itt, int expectedDataTransferLength, int cmdSn, int expStatSn, byte[] cdb,
                          int bidiReadLength, ByteBuffer immediateData) implements IscsiPdu {
        public ScsiCommandPdu {
            Objects.requireNonNull(cdb, "cdb");
            if (cdb.length < IscsiConstants.BHS_CDB_LENGTH) {
                byte[] padded = new byte[IscsiConstants.BHS_CDB_LENGTH];
                System.arraycopy(cdb, 0, padded, 0, cdb.length);
                cdb = padded;
            }
            immediateData = orEmpty(immediateData);
        }

        @Override
        public Opcode opcode() {
            return Opcode.SCSI_COMMAND;
        }

        @Override
        public Pdu toPdu() {
            int flags = (finalFlag ? FLAG_FINAL : 0) | (read ? IscsiConstants.SCSI_CMD_FLAG_READ : 0)
                    | (write ? IscsiConstants.SCSI_CMD_FLAG_WRITE : 0) | (attribute & IscsiConstants.SCSI_CMD_ATTR_MASK);
            byte[] b = header(Opcode.SCSI_COMMAND, immediate, flags);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, expectedDataTransferLength);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            System.arraycopy(cdb, 0, b, 32, IscsiConstants.BHS_CDB_LENGTH);
            byte[] ahs = Ahs.encode(cdb, bidiReadLength);
            return new Pdu(b, ahs, immediateData.duplicate());
        }
    }

    /** SCSI Task Management Function Request (section 11.5). */
    record TaskManagementRequest(boolean immediate, int function, long lun, int itt, int referencedTaskTag,
                                 int cmdSn, int expStatSn, int refCmdSn, int expDataSn) implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.TASK_MANAGEMENT_REQUEST;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.TASK_MANAGEMENT_REQUEST, immediate, FLAG_FINAL | (function & 0x7F));
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, referencedTaskTag);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            Bhs.putInt(b, 32, refCmdSn);
            Bhs.putInt(b, 36, expDataSn);
            return Pdu.of(b);
        }
    }

    /** Login Request (section 11.12). Always sent with the I bit set. */
    record LoginRequest(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionMin, long isid,
                        int tsih, int itt, int cid, int cmdSn, int expStatSn, byte[] text) implements IscsiPdu {
        public LoginRequest {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Opcode opcode() {
            return Opcode.LOGIN_REQUEST;
        }

        @Override
        public Pdu toPdu() {
            int flags = (transit ? IscsiConstants.LOGIN_FLAG_TRANSIT : 0) | (cont ? IscsiConstants.LOGIN_FLAG_CONTINUE : 0)
                    | ((csg & 3) << 2) | (nsg & 3);
            byte[] b = header(Opcode.LOGIN_REQUEST, true, flags);
            b[2] = (byte) versionMax;
            b[3] = (byte) versionMin;
            Bhs.putIsid(b, isid);
            Bhs.putShort(b, 14, tsih);
            Bhs.putInt(b, 16, itt);
            Bhs.putShort(b, 20, cid);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            return Pdu.of(b, text);
        }
    }

    /** Text Request (section 11.10). */
    record TextRequest(boolean immediate, boolean finalFlag, boolean cont, long lun, int itt, int ttt, int cmdSn,
                       int expStatSn, byte[] text) implements IscsiPdu {
        public TextRequest {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Opcode opcode() {
            return Opcode.TEXT_REQUEST;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.TEXT_REQUEST, immediate,
                    (finalFlag ? FLAG_FINAL : 0) | (cont ? IscsiConstants.TEXT_FLAG_CONTINUE : 0));
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            return Pdu.of(b, text);
        }
    }

    /** SCSI Data-Out (section 11.7). */
    record DataOut(boolean finalFlag, long lun, int itt, int ttt, int expStatSn, int dataSn, int bufferOffset,
                   ByteBuffer data) implements IscsiPdu {
        public DataOut {
            data = orEmpty(data);
        }

        @Override
        public Opcode opcode() {
            return Opcode.SCSI_DATA_OUT;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.SCSI_DATA_OUT, false, finalFlag ? FLAG_FINAL : 0);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 28, expStatSn);
            Bhs.putInt(b, 36, dataSn);
            Bhs.putInt(b, 40, bufferOffset);
            return new Pdu(b, new byte[0], data.duplicate());
        }
    }

    /** Logout Request (section 11.14). */
    record LogoutRequest(boolean immediate, int reasonCode, int itt, int cid, int cmdSn, int expStatSn)
            implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.LOGOUT_REQUEST;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.LOGOUT_REQUEST, immediate, FLAG_FINAL | (reasonCode & 0x7F));
            Bhs.putInt(b, 16, itt);
            Bhs.putShort(b, 20, cid);
            Bhs.putInt(b, 24, cmdSn);
            Bhs.putInt(b, 28, expStatSn);
            return Pdu.of(b);
        }
    }

    /** SNACK Request (section 11.16). */
    record SnackRequest(int type, long lun, int itt, int ttt, int expStatSn, int begRun, int runLength)
            implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.SNACK_REQUEST;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.SNACK_REQUEST, false, FLAG_FINAL | (type & 0x0F));
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 28, expStatSn);
            Bhs.putInt(b, 40, begRun);
            Bhs.putInt(b, 44, runLength);
            return Pdu.of(b);
        }
    }

    // ------------------------------------------------------------------ target to initiator

    /** NOP-In (section 11.19). */
    record NopIn(long lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, ByteBuffer data)
            implements IscsiPdu {
        public NopIn {
            data = orEmpty(data);
        }

        @Override
        public Opcode opcode() {
            return Opcode.NOP_IN;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.NOP_IN, false, FLAG_FINAL);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            return new Pdu(b, new byte[0], data.duplicate());
        }
    }

    /**
     * SCSI Response (section 11.4).
     *
     * @param residualFlags any of {@link IscsiConstants#FLAG_RESIDUAL_OVERFLOW},
     *                      {@link IscsiConstants#FLAG_RESIDUAL_UNDERFLOW} and the bidirectional variants
     * @param sense         sense data (empty when none)
     */
    record ScsiResponsePdu(int residualFlags, int response, int status, int itt, int snackTag, int statSn,
                           int expCmdSn, int maxCmdSn, int expDataSn, int bidiResidualCount, int residualCount,
                           byte[] sense) implements IscsiPdu {
        public ScsiResponsePdu {
            Objects.requireNonNull(sense, "sense");
        }

        @Override
        public Opcode opcode() {
            return Opcode.SCSI_RESPONSE;
        }

        public boolean overflow() {
            return (residualFlags & IscsiConstants.FLAG_RESIDUAL_OVERFLOW) != 0;
        }

        public boolean underflow() {
            return (residualFlags & IscsiConstants.FLAG_RESIDUAL_UNDERFLOW) != 0;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.SCSI_RESPONSE, false, FLAG_FINAL | (residualFlags & 0x1E));
            b[2] = (byte) response;
            b[3] = (byte) status;
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, snackTag);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            Bhs.putInt(b, 36, expDataSn);
            Bhs.putInt(b, 40, bidiResidualCount);
            Bhs.putInt(b, 44, residualCount);
            if (sense.length == 0) {
                return Pdu.of(b);
            }
            byte[] data = new byte[2 + sense.length];
            Bhs.putShort(data, 0, sense.length);
            System.arraycopy(sense, 0, data, 2, sense.length);
            return Pdu.of(b, data);
        }
    }

    /** SCSI Task Management Function Response (section 11.6). */
    record TaskManagementResponse(int response, int itt, int statSn, int expCmdSn, int maxCmdSn) implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.TASK_MANAGEMENT_RESPONSE;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.TASK_MANAGEMENT_RESPONSE, false, FLAG_FINAL);
            b[2] = (byte) response;
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            return Pdu.of(b);
        }
    }

    /** Login Response (section 11.13). */
    record LoginResponse(boolean transit, boolean cont, int csg, int nsg, int versionMax, int versionActive,
                         long isid, int tsih, int itt, int statSn, int expCmdSn, int maxCmdSn, int statusClass,
                         int statusDetail, byte[] text) implements IscsiPdu {
        public LoginResponse {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Opcode opcode() {
            return Opcode.LOGIN_RESPONSE;
        }

        @Override
        public Pdu toPdu() {
            int flags = (transit ? IscsiConstants.LOGIN_FLAG_TRANSIT : 0) | (cont ? IscsiConstants.LOGIN_FLAG_CONTINUE : 0)
                    | ((csg & 3) << 2) | (nsg & 3);
            byte[] b = header(Opcode.LOGIN_RESPONSE, false, flags);
            b[2] = (byte) versionMax;
            b[3] = (byte) versionActive;
            Bhs.putIsid(b, isid);
            Bhs.putShort(b, 14, tsih);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            b[36] = (byte) statusClass;
            b[37] = (byte) statusDetail;
            return Pdu.of(b, text);
        }
    }

    /** Text Response (section 11.11). */
    record TextResponse(boolean finalFlag, boolean cont, long lun, int itt, int ttt, int statSn, int expCmdSn,
                        int maxCmdSn, byte[] text) implements IscsiPdu {
        public TextResponse {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Opcode opcode() {
            return Opcode.TEXT_RESPONSE;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.TEXT_RESPONSE, false,
                    (finalFlag ? FLAG_FINAL : 0) | (cont ? IscsiConstants.TEXT_FLAG_CONTINUE : 0));
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            return Pdu.of(b, text);
        }
    }

    /** SCSI Data-In (section 11.7). StatSN and Status are meaningful only with the S bit. */
    record DataIn(boolean finalFlag, boolean acknowledge, boolean residualOverflow, boolean residualUnderflow,
                  boolean statusPresent, int status, long lun, int itt, int ttt, int statSn, int expCmdSn,
                  int maxCmdSn, int dataSn, int bufferOffset, int residualCount, ByteBuffer data) implements IscsiPdu {
        public DataIn {
            data = orEmpty(data);
        }

        @Override
        public Opcode opcode() {
            return Opcode.SCSI_DATA_IN;
        }

        @Override
        public Pdu toPdu() {
            int flags = (finalFlag ? FLAG_FINAL : 0) | (acknowledge ? IscsiConstants.DATA_IN_FLAG_ACKNOWLEDGE : 0)
                    | (residualOverflow ? IscsiConstants.FLAG_RESIDUAL_OVERFLOW : 0)
                    | (residualUnderflow ? IscsiConstants.FLAG_RESIDUAL_UNDERFLOW : 0)
                    | (statusPresent ? IscsiConstants.DATA_IN_FLAG_STATUS : 0);
            byte[] b = header(Opcode.SCSI_DATA_IN, false, flags);
            if (statusPresent) {
                b[3] = (byte) status;
            }
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, statusPresent ? statSn : 0);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            Bhs.putInt(b, 36, dataSn);
            Bhs.putInt(b, 40, bufferOffset);
            Bhs.putInt(b, 44, residualCount);
            return new Pdu(b, new byte[0], data.duplicate());
        }
    }

    /** Logout Response (section 11.15). */
    record LogoutResponsePdu(int response, int itt, int statSn, int expCmdSn, int maxCmdSn, int time2Wait,
                             int time2Retain) implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.LOGOUT_RESPONSE;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.LOGOUT_RESPONSE, false, FLAG_FINAL);
            b[2] = (byte) response;
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            Bhs.putShort(b, 40, time2Wait);
            Bhs.putShort(b, 42, time2Retain);
            return Pdu.of(b);
        }
    }

    /** Ready To Transfer (section 11.8). */
    record ReadyToTransfer(long lun, int itt, int ttt, int statSn, int expCmdSn, int maxCmdSn, int r2tSn,
                           int bufferOffset, int desiredDataTransferLength) implements IscsiPdu {
        @Override
        public Opcode opcode() {
            return Opcode.READY_TO_TRANSFER;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.READY_TO_TRANSFER, false, FLAG_FINAL);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, itt);
            Bhs.putInt(b, 20, ttt);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            Bhs.putInt(b, 36, r2tSn);
            Bhs.putInt(b, 40, bufferOffset);
            Bhs.putInt(b, 44, desiredDataTransferLength);
            return Pdu.of(b);
        }
    }

    /** Asynchronous Message (section 11.9). */
    record AsyncMessage(long lun, int statSn, int expCmdSn, int maxCmdSn, int asyncEvent, int asyncVCode,
                        int parameter1, int parameter2, int parameter3, byte[] data) implements IscsiPdu {
        public AsyncMessage {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public Opcode opcode() {
            return Opcode.ASYNCHRONOUS_MESSAGE;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.ASYNCHRONOUS_MESSAGE, false, FLAG_FINAL);
            Bhs.putLong(b, 8, lun);
            Bhs.putInt(b, 16, IscsiConstants.RESERVED_TAG);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            b[36] = (byte) asyncEvent;
            b[37] = (byte) asyncVCode;
            Bhs.putShort(b, 38, parameter1);
            Bhs.putShort(b, 40, parameter2);
            Bhs.putShort(b, 42, parameter3);
            return Pdu.of(b, data);
        }
    }

    /** Reject (section 11.17). The data segment carries the header of the rejected PDU. */
    record Reject(int reason, int statSn, int expCmdSn, int maxCmdSn, int dataSnOrR2tSn, byte[] rejectedHeader)
            implements IscsiPdu {
        public Reject {
            Objects.requireNonNull(rejectedHeader, "rejectedHeader");
        }

        public RejectReason rejectReason() {
            return RejectReason.of(reason);
        }

        @Override
        public Opcode opcode() {
            return Opcode.REJECT;
        }

        @Override
        public Pdu toPdu() {
            byte[] b = header(Opcode.REJECT, false, FLAG_FINAL);
            b[2] = (byte) reason;
            Bhs.putInt(b, 16, IscsiConstants.RESERVED_TAG);
            Bhs.putInt(b, 24, statSn);
            Bhs.putInt(b, 28, expCmdSn);
            Bhs.putInt(b, 32, maxCmdSn);
            Bhs.putInt(b, 36, dataSnOrR2tSn);
            return new Pdu(b, new byte[0], wrap(rejectedHeader));
        }
    }
}
