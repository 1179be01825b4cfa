package dev.fcspec.emulator.iop;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parameters of the replication requests (layouts in {@link IopProtocol}). Volumes are named by number: the
 * source volume lives on the node that starts the operation, the replica volume on the other node.
 */
public sealed interface IopParameters {

    int sourceVolume();

    int replicaVolume();

    /** The command these parameters belong to. */
    int command();

    byte[] encode();

    /** Designate {@code replicaVolume} on the remote node as the replica of {@code sourceVolume}. */
    record Designate(int sourceVolume, int replicaVolume, long sizeBlocks, int blockSize) implements IopParameters {
        public Designate {
            if (sizeBlocks <= 0 || blockSize <= 0) {
                throw new IllegalArgumentException("volume size and block size must be positive");
            }
        }

        @Override
        public int command() {
            return IopProtocol.COMMAND_DESIGNATE_REPLICA;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(20).putInt(sourceVolume).putInt(replicaVolume).putLong(sizeBlocks)
                    .putInt(blockSize).array();
        }
    }

    /** Grow the replica volume to {@code newSizeBlocks}. */
    record Expand(int sourceVolume, int replicaVolume, long newSizeBlocks) implements IopParameters {
        public Expand {
            if (newSizeBlocks <= 0) {
                throw new IllegalArgumentException("new size must be positive");
            }
        }

        @Override
        public int command() {
            return IopProtocol.COMMAND_EXPAND_REPLICA;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(16).putInt(sourceVolume).putInt(replicaVolume).putLong(newSizeBlocks).array();
        }
    }

    /** Write {@code data} (whole blocks) into the replica at {@code lba}. */
    record Replicate(int sourceVolume, int replicaVolume, long lba, byte[] data) implements IopParameters {
        public Replicate {
            Objects.requireNonNull(data, "data");
            if (lba < 0) {
                throw new IllegalArgumentException("negative LBA " + lba);
            }
            if (data.length == 0 || data.length > IopProtocol.MAX_DATA) {
                throw new IllegalArgumentException("replicated data of " + data.length + " bytes outside 1.."
                        + IopProtocol.MAX_DATA);
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int command() {
            return IopProtocol.COMMAND_REPLICATE_DATA;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(16 + data.length).putInt(sourceVolume).putInt(replicaVolume).putLong(lba)
                    .put(data).array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Replicate r && sourceVolume == r.sourceVolume && replicaVolume == r.replicaVolume
                    && lba == r.lba && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sourceVolume, replicaVolume, lba) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Replicate[" + sourceVolume + "->" + replicaVolume + " lba=" + lba + " " + data.length + "B]";
        }
    }

    /** End the replication association. */
    record Terminate(int sourceVolume, int replicaVolume) implements IopParameters {
        @Override
        public int command() {
            return IopProtocol.COMMAND_TERMINATE_ASSOCIATION;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(8).putInt(sourceVolume).putInt(replicaVolume).array();
        }
    }

    /** Re-establish a terminated association. */
    record Reestablish(int sourceVolume, int replicaVolume) implements IopParameters {
        @Override
        public int command() {
            return IopProtocol.COMMAND_REESTABLISH_ASSOCIATION;
        }

        @Override
        public byte[] encode() {
            return ByteBuffer.allocate(8).putInt(sourceVolume).putInt(replicaVolume).array();
        }
    }

    /**
     * Decodes the parameters of a request.
     *
     * @throws IopDecodeException LENGTH_MISMATCH when the block has the wrong size for the command
     * @throws IllegalArgumentException for a command this codec does not know
     */
    static IopParameters decode(int command, byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        switch (command) {
            case IopProtocol.COMMAND_DESIGNATE_REPLICA -> {
                need(p, 20, command);
                return new Designate(b.getInt(), b.getInt(), b.getLong(), b.getInt());
            }
            case IopProtocol.COMMAND_EXPAND_REPLICA -> {
                need(p, 16, command);
                return new Expand(b.getInt(), b.getInt(), b.getLong());
            }
            case IopProtocol.COMMAND_REPLICATE_DATA -> {
                if (p.length <= 16 || p.length > 16 + IopProtocol.MAX_DATA) {
                    throw new IopDecodeException(IopDecodeException.Defect.LENGTH_MISMATCH,
                            "REPLICATE_DATA needs 16 bytes and 1.." + IopProtocol.MAX_DATA + " data bytes, has "
                                    + p.length);
                }
                int src = b.getInt();
                int dst = b.getInt();
                long lba = b.getLong();
                byte[] d = new byte[p.length - 16];
                b.get(d);
                return new Replicate(src, dst, lba, d);
            }
            case IopProtocol.COMMAND_TERMINATE_ASSOCIATION -> {
                need(p, 8, command);
                return new Terminate(b.getInt(), b.getInt());
            }
            case IopProtocol.COMMAND_REESTABLISH_ASSOCIATION -> {
                need(p, 8, command);
                return new Reestablish(b.getInt(), b.getInt());
            }
            default -> throw new IllegalArgumentException("no parameters defined for " + IopProtocol.commandName(command));
        }
    }

    private static void need(byte[] p, int n, int command) {
        if (p.length != n) {
            throw new IopDecodeException(IopDecodeException.Defect.LENGTH_MISMATCH,
                    IopProtocol.commandName(command) + " parameters are " + n + " bytes, not " + p.length);
        }
    }
}
