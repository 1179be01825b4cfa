package dev.fcspec.emulator.iop;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * The requests processes of this node post, one at a time: the local operation on this adapter's storage,
 * then the request to the remote adapter's I/O processor, then the process is told. The source side of
 * every replication association, with its dirty regions and their resynchronisation, lives here.
 */
final class ProcessRequests {

    /** A process's request and who to tell. */
    record Work(HostRequest request, HostProcess process) {
    }

    private final IoProcessor iop;
    private final Map<Integer, ReplicationAssociation> associations = new TreeMap<>();
    private int nextInternalId = IoProcessor.FIRST_INTERNAL_ID;

    ProcessRequests(IoProcessor iop) {
        this.iop = iop;
    }

    Optional<ReplicationAssociation> association(int sourceVolume) {
        return Optional.ofNullable(associations.get(sourceVolume));
    }

    void perform(Work w) {
        HostRequest r = w.request();
        switch (r.command()) {
            case IopProtocol.COMMAND_DESIGNATE_REPLICA -> designate(w);
            case IopProtocol.COMMAND_EXPAND_REPLICA -> expand(w);
            case IopProtocol.COMMAND_REPLICATE_DATA -> replicate(w);
            case IopProtocol.COMMAND_TERMINATE_ASSOCIATION -> terminate(w);
            case IopProtocol.COMMAND_REESTABLISH_ASSOCIATION -> reestablish(w);
            default -> iop.finish(w, IopProtocol.STATUS_UNKNOWN_COMMAND, false,
                    "the I/O processor has no command " + IopProtocol.commandName(r.command()));
        }
    }

