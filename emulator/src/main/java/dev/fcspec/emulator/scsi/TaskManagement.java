package dev.fcspec.emulator.scsi;

/**
 * Task management functions on one logical unit (SAM-5 7): resets and I_T nexus loss, with the unit
 * attentions and reservation releases each implies. (The aborting functions are the core's: see
 * {@link TargetCore#manage}.)
 */
final class TaskManagement {
    private TaskManagement() {
    }

    /** LOGICAL UNIT RESET (and, per unit, TARGET RESET): release RESERVE and prevention, tell every nexus. */
    static void logicalUnitReset(LogicalUnit lu, ItNexus issuer, int ascAscq) {
        lu.legacyReservationHolder = null;
        lu.preventers.clear();
        lu.started = true;
        lu.unitAttentions.establishAllExcept(null, ascAscq);
        if (issuer != null) {
            lu.unitAttentions.establish(issuer, ascAscq);
        }
    }

    /** I_T NEXUS RESET: the nexus's RESERVE and prevention are released; it hears I_T NEXUS LOSS OCCURRED. */
    static void itNexusReset(LogicalUnit lu, ItNexus nexus) {
        releaseNexusState(lu, nexus);
        lu.unitAttentions.nexusLost(nexus);
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
