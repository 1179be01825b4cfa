package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** REPORT TARGET PORT GROUPS and SET TARGET PORT GROUPS (SPC-4 6.29, 6.38). */
final class AluaCommands {
    private AluaCommands() {
    }

    static byte[] reportTargetPortGroups(Task t) {
        int format = (t.cdb[1] & 0xE0) >>> 5;
        long alloc = Bytes.u32(t.cdb, 6);
        if (format > 1) {
            throw new CheckConditionException.InvalidFieldInCdb(1, 7, "PARAMETER DATA FORMAT " + format);
        }
        return Task.allocation(t.target.alua().report(format == 1), alloc);
    }

    static byte[] setTargetPortGroups(Task t) {
        long pll = Bytes.u32(t.cdb, 6);
        if (pll == 0) {
            return CommandSet.EMPTY;
        }
        int n = t.takeDataOut(pll);
        if (n < pll || pll < 4 || (pll - 4) % 4 != 0) {
            throw new CheckConditionException.ParameterListLengthError("SET TARGET PORT GROUPS parameter list of "
                    + pll + " bytes");
        }
        byte[] p = t.dataOut();
        AluaTargetPortGroups alua = t.target.alua();
        Map<Integer, AsymmetricAccessState> requested = new LinkedHashMap<>();
        for (int off = 4; off < pll; off += 4) {
            int code = p[off] & 0x0F;
            int group = Bytes.u16(p, off + 2);
            AsymmetricAccessState s = AsymmetricAccessState.ofCode(code);
            if (s == null || s == AsymmetricAccessState.TRANSITIONING) {
                throw new CheckConditionException.InvalidFieldInParameterList(off, 3,
                        "asymmetric access state " + code + " cannot be set");
            }
            if (!alua.contains(group)) {
                throw new CheckConditionException.InvalidFieldInParameterList(off + 2, 7,
                        "no target port group " + group);
            }
            if (requested.put(group, s) != null) {
                throw new CheckConditionException.InvalidFieldInParameterList(off + 2, 7,
                        "target port group " + group + " named twice");
            }
        }
        List<Integer> changed = alua.setExplicit(requested);
        if (!changed.isEmpty()) {
            for (LogicalUnit lu : t.target.units().values()) {
                lu.unitAttentions.establishAllExcept(t.nexus, ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
            }
        }
        return CommandSet.EMPTY;
    }
}
