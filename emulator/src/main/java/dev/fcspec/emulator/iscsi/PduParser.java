package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.FLAG_FINAL;

import dev.fcspec.emulator.iscsi.IscsiConstants.Opcode;
import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;
import dev.fcspec.emulator.iscsi.IscsiPdu.AsyncMessage;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.Reject;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.SnackRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextResponse;
import java.util.Arrays;

/**
 * Turns framed PDUs into typed ones, checking what one PDU can be checked for on its own. State-dependent
 * checks (sequence numbers, tags, login stages) belong to the state machines.
 */
public final class PduParser {
    private PduParser() {
    }

    /**
     * Parses a PDU received by a target.
     *
     * @throws UnknownOpcodeException   for an opcode that is undefined or that only a target may send
     * @throws InvalidPduFieldException for inconsistent fields
     */
    public static IscsiPdu parseFromInitiator(Pdu pdu) {
        Opcode op = pdu.opcode();
        if (op == null || !op.initiatorOpcode()) {
            throw new UnknownOpcodeException(pdu.opcodeBits());
        }
        byte[] b = pdu.bhs();
        boolean imm = pdu.immediate();
        switch (op) {
            case NOP_OUT: {
                int itt = Bhs.getInt(b, 16);
                if (itt == IscsiConstants.RESERVED_TAG && !imm) {
                    throw new InvalidPduFieldException("I", "a NOP-Out with ITT 0xffffffff must be immediate",
                            RejectReason.PROTOCOL_ERROR, false);
                }
                requireNoAhs(pdu);
                return new NopOut(imm, Bhs.getLong(b, 8), itt, Bhs.getInt(b, 20), Bhs.getInt(b, 24),
                        Bhs.getInt(b, 28), pdu.data());
            }
            case SCSI_COMMAND: {
                int flags = pdu.flags();
                boolean read = (flags & IscsiConstants.SCSI_CMD_FLAG_READ) != 0;
                boolean write = (flags & IscsiConstants.SCSI_CMD_FLAG_WRITE) != 0;
                int edtl = Bhs.getInt(b, 20);
                if (edtl < 0) {
                    throw new InvalidPduFieldException("ExpectedDataTransferLength", "larger than 2^31-1");
                }
                if (!write && pdu.dataLength() > 0) {
                    throw new InvalidPduFieldException("DataSegmentLength",
                            "immediate data on a command without the W bit", RejectReason.PROTOCOL_ERROR, false);
                }
                if (pdu.dataLength() > edtl) {
                    throw new InvalidPduFieldException("DataSegmentLength", "immediate data (" + pdu.dataLength()
                            + " bytes) exceeds ExpectedDataTransferLength " + edtl, RejectReason.PROTOCOL_ERROR, false);
                }
                byte[] cdb = Arrays.copyOfRange(b, 32, 48);
                Ahs.Decoded ahs = Ahs.decode(cdb, pdu.ahs());
                return new ScsiCommandPdu(imm, (flags & FLAG_FINAL) != 0, read, write,
                        flags & IscsiConstants.SCSI_CMD_ATTR_MASK, Bhs.getLong(b, 8), Bhs.getInt(b, 16), edtl,
                        Bhs.getInt(b, 24), Bhs.getInt(b, 28), ahs.cdb(), ahs.bidiReadLength(), pdu.data());
            }
            case TASK_MANAGEMENT_REQUEST:
                requireNoAhs(pdu);
                return new TaskManagementRequest(imm, pdu.flags() & 0x7F, Bhs.getLong(b, 8), Bhs.getInt(b, 16),
                        Bhs.getInt(b, 20), Bhs.getInt(b, 24), Bhs.getInt(b, 28), Bhs.getInt(b, 32), Bhs.getInt(b, 36));
            case LOGIN_REQUEST: {
                requireNoAhs(pdu);
                int flags = pdu.flags();
                return new LoginRequest((flags & IscsiConstants.LOGIN_FLAG_TRANSIT) != 0,
                        (flags & IscsiConstants.LOGIN_FLAG_CONTINUE) != 0, (flags >> 2) & 3, flags & 3, b[2] & 0xFF,
                        b[3] & 0xFF, Bhs.getIsid(b), Bhs.getShort(b, 14), Bhs.getInt(b, 16), Bhs.getShort(b, 20),
                        Bhs.getInt(b, 24), Bhs.getInt(b, 28), pdu.dataBytes());
            }
            case TEXT_REQUEST: {
                requireNoAhs(pdu);
                int flags = pdu.flags();
                boolean fin = (flags & FLAG_FINAL) != 0;
                boolean cont = (flags & IscsiConstants.TEXT_FLAG_CONTINUE) != 0;
                if (fin && cont) {
                    throw new InvalidPduFieldException("C", "F and C bits both set", RejectReason.PROTOCOL_ERROR, false);
                }
                return new TextRequest(imm, fin, cont, Bhs.getLong(b, 8), Bhs.getInt(b, 16), Bhs.getInt(b, 20),
                        Bhs.getInt(b, 24), Bhs.getInt(b, 28), pdu.dataBytes());
            }
            case SCSI_DATA_OUT:
                requireNoAhs(pdu);
                return new DataOut((pdu.flags() & FLAG_FINAL) != 0, Bhs.getLong(b, 8), Bhs.getInt(b, 16),
                        Bhs.getInt(b, 20), Bhs.getInt(b, 28), Bhs.getInt(b, 36), Bhs.getInt(b, 40), pdu.data());
            case LOGOUT_REQUEST:
                requireNoAhs(pdu);
                return new LogoutRequest(imm, pdu.flags() & 0x7F, Bhs.getInt(b, 16), Bhs.getShort(b, 20),
                        Bhs.getInt(b, 24), Bhs.getInt(b, 28));
            case SNACK_REQUEST:
                requireNoAhs(pdu);
                return new SnackRequest(pdu.flags() & 0x0F, Bhs.getLong(b, 8), Bhs.getInt(b, 16), Bhs.getInt(b, 20),
                        Bhs.getInt(b, 28), Bhs.getInt(b, 40), Bhs.getInt(b, 44));
            default:
                throw new UnknownOpcodeException(pdu.opcodeBits());
        }
    }

