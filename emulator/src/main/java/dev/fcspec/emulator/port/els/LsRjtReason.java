package dev.fcspec.emulator.port.els;

import java.util.Map;

/** LS_RJT reason codes, payload byte 5 (FC-LS; Linux {@code enum fc_els_rjt_reason}). */
public final class LsRjtReason {
    public static final int NONE = 0x00;
    public static final int INVALID_COMMAND_CODE = 0x01;
    public static final int LOGICAL_ERROR = 0x03;
    public static final int LOGICAL_BUSY = 0x05;
    public static final int PROTOCOL_ERROR = 0x07;
    public static final int UNABLE_TO_PERFORM = 0x09;
    public static final int COMMAND_NOT_SUPPORTED = 0x0B;
    /** Listed by Wireshark as a second "unable to perform"; not used by this emulator. */
    public static final int UNABLE_TO_PERFORM_0D = 0x0D;
    public static final int COMMAND_IN_PROGRESS = 0x0E;
    public static final int FIP_ERROR = 0x20;
    public static final int VENDOR_SPECIFIC = 0xFF;

    private static final Map<Integer, String> NAMES = Map.of(
            NONE, "none", INVALID_COMMAND_CODE, "invalid ELS command code", LOGICAL_ERROR, "logical error",
            LOGICAL_BUSY, "logical busy", PROTOCOL_ERROR, "protocol error", UNABLE_TO_PERFORM,
            "unable to perform command request", COMMAND_NOT_SUPPORTED, "command not supported",
            COMMAND_IN_PROGRESS, "command already in progress", FIP_ERROR, "FIP error", VENDOR_SPECIFIC,
            "vendor specific");

    private LsRjtReason() {
    }

    public static String describe(int code) {
        String n = NAMES.get(code);
        return n != null ? n : String.format("reason 0x%02x", code);
    }
}
