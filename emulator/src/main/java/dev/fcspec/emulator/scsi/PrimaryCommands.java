package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.List;
import java.util.Set;

/** SPC-4 commands that are not INQUIRY, mode, reservation or ALUA commands. */
final class PrimaryCommands {
    private PrimaryCommands() {
    }

    /** TEST UNIT READY: the medium checks happen before dispatch; reaching here means ready. */
    static byte[] testUnitReady(Task t) {
        return CommandSet.EMPTY;
    }

    /** REQUEST SENSE: a pending unit attention (consumed), NOT READY when stopped, else NO SENSE. */
    static byte[] requestSense(Task t) {
        boolean desc = (t.cdb[1] & 0x01) != 0;
        int alloc = t.cdb[4] & 0xFF;
        SenseData s;
        LogicalUnit lu = t.lu;
        if (lu == null) {
            s = SenseData.of(ILLEGAL_REQUEST, ASC_LOGICAL_UNIT_NOT_SUPPORTED);
        } else {
            int ua = lu.unitAttentions.take(t.nexus);
            if (ua >= 0) {
                s = SenseData.of(UNIT_ATTENTION, ua);
            } else if (!lu.mediumLoaded) {
                s = SenseData.of(NOT_READY, ASC_MEDIUM_NOT_PRESENT);
            } else {
                s = SenseData.of(NO_SENSE, ASC_NO_ADDITIONAL_SENSE_INFORMATION);
            }
        }
        return Task.allocation(s.encode(desc), alloc);
    }

    /** REPORT LUNS: the LUNs this initiator may see (peripheral device addressing below 256, flat above). */
    static byte[] reportLuns(Task t) {
        int select = t.cdb[2] & 0xFF;
        long alloc = Bytes.u32(t.cdb, 6);
        if (select > 0x02) {
            throw new CheckConditionException.InvalidFieldInCdb(2, 7, "SELECT REPORT " + select + " not supported");
        }
        if (alloc < 16) {
            throw new CheckConditionException.InvalidFieldInCdb(6, 7, "ALLOCATION LENGTH " + alloc
                    + " less than 16");
        }
        Set<Long> luns = select == 0x01 ? Set.of() : t.target.visibleLuns(t.nexus);
        byte[] b = new byte[8 + 8 * luns.size()];
        Bytes.put32(b, 0, 8L * luns.size());
        int p = 8;
        for (long lun : luns) {
            if (lun < 256) {
                b[p + 1] = (byte) lun;
            } else {
                b[p] = (byte) (0x40 | (lun >>> 8));
                b[p + 1] = (byte) lun;
            }
            p += 8;
        }
        return Task.allocation(b, alloc);
    }

    /**
     * START STOP UNIT: with LOEJ on a removable unit, ejects (START 0) or loads (START 1) the medium unless
     * removal is prevented; without LOEJ, START only records the power condition: a virtual medium is always
     * spun up, so media access keeps working (as Linux LIO and tgt behave and libiscsi expects).
     */
    static byte[] startStopUnit(Task t) {
        LogicalUnit lu = t.lu;
        int powerCondition = (t.cdb[4] & 0xF0) >>> 4;
        boolean loej = (t.cdb[4] & 0x02) != 0;
        boolean start = (t.cdb[4] & 0x01) != 0;
        if (powerCondition != 0) {
            return CommandSet.EMPTY; // power condition transitions: accepted, no effect on the medium
        }
        if (loej && lu.removable()) {
            if (!lu.preventers.isEmpty()) {
                throw new CheckConditionException.IllegalRequest(ASC_MEDIUM_REMOVAL_PREVENTED,
                        "medium removal is prevented");
            }
            lu.mediumLoaded = start;
        }
        lu.started = start;
        return CommandSet.EMPTY;
    }

    /** PREVENT ALLOW MEDIUM REMOVAL: prevention per I_T nexus. */
    static byte[] preventAllowMediumRemoval(Task t) {
        int prevent = t.cdb[4] & 0x03;
        if (prevent > 1) {
            throw new CheckConditionException.InvalidFieldInCdb(4, 1, "PREVENT value " + prevent + " not supported");
        }
        if (prevent == 1) {
            if (t.lu.removable()) {
                t.lu.preventers.add(t.nexus);
            }
        } else {
            t.lu.preventers.remove(t.nexus);
        }
        return CommandSet.EMPTY;
    }

