package dev.fcspec.emulator.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * One logical unit of a storage array.
 *
 * @param id        the LUN
 * @param sizeBytes capacity in bytes (a whole number of blocks)
 * @param blockSize logical block length in bytes (512 or 4096 ...)
 * @param file      the backing file; empty for sparse memory
 */
public record LunSpec(long id, long sizeBytes, int blockSize, Optional<String> file) {
    public LunSpec {
        Objects.requireNonNull(file, "file");
        if (id < 0 || id > 16383) {
            throw new IllegalArgumentException("LUN " + id + " is outside 0..16383");
        }
        if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two from 512");
        }
        if (sizeBytes <= 0 || sizeBytes % blockSize != 0) {
            throw new IllegalArgumentException("size " + sizeBytes + " is not a positive multiple of the block size " + blockSize);
        }
    }
}
