package dev.fcspec.emulator.fcp;

import dev.fcspec.emulator.scsi.TaskAttribute;
import java.util.Arrays;
import java.util.Objects;

/**
 * FCP_CMND (FCP-4 9.2). With task management flags set the CDB is ignored.
 *
 * @param lun          LUN (first level)
 * @param crn          command reference number
 * @param attribute    task attribute
 * @param tmf          task management flags (byte 10), 0 for a command
 * @param read         RDDATA
 * @param write        WRDATA
 * @param cdb          the CDB (16 bytes or 16 + 4n)
 * @param dataLength   FCP_DL
 */
public record FcpCmnd(long lun, int crn, TaskAttribute attribute, int tmf, boolean read, boolean write, byte[] cdb,
                      int dataLength) {

    public FcpCmnd {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(cdb, "cdb");
        if (cdb.length < 16 || (cdb.length - 16) % 4 != 0 || cdb.length > 16 + 4 * 63) {
            throw new IllegalArgumentException("FCP CDB field is 16 + 4n bytes (n <= 63), not " + cdb.length);
        }
        cdb = cdb.clone();
    }

    /** A command; the CDB is padded to 16 bytes. */
    public static FcpCmnd command(long lun, byte[] cdb, TaskAttribute attribute, boolean read, boolean write,
                                  int dataLength) {
        byte[] field = cdb.length <= 16 ? Arrays.copyOf(cdb, 16)
                : Arrays.copyOf(cdb, 16 + (cdb.length - 16 + 3) / 4 * 4);
        return new FcpCmnd(lun, 0, attribute, 0, read, write, field, dataLength);
    }

    /** A task management request. */
    public static FcpCmnd taskManagement(long lun, int tmfFlag) {
        return new FcpCmnd(lun, 0, TaskAttribute.SIMPLE, tmfFlag, false, false, new byte[16], 0);
    }

    @Override
    public byte[] cdb() {
        return cdb.clone();
    }

    public boolean isTaskManagement() {
        return tmf != 0;
    }

    public byte[] encode() {
        int addl = (cdb.length - 16) / 4;
        byte[] b = new byte[FcpConstants.CMND_LENGTH + addl * 4];
        FcpLun.write(lun, b, 0);
        b[8] = (byte) crn;
        b[9] = (byte) attributeCode(attribute);
        b[10] = (byte) tmf;
        b[11] = (byte) (addl << 2 | (read ? FcpConstants.CNTL_RDDATA : 0) | (write ? FcpConstants.CNTL_WRDATA : 0));
        System.arraycopy(cdb, 0, b, 12, cdb.length);
        int at = 12 + cdb.length;
        b[at] = (byte) (dataLength >>> 24);
        b[at + 1] = (byte) (dataLength >>> 16);
        b[at + 2] = (byte) (dataLength >>> 8);
        b[at + 3] = (byte) dataLength;
        return b;
    }

    /**
     * Decodes an FCP_CMND payload.
     *
     * @throws FcpDecodeException with RSP_CODE 2 (FCP_CMND fields invalid) for a short payload, a length that
     *                            disagrees with the additional CDB length, an unknown task attribute, more than
     *                            one task management flag, or RDDATA and WRDATA both set
     */
    public static FcpCmnd decode(byte[] p) {
        if (p.length < FcpConstants.CMND_LENGTH) {
            throw invalid("FCP_CMND of " + p.length + " bytes is shorter than " + FcpConstants.CMND_LENGTH);
        }
        int addl = (p[11] & 0xFC) >>> 2;
        int cdbLength = 16 + 4 * addl;
        int expected = 12 + cdbLength + 4;
        if (p.length != expected && p.length != expected + 4) {
            throw invalid("FCP_CMND of " + p.length + " bytes does not match ADDITIONAL FCP_CDB LENGTH " + addl
                    + " (expected " + expected + " or " + (expected + 4) + ")");
        }
        long lun = FcpLun.read(p, 0);
        int attr = p[9] & 0x07;
        TaskAttribute attribute = switch (attr) {
            case FcpConstants.TASK_ATTR_SIMPLE -> TaskAttribute.SIMPLE;
            case FcpConstants.TASK_ATTR_HEAD_OF_QUEUE -> TaskAttribute.HEAD_OF_QUEUE;
            case FcpConstants.TASK_ATTR_ORDERED -> TaskAttribute.ORDERED;
            case FcpConstants.TASK_ATTR_ACA -> TaskAttribute.ACA;
            default -> throw invalid("task attribute " + attr + " is reserved");
        };
        int tmf = p[10] & 0xFF;
        if (Integer.bitCount(tmf) > 1 || (tmf & ~(FcpConstants.TMF_ABORT_TASK_SET | FcpConstants.TMF_CLEAR_TASK_SET
                | FcpConstants.TMF_LUN_RESET | FcpConstants.TMF_TARGET_RESET | FcpConstants.TMF_CLEAR_ACA)) != 0) {
            throw invalid(String.format("task management flags 0x%02x: exactly one defined flag may be set", tmf));
        }
        boolean read = (p[11] & FcpConstants.CNTL_RDDATA) != 0;
        boolean write = (p[11] & FcpConstants.CNTL_WRDATA) != 0;
        if (read && write && p.length == expected) {
            throw invalid("RDDATA and WRDATA both set without FCP_BIDIRECTIONAL_READ_DL");
        }
        byte[] cdb = Arrays.copyOfRange(p, 12, 12 + cdbLength);
        int at = 12 + cdbLength;
        int dl = (p[at] & 0xFF) << 24 | (p[at + 1] & 0xFF) << 16 | (p[at + 2] & 0xFF) << 8 | p[at + 3] & 0xFF;
        if (dl < 0) {
            throw invalid("FCP_DL " + Integer.toUnsignedString(dl) + " is beyond what this target accepts");
        }
        return new FcpCmnd(lun, p[8] & 0xFF, attribute, tmf, read, write, cdb, dl);
    }

    private static int attributeCode(TaskAttribute a) {
        return switch (a) {
            case SIMPLE -> FcpConstants.TASK_ATTR_SIMPLE;
            case HEAD_OF_QUEUE -> FcpConstants.TASK_ATTR_HEAD_OF_QUEUE;
            case ORDERED -> FcpConstants.TASK_ATTR_ORDERED;
            case ACA -> FcpConstants.TASK_ATTR_ACA;
        };
    }

    private static FcpDecodeException invalid(String message) {
        return new FcpDecodeException(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID, message);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FcpCmnd c && lun == c.lun && crn == c.crn && attribute == c.attribute && tmf == c.tmf
                && read == c.read && write == c.write && dataLength == c.dataLength && Arrays.equals(cdb, c.cdb);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lun, crn, attribute, tmf, read, write, dataLength) * 31 + Arrays.hashCode(cdb);
    }

    @Override
    public String toString() {
        return String.format("FcpCmnd[LUN=%d %s tmf=0x%02x %s%s opcode=0x%02x FCP_DL=%d]", lun, attribute, tmf,
                read ? "R" : "", write ? "W" : "", cdb[0] & 0xFF, dataLength);
    }
}
