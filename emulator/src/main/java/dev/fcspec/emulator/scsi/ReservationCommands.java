package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.ArrayList;
import java.util.List;

/**
 * RESERVE/RELEASE (6) and (10) (SPC-2 reservations, with SPC-4 compatible reservation handling) and
 * PERSISTENT RESERVE IN/OUT (SPC-4 6.15, 6.16): CDB and parameter list decoding; the state rules live in
 * {@link PersistentReservations}.
 */
final class ReservationCommands {
    private ReservationCommands() {
    }

    static byte[] reserve(Task t) {
        LogicalUnit lu = t.lu;
        PersistentReservations pr = lu.persistentReservations;
        if (pr.hasRegistrations()) {
            PersistentReservations.Registration r = pr.registrationOf(t.nexus);
            int type = pr.reservationType();
            if (r != null && (type == PR_TYPE_WRITE_EXCLUSIVE || type == PR_TYPE_EXCLUSIVE_ACCESS)) {
                return CommandSet.EMPTY; // CRH: the persistent reservation holder may RESERVE
            }
            throw new ReservationConflictException("RESERVE while persistent reservations are registered");
        }
        ItNexus holder = lu.legacyReservationHolder;
        if (holder != null && !holder.equals(t.nexus)) {
            throw new ReservationConflictException("logical unit reserved by another I_T nexus");
        }
        lu.legacyReservationHolder = t.nexus;
        return CommandSet.EMPTY;
    }

    static byte[] release(Task t) {
        LogicalUnit lu = t.lu;
        if (t.nexus.equals(lu.legacyReservationHolder)) {
            lu.legacyReservationHolder = null;
        }
        return CommandSet.EMPTY;
    }

    static byte[] persistentReserveIn(Task t) {
        int sa = t.cdb[1] & 0x1F;
        int alloc = Bytes.u16(t.cdb, 7);
        PersistentReservations pr = t.lu.persistentReservations;
        byte[] data = switch (sa) {
            case PRIN_READ_KEYS -> pr.readKeys();
            case PRIN_READ_RESERVATION -> pr.readReservation();
            case PRIN_REPORT_CAPABILITIES -> pr.reportCapabilities();
            case PRIN_READ_FULL_STATUS -> pr.readFullStatus();
            default -> throw new CheckConditionException.InvalidFieldInCdb(1, 4, "service action " + sa);
        };
        return Task.allocation(data, alloc);
    }

    static byte[] persistentReserveOut(Task t) {
        LogicalUnit lu = t.lu;
        byte[] c = t.cdb;
        int sa = c[1] & 0x1F;
        int scope = (c[2] & 0xF0) >>> 4;
        int type = c[2] & 0x0F;
        long pll = Bytes.u32(c, 5);
        boolean needsType = sa == PROUT_RESERVE || sa == PROUT_RELEASE || sa == PROUT_PREEMPT
                || sa == PROUT_PREEMPT_AND_ABORT || sa == PROUT_REPLACE_LOST_RESERVATION;
        if (needsType) {
            if (scope != PR_SCOPE_LU) {
                throw new CheckConditionException.InvalidFieldInCdb(2, 7, "SCOPE " + scope + " not supported");
            }
            if (!PersistentReservations.validType(type)) {
                throw new CheckConditionException.InvalidFieldInCdb(2, 3, "TYPE " + type + " not supported");
            }
        }
        if (pll < 24) {
            throw new CheckConditionException.ParameterListLengthError("PERSISTENT RESERVE OUT parameter list of "
                    + pll + " bytes");
        }
        int have = t.takeDataOut(pll);
        if (have < pll) {
            throw new CheckConditionException.ParameterListLengthError("PERSISTENT RESERVE OUT parameter list: "
                    + have + " of " + pll + " bytes received");
        }
        byte[] p = t.dataOut();
        long key = Bytes.u64(p, 0);
        long saKey = Bytes.u64(p, 8);
        PersistentReservations.Effects fx = effects(t);
        if (sa == PROUT_REGISTER_AND_MOVE) {
            registerAndMove(t, p, (int) pll, key, saKey, fx);
            return CommandSet.EMPTY;
        }
        boolean specIPt = (p[20] & 0x08) != 0;
        boolean allTgPt = (p[20] & 0x04) != 0;
        boolean aptpl = (p[20] & 0x01) != 0;
        if (specIPt && sa != PROUT_REGISTER) {
            throw new CheckConditionException.InvalidFieldInParameterList(20, 3,
                    "SPEC_I_PT is only valid with REGISTER");
        }
        if (!specIPt && pll != 24) {
            throw new CheckConditionException.ParameterListLengthError("parameter list length " + pll
                    + " is not 24");
        }
        List<TransportId> specified = specIPt ? transportIds(p, (int) pll) : List.of();
        PersistentReservations pr = lu.persistentReservations;
        switch (sa) {
            case PROUT_REGISTER -> pr.register(t.nexus, false, key, saKey, allTgPt, aptpl, specified, fx);
            case PROUT_REGISTER_AND_IGNORE_EXISTING_KEY -> pr.register(t.nexus, true, key, saKey, allTgPt, aptpl,
                    specified, fx);
            case PROUT_RESERVE -> pr.reserve(t.nexus, key, type);
            case PROUT_RELEASE -> pr.release(t.nexus, key, type, fx);
            case PROUT_CLEAR -> pr.clear(t.nexus, key, fx);
            // PREEMPT AND ABORT aborts the preempted nexuses' tasks; the core runs one command at a time, so
            // none is in the task set and both service actions do the same.
            case PROUT_PREEMPT, PROUT_PREEMPT_AND_ABORT -> pr.preempt(t.nexus, key, saKey, type, fx);
            case PROUT_REPLACE_LOST_RESERVATION -> pr.replaceLostReservation(t.nexus, key, type);
            default -> throw new CheckConditionException.InvalidFieldInCdb(1, 4, "service action " + sa);
        }
        return CommandSet.EMPTY;
    }

