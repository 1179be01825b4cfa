package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The commands the core supports: operation code (and service action), CDB usage data (which bits the device
 * server evaluates; any other bit set is INVALID FIELD IN CDB, and REPORT SUPPORTED OPERATION CODES reports
 * it), how the command interacts with unit attentions, ALUA states, reservations and the medium, and its
 * handler.
 */
final class CommandSet {
    static final byte[] EMPTY = new byte[0];

    /** Served even when the LUN addresses no logical unit (INQUIRY, REQUEST SENSE, REPORT LUNS). */
    static final int NO_LU_NEEDED = 1;
    /** Not blocked by a pending unit attention (INQUIRY, REPORT LUNS, REQUEST SENSE). */
    static final int UA_EXEMPT = 1 << 1;
    /** Accesses the medium: NOT READY when stopped or when the medium is not present. */
    static final int MEDIUM = 1 << 2;
    /** Changes the medium: DATA PROTECT on a write-protected unit. */
    static final int WRITES = 1 << 3;
    /** Reads the medium or unit state: conflicts with exclusive-access persistent reservations. */
    static final int PR_READ = 1 << 4;
    /** Changes the medium or unit state: conflicts with every persistent reservation type. */
    static final int PR_WRITE = 1 << 5;
    /** Allowed while another I_T nexus holds a RESERVE(6)/(10) reservation. */
    static final int LEGACY_RESERVATION_OK = 1 << 6;
    static final int ALUA_STANDBY_OK = 1 << 7;
    static final int ALUA_UNAVAILABLE_OK = 1 << 8;
    static final int ALUA_TRANSITIONING_OK = 1 << 9;

    static final int ALUA_ALWAYS = ALUA_STANDBY_OK | ALUA_UNAVAILABLE_OK | ALUA_TRANSITIONING_OK;

    @FunctionalInterface
    interface Handler {
        /** Executes the command; returns the data-in (before EXPECTED DATA TRANSFER LENGTH truncation). */
        byte[] run(Task task);
    }

    /**
     * @param serviceAction service action, or -1 for a command without one
     * @param usage         CDB usage data; its length is the CDB length
     */
    record Descriptor(int opcode, int serviceAction, String name, byte[] usage, int flags, Handler handler) {
        int cdbLength() {
            return usage.length;
        }
    }

    private static final Descriptor[] BY_OPCODE = new Descriptor[256];
    private static final Descriptor[][] BY_SERVICE_ACTION = new Descriptor[256][];
    private static final List<Descriptor> ALL = new ArrayList<>();

