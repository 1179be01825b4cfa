package dev.fcspec.emulator.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A storage array and its FC target ports. */
public record StorageSpec(String name, List<StoragePortSpec> ports) {
    public StorageSpec {
        Objects.requireNonNull(name, "name");
        ports = List.copyOf(ports);
    }

    public Optional<StoragePortSpec> port(String portName) {
        return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
    }
}
