package dev.fcspec.emulator.port.els;

/**
 * PRLI/PRLO service parameter page constants (FC-LS page flags, ACC response codes; FCP-4 service parameter
 * bits; Linux {@code fc_els_spp}, {@code FCP_SPPF_*}).
 */
public final class PrliConstants {
    /** Page length, payload byte 1. */
    public static final int PAGE_LENGTH = 0x10;

    // Page flags (page byte 2, bits 7:4)
    public static final int FLAG_ORIGINATOR_PA_VALID = 0x80;
    public static final int FLAG_RESPONDER_PA_VALID = 0x40;
    /** Request: establish image pair. ACC: image pair established. */
    public static final int FLAG_ESTABLISH_IMAGE_PAIR = 0x20;
    public static final int FLAG_RESPONSE_CODE_MASK = 0x0F;

    // ACC response codes (page byte 2, bits 3:0)
    public static final int RESPONSE_EXECUTED = 1;
    public static final int RESPONSE_NO_RESOURCES = 2;
    public static final int RESPONSE_INITIALIZATION_NOT_COMPLETE = 3;
    public static final int RESPONSE_NO_SUCH_PROCESS_ASSOCIATOR = 4;
    public static final int RESPONSE_CONFIGURATION_PRECLUDES = 5;
    public static final int RESPONSE_EXECUTED_CONDITIONALLY = 6;
    public static final int RESPONSE_MULTIPLE_PAGES_NOT_SUPPORTED = 7;
    public static final int RESPONSE_PAGE_INVALID = 8;

    // FCP service parameters (page bytes 12-15)
    public static final int FCP_TASK_RETRY_ID = 0x0200;
    public static final int FCP_RETRY = 0x0100;
    public static final int FCP_CONFIRMED_COMPLETION = 0x0080;
    public static final int FCP_DATA_OVERLAY = 0x0040;
    public static final int FCP_INITIATOR_FUNCTION = 0x0020;
    public static final int FCP_TARGET_FUNCTION = 0x0010;
    public static final int FCP_READ_XFER_RDY_DISABLED = 0x0002;
    public static final int FCP_WRITE_XFER_RDY_DISABLED = 0x0001;

    private PrliConstants() {
    }

    public static String describeResponse(int code) {
        return switch (code) {
            case 0 -> "none (request)";
            case RESPONSE_EXECUTED -> "request executed";
            case RESPONSE_NO_RESOURCES -> "no resources available";
            case RESPONSE_INITIALIZATION_NOT_COMPLETE -> "initialization not complete";
            case RESPONSE_NO_SUCH_PROCESS_ASSOCIATOR -> "target process associator does not exist";
            case RESPONSE_CONFIGURATION_PRECLUDES -> "target configuration precludes image pair";
            case RESPONSE_EXECUTED_CONDITIONALLY -> "request executed conditionally";
            case RESPONSE_MULTIPLE_PAGES_NOT_SUPPORTED -> "multiple pages not supported";
            case RESPONSE_PAGE_INVALID -> "service parameter page invalid";
            default -> "response code " + code;
        };
    }
}
