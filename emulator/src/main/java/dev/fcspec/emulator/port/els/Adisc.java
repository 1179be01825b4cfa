package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * ADISC request or its LS_ACC (same 28-byte layout): hard address (bytes 5-7), port name (8-15), node name
 * (16-23), N_Port_ID (25-27).
 *
 * @param command {@link ElsCommand#ADISC} or {@link ElsCommand#LS_ACC}
 */
public record Adisc(int command, FcId hardAddress, Wwn portName, Wwn nodeName, FcId portId) implements ElsPayload {
    public static final int LENGTH = 28;

    public Adisc {
        if (command != ElsCommand.ADISC && command != ElsCommand.LS_ACC) {
            throw new IllegalArgumentException("ADISC payload cannot carry " + ElsCommand.name(command));
        }
        Objects.requireNonNull(hardAddress, "hardAddress");
        ElsBytes.requireWwn8(portName, "port name");
        ElsBytes.requireWwn8(nodeName, "node name");
        Objects.requireNonNull(portId, "portId");
    }

    public Adisc withCommand(int c) {
        return new Adisc(c, hardAddress, portName, nodeName, portId);
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) command;
        hardAddress.writeTo(b, 5);
        portName.writeTo(b, 8);
        nodeName.writeTo(b, 16);
        portId.writeTo(b, 25);
        return b;
    }

    public static Adisc decode(byte[] p, int expectedCommand) {
        ElsBytes.requireExact(p, expectedCommand, LENGTH, ElsCommand.name(expectedCommand));
        return new Adisc(expectedCommand, ElsBytes.fcId(p, 5), ElsBytes.portName(p, 8, expectedCommand),
                ElsBytes.nodeName(p, 16, expectedCommand), ElsBytes.fcId(p, 25));
    }
}
