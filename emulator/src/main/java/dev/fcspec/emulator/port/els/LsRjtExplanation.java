package dev.fcspec.emulator.port.els;

import java.util.Map;

/** LS_RJT reason code explanations, payload byte 6 (FC-LS; Linux {@code enum fc_els_rjt_explan}). */
public final class LsRjtExplanation {
    public static final int NONE = 0x00;
    public static final int SP_OPTIONS = 0x01;
    public static final int SP_INITIATOR_CONTROL = 0x03;
    public static final int SP_RECIPIENT_CONTROL = 0x05;
    public static final int SP_RECEIVE_DATA_SIZE = 0x07;
    public static final int SP_CONCURRENT_SEQUENCES = 0x09;
    public static final int SP_CREDIT = 0x0B;
    public static final int INVALID_PORT_NAME = 0x0D;
    public static final int INVALID_NODE_NAME = 0x0E;
    public static final int INVALID_COMMON_SERVICE_PARAMETERS = 0x0F;
    public static final int INVALID_ASSOCIATION_HEADER = 0x11;
    public static final int ASSOCIATION_HEADER_REQUIRED = 0x13;
    public static final int INVALID_ORIGINATOR_S_ID = 0x15;
    public static final int INVALID_OX_ID_RX_ID = 0x17;
    public static final int COMMAND_IN_PROGRESS = 0x19;
    public static final int N_PORT_LOGIN_REQUIRED = 0x1E;
    public static final int INVALID_N_PORT_ID = 0x1F;
    public static final int INVALID_SEQ_ID = 0x21;
    public static final int ABORT_INVALID_EXCHANGE = 0x23;
    public static final int ABORT_INACTIVE_EXCHANGE = 0x25;
    public static final int RECOVERY_QUALIFIER_REQUIRED = 0x27;
    public static final int INSUFFICIENT_RESOURCES = 0x29;
    public static final int UNABLE_TO_SUPPLY_DATA = 0x2A;
    public static final int REQUEST_NOT_SUPPORTED = 0x2C;
    public static final int INVALID_PAYLOAD_LENGTH = 0x2D;
    public static final int INVALID_PORT_NODE_NAME = 0x44;
    public static final int LOGIN_EXTENSION_NOT_SUPPORTED = 0x46;
    public static final int AUTHENTICATION_REQUIRED = 0x48;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(NONE, "none"), Map.entry(SP_OPTIONS, "service parameter error: options"),
            Map.entry(SP_INITIATOR_CONTROL, "service parameter error: initiator control"),
            Map.entry(SP_RECIPIENT_CONTROL, "service parameter error: recipient control"),
            Map.entry(SP_RECEIVE_DATA_SIZE, "service parameter error: receive data field size"),
            Map.entry(SP_CONCURRENT_SEQUENCES, "service parameter error: concurrent sequences"),
            Map.entry(SP_CREDIT, "service parameter error: credit"),
            Map.entry(INVALID_PORT_NAME, "invalid N_Port/F_Port name"),
            Map.entry(INVALID_NODE_NAME, "invalid node/fabric name"),
            Map.entry(INVALID_COMMON_SERVICE_PARAMETERS, "invalid common service parameters"),
            Map.entry(INVALID_ASSOCIATION_HEADER, "invalid association header"),
            Map.entry(ASSOCIATION_HEADER_REQUIRED, "association header required"),
            Map.entry(INVALID_ORIGINATOR_S_ID, "invalid originator S_ID"),
            Map.entry(INVALID_OX_ID_RX_ID, "invalid OX_ID-RX_ID combination"),
            Map.entry(COMMAND_IN_PROGRESS, "command already in progress"),
            Map.entry(N_PORT_LOGIN_REQUIRED, "N_Port login required"),
            Map.entry(INVALID_N_PORT_ID, "invalid N_Port_ID"), Map.entry(INVALID_SEQ_ID, "invalid SEQ_ID"),
            Map.entry(ABORT_INVALID_EXCHANGE, "attempt to abort an invalid exchange"),
            Map.entry(ABORT_INACTIVE_EXCHANGE, "attempt to abort an inactive exchange"),
            Map.entry(RECOVERY_QUALIFIER_REQUIRED, "recovery qualifier required"),
            Map.entry(INSUFFICIENT_RESOURCES, "insufficient resources to support login"),
            Map.entry(UNABLE_TO_SUPPLY_DATA, "unable to supply requested data"),
            Map.entry(REQUEST_NOT_SUPPORTED, "request not supported"),
            Map.entry(INVALID_PAYLOAD_LENGTH, "invalid payload length"),
            Map.entry(INVALID_PORT_NODE_NAME, "invalid port/node name"),
            Map.entry(LOGIN_EXTENSION_NOT_SUPPORTED, "login extension not supported"),
            Map.entry(AUTHENTICATION_REQUIRED, "authentication required"));

    private LsRjtExplanation() {
    }

    public static String describe(int code) {
        String n = NAMES.get(code);
        return n != null ? n : String.format("explanation 0x%02x", code);
    }
}