    private static List<TransportId> transportIds(byte[] p, int pll) {
        if (pll < 28) {
            throw new CheckConditionException.ParameterListLengthError("SPEC_I_PT without TRANSPORTID PARAMETER "
                    + "DATA LENGTH");
        }
        long len = Bytes.u32(p, 24);
        if (28 + len != pll) {
            throw new CheckConditionException.ParameterListLengthError("TRANSPORTID PARAMETER DATA LENGTH " + len
                    + " does not match the parameter list length " + pll);
        }
        List<TransportId> ids = new ArrayList<>();
        int off = 28;
        while (off < pll) {
            try {
                int n = TransportId.length(p, off, pll);
                ids.add(TransportId.decode(p, off, pll));
                off += n;
            } catch (TransportId.BadTransportId e) {
                throw new CheckConditionException.InvalidFieldInParameterList(off + e.byteOffset, -1, e.getMessage());
            }
        }
        return ids;
    }

    private static void registerAndMove(Task t, byte[] p, int pll, long key, long saKey,
                                        PersistentReservations.Effects fx) {
        boolean unreg = (p[17] & 0x02) != 0;
        boolean aptpl = (p[17] & 0x01) != 0;
        int relPort = Bytes.u16(p, 18);
        long tidLen = Bytes.u32(p, 20);
        if (24 + tidLen > pll) {
            throw new CheckConditionException.ParameterListLengthError("TRANSPORTID LENGTH " + tidLen
                    + " overruns the parameter list");
        }
        TargetPort dest = t.target.port(relPort);
        if (dest == null) {
            throw new CheckConditionException.InvalidFieldInParameterList(18, 7, "no relative target port " + relPort);
        }
        TransportId tid;
        try {
            tid = TransportId.decode(p, 24, (int) (24 + tidLen));
        } catch (TransportId.BadTransportId e) {
            throw new CheckConditionException.InvalidFieldInParameterList(24 + e.byteOffset, -1, e.getMessage());
        }
        t.lu.persistentReservations.registerAndMove(t.nexus, key, saKey, unreg, aptpl, tid, dest, fx);
    }

    private static PersistentReservations.Effects effects(Task t) {
        LogicalUnit lu = t.lu;
        return new PersistentReservations.Effects() {
            @Override
            public void unitAttention(PersistentReservations.Registration to, int ascAscq) {
                lu.unitAttentions.establishWhere(n -> !n.equals(t.nexus) && to.matches(n), ascAscq);
            }

        };
    }
}
