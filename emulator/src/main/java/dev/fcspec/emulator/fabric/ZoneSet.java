package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.Wwn;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A named zone set: the zones that apply together once activated. Immutable. */
public record ZoneSet(String name, List<Zone> zones) {

    public ZoneSet {
        Objects.requireNonNull(name, "name");
        zones = List.copyOf(zones);
        Set<String> names = new HashSet<>();
        for (Zone z : zones) {
            if (!names.add(z.name())) {
                throw new IllegalArgumentException("zone set " + name + " has two zones named " + z.name());
            }
        }
    }

    public static ZoneSet of(String name, Zone... zones) {
        return new ZoneSet(name, List.of(zones));
    }

    /** True when {@code wwpn} is a member of at least one zone. */
    public boolean isZoned(Wwn wwpn) {
        for (Zone z : zones) {
            if (z.contains(wwpn)) {
                return true;
            }
        }
        return false;
    }

    /** True when some zone holds both port names. */
    public boolean shareZone(Wwn a, Wwn b) {
        for (Zone z : zones) {
            if (z.contains(a) && z.contains(b)) {
                return true;
            }
        }
        return false;
    }
}
