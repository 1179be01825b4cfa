package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Persistent reservation state of one logical unit (SPC-4 5.13): registrations per I_T nexus (or per initiator
 * port across all target ports with ALL_TG_PT), the reservation and its type, the PRgeneration and APTPL.
 * Each PERSISTENT RESERVE OUT service action checks everything first and changes state only when it succeeds.
 */
final class PersistentReservations {

    /** One registration: an initiator port (or device) on one target port (or all of them) with its key. */
    static final class Registration {
        final TransportId initiator;
        final TargetPort target; // null: ALL_TG_PT
        long key;

        Registration(TransportId initiator, TargetPort target, long key) {
            this.initiator = initiator;
            this.target = target;
            this.key = key;
        }

        boolean matches(ItNexus n) {
            return initiator.matches(n.initiator()) && (target == null || target.equals(n.target()));
        }
    }

    /** Access classes of commands against a persistent reservation (SPC-4 table 5.13, SBC-3 table 13). */
    enum Access { ALLOWED, READ, WRITE }

    private final List<Registration> registrations = new ArrayList<>();
    /** Where APTPL state persists across power loss of the emulator process; null: in memory only. */
    private final java.nio.file.Path file;

    PersistentReservations() {
        this(null);
    }

    PersistentReservations(java.nio.file.Path file) {
        this.file = file;
        if (file != null && java.nio.file.Files.exists(file)) {
            load();
        }
    }
    private Registration holder; // for all-registrants types: any registration (all are holders)
    private int type;   // 0: no reservation
    private int generation;
    private boolean aptpl;

    // ---- queries ---------------------------------------------------------------------------------

    Registration registrationOf(ItNexus n) {
        for (Registration r : registrations) {
            if (r.matches(n)) {
                return r;
            }
        }
        return null;
    }

    boolean hasRegistrations() {
        return !registrations.isEmpty();
    }

    boolean hasReservation() {
        return type != 0;
    }

    int generation() {
        return generation;
    }

    boolean aptpl() {
        return aptpl;
    }

    static boolean allRegistrants(int type) {
        return type == PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS || type == PR_TYPE_EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
    }

    static boolean validType(int type) {
        return type == PR_TYPE_WRITE_EXCLUSIVE || type == PR_TYPE_EXCLUSIVE_ACCESS
                || type == PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY || type == PR_TYPE_EXCLUSIVE_ACCESS_REGISTRANTS_ONLY
                || allRegistrants(type);
    }

    private boolean isHolder(Registration r) {
        if (r == null || type == 0) {
            return false;
        }
        return allRegistrants(type) || r == holder;
    }

    /** Throws RESERVATION CONFLICT when a command of the access class may not run on the nexus now. */
    void checkAccess(ItNexus n, Access access) {
        if (access == Access.ALLOWED || type == 0) {
            return;
        }
        Registration r = registrationOf(n);
        if (isHolder(r)) {
            return;
        }
        boolean conflict;
        switch (type) {
            case PR_TYPE_WRITE_EXCLUSIVE -> conflict = access == Access.WRITE;
            case PR_TYPE_EXCLUSIVE_ACCESS -> conflict = true;
            case PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, PR_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS ->
                    conflict = r == null && access == Access.WRITE;
            default -> conflict = r == null;
        }
        if (conflict) {
            throw new ReservationConflictException("persistent reservation of type " + type
                    + " held by another I_T nexus");
        }
    }

    // ---- PERSISTENT RESERVE IN ----------------------------------------------------------------------

    byte[] readKeys() {
        byte[] b = new byte[8 + 8 * registrations.size()];
        Bytes.put32(b, 0, generation);
        Bytes.put32(b, 4, 8L * registrations.size());
        int p = 8;
        for (Registration r : registrations) {
            Bytes.put64(b, p, r.key);
            p += 8;
        }
        return b;
    }

    byte[] readReservation() {
        if (type == 0) {
            byte[] b = new byte[8];
            Bytes.put32(b, 0, generation);
            return b;
        }
        byte[] b = new byte[24];
        Bytes.put32(b, 0, generation);
        Bytes.put32(b, 4, 16);
        Bytes.put64(b, 8, allRegistrants(type) ? 0 : holder.key);
        b[21] = (byte) (PR_SCOPE_LU << 4 | type);
        return b;
    }

