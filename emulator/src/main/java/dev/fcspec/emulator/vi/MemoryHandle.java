package dev.fcspec.emulator.vi;

/** The handle a VI provider returns for a registered memory region (VIA {@code VIP_MEM_HANDLE}). */
public record MemoryHandle(int value) {
    @Override
    public String toString() {
        return String.format("mh:0x%08x", value);
    }
}
