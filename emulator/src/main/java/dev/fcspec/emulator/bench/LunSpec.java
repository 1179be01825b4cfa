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
 * @param removable RMB: the unit has a removable medium (START STOP UNIT with LOEJ, PREVENT ALLOW MEDIUM REMOVAL)
 */
public record LunSpec(long id, long sizeBytes, int blockSize, Optional<String> file, boolean removable) {
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

    /** A fixed-medium logical unit. */
    public LunSpec(long id, long sizeBytes, int blockSize, Optional<String> file) {
        this(id, sizeBytes, blockSize, file, false);
    }
}
