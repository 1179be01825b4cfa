package dev.fcspec.emulator.vi;

/**
 * Memory registration attributes (VIA {@code VIP_MEM_ATTRIBUTES}): the protection tag, and whether remote
 * peers may RDMA-write or RDMA-read the region.
 */
public record MemoryAttributes(int protectionTag, boolean enableRdmaWrite, boolean enableRdmaRead) {

    public static MemoryAttributes localOnly(int protectionTag) {
        return new MemoryAttributes(protectionTag, false, false);
    }

    public static MemoryAttributes readWrite(int protectionTag) {
        return new MemoryAttributes(protectionTag, true, true);
    }
}
