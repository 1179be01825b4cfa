package dev.fcspec.emulator.port.els;

/**
 * Common service parameters, login payload bytes 4-19 (FC-LS; Linux {@code struct fc_els_csp}).
 *
 * @param fcPhVersionHigh        highest FC-PH version (0x20 as libfc sends)
 * @param fcPhVersionLow         lowest FC-PH version
 * @param bbCredit               buffer-to-buffer credit
 * @param features               common-feature bits, see {@link CommonFeatures}
 * @param bbScN                  BB_SC_N (4 bits)
 * @param receiveDataFieldSize   largest data field this port receives (12 bits; 256..2112)
 * @param word3                  bytes 12-15: PLOGI total concurrent sequences (high half) and relative offset by
 *                               information category (low half); in a FLOGI/FDISC LS_ACC, R_A_TOV in ms
 * @param edTov                  E_D_TOV, in ms (ns when {@link CommonFeatures#E_D_TOV_NANOSECONDS} is set)
 */
public record CommonServiceParameters(int fcPhVersionHigh, int fcPhVersionLow, int bbCredit, int features, int bbScN,
                                      int receiveDataFieldSize, int word3, int edTov) {

    public static final int MIN_RECEIVE_DATA_FIELD_SIZE = 256;
    public static final int MAX_RECEIVE_DATA_FIELD_SIZE = 2112;
    public static final int FC_PH_VERSION = 0x20;

    public CommonServiceParameters {
        check("FC-PH version (high)", fcPhVersionHigh, 0xFF);
        check("FC-PH version (low)", fcPhVersionLow, 0xFF);
        check("BB_Credit", bbCredit, 0xFFFF);
        check("common features", features, 0xFFFF);
        check("BB_SC_N", bbScN, 0xF);
        check("receive data field size", receiveDataFieldSize, 0xFFF);
    }

    /** Parameters an N_Port sends in PLOGI (and its LS_ACC): libfc's values. */
    public static CommonServiceParameters forPlogi(int receiveDataFieldSize, int edTovMillis) {
        return new CommonServiceParameters(FC_PH_VERSION, FC_PH_VERSION, 10,
                CommonFeatures.CONTINUOUS_RELATIVE_OFFSET | CommonFeatures.ALTERNATE_BB_CREDIT, 0,
                receiveDataFieldSize, 255 << 16 | 0x001F, edTovMillis);
    }

    /** Parameters an N_Port sends in FLOGI or FDISC; {@code npiv} advertises multiple N_Port_ID support. */
    public static CommonServiceParameters forFlogi(int receiveDataFieldSize, int edTovMillis, boolean npiv) {
        return new CommonServiceParameters(FC_PH_VERSION, FC_PH_VERSION, 10,
                (npiv ? CommonFeatures.NPIV_SUPPORTED : 0) | CommonFeatures.ALTERNATE_BB_CREDIT, 0,
                receiveDataFieldSize, 0, edTovMillis);
    }

    /** Parameters a fabric F_Port returns in its FLOGI/FDISC LS_ACC. */
    public static CommonServiceParameters forFabricAcc(int receiveDataFieldSize, int raTovMillis, int edTovMillis,
                                                       boolean npivAssignment) {
        return new CommonServiceParameters(FC_PH_VERSION, FC_PH_VERSION, 10,
                CommonFeatures.F_PORT | CommonFeatures.ALTERNATE_BB_CREDIT
                        | (npivAssignment ? CommonFeatures.NPIV_ASSIGNMENT : 0),
                0, receiveDataFieldSize, raTovMillis, edTovMillis);
    }

    public boolean has(int feature) {
        return (features & feature) == feature;
    }

    /** PLOGI: total concurrent sequences. */
    public int totalConcurrentSequences() {
        return word3 >>> 16;
    }

    /** PLOGI: relative offset by information category. */
    public int relativeOffsetByCategory() {
        return word3 & 0xFFFF;
    }

    /** FLOGI/FDISC LS_ACC: R_A_TOV in ms. */
    public int raTov() {
        return word3;
    }

    public CommonServiceParameters withFeatures(int f) {
        return new CommonServiceParameters(fcPhVersionHigh, fcPhVersionLow, bbCredit, f, bbScN,
                receiveDataFieldSize, word3, edTov);
    }

    public CommonServiceParameters withReceiveDataFieldSize(int size) {
        return new CommonServiceParameters(fcPhVersionHigh, fcPhVersionLow, bbCredit, features, bbScN, size, word3,
                edTov);
    }

    void writeTo(byte[] b, int off) {
        b[off] = (byte) fcPhVersionHigh;
        b[off + 1] = (byte) fcPhVersionLow;
        ElsBytes.put16(b, off + 2, bbCredit);
        ElsBytes.put16(b, off + 4, features);
        ElsBytes.put16(b, off + 6, bbScN << 12 | receiveDataFieldSize);
        ElsBytes.put32(b, off + 8, word3);
        ElsBytes.put32(b, off + 12, edTov);
    }

    static CommonServiceParameters readFrom(byte[] b, int off, int command) {
        int w = ElsBytes.u16(b, off + 6);
        CommonServiceParameters c = new CommonServiceParameters(ElsBytes.u8(b, off), ElsBytes.u8(b, off + 1),
                ElsBytes.u16(b, off + 2), ElsBytes.u16(b, off + 4), w >>> 12, w & 0xFFF, ElsBytes.u32(b, off + 8),
                ElsBytes.u32(b, off + 12));
        int size = c.receiveDataFieldSize;
        if (size < MIN_RECEIVE_DATA_FIELD_SIZE || size > MAX_RECEIVE_DATA_FIELD_SIZE || size % 4 != 0) {
            throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_SERVICE_PARAMETER, command,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_RECEIVE_DATA_SIZE,
                    "common service parameters: receive data field size " + size
                            + " is not a multiple of 4 within 256..2112");
        }
        return c;
    }

    private static void check(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(String.format("%s 0x%x is outside 0..0x%x", what, v, max));
        }
    }
}
