package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/** One FC target port of a storage array. */
public record StoragePortSpec(String name, Wwn wwnn, Wwn wwpn) {
    public StoragePortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wwnn, "wwnn");
        Objects.requireNonNull(wwpn, "wwpn");
    }
}
