package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.InvalidWwnException;
import dev.fcspec.emulator.wire.Wwn;

/** Field access and length checks shared by the ELS decoders. */
final class ElsBytes {
    private ElsBytes() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }

    static int u32(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | b[off + 3] & 0xFF;
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** A payload of exactly {@code length} bytes whose byte 0 is {@code command}. */
    static void requireExact(byte[] p, int command, int length, String what) {
        requireCommand(p, command, what);
        if (p.length < length) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, command,
                    what + " needs " + length + " bytes, got " + p.length);
        }
        if (p.length > length) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.OVERSIZED, command,
                    what + " is " + length + " bytes, got " + p.length);
        }
    }

    /** Byte 0 must be {@code command}. */
    static void requireCommand(byte[] p, int command, String what) {
        if (p == null || p.length == 0) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, command, what + " payload is empty");
        }
        int c = u8(p, 0);
        if (c != command) {
            throw new ElsDecodeException(ElsDecodeException.Defect.UNEXPECTED_COMMAND, c,
                    LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE,
                    String.format("expected %s (0x%02x), found %s (0x%02x)", what, command, ElsCommand.name(c), c));
        }
    }

    static Wwn portName(byte[] p, int off, int command) {
        try {
            return Wwn.readFrom(p, off);
        } catch (InvalidWwnException e) {
            throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_PORT_NAME, command,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PORT_NAME,
                    "port name at offset " + off + ": " + e.getMessage());
        }
    }

    static Wwn nodeName(byte[] p, int off, int command) {
        try {
            return Wwn.readFrom(p, off);
        } catch (InvalidWwnException e) {
            throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_NODE_NAME, command,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_NODE_NAME,
                    "node name at offset " + off + ": " + e.getMessage());
        }
    }

    static FcId fcId(byte[] p, int off) {
        return FcId.readFrom(p, off);
    }

    static void requireWwn8(Wwn w, String what) {
        if (w == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        w.asLong();
    }
}
