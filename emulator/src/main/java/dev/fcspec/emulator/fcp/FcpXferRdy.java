package dev.fcspec.emulator.fcp;

/** FCP_XFER_RDY (FCP-4 9.3): the target asks for {@code burstLength} bytes from {@code relativeOffset}. */
public record FcpXferRdy(int relativeOffset, int burstLength) {

    public FcpXferRdy {
        if (relativeOffset < 0 || burstLength <= 0) {
            throw new IllegalArgumentException("XFER_RDY needs a non-negative offset and a positive burst length");
        }
    }

    public byte[] encode() {
        byte[] b = new byte[FcpConstants.XFER_RDY_LENGTH];
        putInt(b, 0, relativeOffset);
        putInt(b, 4, burstLength);
        return b;
    }

    public static FcpXferRdy decode(byte[] p) {
        if (p.length != FcpConstants.XFER_RDY_LENGTH) {
            throw new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID,
                    "FCP_XFER_RDY is 12 bytes, not " + p.length);
        }
        int ro = getInt(p, 0);
        int burst = getInt(p, 4);
        if (ro < 0 || burst <= 0) {
            throw new FcpDecodeException(FcpConstants.RSP_CODE_DATA_RO_MISMATCH,
                    "FCP_XFER_RDY with offset " + Integer.toUnsignedString(ro) + " and burst "
                            + Integer.toUnsignedString(burst));
        }
        return new FcpXferRdy(ro, burst);
    }

    static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
