package dev.fcspec.emulator.iscsi;

/**
 * Negotiated operational parameters of a session and of its leading connection (RFC 7143 chapter 13).
 * The defaults are the RFC's.
 *
 * @param initiatorMaxRecvDataSegmentLength the largest data segment the initiator accepts (the target's limit
 *                                          when sending)
 * @param targetMaxRecvDataSegmentLength    the largest data segment the target accepts
 */
public record SessionParameters(boolean headerDigest, boolean dataDigest, int maxConnections, boolean initialR2T,
                                boolean immediateData, int maxBurstLength, int firstBurstLength,
                                int defaultTime2Wait, int defaultTime2Retain, int maxOutstandingR2T,
                                boolean dataPduInOrder, boolean dataSequenceInOrder, int errorRecoveryLevel,
                                int initiatorMaxRecvDataSegmentLength, int targetMaxRecvDataSegmentLength) {

    /** RFC 7143 defaults. */
    public static final SessionParameters DEFAULTS = new SessionParameters(false, false, 1, true, true, 262144,
            65536, 2, 20, 1, true, true, 0, 8192, 8192);

    public SessionParameters withHeaderDigest(boolean v) {
        return new SessionParameters(v, dataDigest, maxConnections, initialR2T, immediateData, maxBurstLength,
                firstBurstLength, defaultTime2Wait, defaultTime2Retain, maxOutstandingR2T, dataPduInOrder,
                dataSequenceInOrder, errorRecoveryLevel, initiatorMaxRecvDataSegmentLength, targetMaxRecvDataSegmentLength);
    }

    public SessionParameters withDataDigest(boolean v) {
        return new SessionParameters(headerDigest, v, maxConnections, initialR2T, immediateData, maxBurstLength,
                firstBurstLength, defaultTime2Wait, defaultTime2Retain, maxOutstandingR2T, dataPduInOrder,
                dataSequenceInOrder, errorRecoveryLevel, initiatorMaxRecvDataSegmentLength, targetMaxRecvDataSegmentLength);
    }

    /** A copy with one key set from its negotiated (already validated) text value. */
    public SessionParameters with(NegotiationKey key, String value) {
        boolean yes = "Yes".equals(value);
        int n = key.numeric() ? Integer.parseInt(value) : 0;
        boolean hd = headerDigest;
        boolean dd = dataDigest;
        int mc = maxConnections;
        boolean ir = initialR2T;
        boolean id = immediateData;
        int mbl = maxBurstLength;
        int fbl = firstBurstLength;
        int t2w = defaultTime2Wait;
        int t2r = defaultTime2Retain;
        int mor = maxOutstandingR2T;
        boolean dpio = dataPduInOrder;
        int erl = errorRecoveryLevel;
        boolean dsio = dataSequenceInOrder;
        int imrdsl = initiatorMaxRecvDataSegmentLength;
        int tmrdsl = targetMaxRecvDataSegmentLength;
        switch (key) {
            case HEADER_DIGEST:
                hd = "CRC32C".equals(value);
                break;
            case DATA_DIGEST:
                dd = "CRC32C".equals(value);
                break;
            case MAX_CONNECTIONS:
                mc = n;
                break;
            case INITIAL_R2T:
                ir = yes;
                break;
            case IMMEDIATE_DATA:
                id = yes;
                break;
            case MAX_BURST_LENGTH:
                mbl = n;
                break;
            case FIRST_BURST_LENGTH:
                fbl = n;
                break;
            case DEFAULT_TIME_2_WAIT:
                t2w = n;
                break;
            case DEFAULT_TIME_2_RETAIN:
                t2r = n;
                break;
            case MAX_OUTSTANDING_R2T:
                mor = n;
                break;
            case DATA_PDU_IN_ORDER:
                dpio = yes;
                break;
            case DATA_SEQUENCE_IN_ORDER:
                dsio = yes;
                break;
            case ERROR_RECOVERY_LEVEL:
                erl = n;
                break;
            default:
                break;
        }
        return new SessionParameters(hd, dd, mc, ir, id, mbl, fbl, t2w, t2r, mor, dpio, dsio, erl, imrdsl, tmrdsl);
    }

    public SessionParameters withInitiatorMaxRecvDataSegmentLength(int v) {
        return new SessionParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain, maxOutstandingR2T,
                dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel, v, targetMaxRecvDataSegmentLength);
    }

    public SessionParameters withTargetMaxRecvDataSegmentLength(int v) {
        return new SessionParameters(headerDigest, dataDigest, maxConnections, initialR2T, immediateData,
                maxBurstLength, firstBurstLength, defaultTime2Wait, defaultTime2Retain, maxOutstandingR2T,
                dataPduInOrder, dataSequenceInOrder, errorRecoveryLevel, initiatorMaxRecvDataSegmentLength, v);
    }
}
