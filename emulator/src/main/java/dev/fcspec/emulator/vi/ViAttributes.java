package dev.fcspec.emulator.vi;

import java.util.Objects;

/**
 * Attributes of a VI (VIA {@code VIP_VI_ATTRIBUTES}): reliability level, protection tag, whether RDMA
 * read and write may target memory through it, and the largest transfer.
 */
public record ViAttributes(ReliabilityLevel reliability, int protectionTag, boolean enableRdmaWrite,
                           boolean enableRdmaRead, int maxTransferSize) {

    public ViAttributes {
        Objects.requireNonNull(reliability, "reliability");
        if (maxTransferSize <= 0 || maxTransferSize > FcviProtocol.MAX_TRANSFER_SIZE) {
            throw new IllegalArgumentException("maximum transfer size " + maxTransferSize + " outside 1.."
                    + FcviProtocol.MAX_TRANSFER_SIZE);
        }
    }

    /** Reliable delivery, RDMA read and write enabled, largest transfer. */
    public static ViAttributes reliable(int protectionTag) {
        return new ViAttributes(ReliabilityLevel.RELIABLE_DELIVERY, protectionTag, true, true,
                FcviProtocol.MAX_TRANSFER_SIZE);
    }

    public ViAttributes withReliability(ReliabilityLevel r) {
        return new ViAttributes(r, protectionTag, enableRdmaWrite, enableRdmaRead, maxTransferSize);
    }

    public ViAttributes withRdma(boolean write, boolean read) {
        return new ViAttributes(reliability, protectionTag, write, read, maxTransferSize);
    }
}
