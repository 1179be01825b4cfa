package dev.fcspec.emulator.port.els;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * ECHO request or its LS_ACC: the 4-byte command word followed by data the responder returns unchanged.
 *
 * @param command {@link ElsCommand#ECHO} or {@link ElsCommand#LS_ACC}
 * @param data    the echoed data (at most 2108 bytes)
 */
public record Echo(int command, byte[] data) implements ElsPayload {
    public static final int MAX_DATA = 2112 - 4;

    public Echo {
        if (command != ElsCommand.ECHO && command != ElsCommand.LS_ACC) {
            throw new IllegalArgumentException("ECHO payload cannot carry " + ElsCommand.name(command));
        }
        data = data.clone();
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("ECHO data of " + data.length + " bytes exceeds " + MAX_DATA);
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The LS_ACC that returns this request's data. */
    public Echo accept() {
        return new Echo(ElsCommand.LS_ACC, data);
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[4 + data.length];
        b[0] = (byte) command;
        System.arraycopy(data, 0, b, 4, data.length);
        return b;
    }

    public static Echo decode(byte[] p, int expectedCommand) {
        ElsBytes.requireCommand(p, expectedCommand, ElsCommand.name(expectedCommand));
        if (p.length < 4) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, expectedCommand,
                    "ECHO needs at least the 4-byte command word, got " + p.length);
        }
        if (p.length > 4 + MAX_DATA) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.OVERSIZED, expectedCommand,
                    "ECHO payload of " + p.length + " bytes exceeds 2112");
        }
        return new Echo(expectedCommand, Arrays.copyOfRange(p, 4, p.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Echo e && command == e.command && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return command * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return ElsCommand.name(command) + "[" + HexFormat.of().formatHex(data, 0, Math.min(data.length, 32))
                + (data.length > 32 ? "..." : "") + "]";
    }
}
