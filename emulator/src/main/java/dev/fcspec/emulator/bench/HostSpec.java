package dev.fcspec.emulator.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A host and its HBAs. */
public record HostSpec(String name, List<HbaSpec> hbas) {
    public HostSpec {
        Objects.requireNonNull(name, "name");
        hbas = List.copyOf(hbas);
    }

    public Optional<HbaSpec> hba(String hbaName) {
        return hbas.stream().filter(h -> h.name().equals(hbaName)).findFirst();
    }
}
