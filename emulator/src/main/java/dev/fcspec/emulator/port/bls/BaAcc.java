package dev.fcspec.emulator.port.bls;

import dev.fcspec.emulator.wire.RCtl;

/**
 * BA_ACC, 12 bytes: SEQ_ID validity (0x80 valid), last deliverable SEQ_ID, OX_ID, RX_ID, low and high SEQ_CNT.
 */
public record BaAcc(boolean seqIdValid, int seqId, int oxId, int rxId, int lowSeqCnt, int highSeqCnt)
        implements BlsPayload {
    public static final int LENGTH = 12;
    public static final int SEQ_ID_VALID = 0x80;

    public BaAcc {
        if ((seqId & ~0xFF) != 0) {
            throw new IllegalArgumentException("SEQ_ID 0x" + Integer.toHexString(seqId) + " is not a byte");
        }
        for (int v : new int[] {oxId, rxId, lowSeqCnt, highSeqCnt}) {
            if ((v & ~0xFFFF) != 0) {
                throw new IllegalArgumentException("BA_ACC field 0x" + Integer.toHexString(v) + " is not 16 bits");
            }
        }
    }

    /** The answer to an ABTS that aborts a whole exchange: no SEQ_ID, SEQ_CNT 0x0000..0xFFFF. */
    public static BaAcc wholeExchange(int oxId, int rxId) {
        return new BaAcc(false, 0, oxId, rxId, 0, 0xFFFF);
    }

    @Override
    public int rCtl() {
        return RCtl.BA_ACC;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) (seqIdValid ? SEQ_ID_VALID : 0);
        b[1] = (byte) seqId;
        b[4] = (byte) (oxId >>> 8);
        b[5] = (byte) oxId;
        b[6] = (byte) (rxId >>> 8);
        b[7] = (byte) rxId;
        b[8] = (byte) (lowSeqCnt >>> 8);
        b[9] = (byte) lowSeqCnt;
        b[10] = (byte) (highSeqCnt >>> 8);
        b[11] = (byte) highSeqCnt;
        return b;
    }

    static BaAcc decode(byte[] p) {
        BlsCodec.requireLength(p, LENGTH, "BA_ACC");
        int validity = p[0] & 0xFF;
        if (validity != SEQ_ID_VALID && validity != 0) {
            throw new BlsDecodeException(BlsDecodeException.Defect.INVALID_FIELD,
                    BaRjtCodes.REASON_PROTOCOL_ERROR, BaRjtCodes.EXPLANATION_NONE,
                    String.format("BA_ACC SEQ_ID validity 0x%02x is neither 0x80 nor 0x00", validity));
        }
        return new BaAcc(validity == SEQ_ID_VALID, p[1] & 0xFF, u16(p, 4), u16(p, 6), u16(p, 8), u16(p, 10));
    }

    private static int u16(byte[] p, int off) {
        return (p[off] & 0xFF) << 8 | p[off + 1] & 0xFF;
    }
}