    /**
     * Parses a PDU received by an initiator.
     *
     * @throws UnknownOpcodeException for an opcode that is undefined or that only an initiator may send
     */
    public static IscsiPdu parseFromTarget(Pdu pdu) {
        Opcode op = pdu.opcode();
        if (op == null || op.initiatorOpcode()) {
            throw new UnknownOpcodeException(pdu.opcodeBits());
        }
        byte[] b = pdu.bhs();
        int flags = pdu.flags();
        switch (op) {
            case NOP_IN:
                return new NopIn(Bhs.getLong(b, 8), Bhs.getInt(b, 16), Bhs.getInt(b, 20), Bhs.getInt(b, 24),
                        Bhs.getInt(b, 28), Bhs.getInt(b, 32), pdu.data());
            case SCSI_RESPONSE: {
                byte[] sense = new byte[0];
                if (pdu.dataLength() >= 2) {
                    byte[] data = pdu.dataBytes();
                    int senseLength = Bhs.getShort(data, 0);
                    if (senseLength > data.length - 2) {
                        throw new InvalidPduFieldException("SenseLength",
                                senseLength + " exceeds the data segment (" + (data.length - 2) + " bytes)");
                    }
                    sense = Arrays.copyOfRange(data, 2, 2 + senseLength);
                } else if (pdu.dataLength() == 1) {
                    throw new InvalidPduFieldException("SenseLength", "data segment of one byte");
                }
                return new ScsiResponsePdu(flags & 0x1E, b[2] & 0xFF, b[3] & 0xFF, Bhs.getInt(b, 16),
                        Bhs.getInt(b, 20), Bhs.getInt(b, 24), Bhs.getInt(b, 28), Bhs.getInt(b, 32), Bhs.getInt(b, 36),
                        Bhs.getInt(b, 40), Bhs.getInt(b, 44), sense);
            }
            case TASK_MANAGEMENT_RESPONSE:
                return new TaskManagementResponse(b[2] & 0xFF, Bhs.getInt(b, 16), Bhs.getInt(b, 24),
                        Bhs.getInt(b, 28), Bhs.getInt(b, 32));
            case LOGIN_RESPONSE:
                return new LoginResponse((flags & IscsiConstants.LOGIN_FLAG_TRANSIT) != 0,
                        (flags & IscsiConstants.LOGIN_FLAG_CONTINUE) != 0, (flags >> 2) & 3, flags & 3, b[2] & 0xFF,
                        b[3] & 0xFF, Bhs.getIsid(b), Bhs.getShort(b, 14), Bhs.getInt(b, 16), Bhs.getInt(b, 24),
                        Bhs.getInt(b, 28), Bhs.getInt(b, 32), b[36] & 0xFF, b[37] & 0xFF, pdu.dataBytes());
            case TEXT_RESPONSE:
                return new TextResponse((flags & FLAG_FINAL) != 0, (flags & IscsiConstants.TEXT_FLAG_CONTINUE) != 0,
                        Bhs.getLong(b, 8), Bhs.getInt(b, 16), Bhs.getInt(b, 20), Bhs.getInt(b, 24), Bhs.getInt(b, 28),
                        Bhs.getInt(b, 32), pdu.dataBytes());
            case SCSI_DATA_IN: {
                boolean s = (flags & IscsiConstants.DATA_IN_FLAG_STATUS) != 0;
                boolean fin = (flags & FLAG_FINAL) != 0;
                if (s && !fin) {
                    throw new InvalidPduFieldException("S", "status on a Data-In without the F bit");
                }
                return new DataIn(fin, (flags & IscsiConstants.DATA_IN_FLAG_ACKNOWLEDGE) != 0,
                        (flags & IscsiConstants.FLAG_RESIDUAL_OVERFLOW) != 0,
                        (flags & IscsiConstants.FLAG_RESIDUAL_UNDERFLOW) != 0, s, b[3] & 0xFF, Bhs.getLong(b, 8),
                        Bhs.getInt(b, 16), Bhs.getInt(b, 20), Bhs.getInt(b, 24), Bhs.getInt(b, 28), Bhs.getInt(b, 32),
                        Bhs.getInt(b, 36), Bhs.getInt(b, 40), Bhs.getInt(b, 44), pdu.data());
            }
            case LOGOUT_RESPONSE:
                return new LogoutResponsePdu(b[2] & 0xFF, Bhs.getInt(b, 16), Bhs.getInt(b, 24), Bhs.getInt(b, 28),
                        Bhs.getInt(b, 32), Bhs.getShort(b, 40), Bhs.getShort(b, 42));
            case READY_TO_TRANSFER:
                return new ReadyToTransfer(Bhs.getLong(b, 8), Bhs.getInt(b, 16), Bhs.getInt(b, 20), Bhs.getInt(b, 24),
                        Bhs.getInt(b, 28), Bhs.getInt(b, 32), Bhs.getInt(b, 36), Bhs.getInt(b, 40), Bhs.getInt(b, 44));
            case ASYNCHRONOUS_MESSAGE:
                return new AsyncMessage(Bhs.getLong(b, 8), Bhs.getInt(b, 24), Bhs.getInt(b, 28), Bhs.getInt(b, 32),
                        b[36] & 0xFF, b[37] & 0xFF, Bhs.getShort(b, 38), Bhs.getShort(b, 40), Bhs.getShort(b, 42),
                        pdu.dataBytes());
            case REJECT:
                return new Reject(b[2] & 0xFF, Bhs.getInt(b, 24), Bhs.getInt(b, 28), Bhs.getInt(b, 32),
                        Bhs.getInt(b, 36), pdu.dataBytes());
            default:
                throw new UnknownOpcodeException(pdu.opcodeBits());
        }
    }

    private static void requireNoAhs(Pdu pdu) {
        if (pdu.ahs().length != 0) {
            throw new InvalidPduFieldException("TotalAHSLength",
                    "AHS on a " + pdu.opcode() + " PDU (" + pdu.ahs().length + " bytes)");
        }
    }
}
