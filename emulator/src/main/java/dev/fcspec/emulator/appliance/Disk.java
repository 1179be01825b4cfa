package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.scsi.BackingStore;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk of an appliance: the backing store of one logical unit, owned by one node at a time, counting the
 * reads and writes that reach it (so that a scenario can tell data read from the disk from data the storage
 * operating system answered without touching it).
 */
public final class Disk implements BackingStore {
    private final String name;
    private final BackingStore store;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile String reservationHolder;
    private final AtomicLong fencedWrites = new AtomicLong();

    public Disk(String name, BackingStore store) {
        this.name = Objects.requireNonNull(name, "name");
        this.store = Objects.requireNonNull(store, "store");
    }

    public String name() {
        return name;
    }

    /** The node holding the disk's persistent reservation: only it may write. */
    public String reservationHolder() {
        return reservationHolder;
    }

    /** The node takes the reservation (at start), or preempts the holder's (takeover, giveback). */
    public void reserveFor(String node) {
        this.reservationHolder = Objects.requireNonNull(node, "node");
    }

    /** Writes refused because the writing node no longer held the reservation. */
    public long fencedWrites() {
        return fencedWrites.get();
    }

    /** The disk as one node's storage operating system reaches it: writes need the node to hold the reservation. */
    public BackingStore pathFor(String node) {
        Disk disk = this;
        return new BackingStore() {
            @Override
            public long capacity() {
                return disk.capacity();
            }

            @Override
            public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
                disk.read(offset, dst, dstOffset, length);
            }

            @Override
            public void write(long offset, byte[] src, int srcOffset, int length, boolean fua) throws IOException {
                check();
                disk.write(offset, src, srcOffset, length, fua);
            }

            @Override
            public void unmap(long offset, long length) throws IOException {
                check();
                disk.unmap(offset, length);
            }

            private void check() throws IOException {
                if (!node.equals(reservationHolder)) {
                    fencedWrites.incrementAndGet();
                    throw new IOException("reservation conflict: " + node + " writes to " + name + ", whose"
                            + " persistent reservation is held by " + reservationHolder);
                }
            }

            @Override
            public boolean isMapped(long offset) {
                return disk.isMapped(offset);
            }

            @Override
            public long mappingRunEnd(long offset, long limit, int blockSize) {
                return disk.mappingRunEnd(offset, limit, blockSize);
            }

            @Override
            public void flush() throws IOException {
                disk.flush();
            }

            @Override
            public void resize(long newCapacity) throws IOException {
                disk.resize(newCapacity);
            }

            @Override
            public boolean thinProvisioned() {
                return disk.thinProvisioned();
            }

            @Override
            public void close() {
                // the disk outlives the path
            }
        };
    }

    /** Read operations that reached the disk. */
    public long reads() {
        return reads.get();
    }

    /** Write operations that reached the disk. */
    public long writes() {
        return writes.get();
    }

    @Override
    public long capacity() {
        return store.capacity();
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        reads.incrementAndGet();
        store.read(offset, dst, dstOffset, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length, boolean forceUnitAccess) throws IOException {
        writes.incrementAndGet();
        store.write(offset, src, srcOffset, length, forceUnitAccess);
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        writes.incrementAndGet();
        store.unmap(offset, length);
    }

    @Override
    public boolean isMapped(long offset) {
        return store.isMapped(offset);
    }

    @Override
    public long mappingRunEnd(long offset, long limit, int blockSize) {
        return store.mappingRunEnd(offset, limit, blockSize);
    }

    @Override
    public void flush() throws IOException {
        store.flush();
    }

    @Override
    public void resize(long newCapacity) throws IOException {
        store.resize(newCapacity);
    }

    @Override
    public boolean thinProvisioned() {
        return store.thinProvisioned();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    @Override
    public String toString() {
        return "disk " + name;
    }
}
