package dev.fcspec.emulator.scsi;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A thin-provisioned in-memory store: 64 KiB chunks allocated on first write, a mapped bit per logical block,
 * chunks given back when every block in them is unmapped. Writers and unmappers of one chunk serialise on
 * the chunk; readers never block (a read overlapping a concurrent write may see either, as SBC allows).
 */
public final class SparseMemoryStore implements BackingStore {
    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

    private final int blockSize;
    private volatile long capacity;
    private volatile AtomicReferenceArray<Chunk> chunks;

    private static final class Chunk {
        final byte[] data = new byte[CHUNK_SIZE];
        final long[] mapped;
        boolean dead;

        Chunk(int blocksPerChunk) {
            mapped = new long[(blocksPerChunk + 63) >>> 6];
        }

        boolean anyMapped() {
            for (long m : mapped) {
                if (m != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param capacity  bytes, a multiple of {@code blockSize}
     * @param blockSize logical block size (512 to 65536, a power of two)
     */
    public SparseMemoryStore(long capacity, int blockSize) {
        if (blockSize < 512 || blockSize > CHUNK_SIZE || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in 512..65536: " + blockSize);
        }
        if (capacity < 0 || capacity % blockSize != 0) {
            throw new IllegalArgumentException("capacity must be a non-negative multiple of the block size");
        }
        this.blockSize = blockSize;
        this.capacity = capacity;
        this.chunks = new AtomicReferenceArray<>(chunkCount(capacity));
    }

    private static int chunkCount(long capacity) {
        long n = (capacity + CHUNK_SIZE - 1) >>> CHUNK_SHIFT;
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity too large for a memory store: " + capacity);
        }
        return (int) n;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    /** Bytes of chunk memory currently allocated (for thin-provisioning tests and reports). */
    public long allocatedBytes() {
        AtomicReferenceArray<Chunk> cs = chunks;
        long n = 0;
        for (int i = 0; i < cs.length(); i++) {
            if (cs.get(i) != null) {
                n += CHUNK_SIZE;
            }
        }
        return n;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        AtomicReferenceArray<Chunk> cs = chunks;
        while (length > 0) {
            int idx = (int) (offset >>> CHUNK_SHIFT);
            int inChunk = (int) (offset & (CHUNK_SIZE - 1));
            int n = Math.min(length, CHUNK_SIZE - inChunk);
            Chunk c = cs.get(idx);
            if (c == null) {
                java.util.Arrays.fill(dst, dstOffset, dstOffset + n, (byte) 0);
            } else {
                System.arraycopy(c.data, inChunk, dst, dstOffset, n);
            }
            offset += n;
            dstOffset += n;
            length -= n;
        }
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length, boolean forceUnitAccess) {
        AtomicReferenceArray<Chunk> cs = chunks;
        int blocksPerChunk = CHUNK_SIZE / blockSize;
        while (length > 0) {
            int idx = (int) (offset >>> CHUNK_SHIFT);
            int inChunk = (int) (offset & (CHUNK_SIZE - 1));
            int n = Math.min(length, CHUNK_SIZE - inChunk);
            while (true) {
                Chunk c = cs.get(idx);
                if (c == null) {
                    Chunk fresh = new Chunk(blocksPerChunk);
                    if (!cs.compareAndSet(idx, null, fresh)) {
                        continue;
                    }
                    c = fresh;
                }
                synchronized (c) {
                    if (c.dead) {
                        continue;
                    }
                    System.arraycopy(src, srcOffset, c.data, inChunk, n);
                    int first = inChunk / blockSize;
                    int last = (inChunk + n - 1) / blockSize;
                    for (int b = first; b <= last; b++) {
                        c.mapped[b >>> 6] |= 1L << (b & 63);
                    }
                }
                break;
            }
            offset += n;
            srcOffset += n;
            length -= n;
        }
    }

    @Override
    public void unmap(long offset, long length) {
        AtomicReferenceArray<Chunk> cs = chunks;
        while (length > 0) {
            int idx = (int) (offset >>> CHUNK_SHIFT);
            int inChunk = (int) (offset & (CHUNK_SIZE - 1));
            int n = (int) Math.min(length, CHUNK_SIZE - inChunk);
            Chunk c = cs.get(idx);
            if (c != null) {
                synchronized (c) {
                    if (!c.dead) {
                        java.util.Arrays.fill(c.data, inChunk, inChunk + n, (byte) 0);
                        int first = inChunk / blockSize;
                        int last = (inChunk + n - 1) / blockSize;
                        for (int b = first; b <= last; b++) {
                            c.mapped[b >>> 6] &= ~(1L << (b & 63));
                        }
                        if (!c.anyMapped()) {
                            c.dead = true;
                            cs.compareAndSet(idx, c, null);
                        }
                    }
                }
            }
            offset += n;
            length -= n;
        }
    }

    @Override
    public boolean isMapped(long offset) {
        Chunk c = chunks.get((int) (offset >>> CHUNK_SHIFT));
        if (c == null) {
            return false;
        }
        int b = (int) (offset & (CHUNK_SIZE - 1)) / blockSize;
        synchronized (c) {
            return !c.dead && (c.mapped[b >>> 6] & 1L << (b & 63)) != 0;
        }
    }

    @Override
    public long mappingRunEnd(long offset, long limit, int unusedBlockSize) {
        boolean status = isMapped(offset);
        long p = offset + blockSize;
        while (p < limit) {
            if (!status && (p & (CHUNK_SIZE - 1)) == 0 && chunks.get((int) (p >>> CHUNK_SHIFT)) == null) {
                p += CHUNK_SIZE;
                continue;
            }
            if (isMapped(p) != status) {
                return p;
            }
            p += blockSize;
        }
        return Math.min(p, limit);
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void resize(long newCapacity) {
        if (newCapacity < 0 || newCapacity % blockSize != 0) {
            throw new IllegalArgumentException("capacity must be a non-negative multiple of the block size");
        }
        AtomicReferenceArray<Chunk> old = chunks;
        AtomicReferenceArray<Chunk> fresh = new AtomicReferenceArray<>(chunkCount(newCapacity));
        for (int i = 0; i < Math.min(old.length(), fresh.length()); i++) {
            fresh.set(i, old.get(i));
        }
        if (newCapacity < capacity && fresh.length() > 0) {
            // zero the tail of the last kept chunk so a later grow reads zeros there
            long tail = newCapacity & (CHUNK_SIZE - 1);
            Chunk c = fresh.get(fresh.length() - 1);
            if (c != null && tail != 0) {
                synchronized (c) {
                    java.util.Arrays.fill(c.data, (int) tail, CHUNK_SIZE, (byte) 0);
                    for (int b = (int) tail / blockSize; b < CHUNK_SIZE / blockSize; b++) {
                        c.mapped[b >>> 6] &= ~(1L << (b & 63));
                    }
                }
            }
        }
        chunks = fresh;
        capacity = newCapacity;
    }
}