    private void designate(Work w) {
        HostRequest r = w.request();
        Optional<Volume> src = iop.storage().volume(r.sourceVolume());
        if (src.isEmpty()) {
            iop.finish(w, IopProtocol.STATUS_NO_SUCH_VOLUME, false, "no local volume " + r.sourceVolume());
            return;
        }
        if (associations.containsKey(r.sourceVolume())) {
            iop.finish(w, IopProtocol.STATUS_ALREADY_DESIGNATED, false,
                    "volume " + r.sourceVolume() + " already has a replica");
            return;
        }
        if (!iop.reaches(r.targetNode())) {
            iop.finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "node " + r.targetNode() + " is not reachable");
            return;
        }
        Volume v = src.get();
        ReplicationAssociation a = new ReplicationAssociation(r.sourceVolume(), r.targetNode(), r.replicaVolume());
        for (long off = 0; off < v.sizeBytes(); off += ReplicationAssociation.REGION_SIZE) {
            if (v.isMapped(off, ReplicationAssociation.REGION_SIZE)) {
                a.markDirty(off, 1);
            }
        }
        associations.put(r.sourceVolume(), a);
        iop.event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "volume " + r.sourceVolume()
                + " associated with replica volume " + r.replicaVolume() + " on " + r.targetNode() + "; "
                + a.dirtyRegions().size() + " written regions to copy");
        iop.call(r.messageId(), r.targetNode(),
                new IopParameters.Designate(r.sourceVolume(), r.replicaVolume(), v.sizeBlocks(), v.blockSize()),
                status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        associations.remove(r.sourceVolume());
                        iop.finish(w, status, true, "the remote adapter refused the designation: "
                                + IopProtocol.statusName(status));
                        return;
                    }
                    a.state(AssociationState.RESYNCHRONIZING);
                    int regions = a.dirtyRegions().size();
                    resynchronize(a, () -> {
                        a.state(AssociationState.ACTIVE);
                        iop.finish(w, IopProtocol.STATUS_GOOD, true, "replica volume " + r.replicaVolume() + " on "
                                + r.targetNode() + " designated; " + regions + " regions copied");
                    }, status2 -> iop.finish(w, status2, true, "initial copy failed: "
                            + IopProtocol.statusName(status2)));
                });
    }

    private void expand(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        Volume v = iop.storage().volume(r.sourceVolume()).orElseThrow();
        if (r.newSizeBlocks() < v.sizeBlocks()) {
            iop.finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "volume " + r.sourceVolume() + " has "
                    + v.sizeBlocks() + " blocks and cannot shrink to " + r.newSizeBlocks());
            return;
        }
        v.expand(r.newSizeBlocks());
        iop.event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "volume " + r.sourceVolume()
                + " expanded to " + r.newSizeBlocks() + " blocks");
        iop.call(r.messageId(), a.replicaNode(),
                new IopParameters.Expand(r.sourceVolume(), a.replicaVolume(), r.newSizeBlocks()),
                status -> iop.finish(w, status, true, status == IopProtocol.STATUS_GOOD
                        ? "volume and replica expanded to " + r.newSizeBlocks() + " blocks"
                        : "replica not expanded: " + IopProtocol.statusName(status)));
    }

    private void replicate(Work w) {
        HostRequest r = w.request();
        Optional<Volume> vo = iop.storage().volume(r.sourceVolume());
        if (vo.isEmpty()) {
            iop.finish(w, IopProtocol.STATUS_NO_SUCH_VOLUME, false, "no local volume " + r.sourceVolume());
            return;
        }
        Volume v = vo.get();
        byte[] data = r.data();
        if (data.length == 0 || data.length > IopProtocol.MAX_DATA || data.length % v.blockSize() != 0) {
            iop.finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, data.length + " bytes are not 1.."
                    + IopProtocol.MAX_DATA / v.blockSize() + " whole blocks of " + v.blockSize());
            return;
        }
        if (!v.inRange(r.lba(), data.length / v.blockSize())) {
            iop.finish(w, IopProtocol.STATUS_OUT_OF_RANGE, false,
                    "blocks beyond the end of volume " + r.sourceVolume());
            return;
        }
        v.write(r.lba(), data);
        iop.event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), data.length / v.blockSize()
                + " blocks written to volume " + r.sourceVolume() + " at LBA " + r.lba());
        ReplicationAssociation a = associations.get(r.sourceVolume());
        long offset = r.lba() * v.blockSize();
        if (a == null) {
            iop.finish(w, IopProtocol.STATUS_GOOD, false,
                    "written locally; volume " + r.sourceVolume() + " has no replica");
            return;
        }
        if (a.state() != AssociationState.ACTIVE) {
            a.markDirty(offset, data.length);
            iop.finish(w, IopProtocol.STATUS_GOOD, false, "written locally; association " + a.state()
                    + ", regions marked for resynchronisation");
            return;
        }
        iop.call(r.messageId(), a.replicaNode(),
                new IopParameters.Replicate(r.sourceVolume(), a.replicaVolume(), r.lba(), data), status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        a.markDirty(offset, data.length);
                    }
                    iop.finish(w, status, true, status == IopProtocol.STATUS_GOOD
                            ? "written locally and replicated"
                            : "written locally, not replicated (" + IopProtocol.statusName(status)
                            + "): regions marked for resynchronisation");
                });
    }

    private void terminate(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        if (a.state() != AssociationState.ACTIVE) {
            iop.finish(w, IopProtocol.STATUS_ASSOCIATION_TERMINATED, false, "association of volume "
                    + r.sourceVolume() + " is " + a.state());
            return;
        }
        a.state(AssociationState.TERMINATED);
        iop.event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "association of volume "
                + r.sourceVolume() + " terminated; writes are now tracked as dirty regions");
        iop.call(r.messageId(), a.replicaNode(), new IopParameters.Terminate(r.sourceVolume(), a.replicaVolume()),
                status -> iop.finish(w, status, true, status == IopProtocol.STATUS_GOOD ? "association terminated"
                        : "replica did not terminate: " + IopProtocol.statusName(status)));
    }

    private void reestablish(Work w) {
        HostRequest r = w.request();
        ReplicationAssociation a = associationOrFinish(w);
        if (a == null) {
            return;
        }
        if (a.state() != AssociationState.TERMINATED) {
            iop.finish(w, IopProtocol.STATUS_INVALID_PARAMETERS, false, "association of volume " + r.sourceVolume()
                    + " is " + a.state() + ", not terminated");
            return;
        }
        a.state(AssociationState.RESYNCHRONIZING);
        int regions = a.dirtyRegions().size();
        iop.event(IopEvent.Kind.LOCAL_OPERATION, r.messageId(), r.command(), "association of volume "
                + r.sourceVolume() + " re-establishing; " + regions + " dirty regions to copy");
        iop.call(r.messageId(), a.replicaNode(), new IopParameters.Reestablish(r.sourceVolume(), a.replicaVolume()),
                status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        a.state(AssociationState.TERMINATED);
                        iop.finish(w, status, true, "replica refused to re-establish: "
                                + IopProtocol.statusName(status));
                        return;
                    }
                    resynchronize(a, () -> {
                        a.state(AssociationState.ACTIVE);
                        iop.finish(w, IopProtocol.STATUS_GOOD, true, "association re-established; " + regions
                                + " dirty regions resynchronised");
                    }, status2 -> {
                        a.state(AssociationState.TERMINATED);
                        iop.finish(w, status2, true, "resynchronisation failed: " + IopProtocol.statusName(status2));
                    });
                });
    }

    private ReplicationAssociation associationOrFinish(Work w) {
        ReplicationAssociation a = associations.get(w.request().sourceVolume());
        if (a == null) {
            iop.finish(w, IopProtocol.STATUS_NO_ASSOCIATION, false, "volume " + w.request().sourceVolume()
                    + " has no replica");
        }
        return a;
    }

    /** Copies the dirty regions to the replica one message at a time, lowest first. */
    private void resynchronize(ReplicationAssociation a, Runnable done, IntConsumer failed) {
        Long region = a.firstDirty();
        if (region == null) {
            done.run();
            return;
        }
        Volume v = iop.storage().volume(a.sourceVolume()).orElseThrow();
        long offset = region * ReplicationAssociation.REGION_SIZE;
        int blocks = (int) Math.min(ReplicationAssociation.REGION_SIZE, v.sizeBytes() - offset) / v.blockSize();
        if (blocks <= 0) {
            a.clean(region);
            resynchronize(a, done, failed);
            return;
        }
        long lba = offset / v.blockSize();
        int id = nextInternalId++;
        if (nextInternalId == 0) {
            nextInternalId = IoProcessor.FIRST_INTERNAL_ID;
        }
        iop.call(id, a.replicaNode(), new IopParameters.Replicate(a.sourceVolume(), a.replicaVolume(), lba,
                v.read(lba, blocks)), status -> {
                    if (status != IopProtocol.STATUS_GOOD) {
                        failed.accept(status);
                        return;
                    }
                    a.clean(region);
                    resynchronize(a, done, failed);
                });
    }
}
