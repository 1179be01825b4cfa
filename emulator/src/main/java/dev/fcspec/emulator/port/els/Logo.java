package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * LOGO request, 16 bytes: the N_Port_ID (bytes 5-7) and port name (bytes 8-15) of the port logging out.
 * Its answer is a plain {@link LsAcc}.
 */
public record Logo(FcId portId, Wwn portName) implements ElsPayload {
    public static final int LENGTH = 16;

    public Logo {
        Objects.requireNonNull(portId, "portId");
        ElsBytes.requireWwn8(portName, "port name");
    }

    @Override
    public int command() {
        return ElsCommand.LOGO;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = ElsCommand.LOGO;
        portId.writeTo(b, 5);
        portName.writeTo(b, 8);
        return b;
    }

    public static Logo decode(byte[] p) {
        ElsBytes.requireExact(p, ElsCommand.LOGO, LENGTH, "LOGO");
        return new Logo(ElsBytes.fcId(p, 5), ElsBytes.portName(p, 8, ElsCommand.LOGO));
    }
}
