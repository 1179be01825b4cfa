package dev.fcspec.emulator.port.bls;

import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;

/** Decodes Basic Link Service frames (TYPE 0x00, R_CTL 0x8x). */
public final class BlsCodec {
    private BlsCodec() {
    }

    /** Decodes a BLS frame from its header fields and payload. */
    public static BlsPayload decode(Frame frame) {
        if (frame.header().type() != FcType.BLS) {
            throw new BlsDecodeException(BlsDecodeException.Defect.WRONG_TYPE, BaRjtCodes.REASON_PROTOCOL_ERROR,
                    BaRjtCodes.EXPLANATION_NONE,
                    String.format("BLS R_CTL 0x%02x with TYPE 0x%02x", frame.header().rCtl(), frame.header().type()));
        }
        return decode(frame.header().rCtl(), frame.header().parameter(), frame.payload());
    }

    /**
     * Decodes a BLS payload.
     *
     * @param rCtl      R_CTL of the frame
     * @param parameter the frame header's Parameter field (for ABTS: bit 0 = abort sequence only)
     * @throws BlsDecodeException for a wrong length (BA_RJT protocol error) or an R_CTL other than ABTS, BA_ACC
     *                            and BA_RJT (BA_RJT invalid command code)
     */
    public static BlsPayload decode(int rCtl, int parameter, byte[] payload) {
        return switch (rCtl) {
            case RCtl.BA_ABTS -> {
                if (payload.length != 0) {
                    throw new BlsDecodeException(BlsDecodeException.Defect.OVERSIZED,
                            BaRjtCodes.REASON_PROTOCOL_ERROR, BaRjtCodes.EXPLANATION_NONE,
                            "ABTS carries no payload, got " + payload.length + " bytes");
                }
                yield new Abts((parameter & 1) != 0);
            }
            case RCtl.BA_ACC -> BaAcc.decode(payload);
            case RCtl.BA_RJT -> BaRjt.decode(payload);
            default -> throw new BlsDecodeException(BlsDecodeException.Defect.UNSUPPORTED_COMMAND,
                    BaRjtCodes.REASON_INVALID_COMMAND_CODE, BaRjtCodes.EXPLANATION_NONE,
                    String.format("R_CTL 0x%02x is not ABTS, BA_ACC or BA_RJT", rCtl));
        };
    }

    static void requireLength(byte[] p, int length, String what) {
        if (p.length < length) {
            throw new BlsDecodeException(BlsDecodeException.Defect.TRUNCATED, BaRjtCodes.REASON_PROTOCOL_ERROR,
                    BaRjtCodes.EXPLANATION_NONE, what + " needs " + length + " bytes, got " + p.length);
        }
        if (p.length > length) {
            throw new BlsDecodeException(BlsDecodeException.Defect.OVERSIZED, BaRjtCodes.REASON_PROTOCOL_ERROR,
                    BaRjtCodes.EXPLANATION_NONE, what + " is " + length + " bytes, got " + p.length);
        }
    }
}
