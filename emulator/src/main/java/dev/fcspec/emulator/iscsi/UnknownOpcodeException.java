package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;

/** A PDU whose opcode RFC 7143 does not define for the sender's role. */
public final class UnknownOpcodeException extends IscsiProtocolException {
    private static final long serialVersionUID = 1L;
    private final int opcode;

    public UnknownOpcodeException(int opcode) {
        super(String.format("unknown iSCSI opcode 0x%02x", opcode));
        this.opcode = opcode;
    }

    public int opcode() {
        return opcode;
    }

    @Override
    public RejectReason rejectReason() {
        return RejectReason.COMMAND_NOT_SUPPORTED;
    }

    @Override
    public boolean connectionFatal() {
        return false;
    }
}
