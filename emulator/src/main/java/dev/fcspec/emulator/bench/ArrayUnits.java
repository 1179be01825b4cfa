package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.FileStore;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.SparseMemoryStore;
import dev.fcspec.emulator.scsi.TargetCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Builds a storage array's logical units from its bench definition, for every front end that serves them. */
public final class ArrayUnits {

    private ArrayUnits() {
    }

    /** Adds one logical unit per LUN of {@code array} to {@code core}. */
    public static TargetCore.Builder addTo(TargetCore.Builder core, StorageSpec array) {
        for (LunSpec lun : array.luns()) {
            core.unit(lun.id(), LogicalUnit.builder(array.name() + "-lun" + lun.id(), store(lun))
                    .blockSize(lun.blockSize()).removable(lun.removable()).build());
        }
        return core;
    }

    /** Sparse memory, or the LUN's backing file. */
    public static BackingStore store(LunSpec lun) {
        if (lun.file().isEmpty()) {
            return new SparseMemoryStore(lun.sizeBytes(), lun.blockSize());
        }
        try {
            return new FileStore(Path.of(lun.file().get()), lun.sizeBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open backing file " + lun.file().get(), e);
        }
    }
}
