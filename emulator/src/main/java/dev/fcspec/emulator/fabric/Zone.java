package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A WWPN zone: a name and the port names of its members. Immutable. */
public record Zone(String name, Set<Wwn> members) {

    public Zone {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a zone needs a name");
        }
        members = Collections.unmodifiableSet(new LinkedHashSet<>(Objects.requireNonNull(members, "members")));
    }

    public static Zone of(String name, Wwn... members) {
        return new Zone(name, new LinkedHashSet<>(java.util.List.of(members)));
    }

    public boolean contains(Wwn wwpn) {
        return members.contains(wwpn);
    }
}
