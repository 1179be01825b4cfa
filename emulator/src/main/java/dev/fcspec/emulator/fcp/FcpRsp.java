package dev.fcspec.emulator.fcp;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * FCP_RSP (FCP-4 9.5): SCSI status, residual, optional response info (RSP_CODE) and sense data.
 *
 * @param status   SCSI status byte
 * @param residUnder FCP_RESID_UNDER: fewer bytes transferred than FCP_DL
 * @param residOver  FCP_RESID_OVER: the command wanted more than FCP_DL
 * @param residual FCP_RESID
 * @param rspCode  RSP_CODE of FCP_RSP_INFO, or empty
 * @param sense    sense data (empty for none)
 */
public record FcpRsp(int status, boolean residUnder, boolean residOver, int residual, OptionalInt rspCode,
                     byte[] sense) {

    public FcpRsp {
        Objects.requireNonNull(rspCode, "rspCode");
        Objects.requireNonNull(sense, "sense");
        if (residUnder && residOver) {
            throw new IllegalArgumentException("FCP_RSP cannot be both under- and overrun");
        }
        sense = sense.clone();
    }

    public static FcpRsp ofStatus(int status, byte[] sense, boolean under, boolean over, int residual) {
        return new FcpRsp(status, under, over, residual, OptionalInt.empty(), sense);
    }

    /** A task management or protocol response with RSP_CODE and GOOD status. */
    public static FcpRsp ofRspCode(int rspCode) {
        return new FcpRsp(0, false, false, 0, OptionalInt.of(rspCode), new byte[0]);
    }

    @Override
    public byte[] sense() {
        return sense.clone();
    }

    public byte[] encode() {
        int rspLen = rspCode.isPresent() ? 8 : 0;
        byte[] b = new byte[FcpConstants.RSP_MIN_LENGTH + rspLen + sense.length];
        int flags = (residUnder ? FcpConstants.RSP_RESID_UNDER : 0) | (residOver ? FcpConstants.RSP_RESID_OVER : 0)
                | (sense.length > 0 ? FcpConstants.RSP_SNS_LEN_VALID : 0) | (rspLen > 0 ? FcpConstants.RSP_LEN_VALID : 0);
        b[10] = (byte) flags;
        b[11] = (byte) status;
        FcpXferRdy.putInt(b, 12, residUnder || residOver ? residual : 0);
        FcpXferRdy.putInt(b, 16, sense.length);
        FcpXferRdy.putInt(b, 20, rspLen);
        if (rspLen > 0) {
            b[24 + 3] = (byte) rspCode.getAsInt();
        }
        System.arraycopy(sense, 0, b, 24 + rspLen, sense.length);
        return b;
    }

    /**
     * Decodes an FCP_RSP payload.
     *
     * @throws FcpDecodeException for a payload shorter than 24 bytes, response-info or sense lengths that run
     *                            past its end, an RSP_LEN other than 0, 4 or 8, or both residual flags set
     */
    public static FcpRsp decode(byte[] p) {
        if (p.length < FcpConstants.RSP_MIN_LENGTH) {
            throw bad("FCP_RSP of " + p.length + " bytes is shorter than 24");
        }
        int flags = p[10] & 0xFF;
        boolean under = (flags & FcpConstants.RSP_RESID_UNDER) != 0;
        boolean over = (flags & FcpConstants.RSP_RESID_OVER) != 0;
        if (under && over) {
            throw bad("FCP_RSP has both FCP_RESID_UNDER and FCP_RESID_OVER");
        }
        int snsLen = (flags & FcpConstants.RSP_SNS_LEN_VALID) != 0 ? FcpXferRdy.getInt(p, 16) : 0;
        int rspLen = (flags & FcpConstants.RSP_LEN_VALID) != 0 ? FcpXferRdy.getInt(p, 20) : 0;
        if (rspLen != 0 && rspLen != 4 && rspLen != 8) {
            throw bad("FCP_RSP_LEN " + Integer.toUnsignedString(rspLen) + " is not 0, 4 or 8");
        }
        if (snsLen < 0 || 24L + rspLen + snsLen > p.length) {
            throw bad("FCP_RSP of " + p.length + " bytes cannot hold " + rspLen + " bytes of response info and "
                    + Integer.toUnsignedString(snsLen) + " bytes of sense");
        }
        OptionalInt code = rspLen > 0 ? OptionalInt.of(p[24 + 3] & 0xFF) : OptionalInt.empty();
        byte[] sense = Arrays.copyOfRange(p, 24 + rspLen, 24 + rspLen + snsLen);
        return new FcpRsp(p[11] & 0xFF, under, over, under || over ? FcpXferRdy.getInt(p, 12) : 0, code, sense);
    }

    private static FcpDecodeException bad(String m) {
        return new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID, m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FcpRsp r && status == r.status && residUnder == r.residUnder && residOver == r.residOver
                && residual == r.residual && rspCode.equals(r.rspCode) && Arrays.equals(sense, r.sense);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, residUnder, residOver, residual, rspCode) * 31 + Arrays.hashCode(sense);
    }
}
