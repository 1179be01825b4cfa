package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Task management functions on one logical unit (SAM-5 7): aborting tasks, resets and I_T nexus loss, with
 * the unit attentions and reservation releases each implies. Commands run to completion once started
 * (nothing is torn half-written); an aborted task that has not started ends with TASK ABORTED and changes
 * nothing.
 */
final class TaskManagement {
    private TaskManagement() {
    }

    static TaskManagementResponse abortTask(LogicalUnit lu, ItNexus nexus, long tag) {
        Task t = lu.tasks.get(new LogicalUnit.TaskKey(nexus, tag));
        if (t != null) {
            t.aborted = true;
        }
        return TaskManagementResponse.FUNCTION_COMPLETE;
    }

    static TaskManagementResponse abortTaskSet(LogicalUnit lu, ItNexus nexus) {
        for (Map.Entry<LogicalUnit.TaskKey, Task> e : lu.tasks.entrySet()) {
            if (e.getKey().nexus().equals(nexus)) {
                e.getValue().aborted = true;
            }
        }
        return TaskManagementResponse.FUNCTION_COMPLETE;
    }

    static TaskManagementResponse clearTaskSet(LogicalUnit lu, ItNexus nexus) {
        Set<ItNexus> others = abortAll(lu);
        others.remove(nexus);
        for (ItNexus n : others) {
            lu.unitAttentions.establish(n, ASC_COMMANDS_CLEARED_BY_ANOTHER_INITIATOR);
        }
        return TaskManagementResponse.FUNCTION_COMPLETE;
    }

    private static Set<ItNexus> abortAll(LogicalUnit lu) {
        Set<ItNexus> owners = new HashSet<>();
        for (Map.Entry<LogicalUnit.TaskKey, Task> e : lu.tasks.entrySet()) {
            e.getValue().aborted = true;
            owners.add(e.getKey().nexus());
        }
        return owners;
    }

    /** LOGICAL UNIT RESET (and, per unit, TARGET RESET): abort everything, release RESERVE, prevention. */
    static void logicalUnitReset(LogicalUnit lu, ItNexus issuer, int ascAscq) {
        abortAll(lu);
        lu.taskSet.writeLock().lock();
        try {
            lu.legacyReservationHolder = null;
            lu.preventers.clear();
            lu.started = true;
            lu.unitAttentions.establishAllExcept(null, ascAscq);
            if (issuer != null) {
                lu.unitAttentions.establish(issuer, ascAscq);
            }
        } finally {
            lu.taskSet.writeLock().unlock();
        }
    }

    /** I_T NEXUS RESET: the nexus's tasks are aborted, its RESERVE and prevention released. */
    static void itNexusReset(LogicalUnit lu, ItNexus nexus) {
        abortTaskSet(lu, nexus);
        lu.taskSet.writeLock().lock();
        try {
            releaseNexusState(lu, nexus);
            lu.unitAttentions.nexusLost(nexus);
        } finally {
            lu.taskSet.writeLock().unlock();
        }
    }

    /** The front end lost the nexus: as I_T NEXUS RESET (SAM-5 6.3.4). */
    static void nexusLoss(LogicalUnit lu, ItNexus nexus) {
        itNexusReset(lu, nexus);
    }

    private static void releaseNexusState(LogicalUnit lu, ItNexus nexus) {
        if (nexus.equals(lu.legacyReservationHolder)) {
            lu.legacyReservationHolder = null;
        }
        lu.preventers.remove(nexus);
    }
}
