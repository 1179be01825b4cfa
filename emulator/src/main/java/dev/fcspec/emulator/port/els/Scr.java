package dev.fcspec.emulator.port.els;

/**
 * SCR (State Change Registration), 8 bytes: the registration function in byte 7. Its answer is a plain
 * {@link LsAcc}.
 */
public record Scr(int function) implements ElsPayload {
    public static final int LENGTH = 8;
    public static final int FABRIC_DETECTED = 0x01;
    public static final int N_PORT_DETECTED = 0x02;
    public static final int FULL = 0x03;
    public static final int CLEAR = 0xFF;

    public Scr {
        if (!valid(function)) {
            throw new IllegalArgumentException("SCR registration function 0x" + Integer.toHexString(function)
                    + " is not 1, 2, 3 or 0xFF");
        }
    }

    private static boolean valid(int f) {
        return f == FABRIC_DETECTED || f == N_PORT_DETECTED || f == FULL || f == CLEAR;
    }

    @Override
    public int command() {
        return ElsCommand.SCR;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.SCR;
        b[7] = (byte) function;
        return b;
    }

    /** @throws ElsDecodeException LS_RJT 0x03/0x2D for a wrong length, 0x09/0x00 for an unknown function */
    public static Scr decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.SCR, LENGTH, "SCR");
        int f = ElsBytes.u8(p, 7);
        if (!valid(f)) {
            throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_FIELD, ElsCommand.SCR,
                    LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.NONE,
                    "registration function 0x" + Integer.toHexString(f) + " is not 1, 2, 3 or 0xFF");
        }
        return new Scr(f);
    }
}
