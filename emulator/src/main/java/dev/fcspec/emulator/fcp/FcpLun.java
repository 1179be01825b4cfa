package dev.fcspec.emulator.fcp;

/**
 * The 8-byte SAM LUN of FCP_CMND: peripheral device addressing for LUNs below 256 ({@code 00 nn}), flat
 * space addressing ({@code 01}, 14 bits) for 256..16383. Further levels are not used.
 */
public final class FcpLun {
    public static final long MAX = 0x3FFF;

    private FcpLun() {
    }

    public static void write(long lun, byte[] dst, int offset) {
        if (lun < 0 || lun > MAX) {
            throw new IllegalArgumentException("LUN " + lun + " is outside 0..16383");
        }
        for (int i = 0; i < 8; i++) {
            dst[offset + i] = 0;
        }
        if (lun < 256) {
            dst[offset + 1] = (byte) lun;
        } else {
            dst[offset] = (byte) (0x40 | lun >>> 8);
            dst[offset + 1] = (byte) lun;
        }
    }

    /** Decodes the first level; a LUN with further levels or an unsupported method is rejected. */
    public static long read(byte[] src, int offset) {
        int method = (src[offset] & 0xC0) >>> 6;
        for (int i = 2; i < 8; i++) {
            if (src[offset + i] != 0) {
                throw new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID,
                        "FCP_LUN with second-level addressing is not supported (byte " + i + " is not zero)");
            }
        }
        return switch (method) {
            case 0 -> {
                if ((src[offset] & 0x3F) != 0) {
                    throw new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID,
                            "FCP_LUN peripheral addressing with a non-zero bus identifier");
                }
                yield src[offset + 1] & 0xFF;
            }
            case 1 -> (src[offset] & 0x3F) << 8 | src[offset + 1] & 0xFF;
            default -> throw new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID,
                    "FCP_LUN address method " + method + " is not supported");
        };
    }
}
