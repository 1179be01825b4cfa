package dev.fcspec.emulator.scsi;

import java.io.IOException;

/**
 * A backing store that hands every operation to another one: the base for stores that watch or reroute some
 * operations (count the I/O that reaches a medium, send reads and writes down a SCSI path) and leave the rest
 * alone. Override what differs.
 */
public abstract class ForwardingBackingStore implements BackingStore {

    /** The store operations go to. */
    protected abstract BackingStore delegate();

    @Override
    public long capacity() {
        return delegate().capacity();
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        delegate().read(offset, dst, dstOffset, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length, boolean forceUnitAccess) throws IOException {
        delegate().write(offset, src, srcOffset, length, forceUnitAccess);
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        delegate().unmap(offset, length);
    }

    @Override
    public boolean isMapped(long offset) {
        return delegate().isMapped(offset);
    }

    @Override
    public long mappingRunEnd(long offset, long limit, int blockSize) {
        return delegate().mappingRunEnd(offset, limit, blockSize);
    }

    @Override
    public void flush() throws IOException {
        delegate().flush();
    }

    @Override
    public void resize(long newCapacity) throws IOException {
        delegate().resize(newCapacity);
    }

    @Override
    public boolean thinProvisioned() {
        return delegate().thinProvisioned();
    }

    @Override
    public void close() throws IOException {
        delegate().close();
    }
}
