package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.scsi.BackingStore;
import java.io.IOException;
import java.util.Objects;

/**
 * A server's own mass storage device: the backing store that holds this server's copy of the mirrored data.
 * Counts the reads and writes that reach it (so that a scenario can tell which copy served a read) and can
 * fail (every access then raises an I/O error).
 */
public final class MassStorageDevice {

    /** Whether the device can be reached. */
    public enum DeviceState { ONLINE, FAILED }

    private final String name;
    private final BackingStore store;
    private final int blockSize;
    private long reads;
    private long writes;
    private DeviceState state = DeviceState.ONLINE;

    public MassStorageDevice(String name, BackingStore store, int blockSize) {
        this.name = Objects.requireNonNull(name, "name");
        this.store = Objects.requireNonNull(store, "store");
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize);
        }
        this.blockSize = blockSize;
    }

    public String name() {
        return name;
    }

    public int blockSize() {
        return blockSize;
    }

    public long blocks() {
        return store.capacity() / blockSize;
    }

    public DeviceState state() {
        return state;
    }

    /** The device fails: its data can no longer be read or written. */
    public void fail() {
        state = DeviceState.FAILED;
    }

    /** The device works again (replaced or repaired); its contents are what they were. */
    public void repair() {
        state = DeviceState.ONLINE;
    }

    public void read(long lba, byte[] dst) throws IOException {
        check("read");
        reads++;
        store.read(lba * blockSize, dst, 0, dst.length);
    }

    public void write(long lba, byte[] src) throws IOException {
        check("write");
        writes++;
        store.write(lba * blockSize, src, 0, src.length, false);
    }

    /** The device's contents of one block, read past the counters (for comparing copies); zeros when failed. */
    public byte[] inspect(long lba) {
        byte[] b = new byte[blockSize];
        try {
            store.read(lba * blockSize, b, 0, blockSize);
        } catch (IOException e) {
            throw new IllegalStateException("cannot inspect block " + lba + " of " + name, e);
        }
        return b;
    }

    /** The store behind the device, as the server's SCSI target core reaches it. */
    BackingStore store() {
        return store;
    }

    private void check(String what) throws IOException {
        if (state == DeviceState.FAILED) {
            throw new IOException("mass storage device " + name + " has failed; cannot " + what);
        }
    }

    public long reads() {
        return reads;
    }

    public long writes() {
        return writes;
    }

    @Override
    public String toString() {
        return "device " + name + " (" + state + ")";
    }
}
