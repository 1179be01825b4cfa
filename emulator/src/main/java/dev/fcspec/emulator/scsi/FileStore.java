package dev.fcspec.emulator.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A file-backed store on a {@link FileChannel} (positional I/O, safe for concurrent use). FUA writes and
 * {@link #flush} force the data to the device. Thin provisioning is kept as an allocation map beside the
 * file ({@code <file>.map}, written on flush and close): unmap writes zeros and marks the range deallocated,
 * a write marks it mapped. Reads always come from the file, so a stale map (after a crash) can only
 * misreport provisioning status, never data; a file without a map starts fully mapped.
 */
public final class FileStore implements BackingStore {
    private static final int ZERO_CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();
    private static final long MAX_GRANULES = 1L << 27;
    private static final String MAP_MAGIC = "fcspec-allocation-map 1";

    private final Path path;
    private final Path mapPath;
    private final FileChannel channel;
    private final int blockSize;
    private volatile long capacity;
    private volatile long granule;
    private volatile AtomicLongArray mapped;

    /** A fully provisioned file store with 512-byte allocation granules (see {@link #FileStore(Path, long, int)}). */
    public FileStore(Path path, long capacity) throws IOException {
        this(path, capacity, 512);
    }

    /**
     * Opens (creating if missing) the file and sets its length to {@code capacity} when it is shorter.
     *
     * @param blockSize the logical block size: the finest allocation granule the map tracks
     */
    public FileStore(Path path, long capacity, int blockSize) throws IOException {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two >= 512: " + blockSize);
        }
        this.path = path;
        this.mapPath = path.resolveSibling(path.getFileName() + ".map");
        this.blockSize = blockSize;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.capacity = capacity;
        if (channel.size() < capacity) {
            extendTo(capacity);
        }
        this.granule = granuleFor(capacity);
        this.mapped = loadMap();
    }

    private long granuleFor(long cap) {
        long g = blockSize;
        while ((cap + g - 1) / g > MAX_GRANULES) {
            g <<= 1;
        }
        return g;
    }

    private AtomicLongArray allMapped(long cap, long g) {
        long granules = (cap + g - 1) / g;
        AtomicLongArray a = new AtomicLongArray((int) ((granules + 63) >>> 6));
        for (int i = 0; i < a.length(); i++) {
            a.set(i, -1L);
        }
        return a;
    }

    private AtomicLongArray loadMap() throws IOException {
        if (!Files.exists(mapPath)) {
            return allMapped(capacity, granule);
        }
        byte[] b = Files.readAllBytes(mapPath);
        String header = MAP_MAGIC + " " + capacity + " " + granule + "\n";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AtomicLongArray fresh = allMapped(capacity, granule);
        if (b.length != h.length + 8L * fresh.length()
                || !java.util.Arrays.equals(java.util.Arrays.copyOf(b, h.length), h)) {
            return fresh; // another geometry or a damaged map: everything counts as mapped
        }
        ByteBuffer buf = ByteBuffer.wrap(b, h.length, b.length - h.length);
        for (int i = 0; i < fresh.length(); i++) {
            fresh.set(i, buf.getLong());
        }
        return fresh;
    }

    private synchronized void saveMap() throws IOException {
        AtomicLongArray m = mapped;
        byte[] h = (MAP_MAGIC + " " + capacity + " " + granule + "\n").getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer buf = ByteBuffer.allocate(h.length + 8 * m.length());
        buf.put(h);
        for (int i = 0; i < m.length(); i++) {
            buf.putLong(m.get(i));
        }
        Path tmp = mapPath.resolveSibling(mapPath.getFileName() + ".tmp");
        Files.write(tmp, buf.array());
        Files.move(tmp, mapPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void extendTo(long size) throws IOException {
        if (size > 0) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public boolean thinProvisioned() {
        return true;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, dstOffset, length);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                // beyond the end of a sparse or truncated file: zeros
                while (buf.hasRemaining()) {
                    buf.put((byte) 0);
                }
                break;
            }
            pos += n;
        }
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length, boolean forceUnitAccess)
            throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(src, srcOffset, length);
        long pos = offset;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        if (forceUnitAccess) {
            channel.force(false);
        }
        if (length > 0) {
            setMapped(offset / granule, (offset + length - 1) / granule, true);
        }
    }

    private void setMapped(long first, long last, boolean on) {
        AtomicLongArray m = mapped;
        for (long g = first; g <= last; g++) {
            int word = (int) (g >>> 6);
            long bit = 1L << (g & 63);
            long v;
            do {
                v = m.get(word);
            } while ((on ? (v & bit) == 0 : (v & bit) != 0) && !m.compareAndSet(word, v, on ? v | bit : v & ~bit));
        }
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        long pos = offset;
        long end = offset + length;
        while (pos < end) {
            ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(ZERO_CHUNK, end - pos));
            while (z.hasRemaining()) {
                pos += channel.write(z, pos);
            }
        }
        // only granules the range covers completely become deallocated
        long first = (offset + granule - 1) / granule;
        long last = end / granule - 1;
        if (first <= last) {
            setMapped(first, last, false);
        }
    }

    @Override
    public boolean isMapped(long offset) {
        long g = offset / granule;
        return (mapped.get((int) (g >>> 6)) & 1L << (g & 63)) != 0;
    }

    @Override
    public long mappingRunEnd(long offset, long limit, int unusedBlockSize) {
        boolean status = isMapped(offset);
        long p = (offset / granule + 1) * granule;
        while (p < limit && isMapped(p) == status) {
            p += granule;
        }
        return Math.min(p, limit);
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
        saveMap();
    }

    @Override
    public synchronized void resize(long newCapacity) throws IOException {
        if (newCapacity < capacity) {
            channel.truncate(newCapacity);
        } else {
            extendTo(newCapacity);
        }
        long g = granuleFor(newCapacity);
        AtomicLongArray old = mapped;
        AtomicLongArray fresh = allMapped(newCapacity, g);
        long oldGranule = granule;
        long keep = Math.min(capacity, newCapacity);
        for (long off = 0; off < newCapacity; off += g) {
            boolean m = off >= keep ? false : (old.get((int) ((off / oldGranule) >>> 6))
                    & 1L << ((off / oldGranule) & 63)) != 0;
            if (!m) {
                long idx = off / g;
                fresh.getAndUpdate((int) (idx >>> 6), v -> v & ~(1L << (idx & 63)));
            }
        }
        granule = g;
        mapped = fresh;
        capacity = newCapacity;
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                saveMap();
            }
        } finally {
            channel.close();
        }
    }
}
