package dev.fcspec.emulator.vi;

import java.util.Objects;

/** A registered memory region: its handle, first address, length and attributes. */
public record MemoryRegion(MemoryHandle handle, long address, int length, MemoryAttributes attributes) {
    public MemoryRegion {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(attributes, "attributes");
        if (address < 0 || length <= 0) {
            throw new IllegalArgumentException("region needs a non-negative address and a positive length");
        }
    }

    /** True when {@code [addr, addr + len)} lies inside the region. */
    public boolean contains(long addr, int len) {
        return len >= 0 && addr >= address && addr + len <= address + length;
    }

    public long end() {
        return address + length;
    }
}
