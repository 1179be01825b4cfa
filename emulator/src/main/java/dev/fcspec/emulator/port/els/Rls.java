package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcId;
import java.util.Objects;

/** RLS (Read Link Error Status Block) request, 8 bytes: the N_Port_ID whose link is asked about (bytes 5-7). */
public record Rls(FcId portId) implements ElsPayload {
    public static final int LENGTH = 8;

    public Rls {
        Objects.requireNonNull(portId, "portId");
    }

    @Override
    public int command() {
        return ElsCommand.RLS;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.RLS;
        portId.writeTo(b, 5);
        return b;
    }

    public static Rls decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.RLS, LENGTH, "RLS");
        return new Rls(ElsBytes.fcId(p, 5));
    }
}
