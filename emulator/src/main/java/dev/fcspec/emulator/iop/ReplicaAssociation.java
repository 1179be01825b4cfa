package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.Wwn;

/** The replica side of an association: whose volume a local volume replicates, and whether it still does. */
public final class ReplicaAssociation {
    private final int replicaVolume;
    private final Wwn sourceNode;
    private final int sourceVolume;
    private AssociationState state = AssociationState.ACTIVE;

    ReplicaAssociation(int replicaVolume, Wwn sourceNode, int sourceVolume) {
        this.replicaVolume = replicaVolume;
        this.sourceNode = sourceNode;
        this.sourceVolume = sourceVolume;
    }

    public int replicaVolume() {
        return replicaVolume;
    }

    public Wwn sourceNode() {
        return sourceNode;
    }

    public int sourceVolume() {
        return sourceVolume;
    }

    public AssociationState state() {
        return state;
    }

    void state(AssociationState s) {
        state = s;
    }

    boolean isFor(Wwn node, int volume) {
        return sourceNode.equals(node) && sourceVolume == volume;
    }

    @Override
    public String toString() {
        return "ReplicaAssociation[vol " + replicaVolume + " <- " + sourceNode + " vol " + sourceVolume + " " + state
                + "]";
    }
}
