package dev.fcspec.emulator.scsi;

import java.io.Closeable;
import java.io.IOException;

/**
 * The medium behind a logical unit. Offsets and lengths are in bytes and always whole logical blocks (the
 * logical unit checks ranges before calling). Implementations are thread-safe; a write that returned has
 * reached the store (and, with {@code forceUnitAccess}, stable storage), and reads after it see it.
 */
public interface BackingStore extends Closeable {

    /** Capacity in bytes. */
    long capacity();

    void read(long offset, byte[] dst, int dstOffset, int length) throws IOException;

    /** Writes; with {@code forceUnitAccess} the data is on stable storage before this returns. */
    void write(long offset, byte[] src, int srcOffset, int length, boolean forceUnitAccess) throws IOException;

    /**
     * Deallocates a range (thin provisioning). Reads of a deallocated range return zeros (LBPRZ).
     * Stores that cannot deallocate write zeros instead.
     */
    void unmap(long offset, long length) throws IOException;

    /** Whether {@code offset} is mapped (allocated); stores without thin provisioning say always. */
    boolean isMapped(long offset);

    /**
     * The end of the run starting at {@code offset} whose blocks all have the mapping status of
     * {@code offset}, at most {@code limit}.
     */
    long mappingRunEnd(long offset, long limit, int blockSize);

    /** Forces everything written so far to stable storage (SYNCHRONIZE CACHE). */
    void flush() throws IOException;

    /** Changes the capacity; data below the new capacity is kept, a grown range reads as zeros. */
    void resize(long newCapacity) throws IOException;

    /** Whether {@link #unmap} really deallocates (so GET LBA STATUS can report deallocated extents). */
    boolean thinProvisioned();

    @Override
    default void close() throws IOException {
    }
}