    byte[] reportCapabilities() {
        byte[] b = new byte[8];
        Bytes.put16(b, 0, 8);
        b[2] = (byte) (0x80 | 0x10 | 0x08 | 0x04 | 0x01); // RLR_C, CRH, SIP_C, ATP_C, PTPL_C
        b[3] = (byte) (0x80 | (aptpl ? 0x01 : 0)); // TMV, ALLOW COMMANDS 000b, PTPL_A
        b[4] = (byte) (0x80 | 0x40 | 0x20 | 0x08 | 0x02); // WR_EX_AR, EX_AC_RO, WR_EX_RO, EX_AC, WR_EX
        b[5] = 0x01; // EX_AC_AR
        return b;
    }

    byte[] readFullStatus() {
        List<byte[]> descs = new ArrayList<>();
        int total = 0;
        for (Registration r : registrations) {
            byte[] tid = r.initiator.encode();
            byte[] d = new byte[24 + tid.length];
            Bytes.put64(d, 0, r.key);
            d[12] = (byte) ((r.target == null ? 0x02 : 0) | (isHolder(r) ? 0x01 : 0));
            if (isHolder(r)) {
                d[13] = (byte) (PR_SCOPE_LU << 4 | type);
            }
            Bytes.put16(d, 18, r.target == null ? 0 : r.target.relativePortId());
            Bytes.put32(d, 20, tid.length);
            System.arraycopy(tid, 0, d, 24, tid.length);
            descs.add(d);
            total += d.length;
        }
        byte[] b = new byte[8 + total];
        Bytes.put32(b, 0, generation);
        Bytes.put32(b, 4, total);
        int p = 8;
        for (byte[] d : descs) {
            System.arraycopy(d, 0, b, p, d.length);
            p += d.length;
        }
        return b;
    }

    // ---- PERSISTENT RESERVE OUT ---------------------------------------------------------------------

    /** Receives unit attentions to establish: (registration whose nexuses get it, ASC/ASCQ). */
    interface Effects {
        void unitAttention(Registration to, int ascAscq);
    }

    private static ReservationConflictException conflict(String why) {
        return new ReservationConflictException(why);
    }

    /**
     * REGISTER / REGISTER AND IGNORE EXISTING KEY.
     *
     * @param specified additional initiators named by SPEC_I_PT TransportIDs (empty when SPEC_I_PT = 0)
     */
    void register(ItNexus n, boolean ignoreExisting, long key, long saKey, boolean allTgPt,
                  boolean aptplBit, List<TransportId> specified, Effects fx) {
        Registration r = registrationOf(n);
        if (r == null) {
            if (!ignoreExisting && key != 0) {
                throw conflict("REGISTER from an unregistered I_T nexus with a non-zero reservation key");
            }
            if (saKey == 0) {
                return; // nothing to register
            }
            // validate every specified initiator before changing anything
            List<Registration> fresh = new ArrayList<>();
            TargetPort target = allTgPt ? null : n.target();
            fresh.add(new Registration(TransportId.of(n.initiator()), target, saKey));
            for (TransportId t : specified) {
                for (Registration existing : registrations) {
                    if (existing.initiator.equals(t) && (existing.target == null || target == null
                            || existing.target.equals(target))) {
                        throw new CheckConditionException.InvalidFieldInParameterList(24, -1,
                                "SPEC_I_PT names an I_T nexus that is already registered");
                    }
                }
                fresh.add(new Registration(t, target, saKey));
            }
            registrations.addAll(fresh);
            aptpl = aptplBit;
            generation++;
            persist();
            return;
        }
        if (!specified.isEmpty()) {
            throw new CheckConditionException.InvalidFieldInParameterList(20, 3,
                    "SPEC_I_PT set by an I_T nexus that is already registered");
        }
        if (!ignoreExisting && key != r.key) {
            throw conflict("REGISTER with a reservation key that does not match the registration");
        }
        if (saKey == 0) {
            unregister(r, fx);
        } else {
            r.key = saKey;
        }
        aptpl = aptplBit;
        generation++;
        persist();
    }

    private void unregister(Registration r, Effects fx) {
        boolean wasHolder = isHolder(r);
        registrations.remove(r);
        if (!wasHolder) {
            return;
        }
        if (allRegistrants(type)) {
            if (registrations.isEmpty()) {
                clearReservation();
            }
            return;
        }
        int oldType = type;
        clearReservation();
        if (oldType == PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY || oldType == PR_TYPE_EXCLUSIVE_ACCESS_REGISTRANTS_ONLY) {
            for (Registration other : registrations) {
                fx.unitAttention(other, ASC_RESERVATIONS_RELEASED);
            }
        }
    }

    private void clearReservation() {
        holder = null;
        type = 0;
    }

