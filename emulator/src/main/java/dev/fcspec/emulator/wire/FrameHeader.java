package dev.fcspec.emulator.wire;

/**
 * The 24-byte FC-2 Frame_Header (FC-FS; Linux {@code struct fc_frame_header}).
 *
 * @param rCtl      R_CTL, see {@link RCtl}
 * @param dId       destination N_Port_ID
 * @param csCtl     CS_CTL or Priority
 * @param sId       source N_Port_ID
 * @param type      TYPE, see {@link FcType}
 * @param fCtl      F_CTL (24 bits), see {@link FCtl}
 * @param seqId     SEQ_ID
 * @param dfCtl     DF_CTL (optional headers present)
 * @param seqCnt    SEQ_CNT
 * @param oxId      OX_ID
 * @param rxId      RX_ID; {@link #RX_ID_UNASSIGNED} until the responder assigns one
 * @param parameter Parameter: relative offset when F_CTL REL_OFF is set
 */
public record FrameHeader(int rCtl, FcId dId, int csCtl, FcId sId, int type, int fCtl, int seqId, int dfCtl,
                          int seqCnt, int oxId, int rxId, int parameter) {

    public static final int LENGTH = 24;
    /** RX_ID (or OX_ID) not yet assigned, FC_XID_UNKNOWN. */
    public static final int RX_ID_UNASSIGNED = 0xFFFF;

    public FrameHeader {
        requireRange("R_CTL", rCtl, 0xFF);
        if (dId == null || sId == null) {
            throw new WireFormatException("frame header needs both D_ID and S_ID");
        }
        requireRange("CS_CTL", csCtl, 0xFF);
        requireRange("TYPE", type, 0xFF);
        requireRange("F_CTL", fCtl, 0xFFFFFF);
        requireRange("SEQ_ID", seqId, 0xFF);
        requireRange("DF_CTL", dfCtl, 0xFF);
        requireRange("SEQ_CNT", seqCnt, 0xFFFF);
        requireRange("OX_ID", oxId, 0xFFFF);
        requireRange("RX_ID", rxId, 0xFFFF);
    }

    /** A header with CS_CTL, SEQ_ID, DF_CTL, SEQ_CNT and Parameter zero and RX_ID unassigned. */
    public static FrameHeader of(int rCtl, FcId dId, FcId sId, int type, int fCtl, int oxId) {
        return new FrameHeader(rCtl, dId, 0, sId, type, fCtl, 0, 0, 0, oxId, RX_ID_UNASSIGNED, 0);
    }

    public boolean has(int fCtlBit) {
        return FCtl.isSet(fCtl, fCtlBit);
    }

    /** True when the sender is the exchange responder (F_CTL Exchange Context). */
    public boolean fromResponder() {
        return has(FCtl.EX_CTX);
    }

    public FrameHeader withRCtl(int v) {
        return new FrameHeader(v, dId, csCtl, sId, type, fCtl, seqId, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    public FrameHeader withDId(FcId v) {
        return new FrameHeader(rCtl, v, csCtl, sId, type, fCtl, seqId, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    public FrameHeader withSId(FcId v) {
        return new FrameHeader(rCtl, dId, csCtl, v, type, fCtl, seqId, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    public FrameHeader withFCtl(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, v, seqId, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    public FrameHeader withSeqId(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, fCtl, v, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    public FrameHeader withSeqCnt(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, fCtl, seqId, dfCtl, v, oxId, rxId, parameter);
    }

    public FrameHeader withOxId(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, fCtl, seqId, dfCtl, seqCnt, v, rxId, parameter);
    }

    public FrameHeader withRxId(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, fCtl, seqId, dfCtl, seqCnt, oxId, v, parameter);
    }

    public FrameHeader withParameter(int v) {
        return new FrameHeader(rCtl, dId, csCtl, sId, type, fCtl, seqId, dfCtl, seqCnt, oxId, rxId, v);
    }

    /** Encodes the 24 bytes into {@code dst} at {@code offset}. */
    public void writeTo(byte[] dst, int offset) {
        dst[offset] = (byte) rCtl;
        dId.writeTo(dst, offset + 1);
        dst[offset + 4] = (byte) csCtl;
        sId.writeTo(dst, offset + 5);
        dst[offset + 8] = (byte) type;
        dst[offset + 9] = (byte) (fCtl >>> 16);
        dst[offset + 10] = (byte) (fCtl >>> 8);
        dst[offset + 11] = (byte) fCtl;
        dst[offset + 12] = (byte) seqId;
        dst[offset + 13] = (byte) dfCtl;
        dst[offset + 14] = (byte) (seqCnt >>> 8);
        dst[offset + 15] = (byte) seqCnt;
        dst[offset + 16] = (byte) (oxId >>> 8);
        dst[offset + 17] = (byte) oxId;
        dst[offset + 18] = (byte) (rxId >>> 8);
        dst[offset + 19] = (byte) rxId;
        dst[offset + 20] = (byte) (parameter >>> 24);
        dst[offset + 21] = (byte) (parameter >>> 16);
        dst[offset + 22] = (byte) (parameter >>> 8);
        dst[offset + 23] = (byte) parameter;
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        writeTo(b, 0);
        return b;
    }

    /** Decodes 24 bytes at {@code offset}; the caller has checked the length. */
    public static FrameHeader readFrom(byte[] src, int offset) {
        if (offset < 0 || offset > src.length || src.length - offset < LENGTH) {
            throw new FrameDecodeException(FrameDecodeException.Defect.TRUNCATED,
                    "frame header needs 24 bytes, " + (offset < 0 || offset > src.length ? 0 : src.length - offset)
                            + " available at offset " + offset);
        }
        return new FrameHeader(
                src[offset] & 0xFF,
                FcId.readFrom(src, offset + 1),
                src[offset + 4] & 0xFF,
                FcId.readFrom(src, offset + 5),
                src[offset + 8] & 0xFF,
                (src[offset + 9] & 0xFF) << 16 | (src[offset + 10] & 0xFF) << 8 | src[offset + 11] & 0xFF,
                src[offset + 12] & 0xFF,
                src[offset + 13] & 0xFF,
                (src[offset + 14] & 0xFF) << 8 | src[offset + 15] & 0xFF,
                (src[offset + 16] & 0xFF) << 8 | src[offset + 17] & 0xFF,
                (src[offset + 18] & 0xFF) << 8 | src[offset + 19] & 0xFF,
                (src[offset + 20] & 0xFF) << 24 | (src[offset + 21] & 0xFF) << 16 | (src[offset + 22] & 0xFF) << 8
                        | src[offset + 23] & 0xFF);
    }

    @Override
    public String toString() {
        return String.format("FrameHeader[R_CTL=%02x D_ID=%s S_ID=%s TYPE=%02x F_CTL=%06x SEQ_ID=%02x DF_CTL=%02x "
                        + "SEQ_CNT=%d OX_ID=%04x RX_ID=%04x PARAM=%08x]",
                rCtl, dId, sId, type, fCtl, seqId, dfCtl, seqCnt, oxId, rxId, parameter);
    }

    private static void requireRange(String field, int v, int max) {
        if (v < 0 || v > max) {
            throw new WireFormatException(String.format("%s 0x%x is outside 0..0x%x", field, v, max));
        }
    }
}
