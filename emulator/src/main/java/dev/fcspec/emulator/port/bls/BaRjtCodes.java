package dev.fcspec.emulator.port.bls;

/** BA_RJT reason codes (byte 1) and explanations (byte 2) (FC-FS; Linux {@code enum fc_ba_rjt_reason/explan}). */
public final class BaRjtCodes {
    // Reasons
    public static final int REASON_NONE = 0x00;
    public static final int REASON_INVALID_COMMAND_CODE = 0x01;
    public static final int REASON_LOGICAL_ERROR = 0x03;
    public static final int REASON_LOGICAL_BUSY = 0x05;
    public static final int REASON_PROTOCOL_ERROR = 0x07;
    public static final int REASON_UNABLE_TO_PERFORM = 0x09;
    public static final int REASON_VENDOR_UNIQUE = 0xFF;

    // Explanations
    public static final int EXPLANATION_NONE = 0x00;
    public static final int EXPLANATION_INVALID_OX_ID_RX_ID = 0x03;
    public static final int EXPLANATION_SEQUENCE_ABORTED = 0x05;

    private BaRjtCodes() {
    }

    public static String describeReason(int r) {
        return switch (r) {
            case REASON_NONE -> "none";
            case REASON_INVALID_COMMAND_CODE -> "invalid command code";
            case REASON_LOGICAL_ERROR -> "logical error";
            case REASON_LOGICAL_BUSY -> "logical busy";
            case REASON_PROTOCOL_ERROR -> "protocol error";
            case REASON_UNABLE_TO_PERFORM -> "unable to perform command request";
            case REASON_VENDOR_UNIQUE -> "vendor unique";
            default -> String.format("reason 0x%02x", r);
        };
    }

    public static String describeExplanation(int e) {
        return switch (e) {
            case EXPLANATION_NONE -> "no additional explanation";
            case EXPLANATION_INVALID_OX_ID_RX_ID -> "invalid OX_ID-RX_ID combination";
            case EXPLANATION_SEQUENCE_ABORTED -> "sequence aborted, no sequence information";
            default -> String.format("explanation 0x%02x", e);
        };
    }
}