    /** REPORT SUPPORTED OPERATION CODES (SPC-4 6.35): all commands, or one with its CDB usage data. */
    static byte[] reportSupportedOperationCodes(Task t) {
        boolean rctd = (t.cdb[2] & 0x80) != 0;
        int options = t.cdb[2] & 0x07;
        int opcode = t.cdb[3] & 0xFF;
        int sa = Bytes.u16(t.cdb, 4);
        long alloc = Bytes.u32(t.cdb, 6);
        int timeoutLen = rctd ? 12 : 0;
        byte[] out;
        switch (options) {
            case 0 -> {
                List<CommandSet.Descriptor> all = CommandSet.all();
                out = new byte[4 + all.size() * (8 + timeoutLen)];
                Bytes.put32(out, 0, out.length - 4L);
                int p = 4;
                for (CommandSet.Descriptor d : all) {
                    out[p] = (byte) d.opcode();
                    if (d.serviceAction() >= 0) {
                        Bytes.put16(out, p + 2, d.serviceAction());
                        out[p + 5] = 0x01; // SERVACTV
                    }
                    if (rctd) {
                        out[p + 5] |= 0x02; // CTDP
                    }
                    Bytes.put16(out, p + 6, d.cdbLength());
                    p += 8;
                    if (rctd) {
                        timeouts(out, p);
                        p += 12;
                    }
                }
            }
            case 1, 2, 3 -> {
                boolean familyHasSa = CommandSet.hasServiceActions(opcode);
                if (options == 1 && familyHasSa) {
                    throw new CheckConditionException.InvalidFieldInCdb(2, 2,
                            "REPORTING OPTIONS 001b for an operation code with service actions");
                }
                if (options == 2 && !familyHasSa && CommandSet.lookupOpcode(opcode) != null) {
                    throw new CheckConditionException.InvalidFieldInCdb(2, 2,
                            "REPORTING OPTIONS 010b for an operation code without service actions");
                }
                if (options == 1 && sa != 0) {
                    throw new CheckConditionException.InvalidFieldInCdb(4, 7,
                            "REQUESTED SERVICE ACTION set with REPORTING OPTIONS 001b");
                }
                CommandSet.Descriptor d = familyHasSa ? CommandSet.lookup(opcode, sa)
                        : (options == 3 && sa != 0 ? null : CommandSet.lookup(opcode, -1));
                if (d == null) {
                    out = new byte[4];
                    out[1] = 0x01; // SUPPORT 001b: not supported
                } else {
                    int len = d.cdbLength();
                    out = new byte[4 + len + timeoutLen];
                    out[1] = (byte) ((rctd ? 0x80 : 0) | 0x03); // CTDP, SUPPORT 011b
                    Bytes.put16(out, 2, len);
                    System.arraycopy(d.usage(), 0, out, 4, len);
                    if (rctd) {
                        timeouts(out, 4 + len);
                    }
                }
            }
            default -> throw new CheckConditionException.InvalidFieldInCdb(2, 2,
                    "REPORTING OPTIONS " + options + " not supported");
        }
        return Task.allocation(out, alloc);
    }

    private static void timeouts(byte[] b, int p) {
        Bytes.put16(b, p, 0x0A);
        Bytes.put32(b, p + 4, 0);   // NOMINAL COMMAND PROCESSING TIMEOUT: not specified
        Bytes.put32(b, p + 8, 30);  // RECOMMENDED COMMAND TIMEOUT: 30 s
    }

    /** REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS (SPC-4 6.36). */
    static byte[] reportSupportedTaskManagementFunctions(Task t) {
        boolean repd = (t.cdb[2] & 0x80) != 0;
        long alloc = Bytes.u32(t.cdb, 6);
        if (alloc < 4) {
            throw new CheckConditionException.InvalidFieldInCdb(6, 7, "ALLOCATION LENGTH less than 4");
        }
        byte[] b = new byte[repd ? 16 : 4];
        b[0] = (byte) (0x80 | 0x40 | 0x10 | 0x08 | 0x04 | 0x02); // ATS ATSS CTSS LURS QTS TRS
        b[1] = (byte) (0x02 | 0x01); // QTSS ITNRS
        if (repd) {
            b[3] = 0x0C;
        }
        return Task.allocation(b, alloc);
    }

    /** READ DEFECT DATA (10)/(12): an empty defect list in the requested format. */
    static byte[] readDefectData(Task t) {
        boolean twelve = t.cdb[0] == (byte) READ_DEFECT_DATA_12;
        int flags = (twelve ? t.cdb[1] : t.cdb[2]) & 0x1F;
        long alloc = twelve ? Bytes.u32(t.cdb, 6) : Bytes.u16(t.cdb, 7);
        byte[] b = new byte[twelve ? 8 : 4];
        b[1] = (byte) flags;
        return Task.allocation(b, alloc);
    }
}
