package dev.fcspec.emulator.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage array: its FC target ports, its logical units, and optionally an iSCSI portal serving them.
 */
public record StorageSpec(String name, List<StoragePortSpec> ports, List<LunSpec> luns, Optional<IscsiPortalSpec> iscsi) {
    public StorageSpec {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
        luns = List.copyOf(luns);
        Objects.requireNonNull(iscsi, "iscsi");
    }

    /** An array with FC ports only. */
    public StorageSpec(String name, List<StoragePortSpec> ports) {
        this(name, ports, List.of(), Optional.empty());
    }

    public Optional<StoragePortSpec> port(String portName) {
        return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
    }
}
