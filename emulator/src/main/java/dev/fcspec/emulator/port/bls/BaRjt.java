package dev.fcspec.emulator.port.bls;

import dev.fcspec.emulator.wire.RCtl;

/** BA_RJT, 4 bytes: reserved, reason, explanation, vendor unique ({@link BaRjtCodes}). */
public record BaRjt(int reason, int explanation, int vendorUnique) implements BlsPayload {
    public static final int LENGTH = 4;

    public BaRjt {
        if ((reason & ~0xFF) != 0 || (explanation & ~0xFF) != 0 || (vendorUnique & ~0xFF) != 0) {
            throw new IllegalArgumentException("BA_RJT fields are single bytes");
        }
    }

    public static BaRjt of(int reason, int explanation) {
        return new BaRjt(reason, explanation, 0);
    }

    /** The answer to an ABTS for an exchange the responder does not know: logical error, invalid OX_ID-RX_ID. */
    public static BaRjt unknownExchange() {
        return of(BaRjtCodes.REASON_LOGICAL_ERROR, BaRjtCodes.EXPLANATION_INVALID_OX_ID_RX_ID);
    }

    @Override
    public int rCtl() {
        return RCtl.BA_RJT;
    }

    @Override
    public byte[] encode() {
        return new byte[] {0, (byte) reason, (byte) explanation, (byte) vendorUnique};
    }

    static BaRjt decode(byte[] p) {
        BlsCodec.requireLength(p, LENGTH, "BA_RJT");
        return new BaRjt(p[1] & 0xFF, p[2] & 0xFF, p[3] & 0xFF);
    }

    @Override
    public String toString() {
        return String.format("BA_RJT[0x%02x %s / 0x%02x %s]", reason, BaRjtCodes.describeReason(reason),
                explanation, BaRjtCodes.describeExplanation(explanation));
    }
}
