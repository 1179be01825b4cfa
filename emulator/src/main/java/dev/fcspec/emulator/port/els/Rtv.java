package dev.fcspec.emulator.port.els;

/** RTV (Read Timeout Value) request: the 4-byte command word only. */
public record Rtv() implements ElsPayload {
    public static final int LENGTH = 4;

    @Override
    public int command() {
        return ElsCommand.RTV;
    }

    @Override
    public byte[] encode() {
        return new byte[] {ElsCommand.RTV, 0, 0, 0};
    }

    public static Rtv decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.RTV, LENGTH, "RTV");
        return new Rtv();
    }
}
