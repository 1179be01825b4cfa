package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asymmetric logical unit access for a target (SPC-4 5.15): target port groups with their current states,
 * implicit changes (by the appliance) and explicit ones (SET TARGET PORT GROUPS), and which commands a state
 * admits. Listeners hear every state change (the core turns them into unit attentions).
 */
public final class AluaTargetPortGroups {
    private final Map<Integer, TargetPortGroup> groups = new LinkedHashMap<>();
    /** Relative port id to its group, read on every command, grown by {@link #addPort}. */
    private final Map<Integer, TargetPortGroup> groupByPort = new LinkedHashMap<>();
    private final Map<Integer, AsymmetricAccessState> states = new LinkedHashMap<>();
    private final Map<Integer, Boolean> changedBySet = new LinkedHashMap<>();
    private final List<Consumer<Integer>> listeners = new ArrayList<>();

    AluaTargetPortGroups(List<TargetPortGroup> groups) {
        for (TargetPortGroup g : groups) {
            if (this.groups.put(g.id(), g) != null) {
                throw new IllegalArgumentException("duplicate target port group " + g.id());
            }
            states.put(g.id(), g.initialState());
            changedBySet.put(g.id(), false);
            for (int port : g.relativePortIds()) {
                if (groupByPort.put(port, g) != null) {
                    throw new IllegalArgumentException("relative port " + port + " is in two target port groups");
                }
            }
        }
    }

    void onChange(Consumer<Integer> listener) {
        listeners.add(listener);
    }

    public List<TargetPortGroup> groups() {
        return new ArrayList<>(groups.values());
    }

    /** The group of a relative target port, or null when the port is in none. */
    public TargetPortGroup groupOf(int relativePortId) {
        return groupByPort.get(relativePortId);
    }

    /** The state of the group holding the port; ports outside every group are active/optimized. */
    public AsymmetricAccessState stateOf(int relativePortId) {
        TargetPortGroup g = groupByPort.get(relativePortId);
        return g == null ? AsymmetricAccessState.ACTIVE_OPTIMIZED : states.get(g.id());
    }

    public AsymmetricAccessState state(int groupId) {
        AsymmetricAccessState s = states.get(groupId);
        if (s == null) {
            throw new IllegalArgumentException("no target port group " + groupId);
        }
        return s;
    }

    /** Implicit transition (the appliance changes a state, e.g. on takeover). */
    public void setState(int groupId, AsymmetricAccessState state) {
        boolean changed;
        if (!groups.containsKey(groupId)) {
            throw new IllegalArgumentException("no target port group " + groupId);
        }
        changed = states.put(groupId, state) != state;
        changedBySet.put(groupId, false);
        if (changed) {
            listeners.forEach(l -> l.accept(groupId));
        }
    }

    /**
     * Adds a target port to a group at run time (a port the target starts serving after it was built, e.g. an
     * NPIV port of a clustered appliance). Adding a port already in that group changes nothing.
     *
     * @throws IllegalArgumentException when there is no such group or the port is in another group
     */
    public void addPort(int groupId, int relativePortId) {
        TargetPortGroup g = groups.get(groupId);
        if (g == null) {
            throw new IllegalArgumentException("no target port group " + groupId);
        }
        TargetPortGroup current = groupByPort.get(relativePortId);
        if (current != null) {
            if (current.id() == groupId) {
                return;
            }
            throw new IllegalArgumentException("relative port " + relativePortId + " is already in target port group "
                    + current.id());
        }
        List<Integer> ports = new ArrayList<>(g.relativePortIds());
        ports.add(relativePortId);
        TargetPortGroup grown = new TargetPortGroup(g.id(), ports, g.initialState(), g.preferred());
        groups.put(groupId, grown);
        for (int port : ports) {
            groupByPort.put(port, grown);
        }
    }

    /**
     * Tells every I_T nexus that the asymmetric access state of the group changed as it sees it, without a state
     * change inside this target (its logical units come back after being served by another target, e.g. at the
     * giveback that ends a cluster takeover): the core establishes ASYMMETRIC ACCESS STATE CHANGED.
     */
    public void announce(int groupId) {
        if (!groups.containsKey(groupId)) {
            throw new IllegalArgumentException("no target port group " + groupId);
        }
        listeners.forEach(l -> l.accept(groupId));
    }

    boolean contains(int groupId) {
        return groups.containsKey(groupId);
    }

    /** Explicit transitions from SET TARGET PORT GROUPS, already validated; returns the groups that changed. */
    List<Integer> setExplicit(Map<Integer, AsymmetricAccessState> requested) {
        List<Integer> changed = new ArrayList<>();
        for (Map.Entry<Integer, AsymmetricAccessState> e : requested.entrySet()) {
            if (states.put(e.getKey(), e.getValue()) != e.getValue()) {
                changed.add(e.getKey());
            }
            changedBySet.put(e.getKey(), true);
        }
        return changed;
    }

    /** REPORT TARGET PORT GROUPS parameter data (length-only or extended header format). */
    byte[] report(boolean extendedHeader) {
        int size = extendedHeader ? 8 : 4;
        for (TargetPortGroup g : groups.values()) {
            size += 8 + 4 * g.relativePortIds().size();
        }
        byte[] b = new byte[size];
        Bytes.put32(b, 0, size - 4);
        int p = 4;
        if (extendedHeader) {
            b[4] = 0x10; // FORMAT TYPE 001b
            b[5] = 0;    // IMPLICIT TRANSITION TIME
            p = 8;
        }
        for (TargetPortGroup g : groups.values()) {
            AsymmetricAccessState s = states.get(g.id());
            b[p] = (byte) ((g.preferred() ? 0x80 : 0) | s.code());
            b[p + 1] = (byte) 0x8F; // T_SUP, U_SUP, S_SUP, AN_SUP, AO_SUP
            Bytes.put16(b, p + 2, g.id());
            b[p + 5] = (byte) (changedBySet.get(g.id()) ? 0x01 : 0x02); // altered by SET TPG / implicit
            b[p + 7] = (byte) g.relativePortIds().size();
            p += 8;
            for (int port : g.relativePortIds()) {
                Bytes.put16(b, p + 2, port);
                p += 4;
            }
        }
        return b;
    }

    /** Whether any group is configured (TPGS in standard INQUIRY data). */
    boolean configured() {
        return !groups.isEmpty();
    }

    /** Additional sense for a command refused in the given state, or -1 when it is admitted. */
    static int refusal(AsymmetricAccessState state, int flags) {
        return switch (state) {
            case ACTIVE_OPTIMIZED, ACTIVE_NON_OPTIMIZED -> -1;
            case STANDBY -> (flags & CommandSet.ALUA_STANDBY_OK) != 0 ? -1
                    : ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_STANDBY_STATE;
            case UNAVAILABLE -> (flags & CommandSet.ALUA_UNAVAILABLE_OK) != 0 ? -1
                    : ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_TARGET_PORT_IN_UNAVAILABLE_STATE;
            case TRANSITIONING -> (flags & CommandSet.ALUA_TRANSITIONING_OK) != 0 ? -1
                    : ASC_LOGICAL_UNIT_NOT_ACCESSIBLE_ASYMMETRIC_ACCESS_STATE_TRANSITION;
        };
    }
}
