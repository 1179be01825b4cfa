package dev.fcspec.emulator.vi;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node's physical memory as its VI provider sees it: byte-addressable, sparse (pages appear on first
 * write and read as zeros before), with a write counter so that a check can prove nothing was written.
 */
public final class HostMemory {

    public static final int PAGE_SIZE = 4096;

    private final long size;
    private final Map<Long, byte[]> pages = new HashMap<>();
    private long writes;

    /** A memory of {@code size} bytes, addresses 0 .. size-1. */
    public HostMemory(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("memory size must be positive: " + size);
        }
        this.size = size;
    }

    public long size() {
        return size;
    }

    /** Reads {@code length} bytes at {@code address}. */
    public byte[] read(long address, int length) {
        check(address, length);
        byte[] out = new byte[length];
        int done = 0;
        while (done < length) {
            long a = address + done;
            long page = a / PAGE_SIZE;
            int off = (int) (a % PAGE_SIZE);
            int n = Math.min(length - done, PAGE_SIZE - off);
            byte[] p = pages.get(page);
            if (p != null) {
                System.arraycopy(p, off, out, done, n);
            }
            done += n;
        }
        return out;
    }

    /** Writes {@code data} at {@code address}. */
    public void write(long address, byte[] data) {
        check(address, data.length);
        writes++;
        int done = 0;
        while (done < data.length) {
            long a = address + done;
            long page = a / PAGE_SIZE;
            int off = (int) (a % PAGE_SIZE);
            int n = Math.min(data.length - done, PAGE_SIZE - off);
            System.arraycopy(data, done, pages.computeIfAbsent(page, k -> new byte[PAGE_SIZE]), off, n);
            done += n;
        }
    }

    /** Zeroes the whole memory (power cycle). */
    public void clear() {
        pages.clear();
        writes++;
    }

    /** Number of write operations since creation. */
    public long writeCount() {
        return writes;
    }

    /** A copy of every page written so far, for before/after comparisons. */
    public Map<Long, byte[]> snapshot() {
        Map<Long, byte[]> copy = new TreeMap<>();
        pages.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    /** True when the memory holds exactly what {@code snapshot} recorded. */
    public boolean matches(Map<Long, byte[]> snapshot) {
        if (snapshot.size() != pages.size()) {
            return false;
        }
        for (Map.Entry<Long, byte[]> e : snapshot.entrySet()) {
            if (!Arrays.equals(e.getValue(), pages.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private void check(long address, int length) {
        if (length < 0 || address < 0 || address + length > size) {
            throw new IndexOutOfBoundsException(String.format(
                    "memory access [0x%x, +%d) outside 0x0..0x%x", address, length, size));
        }
    }
}
