package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.TreeSet;

/**
 * The source side of a replication association: which replica volume on which node receives the writes of
 * a local volume, its state, and the regions written while the replica was not kept up to date (dirty-region
 * tracking, {@link #REGION_SIZE}-byte regions).
 */
public final class ReplicationAssociation {

    /** Granularity of dirty-region tracking: one region fits one REPLICATE_DATA message. */
    public static final int REGION_SIZE = IopProtocol.MAX_DATA;

    private final int sourceVolume;
    private final Wwn replicaNode;
    private final int replicaVolume;
    private final TreeSet<Long> dirty = new TreeSet<>();
    private AssociationState state = AssociationState.DESIGNATING;

    ReplicationAssociation(int sourceVolume, Wwn replicaNode, int replicaVolume) {
        this.sourceVolume = sourceVolume;
        this.replicaNode = replicaNode;
        this.replicaVolume = replicaVolume;
    }

    public int sourceVolume() {
        return sourceVolume;
    }

    public Wwn replicaNode() {
        return replicaNode;
    }

    public int replicaVolume() {
        return replicaVolume;
    }

    public AssociationState state() {
        return state;
    }

    void state(AssociationState s) {
        state = s;
    }

    /** Dirty region indexes (byte offset / {@link #REGION_SIZE}), ascending. */
    public List<Long> dirtyRegions() {
        return List.copyOf(dirty);
    }

    void markDirty(long byteOffset, long length) {
        for (long r = byteOffset / REGION_SIZE; r * REGION_SIZE < byteOffset + length; r++) {
            dirty.add(r);
        }
    }

    Long firstDirty() {
        return dirty.isEmpty() ? null : dirty.first();
    }

    void clean(long region) {
        dirty.remove(region);
    }

    @Override
    public String toString() {
        return "Association[vol " + sourceVolume + " -> " + replicaNode + " vol " + replicaVolume + " " + state
                + " dirty=" + dirty + "]";
    }
}
