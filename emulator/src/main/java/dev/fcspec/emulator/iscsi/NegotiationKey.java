package dev.fcspec.emulator.iscsi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operational text keys of RFC 7143 chapter 13 with their negotiation rule, range and scope. Both the
 * target (as responder) and the initiator (as originator) compute the result with {@link #result}.
 */
public enum NegotiationKey {
    HEADER_DIGEST("HeaderDigest", Rule.LIST, 0, 0, false),
    DATA_DIGEST("DataDigest", Rule.LIST, 0, 0, false),
    MAX_CONNECTIONS("MaxConnections", Rule.MIN, 1, 65535, true),
    INITIAL_R2T("InitialR2T", Rule.OR, 0, 0, true),
    IMMEDIATE_DATA("ImmediateData", Rule.AND, 0, 0, true),
    MAX_RECV_DATA_SEGMENT_LENGTH("MaxRecvDataSegmentLength", Rule.DECLARATIVE, 512, 16777215, false),
    MAX_BURST_LENGTH("MaxBurstLength", Rule.MIN, 512, 16777215, true),
    FIRST_BURST_LENGTH("FirstBurstLength", Rule.MIN, 512, 16777215, true),
    DEFAULT_TIME_2_WAIT("DefaultTime2Wait", Rule.MAX, 0, 3600, true),
    DEFAULT_TIME_2_RETAIN("DefaultTime2Retain", Rule.MIN, 0, 3600, true),
    MAX_OUTSTANDING_R2T("MaxOutstandingR2T", Rule.MIN, 1, 65535, true),
    DATA_PDU_IN_ORDER("DataPDUInOrder", Rule.OR, 0, 0, true),
    DATA_SEQUENCE_IN_ORDER("DataSequenceInOrder", Rule.OR, 0, 0, true),
    ERROR_RECOVERY_LEVEL("ErrorRecoveryLevel", Rule.MIN, 0, 2, true),
    IF_MARKER("IFMarker", Rule.AND, 0, 0, false),
    OF_MARKER("OFMarker", Rule.AND, 0, 0, false),
    ISCSI_PROTOCOL_LEVEL("iSCSIProtocolLevel", Rule.MIN, 0, 31, true),
    TASK_REPORTING("TaskReporting", Rule.LIST, 0, 0, true);

    /** How the result is computed from the offer and the responder's value (RFC 7143 section 6.2). */
    public enum Rule {
        /** The responder picks the first offered value it supports. */
        LIST,
        /** Numerical minimum. */
        MIN,
        /** Numerical maximum. */
        MAX,
        /** Boolean OR: Yes when either side says Yes. */
        OR,
        /** Boolean AND: Yes only when both sides say Yes. */
        AND,
        /** Each side declares its own value; no result is computed. */
        DECLARATIVE
    }

    private static final Map<String, NegotiationKey> BY_NAME = new HashMap<>();

    static {
        for (NegotiationKey k : values()) {
            BY_NAME.put(k.keyName, k);
        }
    }

    private final String keyName;
    private final Rule rule;
    private final int min;
    private final int max;
    private final boolean leadingOnly;

    NegotiationKey(String keyName, Rule rule, int min, int max, boolean leadingOnly) {
        this.keyName = keyName;
        this.rule = rule;
        this.min = min;
        this.max = max;
        this.leadingOnly = leadingOnly;
    }

    public String keyName() {
        return keyName;
    }

    public Rule rule() {
        return rule;
    }

    /** True for session-wide keys negotiated only on the leading connection (LO in RFC 7143). */
    public boolean leadingOnly() {
        return leadingOnly;
    }

    public boolean numeric() {
        return rule == Rule.MIN || rule == Rule.MAX || this == MAX_RECV_DATA_SEGMENT_LENGTH;
    }

    /** The key for a name, or null for a key that is not operational. */
    public static NegotiationKey of(String name) {
        return BY_NAME.get(name);
    }

    /** True when {@code value} is syntactically valid and in range for this key. */
    public boolean valid(String value) {
        switch (rule) {
            case OR:
            case AND:
                return "Yes".equals(value) || "No".equals(value);
            case MIN:
            case MAX:
            case DECLARATIVE:
                return parseNumber(value) >= 0;
            case LIST:
                return !value.isEmpty() && Arrays.stream(value.split(",", -1)).noneMatch(String::isEmpty);
            default:
                return false;
        }
    }

    private int parseNumber(String value) {
        if (value.isEmpty() || value.length() > 10) {
            return -1;
        }
        long v;
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                v = Long.parseLong(value.substring(2), 16);
            } else {
                for (int i = 0; i < value.length(); i++) {
                    if (!Character.isDigit(value.charAt(i))) {
                        return -1;
                    }
                }
                v = Long.parseLong(value);
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return v >= min && v <= max ? (int) v : -1;
    }

    /** The numeric value of a valid number. */
    public int number(String value) {
        int v = parseNumber(value);
        if (v < 0) {
            throw new IllegalArgumentException(keyName + "=" + value + " is not in " + min + ".." + max);
        }
        return v;
    }

    /**
     * The negotiated result of an offer against the responder's own value (for LIST keys: the responder's
     * supported values, comma separated). Returns "Reject" when a LIST offer has no value the responder
     * supports. Both arguments must be {@link #valid}.
     */
    public String result(String offered, String responderValue) {
        switch (rule) {
            case OR:
                return "Yes".equals(offered) || "Yes".equals(responderValue) ? "Yes" : "No";
            case AND:
                return "Yes".equals(offered) && "Yes".equals(responderValue) ? "Yes" : "No";
            case MIN:
                return Integer.toString(Math.min(number(offered), number(responderValue)));
            case MAX:
                return Integer.toString(Math.max(number(offered), number(responderValue)));
            case LIST: {
                List<String> supported = Arrays.asList(responderValue.split(","));
                for (String v : offered.split(",")) {
                    if (supported.contains(v)) {
                        return v;
                    }
                }
                return "Reject";
            }
            default:
                return responderValue;
        }
    }
}
