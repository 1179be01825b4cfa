package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.FcId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of everything a switch remembers: F_Port states, logins, the name-server database, SCR
 * registrations and zoning. Two snapshots are equal exactly when the switch state is the same, which is how
 * tests check that a rejected request changed nothing.
 */
public record FabricState(Map<Integer, FPortState> ports, List<FabricLogin> logins, List<NameServerEntry> nameServer,
                          Map<FcId, Integer> scrRegistrations, Optional<ZoneSet> activeZoneSet,
                          DefaultZone defaultZone) {

    public FabricState {
        ports = Map.copyOf(ports);
        logins = List.copyOf(logins);
        nameServer = List.copyOf(nameServer);
        scrRegistrations = Map.copyOf(scrRegistrations);
    }
}
