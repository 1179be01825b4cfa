package dev.fcspec.emulator.scsi;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Unit attention conditions of one logical unit, queued per I_T nexus (SAM-5 5.14, SPC-4 5.11). An I_T nexus
 * the logical unit has not seen yet starts with POWER ON, RESET, OR BUS DEVICE RESET OCCURRED; a reset
 * condition supersedes everything queued before it; a condition already queued is not queued twice.
 */
final class UnitAttentions {
    private static final int MAX_QUEUED = 16;
    private final Map<ItNexus, ArrayDeque<Integer>> pending = new LinkedHashMap<>();

    private ArrayDeque<Integer> queue(ItNexus nexus) {
        return pending.computeIfAbsent(nexus, n -> {
            ArrayDeque<Integer> q = new ArrayDeque<>(4);
            q.add(ScsiConstants.ASC_POWER_ON_RESET_OR_BUS_DEVICE_RESET_OCCURRED);
            return q;
        });
    }

    /** Marks a nexus as known without a power-on condition (it was already told, or was created by us). */
    void know(ItNexus nexus) {
        pending.computeIfAbsent(nexus, n -> new ArrayDeque<>(4));
    }

    /** The next pending condition for the nexus, removed, or -1 when none. */
    int take(ItNexus nexus) {
        ArrayDeque<Integer> q = queue(nexus);
        int v;
        Integer head = q.poll();
        v = head == null ? -1 : head;
        if ((v >>> 8) == 0x29) {
            lost.remove(nexus); // back after a loss or reset: no longer a candidate for forgetting
        }
        return v;
    }

    /** Whether a condition is pending for the nexus, without removing it. */
    boolean hasPending(ItNexus nexus) {
        ArrayDeque<Integer> q = queue(nexus);
        return !q.isEmpty();
    }

    /** Peeks the next condition without removing it, or -1. */
    int peek(ItNexus nexus) {
        ArrayDeque<Integer> q = queue(nexus);
        Integer v = q.peek();
        return v == null ? -1 : v;
    }

    void establish(ItNexus nexus, int ascAscq) {
        ArrayDeque<Integer> q = queue(nexus);
        if ((ascAscq >>> 8) == 0x29) {
            q.clear();
        } else if (q.contains(ascAscq) || q.size() >= MAX_QUEUED) {
            return;
        }
        q.add(ascAscq);
    }

    /** Establishes the condition for every known I_T nexus except {@code except} (may be null). */
    void establishAllExcept(ItNexus except, int ascAscq) {
        for (ItNexus n : pending.keySet()) {
            if (!n.equals(except)) {
                establish(n, ascAscq);
            }
        }
    }

    /** Establishes the condition for every known I_T nexus the predicate accepts. */
    void establishWhere(java.util.function.Predicate<ItNexus> which, int ascAscq) {
        for (ItNexus n : pending.keySet()) {
            if (which.test(n)) {
                establish(n, ascAscq);
            }
        }
    }

    /** Forgets the nexus: it gets a fresh power-on/reset condition if it comes back. */
    void forget(ItNexus nexus) {
        pending.remove(nexus);
    }

    /**
     * Nexus lost: when it returns it is told I_T NEXUS LOSS OCCURRED. Lost nexuses are remembered up to a
     * bound (initiators that reconnect with fresh ISIDs would otherwise grow the map without end); the oldest
     * are forgotten first and get POWER ON, RESET, OR BUS DEVICE RESET OCCURRED instead if they return.
     */
    void nexusLost(ItNexus nexus) {
        ArrayDeque<Integer> q = new ArrayDeque<>(4);
        q.add(ScsiConstants.ASC_I_T_NEXUS_LOSS_OCCURRED);
        pending.put(nexus, q);
        lost.remove(nexus);
        lost.add(nexus);
        while (lost.size() > MAX_LOST) {
            ItNexus oldest = lost.iterator().next();
            lost.remove(oldest);
            pending.remove(oldest);
        }
    }

    private static final int MAX_LOST = 1024;
    private final java.util.LinkedHashSet<ItNexus> lost = new java.util.LinkedHashSet<>();

    /** Number of I_T nexuses with unit attention state (for tests). */
    int knownNexuses() {
        return pending.size();
    }

    /** Power cycle: every nexus is forgotten. */
    void clearAll() {
        pending.clear();
    }
}
