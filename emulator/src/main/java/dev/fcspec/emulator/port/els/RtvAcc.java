package dev.fcspec.emulator.port.els;

/**
 * LS_ACC to RTV, 16 bytes: R_A_TOV (ms), E_D_TOV (ms, or ns with {@link #E_D_TOV_NANOSECONDS}) and the timeout
 * qualifier.
 */
public record RtvAcc(int raTov, int edTov, int qualifier) implements ElsPayload {
    public static final int LENGTH = 16;
    /** Qualifier bit 26: E_D_TOV is in nanoseconds. */
    public static final int E_D_TOV_NANOSECONDS = 1 << 26;
    /** Qualifier bit 19: R_T_TOV is 100 microseconds. */
    public static final int R_T_TOV_MICROSECONDS = 1 << 19;

    @Override
    public int command() {
        return ElsCommand.LS_ACC;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.LS_ACC;
        ElsBytes.put32(b, 4, raTov);
        ElsBytes.put32(b, 8, edTov);
        ElsBytes.put32(b, 12, qualifier);
        return b;
    }

    public static RtvAcc decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.LS_ACC, LENGTH, "RTV LS_ACC");
        return new RtvAcc(ElsBytes.u32(p, 4), ElsBytes.u32(p, 8), ElsBytes.u32(p, 12));
    }
}
