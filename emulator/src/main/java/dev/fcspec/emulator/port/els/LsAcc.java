package dev.fcspec.emulator.port.els;

/** The 4-byte LS_ACC with no command-specific data: the answer to LOGO, SCR, RSCN and others. */
public record LsAcc() implements ElsPayload {
    public static final int LENGTH = 4;
    public static final LsAcc INSTANCE = new LsAcc();

    @Override
    public int command() {
        return ElsCommand.LS_ACC;
    }

    @Override
    public byte[] encode() {
        return new byte[] {ElsCommand.LS_ACC, 0, 0, 0};
    }

    public static LsAcc decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.LS_ACC, LENGTH, "LS_ACC");
        return INSTANCE;
    }
}