    private static byte[] usage(int... b) {
        byte[] u = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            u[i] = (byte) b[i];
        }
        return u;
    }

    private static void add(int opcode, String name, byte[] usage, int flags, Handler h) {
        Descriptor d = new Descriptor(opcode, -1, name, usage, flags, h);
        BY_OPCODE[opcode] = d;
        ALL.add(d);
    }

    private static void addSa(int opcode, int sa, String name, byte[] usage, int flags, Handler h) {
        Descriptor d = new Descriptor(opcode, sa, name, usage, flags, h);
        if (BY_SERVICE_ACTION[opcode] == null) {
            BY_SERVICE_ACTION[opcode] = new Descriptor[32];
            BY_OPCODE[opcode] = new Descriptor(opcode, -2, name, usage, 0, null);
        }
        BY_SERVICE_ACTION[opcode][sa] = d;
        ALL.add(d);
    }

    static {
        final int rd = MEDIUM | PR_READ;
        final int wr = MEDIUM | WRITES | PR_WRITE;
        final int any = UA_EXEMPT | NO_LU_NEEDED | LEGACY_RESERVATION_OK | ALUA_ALWAYS;
        // SPC-4
        add(TEST_UNIT_READY, "TEST UNIT READY", usage(0x00, 0, 0, 0, 0, 0), MEDIUM, PrimaryCommands::testUnitReady);
        add(REQUEST_SENSE, "REQUEST SENSE", usage(0x03, 0x01, 0, 0, 0xFF, 0), any, PrimaryCommands::requestSense);
        add(INQUIRY, "INQUIRY", usage(0x12, 0x01, 0xFF, 0xFF, 0xFF, 0), any, Inquiry::inquiry);
        add(MODE_SELECT_6, "MODE SELECT(6)", usage(0x15, 0x11, 0, 0, 0xFF, 0),
                PR_WRITE | ALUA_STANDBY_OK, ModeCommands::modeSelect6);
        add(RESERVE_6, "RESERVE(6)", usage(0x16, 0, 0, 0, 0, 0), 0, ReservationCommands::reserve);
        add(RELEASE_6, "RELEASE(6)", usage(0x17, 0, 0, 0, 0, 0), LEGACY_RESERVATION_OK,
                ReservationCommands::release);
        add(MODE_SENSE_6, "MODE SENSE(6)", usage(0x1A, 0x08, 0xFF, 0xFF, 0xFF, 0), PR_READ | ALUA_STANDBY_OK,
                ModeCommands::modeSense6);
        add(START_STOP_UNIT, "START STOP UNIT", usage(0x1B, 0x01, 0, 0x0F, 0xF7, 0), PR_WRITE,
                PrimaryCommands::startStopUnit);
        add(PREVENT_ALLOW_MEDIUM_REMOVAL, "PREVENT ALLOW MEDIUM REMOVAL", usage(0x1E, 0, 0, 0, 0x03, 0),
                0, PrimaryCommands::preventAllowMediumRemoval);
        add(MODE_SELECT_10, "MODE SELECT(10)", usage(0x55, 0x11, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                PR_WRITE | ALUA_STANDBY_OK, ModeCommands::modeSelect10);
        add(RESERVE_10, "RESERVE(10)", usage(0x56, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0,
                ReservationCommands::reserve);
        add(RELEASE_10, "RELEASE(10)", usage(0x57, 0, 0, 0, 0, 0, 0, 0, 0, 0), LEGACY_RESERVATION_OK,
                ReservationCommands::release);
        add(MODE_SENSE_10, "MODE SENSE(10)", usage(0x5A, 0x18, 0xFF, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0),
                PR_READ | ALUA_STANDBY_OK, ModeCommands::modeSense10);
        for (int sa = PRIN_READ_KEYS; sa <= PRIN_READ_FULL_STATUS; sa++) {
            addSa(PERSISTENT_RESERVE_IN, sa, "PERSISTENT RESERVE IN", usage(0x5E, sa, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                    ALUA_STANDBY_OK, ReservationCommands::persistentReserveIn);
        }
        for (int sa = PROUT_REGISTER; sa <= PROUT_REPLACE_LOST_RESERVATION; sa++) {
            addSa(PERSISTENT_RESERVE_OUT, sa, "PERSISTENT RESERVE OUT",
                    usage(0x5F, sa, 0xFF, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0), ALUA_STANDBY_OK,
                    ReservationCommands::persistentReserveOut);
        }
        add(REPORT_LUNS, "REPORT LUNS", usage(0xA0, 0, 0xFF, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0), any,
                PrimaryCommands::reportLuns);
        addSa(MAINTENANCE_IN, MI_REPORT_TARGET_PORT_GROUPS, "REPORT TARGET PORT GROUPS",
                usage(0xA3, 0xEA, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                ALUA_ALWAYS | LEGACY_RESERVATION_OK, AluaCommands::reportTargetPortGroups);
        addSa(MAINTENANCE_IN, MI_REPORT_SUPPORTED_OPERATION_CODES, "REPORT SUPPORTED OPERATION CODES",
                usage(0xA3, 0x0C, 0x87, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                ALUA_ALWAYS | LEGACY_RESERVATION_OK, PrimaryCommands::reportSupportedOperationCodes);
        addSa(MAINTENANCE_IN, MI_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS,
                "REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS",
                usage(0xA3, 0x0D, 0x80, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                ALUA_ALWAYS | LEGACY_RESERVATION_OK, PrimaryCommands::reportSupportedTaskManagementFunctions);
        addSa(MAINTENANCE_OUT, MO_SET_TARGET_PORT_GROUPS, "SET TARGET PORT GROUPS",
                usage(0xA4, 0x0A, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                PR_WRITE | ALUA_STANDBY_OK | ALUA_UNAVAILABLE_OK, AluaCommands::setTargetPortGroups);
        // SBC-3
        add(READ_6, "READ(6)", usage(0x08, 0x1F, 0xFF, 0xFF, 0xFF, 0), rd, BlockCommands::read);
        add(WRITE_6, "WRITE(6)", usage(0x0A, 0x1F, 0xFF, 0xFF, 0xFF, 0), wr, BlockCommands::write);
        add(READ_CAPACITY_10, "READ CAPACITY(10)", usage(0x25, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x01, 0), MEDIUM,
                BlockCommands::readCapacity10);
        add(READ_10, "READ(10)", usage(0x28, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), rd,
                BlockCommands::read);
        add(WRITE_10, "WRITE(10)", usage(0x2A, 0xFA, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), wr,
                BlockCommands::write);
        add(WRITE_AND_VERIFY_10, "WRITE AND VERIFY(10)",
                usage(0x2E, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), wr, BlockCommands::write);
        add(VERIFY_10, "VERIFY(10)", usage(0x2F, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), rd,
                BlockCommands::verify);
        add(PRE_FETCH_10, "PRE-FETCH(10)", usage(0x34, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), rd,
                BlockCommands::preFetch);
        add(SYNCHRONIZE_CACHE_10, "SYNCHRONIZE CACHE(10)",
                usage(0x35, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), MEDIUM | PR_WRITE,
                BlockCommands::synchronizeCache);
        add(READ_DEFECT_DATA_10, "READ DEFECT DATA(10)", usage(0x37, 0, 0x1F, 0, 0, 0, 0, 0xFF, 0xFF, 0),
                PR_READ, PrimaryCommands::readDefectData);
        add(WRITE_SAME_10, "WRITE SAME(10)", usage(0x41, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0xFF, 0xFF, 0), wr,
                Provisioning::writeSame);
        add(UNMAP, "UNMAP", usage(0x42, 0x00, 0, 0, 0, 0, 0x3F, 0xFF, 0xFF, 0), wr, Provisioning::unmap);
        add(READ_16, "READ(16)", usage(0x88, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0x3F, 0), rd, BlockCommands::read);
        add(COMPARE_AND_WRITE, "COMPARE AND WRITE", usage(0x89, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0, 0, 0, 0xFF, 0x3F, 0), wr, BlockCommands::compareAndWrite);
        add(ORWRITE_16, "ORWRITE(16)", usage(0x8B, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0x3F, 0), wr, BlockCommands::orWrite);
        add(WRITE_ATOMIC_16, "WRITE ATOMIC(16)", usage(0x9C, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), wr, BlockCommands::writeAtomic16);
        addSa(EXTENDED_COPY, 0x00, "EXTENDED COPY(LID1)", usage(0x83, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF,
                0xFF, 0xFF, 0, 0), wr, ExtendedCopy::extendedCopy);
        addSa(RECEIVE_COPY_RESULTS, RCR_COPY_STATUS, "RECEIVE COPY RESULTS(COPY STATUS)", usage(0x84,
                RCR_COPY_STATUS, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0), PR_READ,
                ExtendedCopy::receiveCopyResults);
        addSa(RECEIVE_COPY_RESULTS, RCR_OPERATING_PARAMETERS, "RECEIVE COPY RESULTS(OPERATING PARAMETERS)",
                usage(0x84, RCR_OPERATING_PARAMETERS, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0),
                PR_READ, ExtendedCopy::receiveCopyResults);
        add(WRITE_16, "WRITE(16)", usage(0x8A, 0xFA, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0x3F, 0), wr, BlockCommands::write);
        add(WRITE_AND_VERIFY_16, "WRITE AND VERIFY(16)", usage(0x8E, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), wr, BlockCommands::write);
        add(VERIFY_16, "VERIFY(16)", usage(0x8F, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0x3F, 0), rd, BlockCommands::verify);
        add(PRE_FETCH_16, "PRE-FETCH(16)", usage(0x90, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0x3F, 0), rd, BlockCommands::preFetch);
        add(SYNCHRONIZE_CACHE_16, "SYNCHRONIZE CACHE(16)", usage(0x91, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), MEDIUM | PR_WRITE, BlockCommands::synchronizeCache);
        add(WRITE_SAME_16, "WRITE SAME(16)", usage(0x93, 0xF9, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), wr, Provisioning::writeSame);
        addSa(SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, "READ CAPACITY(16)", usage(0x9E, 0x10, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0), MEDIUM, BlockCommands::readCapacity16);
        addSa(SERVICE_ACTION_IN_16, SAI_GET_LBA_STATUS, "GET LBA STATUS", usage(0x9E, 0x12, 0xFF, 0xFF, 0xFF,
                0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0), MEDIUM | PR_READ,
                Provisioning::getLbaStatus);
        add(READ_12, "READ(12)", usage(0xA8, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), rd,
                BlockCommands::read);
        add(WRITE_12, "WRITE(12)", usage(0xAA, 0xFA, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), wr,
                BlockCommands::write);
        add(WRITE_AND_VERIFY_12, "WRITE AND VERIFY(12)",
                usage(0xAE, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), wr, BlockCommands::write);
        add(VERIFY_12, "VERIFY(12)", usage(0xAF, 0xF6, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F, 0), rd,
                BlockCommands::verify);
        add(READ_DEFECT_DATA_12, "READ DEFECT DATA(12)", usage(0xB7, 0x1F, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0,
                0), PR_READ, PrimaryCommands::readDefectData);
        ALL.sort((a, b) -> a.opcode != b.opcode ? Integer.compare(a.opcode, b.opcode)
                : Integer.compare(a.serviceAction, b.serviceAction));
    }

    private CommandSet() {
    }

    /** Every supported command, by operation code then service action. */
    static List<Descriptor> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The descriptor of an operation code (for service-action families, a stand-in with no flags), or null. */
    static Descriptor lookupOpcode(int opcode) {
        return BY_OPCODE[opcode];
    }

    static boolean hasServiceActions(int opcode) {
        return BY_SERVICE_ACTION[opcode] != null;
    }

    /** The descriptor of an operation code and service action, or null when not supported. */
    static Descriptor lookup(int opcode, int serviceAction) {
        if (BY_SERVICE_ACTION[opcode] != null) {
            return serviceAction >= 0 && serviceAction < 32 ? BY_SERVICE_ACTION[opcode][serviceAction] : null;
        }
        return serviceAction < 0 ? BY_OPCODE[opcode] : null;
    }

    /** The descriptor for a CDB; INVALID COMMAND OPERATION CODE when not supported. */
    static Descriptor lookup(byte[] cdb) {
        int opcode = cdb[0] & 0xFF;
        if (BY_SERVICE_ACTION[opcode] != null) {
            int sa = cdb.length > 1 ? cdb[1] & 0x1F : -1;
            Descriptor d = sa >= 0 ? BY_SERVICE_ACTION[opcode][sa] : null;
            if (d == null) {
                if (opcode == PERSISTENT_RESERVE_IN || opcode == PERSISTENT_RESERVE_OUT) {
                    throw new CheckConditionException.InvalidFieldInCdb(1, 4, "service action " + sa
                            + " not supported");
                }
                throw new CheckConditionException.InvalidOpcode(opcode, sa);
            }
            return d;
        }
        Descriptor d = BY_OPCODE[opcode];
        if (d == null) {
            throw new CheckConditionException.InvalidOpcode(opcode, -1);
        }
        return d;
    }

    /** Checks the CDB length and that no bit outside the usage data is set (reserved fields, NACA, LINK). */
    static void checkCdb(Descriptor d, byte[] cdb) {
        byte[] usage = d.usage();
        if (cdb.length < usage.length) {
            throw new CheckConditionException.InvalidFieldInCdb(cdb.length - 1, -1, "CDB shorter than "
                    + usage.length + " bytes");
        }
        for (int i = 1; i < usage.length; i++) {
            int bad = cdb[i] & ~usage[i] & 0xFF;
            if (bad != 0) {
                throw new CheckConditionException.InvalidFieldInCdb(i, 31 - Integer.numberOfLeadingZeros(bad),
                        String.format("%s: reserved or unsupported bits %02Xh", d.name(), bad));
            }
        }
    }
}
