package dev.fcspec.emulator.port.els;

/**
 * LS_ACC to RLS, 28 bytes: the link error status block (six 32-bit counters after the command word).
 */
public record RlsAcc(int linkFailures, int lossOfSync, int lossOfSignal, int primitiveSequenceErrors,
                     int invalidTransmissionWords, int invalidCrcs) implements ElsPayload {
    public static final int LENGTH = 28;

    @Override
    public int command() {
        return ElsCommand.LS_ACC;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.LS_ACC;
        ElsBytes.put32(b, 4, linkFailures);
        ElsBytes.put32(b, 8, lossOfSync);
        ElsBytes.put32(b, 12, lossOfSignal);
        ElsBytes.put32(b, 16, primitiveSequenceErrors);
        ElsBytes.put32(b, 20, invalidTransmissionWords);
        ElsBytes.put32(b, 24, invalidCrcs);
        return b;
    }

    public static RlsAcc decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.LS_ACC, LENGTH, "RLS LS_ACC");
        return new RlsAcc(ElsBytes.u32(p, 4), ElsBytes.u32(p, 8), ElsBytes.u32(p, 12), ElsBytes.u32(p, 16),
                ElsBytes.u32(p, 20), ElsBytes.u32(p, 24));
    }
}
