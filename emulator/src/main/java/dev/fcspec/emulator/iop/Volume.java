package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A data volume on an adapter's mass storage devices: numbered, with a block size and a size in blocks,
 * held by a SCSI-core backing store. Counts the writes it takes, so a check can prove a message was applied
 * once.
 */
public final class Volume {
    private final int number;
    private final int blockSize;
    private final BackingStore store;
    private long sizeBlocks;
    private long writes;

    public Volume(int number, int blockSize, long sizeBlocks) {
        this(number, blockSize, sizeBlocks, new SparseMemoryStore(sizeBlocks * blockSize, blockSize));
    }

    public Volume(int number, int blockSize, long sizeBlocks, BackingStore store) {
        if (blockSize <= 0 || IopProtocol.MAX_DATA % blockSize != 0) {
            throw new IllegalArgumentException("block size " + blockSize + " must divide " + IopProtocol.MAX_DATA);
        }
        if (sizeBlocks <= 0) {
            throw new IllegalArgumentException("volume size must be positive: " + sizeBlocks);
        }
        this.number = number;
        this.blockSize = blockSize;
        this.sizeBlocks = sizeBlocks;
        this.store = Objects.requireNonNull(store, "store");
    }

    public int number() {
        return number;
    }

    public int blockSize() {
        return blockSize;
    }

    public long sizeBlocks() {
        return sizeBlocks;
    }

    public long sizeBytes() {
        return sizeBlocks * blockSize;
    }

    /** Write operations taken so far. */
    public long writeCount() {
        return writes;
    }

    public boolean inRange(long lba, long blocks) {
        return lba >= 0 && blocks >= 0 && lba + blocks <= sizeBlocks;
    }

    /** Reads {@code blocks} blocks at {@code lba}. */
    public byte[] read(long lba, int blocks) {
        checkRange(lba, blocks);
        byte[] b = new byte[blocks * blockSize];
        try {
            store.read(lba * blockSize, b, 0, b.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b;
    }

    /** Writes whole blocks at {@code lba}. */
    public void write(long lba, byte[] data) {
        if (data.length % blockSize != 0) {
            throw new IllegalArgumentException(data.length + " bytes are not whole " + blockSize + "-byte blocks");
        }
        checkRange(lba, data.length / blockSize);
        try {
            store.write(lba * blockSize, data, 0, data.length, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        writes++;
    }

    /** Grows the volume; data stays, the new blocks read as zeros. */
    public void expand(long newSizeBlocks) {
        if (newSizeBlocks < sizeBlocks) {
            throw new IllegalArgumentException("volume " + number + " cannot shrink from " + sizeBlocks + " to "
                    + newSizeBlocks + " blocks");
        }
        try {
            store.resize(newSizeBlocks * blockSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sizeBlocks = newSizeBlocks;
    }

    /** Whether any block of {@code [offset, offset+length)} bytes was ever written. */
    public boolean isMapped(long offset, long length) {
        long end = Math.min(offset + length, sizeBlocks * blockSize);
        for (long o = offset; o < end; o += blockSize) {
            if (store.isMapped(o)) {
                return true;
            }
        }
        return false;
    }

    private void checkRange(long lba, long blocks) {
        if (!inRange(lba, blocks)) {
            throw new IndexOutOfBoundsException("blocks [" + lba + ", +" + blocks + ") outside volume " + number
                    + " of " + sizeBlocks + " blocks");
        }
    }

    @Override
    public String toString() {
        return "Volume[" + number + " " + sizeBlocks() + "x" + blockSize + "]";
    }
}
