package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.fabric.DefaultZone;
import dev.fcspec.emulator.fabric.DuplicateWwpnPolicy;
import dev.fcspec.emulator.fabric.FabricConfig;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A switched fabric made of one switch.
 *
 * @param name        the fabric's name in scenarios ("fabric A")
 * @param switchName  the switch's name, used in link endpoints ({@code sw1.3} is its port 3)
 * @param domainId    Domain_ID, 1..239 (the first byte of every FC_ID the switch assigns)
 * @param switchWwn   the switch's name (the F_Port names are derived from it)
 * @param fabricName  the Fabric_Name the switch returns in FLOGI LS_ACC
 * @param ports       number of F_Ports, numbered 0..ports-1
 * @param npiv        NPIV policy of the login server (at most 255 virtual ports per F_Port)
 * @param duplicateWwpn what the login server does with a login whose WWPN is already logged in
 * @param timeouts    E_D_TOV and R_A_TOV the fabric announces
 * @param zoning      the active zone set
 */
public record FabricSpec(String name, String switchName, int domainId, Wwn switchWwn, Wwn fabricName, int ports,
                        NpivPolicy npiv, DuplicateWwpnPolicy duplicateWwpn, Timeouts timeouts, ZoningSpec zoning) {

    /**
     * Checks the switch's settings by building its {@link FabricConfig}: the switch's limits (Domain_ID,
     * port count, NPIV logins per port, timeouts) are defined there once.
     */
    public FabricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(npiv, "npiv");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(zoning, "zoning");
        switchConfig(switchName, domainId, switchWwn, fabricName, ports, npiv, duplicateWwpn, timeouts, zoning);
    }

    /** The configuration of this fabric's switch. */
    public FabricConfig config() {
        return switchConfig(switchName, domainId, switchWwn, fabricName, ports, npiv, duplicateWwpn, timeouts, zoning);
    }

    private static FabricConfig switchConfig(String switchName, int domainId, Wwn switchWwn, Wwn fabricName,
                                             int ports, NpivPolicy npiv, DuplicateWwpnPolicy duplicateWwpn,
                                             Timeouts timeouts, ZoningSpec zoning) {
        return new FabricConfig(switchName, domainId, switchWwn, fabricName, ports, npiv.supported(),
                npiv.maxVportsPerPort(), timeouts.eDTov(), timeouts.rATov(), duplicateWwpn,
                zoning.defaultZoneAll() ? DefaultZone.ALL_ACCESS : DefaultZone.NO_ACCESS);
    }

    public FabricSpec withNpiv(NpivPolicy p) {
        return new FabricSpec(name, switchName, domainId, switchWwn, fabricName, ports, p, duplicateWwpn, timeouts,
                zoning);
    }

    public FabricSpec withZoning(ZoningSpec z) {
        return new FabricSpec(name, switchName, domainId, switchWwn, fabricName, ports, npiv, duplicateWwpn, timeouts,
                z);
    }

    /**
     * NPIV at the login server.
     *
     * @param supported        whether FDISC is accepted (and the FLOGI LS_ACC says so)
     * @param maxVportsPerPort how many virtual N_Port_IDs one F_Port hands out besides the physical one; the
     *                         next FDISC is rejected for lack of resources
     */
    public record NpivPolicy(boolean supported, int maxVportsPerPort) {
    }

    /** The fabric's timeouts (FC-FS defaults are 2 s and 10 s). */
    public record Timeouts(Duration eDTov, Duration rATov) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /**
     * WWPN zoning.
     *
     * @param defaultZoneAll what ports in no zone see: true = each other, but no zoned port (default zone
     *                       "all access"; with no zones that is everyone), false = nobody ("no access")
     * @param zones          the zones of the active zone set
     */
    public record ZoningSpec(boolean defaultZoneAll, List<ZoneSpec> zones) {
        public ZoningSpec {
            zones = List.copyOf(zones);
        }

        /** No zones, every port sees every port. */
        public static final ZoningSpec OPEN = new ZoningSpec(true, List.of());
    }

    /** A zone: a name and the WWPNs of its members. */
    public record ZoneSpec(String name, List<Wwn> members) {
        public ZoneSpec {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
        }
    }
}
