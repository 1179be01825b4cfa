package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * A request a process of the node posts on its I/O processor's message interface (the "first request").
 * The message id is the process's choice; it travels unchanged in the request the I/O processor sends to
 * the remote adapter, and the completion the process receives carries it too.
 *
 * @param messageId      unsigned 32-bit id, not outstanding on this I/O processor
 * @param command        one of {@code IopProtocol.COMMAND_*}
 * @param sourceVolume   the local volume
 * @param targetNode     DESIGNATE only: the node to hold the replica; else null (taken from the association)
 * @param replicaVolume  DESIGNATE only: the volume number on the target node
 * @param lba            REPLICATE only: first block to write
 * @param data           REPLICATE only: whole blocks, at most {@link IopProtocol#MAX_DATA} bytes
 * @param newSizeBlocks  EXPAND only: the new size of both volumes
 */
public record HostRequest(int messageId, int command, int sourceVolume, Wwn targetNode, int replicaVolume,
                          long lba, byte[] data, long newSizeBlocks) {

    public HostRequest {
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Designate {@code replicaVolume} on {@code targetNode} as the replica of local {@code sourceVolume}. */
    public static HostRequest designate(int messageId, int sourceVolume, Wwn targetNode, int replicaVolume) {
        Objects.requireNonNull(targetNode, "targetNode");
        return new HostRequest(messageId, IopProtocol.COMMAND_DESIGNATE_REPLICA, sourceVolume, targetNode,
                replicaVolume, 0, null, 0);
    }

    /** Grow local {@code sourceVolume} and its replica to {@code newSizeBlocks}. */
    public static HostRequest expand(int messageId, int sourceVolume, long newSizeBlocks) {
        return new HostRequest(messageId, IopProtocol.COMMAND_EXPAND_REPLICA, sourceVolume, null, 0, 0, null,
                newSizeBlocks);
    }

    /** Write {@code data} to local {@code sourceVolume} at {@code lba} and replicate it. */
    public static HostRequest replicate(int messageId, int sourceVolume, long lba, byte[] data) {
        return new HostRequest(messageId, IopProtocol.COMMAND_REPLICATE_DATA, sourceVolume, null, 0, lba, data, 0);
    }

    public static HostRequest terminate(int messageId, int sourceVolume) {
        return new HostRequest(messageId, IopProtocol.COMMAND_TERMINATE_ASSOCIATION, sourceVolume, null, 0, 0, null,
                0);
    }

    public static HostRequest reestablish(int messageId, int sourceVolume) {
        return new HostRequest(messageId, IopProtocol.COMMAND_REESTABLISH_ASSOCIATION, sourceVolume, null, 0, 0,
                null, 0);
    }
}
