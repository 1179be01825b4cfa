package dev.fcspec.emulator.iscsi;

/**
 * What a target portal offers and accepts in operational negotiation, and its command window.
 *
 * @param maxRecvDataSegmentLength the largest data segment the target accepts (declared to initiators)
 * @param maxBurstLength           the largest burst the target accepts (result is the minimum with the offer)
 * @param firstBurstLength         the largest unsolicited burst the target accepts
 * @param immediateData            whether the target accepts immediate data
 * @param initialR2T               whether the target insists on an R2T before any data-out
 * @param maxOutstandingR2T        the most R2Ts the target keeps outstanding per task
 * @param maxConnections           the most connections per session
 * @param crc32c                   whether the target accepts CRC32C header and data digests
 * @param commandWindow            MaxCmdSN - ExpCmdSN + 1 (commands an initiator may have queued)
 */
public record TargetSettings(int maxRecvDataSegmentLength, int maxBurstLength, int firstBurstLength,
                             boolean immediateData, boolean initialR2T, int maxOutstandingR2T, int maxConnections,
                             boolean crc32c, int commandWindow) {

    public static final TargetSettings DEFAULTS = new TargetSettings(262144, 1048576, 65536, true, false, 4, 4,
            true, 128);

    public TargetSettings {
        if (maxRecvDataSegmentLength < 512 || maxRecvDataSegmentLength > IscsiConstants.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("maxRecvDataSegmentLength out of range: " + maxRecvDataSegmentLength);
        }
        if (maxBurstLength < 512 || maxBurstLength > IscsiConstants.MAX_DATA_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("maxBurstLength out of range: " + maxBurstLength);
        }
        if (firstBurstLength < 512 || firstBurstLength > maxBurstLength) {
            throw new IllegalArgumentException("firstBurstLength out of range: " + firstBurstLength);
        }
        if (maxOutstandingR2T < 1 || maxConnections < 1 || commandWindow < 1 || commandWindow > 0x7FFFFFFF) {
            throw new IllegalArgumentException("maxOutstandingR2T, maxConnections and commandWindow must be >= 1");
        }
    }

    /** The responder value of a key, as text (for LIST keys: the supported values). */
    String responderValue(NegotiationKey key) {
        switch (key) {
            case HEADER_DIGEST:
            case DATA_DIGEST:
                return crc32c ? "CRC32C,None" : "None";
            case MAX_CONNECTIONS:
                return Integer.toString(maxConnections);
            case INITIAL_R2T:
                return initialR2T ? "Yes" : "No";
            case IMMEDIATE_DATA:
                return immediateData ? "Yes" : "No";
            case MAX_RECV_DATA_SEGMENT_LENGTH:
                return Integer.toString(maxRecvDataSegmentLength);
            case MAX_BURST_LENGTH:
                return Integer.toString(maxBurstLength);
            case FIRST_BURST_LENGTH:
                return Integer.toString(firstBurstLength);
            case DEFAULT_TIME_2_WAIT:
                return "0";
            case DEFAULT_TIME_2_RETAIN:
                return "0";
            case MAX_OUTSTANDING_R2T:
                return Integer.toString(maxOutstandingR2T);
            case DATA_PDU_IN_ORDER:
            case DATA_SEQUENCE_IN_ORDER:
                return "Yes";
            case ERROR_RECOVERY_LEVEL:
                return "0";
            case IF_MARKER:
            case OF_MARKER:
                return "No";
            case ISCSI_PROTOCOL_LEVEL:
                return "1";
            case TASK_REPORTING:
                return "RFC3720";
            default:
                throw new IllegalArgumentException(key.toString());
        }
    }
}
