package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.ByteArrayOutputStream;

/** MODE SENSE and MODE SELECT (6) and (10) (SPC-4 6.11-6.14). */
final class ModeCommands {
    private ModeCommands() {
    }

    static byte[] modeSense6(Task t) {
        return modeSense(t, false);
    }

    static byte[] modeSense10(Task t) {
        return modeSense(t, true);
    }

    private static byte[] modeSense(Task t, boolean ten) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        boolean dbd = (c[1] & 0x08) != 0;
        boolean llbaa = ten && (c[1] & 0x10) != 0;
        int pc = (c[2] & 0xC0) >>> 6;
        int page = c[2] & 0x3F;
        int subpage = c[3] & 0xFF;
        long alloc = ten ? Bytes.u16(c, 7) : c[4] & 0xFF;
        if (pc == PC_SAVED) {
            throw new CheckConditionException.IllegalRequest(ASC_SAVING_PARAMETERS_NOT_SUPPORTED,
                    "saved mode values are not supported");
        }
        ByteArrayOutputStream pages = new ByteArrayOutputStream();
        if (page == MODE_PAGE_ALL) {
            if (subpage != 0 && subpage != MODE_SUBPAGE_ALL) {
                throw new CheckConditionException.InvalidFieldInCdb(3, 7, "SUBPAGE CODE " + subpage);
            }
            for (int code : lu.modePages.codes()) {
                byte[] p = lu.modePages.page(code, pc);
                pages.write(p, 0, p.length);
            }
        } else {
            if (!lu.modePages.supports(page)) {
                throw new CheckConditionException.InvalidFieldInCdb(2, 5, String.format("mode page %02Xh", page));
            }
            if (subpage != 0 && subpage != MODE_SUBPAGE_ALL) {
                throw new CheckConditionException.InvalidFieldInCdb(3, 7, "SUBPAGE CODE " + subpage);
            }
            byte[] p = lu.modePages.page(page, pc);
            pages.write(p, 0, p.length);
        }
        byte[] body = pages.toByteArray();
        int headerLen = ten ? 8 : 4;
        int bdLen = dbd ? 0 : (llbaa ? 16 : 8);
        byte[] b = new byte[headerLen + bdLen + body.length];
        int deviceSpecific = 0x10; // DPOFUA
        if (lu.readOnly() || lu.modePages.softwareWriteProtect()) {
            deviceSpecific |= 0x80; // WP
        }
        long blocks = lu.blocks();
        if (ten) {
            Bytes.put16(b, 0, b.length - 2);
            b[3] = (byte) deviceSpecific;
            b[4] = (byte) (llbaa ? 0x01 : 0);
            Bytes.put16(b, 6, bdLen);
        } else {
            b[0] = (byte) (b.length - 1);
            b[2] = (byte) deviceSpecific;
            b[3] = (byte) bdLen;
        }
        if (bdLen == 8) {
            Bytes.put32(b, headerLen, blocks > 0xFFFFFFFFL ? 0xFFFFFFFFL : blocks);
            Bytes.put24(b, headerLen + 5, lu.blockSize());
        } else if (bdLen == 16) {
            Bytes.put64(b, headerLen, blocks);
            Bytes.put32(b, headerLen + 12, lu.blockSize());
        }
        System.arraycopy(body, 0, b, headerLen + bdLen, body.length);
        if (!ten && b.length > 256) {
            throw new IllegalStateException("mode data exceeds MODE SENSE(6) limits");
        }
        return Task.allocation(b, alloc);
    }

    static byte[] modeSelect6(Task t) {
        return modeSelect(t, false);
    }

    static byte[] modeSelect10(Task t) {
        return modeSelect(t, true);
    }

    private static byte[] modeSelect(Task t, boolean ten) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        boolean pf = (c[1] & 0x10) != 0;
        boolean sp = (c[1] & 0x01) != 0;
        int length = ten ? Bytes.u16(c, 7) : c[4] & 0xFF;
        if (sp) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 0, "SP: saving parameters is not supported");
        }
        if (length == 0) {
            return CommandSet.EMPTY;
        }
        if (!pf) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 4, "PF clear: vendor-specific pages");
        }
        int n = t.takeDataOut(length);
        byte[] p = t.dataOut();
        int headerLen = ten ? 8 : 4;
        if (n < headerLen) {
            throw new CheckConditionException.ParameterListLengthError("mode parameter list shorter than its header");
        }
        int bdLen = ten ? Bytes.u16(p, 6) : p[3] & 0xFF;
        boolean longLba = ten && (p[4] & 0x01) != 0;
        if (bdLen != 0 && bdLen != (longLba ? 16 : 8)) {
            throw new CheckConditionException.InvalidFieldInParameterList(ten ? 6 : 3, 7,
                    "BLOCK DESCRIPTOR LENGTH " + bdLen);
        }
        if (headerLen + bdLen > n) {
            throw new CheckConditionException.ParameterListLengthError("block descriptor truncated");
        }
        if (bdLen > 0) {
            int bd = headerLen;
            long blockLen = longLba ? Bytes.u32(p, bd + 12) : Bytes.u24(p, bd + 5);
            if (blockLen != lu.blockSize()) {
                throw new CheckConditionException.InvalidFieldInParameterList(bd + (longLba ? 12 : 5), 7,
                        "LOGICAL BLOCK LENGTH " + blockLen + " cannot be changed");
            }
        }
        boolean changed = lu.modePages.select(p, headerLen + bdLen, n);
        if (changed) {
            lu.unitAttentions.establishAllExcept(t.nexus, ASC_MODE_PARAMETERS_CHANGED);
        }
        return CommandSet.EMPTY;
    }
}
