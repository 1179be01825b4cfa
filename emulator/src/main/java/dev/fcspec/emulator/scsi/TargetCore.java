package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The fabric-agnostic SCSI target core (as Linux LIO's target core): logical units under LUNs, target ports in
 * ALUA target port groups, LUN masking per initiator; commands are checked in the order SAM-5/SPC-4 give
 * (LUN, unit attention, CDB, ALUA state, reservations, medium state) and dispatched by {@link CommandSet}.
 * The core never waits: {@link #submit} completes every command before it returns, and {@link #execute} is the
 * same call returning the response. Confined to the scheduler of whatever serves it (see the package).
 */
public final class TargetCore implements ScsiTarget {
    private final String name;
    private final List<TargetPort> ports;
    private final Map<Long, LogicalUnit> units;
    private final LunMasking masking;
    private final AluaTargetPortGroups alua;

    private TargetCore(Builder b) {
        this.name = b.name;
        this.ports = List.copyOf(b.ports);
        // dataOutLength is asked from iSCSI's I/O threads before a command is handed over: the one read of the
        // core off its scheduler, so the LUN map stays safe to read concurrently
        this.units = new ConcurrentSkipListMap<>(b.units);
        this.masking = b.masking;
        List<TargetPortGroup> groups = new ArrayList<>(b.groups);
        if (groups.isEmpty()) {
            List<Integer> ids = new ArrayList<>();
            for (TargetPort p : ports) {
                ids.add(p.relativePortId());
            }
            groups.add(new TargetPortGroup(1, ids, AsymmetricAccessState.ACTIVE_OPTIMIZED, true));
        }
        this.alua = new AluaTargetPortGroups(groups);
        this.alua.onChange(group -> {
            for (LogicalUnit lu : units.values()) {
                lu.unitAttentions.establishAllExcept(null, ASC_ASYMMETRIC_ACCESS_STATE_CHANGED);
            }
        });
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The target name (iSCSI target name or FC node name), reported as the target device name in VPD 83h. */
    public String name() {
        return name;
    }

    public List<TargetPort> ports() {
        return ports;
    }

    public AluaTargetPortGroups alua() {
        return alua;
    }

    public LunMasking masking() {
        return masking;
    }

    /** Every LUN and its logical unit, ascending. */
    public Map<Long, LogicalUnit> units() {
        return Collections.unmodifiableMap(units);
    }

    public LogicalUnit unit(long lun) {
        return units.get(lun);
    }

    /** Maps a logical unit under a new LUN at run time; every I_T nexus hears REPORTED LUNS DATA HAS CHANGED. */
    public void addUnit(long lun, LogicalUnit lu) {
        Objects.requireNonNull(lu, "lu");
        if (lun < 0 || lun > 0x3FFF) {
            throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
        }
        if (units.putIfAbsent(lun, lu) != null) {
            throw new IllegalArgumentException("LUN " + lun + " is already mapped");
        }
        reportedLunsChanged();
    }

    /** Unmaps a LUN at run time (its logical unit and store are left to the caller); returns it, or null. */
    public LogicalUnit removeUnit(long lun) {
        LogicalUnit lu = units.remove(lun);
        if (lu != null) {
            reportedLunsChanged();
        }
        return lu;
    }

    private void reportedLunsChanged() {
        for (LogicalUnit lu : units.values()) {
            lu.unitAttentions.establishAllExcept(null, ASC_REPORTED_LUNS_DATA_HAS_CHANGED);
        }
    }

    /** The logical unit the initiator may address under the LUN, or null. */
    LogicalUnit resolve(ItNexus nexus, long lun) {
        LogicalUnit lu = units.get(lun);
        if (lu == null || !masking.allows(nexus.initiator(), lun)) {
            return null;
        }
        return lu;
    }

    Set<Long> visibleLuns(ItNexus nexus) {
        return masking.visible(nexus.initiator(), units.keySet());
    }

    TargetPort port(int relativePortId) {
        for (TargetPort p : ports) {
            if (p.relativePortId() == relativePortId) {
                return p;
            }
        }
        return null;
    }

    // ---- execution ------------------------------------------------------------------------------------

    @Override
    public void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> completion) {
        completion.accept(execute(nexus, command));
    }

    @Override
    public long dataOutLength(ItNexus nexus, long lun, byte[] cdb) {
        LogicalUnit lu = resolve(nexus, lun);
        if (lu == null) {
            return cdb.length > 0 && CommandSet.lookupOpcode(cdb[0] & 0xFF) != null
                    && (CommandSet.lookupOpcode(cdb[0] & 0xFF).flags() & CommandSet.NO_LU_NEEDED) == 0
                    ? 0 : DataOutLength.UNKNOWN;
        }
        return DataOutLength.of(cdb, lu.blockSize(), lu.blocks(), lu.maxTransferLength);
    }

    /** Executes one command on the I_T nexus and returns its response (the core completes every command at once). */
    public ScsiResponse execute(ItNexus nexus, ScsiCommand command) {
        Objects.requireNonNull(nexus, "nexus");
        Objects.requireNonNull(command, "command");
        LogicalUnit lu = resolve(nexus, command.lun());
        Task task = new Task(this, nexus, command, lu);
        try {
            return run(task);
        } catch (CheckConditionException e) {
            return checkCondition(task, e.sense());
        } catch (ReservationConflictException e) {
            return ScsiResponse.status(command, ScsiStatus.RESERVATION_CONFLICT);
        }
    }

    private ScsiResponse run(Task task) {
        byte[] cdb = task.cdb;
        if (cdb.length == 0) {
            throw new CheckConditionException.InvalidOpcode(0, -1);
        }
        int opcode = cdb[0] & 0xFF;
        CommandSet.Descriptor d = CommandSet.lookupOpcode(opcode);
        int flags = d == null ? 0 : d.flags();
        LogicalUnit lu = task.lu;
        if (lu == null) {
            if ((flags & CommandSet.NO_LU_NEEDED) == 0) {
                throw new CheckConditionException.LogicalUnitNotSupported(task.lun);
            }
        } else if ((flags & CommandSet.UA_EXEMPT) == 0) {
            int ua = lu.unitAttentions.take(task.nexus);
            if (ua >= 0) {
                throw new CheckConditionException.UnitAttention(ua);
            }
        }
        d = CommandSet.lookup(cdb);
        flags = d.flags();
        CommandSet.checkCdb(d, cdb);
        if (lu == null) {
            return respond(task, d.handler().run(task));
        }
        AsymmetricAccessState state = alua.stateOf(task.nexus.target().relativePortId());
        int refusal = AluaTargetPortGroups.refusal(state, flags);
        if (refusal >= 0) {
            throw new CheckConditionException.NotReady(refusal, "target port group is " + state);
        }
        // One command at a time, each to completion: every task attribute (SIMPLE, ORDERED, HEAD OF QUEUE) and
        // every atomic operation sees the commands before it done and none after it begun.
        checkReservations(task, d);
        checkMedium(task, d);
        return respond(task, d.handler().run(task));
    }

    private void checkReservations(Task task, CommandSet.Descriptor d) {
        LogicalUnit lu = task.lu;
        int flags = d.flags();
        ItNexus holder = lu.legacyReservationHolder;
        if (holder != null && !holder.equals(task.nexus) && (flags & CommandSet.LEGACY_RESERVATION_OK) == 0) {
            throw new ReservationConflictException("logical unit reserved by another I_T nexus");
        }
        PersistentReservations.Access access = (flags & CommandSet.PR_WRITE) != 0 ? PersistentReservations.Access.WRITE
                : (flags & CommandSet.PR_READ) != 0 ? PersistentReservations.Access.READ
                : PersistentReservations.Access.ALLOWED;
        lu.persistentReservations.checkAccess(task.nexus, access);
    }

    private void checkMedium(Task task, CommandSet.Descriptor d) {
        LogicalUnit lu = task.lu;
        int flags = d.flags();
        if ((flags & CommandSet.MEDIUM) != 0) {
            if (!lu.mediumLoaded) {
                throw new CheckConditionException.NotReady(ASC_MEDIUM_NOT_PRESENT, "medium not present");
            }
        }
        if ((flags & CommandSet.WRITES) != 0) {
            if (lu.readOnly()) {
                throw new CheckConditionException.WriteProtected(ASC_WRITE_PROTECTED);
            }
            if (lu.modePages.softwareWriteProtect()) {
                throw new CheckConditionException.WriteProtected(ASC_LOGICAL_UNIT_SOFTWARE_WRITE_PROTECTED);
            }
        }
    }

    private static ScsiResponse respond(Task task, byte[] data) {
        if (data == null) {
            data = CommandSet.EMPTY;
        }
        int expected = task.command.expectedDataInLength();
        int overrun = task.dataInOverrun;
        int underrun = 0;
        if (data.length > expected) {
            overrun += data.length - expected;
            data = java.util.Arrays.copyOf(data, expected);
        } else if (expected > 0 && overrun == 0) {
            underrun = expected - data.length;
        }
        if (task.dataOutShortfall > 0) {
            overrun += task.dataOutShortfall;
        } else if (task.command.dataOut().length > task.dataOutConsumed && expected == 0) {
            underrun = task.command.dataOut().length - task.dataOutConsumed;
        }
        Residual residual = overrun > 0 ? Residual.overflow(overrun) : Residual.underflow(underrun);
        return new ScsiResponse(task.status, CommandSet.EMPTY, data, residual);
    }

    private static ScsiResponse checkCondition(Task task, SenseData sense) {
        boolean descriptor = task.lu != null && task.lu.modePages.descriptorSense();
        return ScsiResponse.checkCondition(task.command, sense.encode(descriptor));
    }

    // ---- task management -------------------------------------------------------------------------------

    @Override
    public void manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag,
                       Consumer<TaskManagementResponse> completion) {
        completion.accept(manage(nexus, function, lun, referencedTag));
    }

    /** Performs a task management function and returns its service response (at once, as every TMF here). */
    public TaskManagementResponse manage(ItNexus nexus, TaskManagementFunction function, long lun,
                                         long referencedTag) {
        Objects.requireNonNull(nexus, "nexus");
        Objects.requireNonNull(function, "function");
        switch (function) {
            case I_T_NEXUS_RESET -> {
                for (LogicalUnit lu : units.values()) {
                    TaskManagement.itNexusReset(lu, nexus);
                }
                return TaskManagementResponse.FUNCTION_COMPLETE;
            }
            case TARGET_RESET -> {
                for (LogicalUnit lu : units.values()) {
                    TaskManagement.logicalUnitReset(lu, null, ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
                }
                return TaskManagementResponse.FUNCTION_COMPLETE;
            }
            default -> {
            }
        }
        LogicalUnit lu = resolve(nexus, lun);
        if (lu == null) {
            return TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER;
        }
        return switch (function) {
            // The core runs one command at a time to completion, so no task is in the task set when a function
            // runs: the aborting ones find nothing to abort (tasks a front end still holds, waiting for
            // data-out, are the front end's) and the queries find no task.
            case ABORT_TASK, ABORT_TASK_SET, CLEAR_TASK_SET, QUERY_TASK, QUERY_TASK_SET ->
                    TaskManagementResponse.FUNCTION_COMPLETE;
            case CLEAR_ACA -> TaskManagementResponse.FUNCTION_REJECTED;
            case LOGICAL_UNIT_RESET -> {
                TaskManagement.logicalUnitReset(lu, nexus, ASC_BUS_DEVICE_RESET_FUNCTION_OCCURRED);
                yield TaskManagementResponse.FUNCTION_COMPLETE;
            }
            default -> TaskManagementResponse.FUNCTION_REJECTED;
        };
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        Objects.requireNonNull(nexus, "nexus");
        for (LogicalUnit lu : units.values()) {
            TaskManagement.nexusLoss(lu, nexus);
        }
    }

    /** Closes every backing store. */
    public void close() {
        for (LogicalUnit lu : units.values()) {
            try {
                lu.store().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static final class Builder {
        private final String name;
        private final List<TargetPort> ports = new ArrayList<>();
        private final Map<Long, LogicalUnit> units = new TreeMap<>();
        private final List<TargetPortGroup> groups = new ArrayList<>();
        private LunMasking masking = LunMasking.none();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder port(TargetPort port) {
            for (TargetPort p : ports) {
                if (p.relativePortId() == port.relativePortId()) {
                    throw new IllegalArgumentException("duplicate relative port id " + port.relativePortId());
                }
            }
            ports.add(port);
            return this;
        }

        public Builder unit(long lun, LogicalUnit lu) {
            if (lun < 0 || lun > 0x3FFF) {
                throw new IllegalArgumentException("LUN out of range 0..16383: " + lun);
            }
            if (units.putIfAbsent(lun, lu) != null) {
                throw new IllegalArgumentException("duplicate LUN " + lun);
            }
            return this;
        }

        public Builder portGroup(TargetPortGroup group) {
            groups.add(group);
            return this;
        }

        public Builder masking(LunMasking masking) {
            this.masking = Objects.requireNonNull(masking, "masking");
            return this;
        }

        public TargetCore build() {
            return new TargetCore(this);
        }
    }
}
