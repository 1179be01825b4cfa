package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.Wwn;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The requests remote adapters send this I/O processor: each is performed on this adapter's storage and
 * answered with a completion carrying its status. The replica side of every replication association lives
 * here.
 */
final class RemoteRequests {

    private final IoProcessor iop;
    private final Map<Integer, ReplicaAssociation> replicas = new HashMap<>();

    RemoteRequests(IoProcessor iop) {
        this.iop = iop;
    }

    Optional<ReplicaAssociation> replica(int replicaVolume) {
        return Optional.ofNullable(replicas.get(replicaVolume));
    }

    /** The completion status for request {@code m}, after performing it (or refusing it). */
    int perform(IopMessage m) {
        if (!m.targetNode().equals(iop.node())) {
            iop.event(IopEvent.Kind.NOT_FOR_THIS_NODE, m.messageId(), m.command(), "request for " + m.targetNode()
                    + " reached " + iop.node());
            return IopProtocol.STATUS_NOT_FOR_THIS_NODE;
        }
        if (!IopProtocol.isKnownCommand(m.command())) {
            iop.event(IopEvent.Kind.UNKNOWN_COMMAND, m.messageId(), m.command(), "command " + m.commandName()
                    + " from " + m.initiatingNode() + " is unknown: nothing applied");
            return IopProtocol.STATUS_UNKNOWN_COMMAND;
        }
        IopParameters p;
        try {
            p = IopParameters.decode(m.command(), m.parameters());
        } catch (IllegalArgumentException e) {
            done(m, "refused: " + e.getMessage());
            return IopProtocol.STATUS_INVALID_PARAMETERS;
        }
        Wwn from = m.initiatingNode();
        ReplicaAssociation ra = replicas.get(p.replicaVolume());
        if (p instanceof IopParameters.Designate d) {
            return designate(m, from, ra, d);
        }
        if (ra == null || !ra.isFor(from, p.sourceVolume())) {
            done(m, "volume " + p.replicaVolume() + " is not the replica of " + from + " volume " + p.sourceVolume());
            return IopProtocol.STATUS_NO_ASSOCIATION;
        }
        Volume v = iop.storage().volume(p.replicaVolume()).orElseThrow();
        if (p instanceof IopParameters.Expand e) {
            if (e.newSizeBlocks() < v.sizeBlocks()) {
                done(m, "replica cannot shrink");
                return IopProtocol.STATUS_INVALID_PARAMETERS;
            }
            v.expand(e.newSizeBlocks());
            done(m, "replica volume " + p.replicaVolume() + " expanded to " + e.newSizeBlocks() + " blocks");
            return IopProtocol.STATUS_GOOD;
        }
        if (p instanceof IopParameters.Replicate r) {
            return replicate(m, ra, v, r);
        }
        if (p instanceof IopParameters.Terminate) {
            ra.state(AssociationState.TERMINATED);
            done(m, "association with " + from + " volume " + p.sourceVolume() + " terminated");
            return IopProtocol.STATUS_GOOD;
        }
        ra.state(AssociationState.ACTIVE);
        done(m, "association with " + from + " volume " + p.sourceVolume() + " re-established");
        return IopProtocol.STATUS_GOOD;
    }

    private int designate(IopMessage m, Wwn from, ReplicaAssociation ra, IopParameters.Designate d) {
        if (ra != null && !ra.isFor(from, d.sourceVolume())) {
            done(m, "volume " + d.replicaVolume() + " already replicates " + ra.sourceNode() + " volume "
                    + ra.sourceVolume());
            return IopProtocol.STATUS_ALREADY_DESIGNATED;
        }
        StorageSet storage = iop.storage();
        Optional<Volume> existing = storage.volume(d.replicaVolume());
        if (existing.isPresent() && existing.get().blockSize() != d.blockSize()) {
            done(m, "volume " + d.replicaVolume() + " has another block size");
            return IopProtocol.STATUS_INVALID_PARAMETERS;
        }
        Volume v = existing.orElseGet(() -> storage.create(d.replicaVolume(), d.blockSize(), d.sizeBlocks()));
        if (v.sizeBlocks() < d.sizeBlocks()) {
            v.expand(d.sizeBlocks());
        }
        replicas.put(d.replicaVolume(), new ReplicaAssociation(d.replicaVolume(), from, d.sourceVolume()));
        done(m, "volume " + d.replicaVolume() + " (" + v.sizeBlocks() + " blocks) designated replica of " + from
                + " volume " + d.sourceVolume());
        return IopProtocol.STATUS_GOOD;
    }

    private int replicate(IopMessage m, ReplicaAssociation ra, Volume v, IopParameters.Replicate r) {
        if (ra.state() == AssociationState.TERMINATED) {
            done(m, "association terminated: data not applied");
            return IopProtocol.STATUS_ASSOCIATION_TERMINATED;
        }
        if (r.data().length % v.blockSize() != 0) {
            done(m, "data is not whole blocks");
            return IopProtocol.STATUS_INVALID_PARAMETERS;
        }
        if (!v.inRange(r.lba(), r.data().length / v.blockSize())) {
            done(m, "blocks beyond the end of replica volume " + r.replicaVolume());
            return IopProtocol.STATUS_OUT_OF_RANGE;
        }
        v.write(r.lba(), r.data());
        done(m, r.data().length / v.blockSize() + " blocks replicated into volume " + r.replicaVolume() + " at LBA "
                + r.lba());
        return IopProtocol.STATUS_GOOD;
    }

    private void done(IopMessage m, String detail) {
        iop.event(IopEvent.Kind.REMOTE_OPERATION, m.messageId(), m.command(), detail);
    }
}
