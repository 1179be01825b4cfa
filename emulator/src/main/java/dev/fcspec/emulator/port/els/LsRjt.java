package dev.fcspec.emulator.port.els;

/**
 * LS_RJT, 8 bytes: reason (byte 5), explanation (byte 6), vendor unique (byte 7).
 *
 * @param reason       see {@link LsRjtReason}
 * @param explanation  see {@link LsRjtExplanation}
 * @param vendorUnique vendor-unique byte
 */
public record LsRjt(int reason, int explanation, int vendorUnique) implements ElsPayload {
    public static final int LENGTH = 8;

    public LsRjt {
        if ((reason & ~0xFF) != 0 || (explanation & ~0xFF) != 0 || (vendorUnique & ~0xFF) != 0) {
            throw new IllegalArgumentException("LS_RJT fields are single bytes");
        }
    }

    public static LsRjt of(int reason, int explanation) {
        return new LsRjt(reason, explanation, 0);
    }

    @Override
    public int command() {
        return ElsCommand.LS_RJT;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.LS_RJT;
        b[5] = (byte) reason;
        b[6] = (byte) explanation;
        b[7] = (byte) vendorUnique;
        return b;
    }

    public static LsRjt decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.LS_RJT, LENGTH, "LS_RJT");
        return new LsRjt(ElsBytes.u8(p, 5), ElsBytes.u8(p, 6), ElsBytes.u8(p, 7));
    }

    @Override
    public String toString() {
        return String.format("LS_RJT[0x%02x %s / 0x%02x %s]", reason, LsRjtReason.describe(reason), explanation,
                LsRjtExplanation.describe(explanation));
    }
}
