package dev.fcspec.emulator.iop;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The set of mass storage devices an adapter is coupled to, as the volumes they hold. */
public final class StorageSet {
    private final Map<Integer, Volume> volumes = new TreeMap<>();

    public Volume create(int number, int blockSize, long sizeBlocks) {
        if (volumes.containsKey(number)) {
            throw new IllegalArgumentException("volume " + number + " already exists");
        }
        Volume v = new Volume(number, blockSize, sizeBlocks);
        volumes.put(number, v);
        return v;
    }

    public Optional<Volume> volume(int number) {
        return Optional.ofNullable(volumes.get(number));
    }

    public List<Volume> volumes() {
        return List.copyOf(volumes.values());
    }

    /** Total writes across the volumes. */
    public long writeCount() {
        return volumes.values().stream().mapToLong(Volume::writeCount).sum();
    }
}
