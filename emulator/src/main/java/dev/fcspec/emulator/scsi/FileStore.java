package dev.fcspec.emulator.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file-backed store on a {@link FileChannel} (positional I/O, safe for concurrent use). FUA writes and
 * {@link #flush} force the data to the device. The file is fully provisioned: unmap writes zeros, and every
 * block reports as mapped.
 */
public final class FileStore implements BackingStore {
    private static final int ZERO_CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private volatile long capacity;

    /** Opens (creating if missing) the file and sets its length to {@code capacity} when it is shorter. */
    public FileStore(Path path, long capacity) throws IOException {
        if (capacity < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.capacity = capacity;
        if (channel.size() < capacity) {
            extendTo(capacity);
        }
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
        return false;
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
    }

    @Override
    public boolean isMapped(long offset) {
        return true;
    }

    @Override
    public long mappingRunEnd(long offset, long limit, int blockSize) {
        return limit;
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void resize(long newCapacity) throws IOException {
        if (newCapacity < capacity) {
            channel.truncate(newCapacity);
        } else {
            extendTo(newCapacity);
        }
        capacity = newCapacity;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