    void reserve(ItNexus n, long key, int newType) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("RESERVE from an unregistered I_T nexus or with a wrong key");
        }
        if (type != 0) {
            if (isHolder(r) && type == newType) {
                return;
            }
            throw conflict("a persistent reservation is already held");
        }
        type = newType;
        holder = r;
        persist();
    }

    /** REPLACE LOST RESERVATION: the registered nexus takes a reservation of the type (none may be held by others). */
    void replaceLostReservation(ItNexus n, long key, int newType) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("REPLACE LOST RESERVATION from an unregistered I_T nexus or with a wrong key");
        }
        if (type != 0 && !isHolder(r)) {
            throw conflict("a persistent reservation is held by another I_T nexus");
        }
        type = newType;
        holder = r;
        generation++;
        persist();
    }

    void release(ItNexus n, long key, int relType, Effects fx) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("RELEASE from an unregistered I_T nexus or with a wrong key");
        }
        if (type == 0 || !isHolder(r)) {
            return;
        }
        if (relType != type) {
            throw new CheckConditionException.InvalidFieldInParameterList(
                    ASC_INVALID_RELEASE_OF_PERSISTENT_RESERVATION, -1, -1,
                    "RELEASE type " + relType + " does not match the reservation type " + type);
        }
        int oldType = type;
        clearReservation();
        if (oldType != PR_TYPE_WRITE_EXCLUSIVE && oldType != PR_TYPE_EXCLUSIVE_ACCESS) {
            for (Registration other : registrations) {
                if (other != r) {
                    fx.unitAttention(other, ASC_RESERVATIONS_RELEASED);
                }
            }
        }
        persist();
    }

    void clear(ItNexus n, long key, Effects fx) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("CLEAR from an unregistered I_T nexus or with a wrong key");
        }
        for (Registration other : registrations) {
            if (other != r) {
                fx.unitAttention(other, ASC_RESERVATIONS_PREEMPTED);
            }
        }
        registrations.clear();
        clearReservation();
        generation++;
        persist();
    }

    void preempt(ItNexus n, long key, long saKey, int newType, Effects fx) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("PREEMPT from an unregistered I_T nexus or with a wrong key");
        }
        List<Registration> victims = new ArrayList<>();
        if (type != 0 && allRegistrants(type)) {
            if (saKey == 0) {
                // remove every other registration, reserve anew for the preempting nexus
                for (Registration other : registrations) {
                    if (other != r) {
                        victims.add(other);
                    }
                }
                removeVictims(victims, fx);
                type = newType;
                holder = r;
                generation++;
                persist();
                return;
            }
            for (Registration other : registrations) {
                if (other.key == saKey && other != r) {
                    victims.add(other);
                }
            }
            if (victims.isEmpty()) {
                throw conflict("PREEMPT: no registration with the service action reservation key");
            }
            removeVictims(victims, fx);
            generation++;
            persist();
            return;
        }
        if (type != 0 && holder.key == saKey) {
            // preempt the reservation: remove the holder's key registrations, reserve for the preempting nexus
            for (Registration other : registrations) {
                if (other.key == saKey && other != r) {
                    victims.add(other);
                }
            }
            int oldType = type;
            removeVictims(victims, fx);
            if (oldType != newType) {
                for (Registration other : registrations) {
                    if (other != r) {
                        fx.unitAttention(other, ASC_RESERVATIONS_RELEASED);
                    }
                }
            }
            type = newType;
            holder = r;
            generation++;
            persist();
            return;
        }
        if (saKey == 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(8, -1,
                    "PREEMPT with a zero service action reservation key");
        }
        for (Registration other : registrations) {
            if (other.key == saKey) {
                victims.add(other);
            }
        }
        if (victims.isEmpty()) {
            throw conflict("PREEMPT: no registration with the service action reservation key");
        }
        removeVictims(victims, fx);
        generation++;
        persist();
    }

    /**
     * Removes preempted registrations. PREEMPT AND ABORT has nothing more to do here: the core runs one
     * command at a time to completion, so no task of a preempted nexus is in the task set.
     */
    private void removeVictims(List<Registration> victims, Effects fx) {
        for (Registration v : victims) {
            registrations.remove(v);
            if (v == holder) {
                holder = null;
                if (!allRegistrants(type)) {
                    type = 0;
                }
            }
            fx.unitAttention(v, ASC_REGISTRATIONS_PREEMPTED);
        }
    }

    void registerAndMove(ItNexus n, long key, long saKey, boolean unreg, boolean aptplBit,
                                      TransportId dest, TargetPort destPort, Effects fx) {
        Registration r = registrationOf(n);
        if (r == null || r.key != key) {
            throw conflict("REGISTER AND MOVE from an unregistered I_T nexus or with a wrong key");
        }
        if (type == 0 || !isHolder(r)) {
            throw conflict("REGISTER AND MOVE from an I_T nexus that does not hold the reservation");
        }
        if (allRegistrants(type)) {
            throw conflict("REGISTER AND MOVE of an all-registrants reservation");
        }
        if (saKey == 0) {
            throw new CheckConditionException.InvalidFieldInParameterList(8, -1,
                    "REGISTER AND MOVE with a zero service action reservation key");
        }
        if (dest.matches(n.initiator()) && destPort.equals(n.target())) {
            throw new CheckConditionException.InvalidFieldInParameterList(24, -1,
                    "REGISTER AND MOVE to the I_T nexus that holds the reservation");
        }
        Registration d = null;
        for (Registration other : registrations) {
            if (other.initiator.equals(dest) && (other.target == null || other.target.equals(destPort))) {
                d = other;
            }
        }
        if (d == null) {
            d = new Registration(dest, destPort, saKey);
            registrations.add(d);
        } else {
            d.key = saKey;
        }
        holder = d;
        if (unreg) {
            registrations.remove(r);
        }
        aptpl = aptplBit;
        generation++;
        persist();
    }

    /** I_T nexus loss, LUN reset: persistent reservations are kept (SPC-4 5.13.1). */
    void powerLoss() {
        if (!aptpl) {
            registrations.clear();
            clearReservation();
        }
    }

    /** Registrations whose nexus set includes {@code n}'s initiator, for tests and status. */
    int registrationCount() {
        return registrations.size();
    }

    Set<Long> keys() {
        Set<Long> s = new java.util.LinkedHashSet<>();
        for (Registration r : registrations) {
            s.add(r.key);
        }
        return s;
    }

    int reservationType() {
        return type;
    }


    // ---- APTPL persistence -------------------------------------------------------------------------------

    /** Writes the state when APTPL is set (atomically: a temporary file renamed), removes the file otherwise. */
    private void persist() {
        if (file == null) {
            return;
        }
        try {
            if (!aptpl) {
                java.nio.file.Files.deleteIfExists(file);
                return;
            }
            StringBuilder out = new StringBuilder("fcspec-persistent-reservations 1\n");
            out.append("generation ").append(generation).append('\n');
            out.append("reservation ").append(type).append(' ').append(type == 0 ? -1 : registrations.indexOf(holder))
                    .append('\n');
            for (Registration r : registrations) {
                out.append("registration ").append(Long.toHexString(r.key)).append(' ')
                        .append(r.initiator.protocol()).append(' ').append(enc(r.initiator.deviceName())).append(' ')
                        .append(r.initiator.portName() == null ? "-" : enc(r.initiator.portName()));
                if (r.target == null) {
                    out.append(" - - -");
                } else {
                    out.append(' ').append(r.target.protocol()).append(' ').append(enc(r.target.name())).append(' ')
                            .append(r.target.relativePortId());
                }
                out.append('\n');
            }
            java.nio.file.Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            java.nio.file.Files.writeString(tmp, out);
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot persist reservations to " + file, e);
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void load() {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read reservations from " + file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals("fcspec-persistent-reservations 1")) {
            throw new IllegalStateException(file + " is not a persistent reservation file");
        }
        int holderIndex = -1;
        int t = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "generation" -> generation = Integer.parseInt(f[1]);
                case "reservation" -> {
                    t = Integer.parseInt(f[1]);
                    holderIndex = Integer.parseInt(f[2]);
                }
                case "registration" -> {
                    TransportProtocol proto = TransportProtocol.valueOf(f[2]);
                    TransportId id = new TransportId(proto, dec(f[3]), f[4].equals("-") ? null : dec(f[4]));
                    TargetPort target = f[5].equals("-") ? null
                            : new TargetPort(TransportProtocol.valueOf(f[5]), dec(f[6]), Integer.parseInt(f[7]));
                    registrations.add(new Registration(id, target, Long.parseUnsignedLong(f[1], 16)));
                }
                default -> throw new IllegalStateException(file + ": unknown line '" + line + "'");
            }
        }
        aptpl = true;
        if (t != 0 && holderIndex >= 0 && holderIndex < registrations.size()) {
            type = t;
            holder = registrations.get(holderIndex);
        }
    }
}
