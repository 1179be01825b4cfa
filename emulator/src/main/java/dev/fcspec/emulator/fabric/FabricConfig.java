package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of an emulated switch. Immutable; change with the {@code with*} methods.
 *
 * @param name                 the switch's name in logs and scenarios ("sw1")
 * @param domainId             Domain_ID 1..239: the first byte of every N_Port_ID the switch assigns
 * @param switchName           the switch's WWN; F_Port names are derived from it ({@link FabricSwitch#fPortName})
 * @param fabricName           Fabric_Name returned in the FLOGI/FDISC LS_ACC
 * @param portCount            number of F_Ports, numbered 0..portCount-1; port n owns Area_ID n
 * @param npivSupported        whether FDISC is served (and the FLOGI LS_ACC announces NPIV)
 * @param maxVportsPerPort     NPIV logins one F_Port accepts besides its FLOGI (0..255); the next FDISC gets
 *                             LS_RJT 0x09/0x29 (insufficient resources)
 * @param eDTov                E_D_TOV announced in the FLOGI LS_ACC
 * @param rATov                R_A_TOV announced in the FLOGI LS_ACC
 * @param duplicateWwpnPolicy  what a FLOGI/FDISC with a WWPN already logged in does
 * @param defaultZone          initial default-zone policy of the zoning service
 */
public record FabricConfig(String name, int domainId, Wwn switchName, Wwn fabricName, int portCount,
                           boolean npivSupported, int maxVportsPerPort, Duration eDTov, Duration rATov,
                           DuplicateWwpnPolicy duplicateWwpnPolicy, DefaultZone defaultZone) {

    public static final int MIN_DOMAIN_ID = 1;
    public static final int MAX_DOMAIN_ID = 239;
    /** Largest receive data field size: the switch announces it and accepts it. */
    public static final int RECEIVE_DATA_FIELD_SIZE = 2112;

    public FabricConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(switchName, "switchName");
        Objects.requireNonNull(fabricName, "fabricName");
        Objects.requireNonNull(eDTov, "eDTov");
        Objects.requireNonNull(rATov, "rATov");
        Objects.requireNonNull(duplicateWwpnPolicy, "duplicateWwpnPolicy");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (domainId < MIN_DOMAIN_ID || domainId > MAX_DOMAIN_ID) {
            throw new IllegalArgumentException("Domain_ID " + domainId + " is outside 1..239");
        }
        if (portCount < 1 || portCount > 256) {
            throw new IllegalArgumentException("a switch has 1..256 F_Ports (one Area_ID each), not " + portCount);
        }
        if (maxVportsPerPort < 0 || maxVportsPerPort > 255) {
            throw new IllegalArgumentException("NPIV logins per F_Port must be within 0..255, not " + maxVportsPerPort);
        }
        if (eDTov.isNegative() || eDTov.isZero() || rATov.isNegative() || rATov.isZero()) {
            throw new IllegalArgumentException("E_D_TOV and R_A_TOV must be positive");
        }
        if (eDTov.toMillis() > Integer.MAX_VALUE || rATov.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("E_D_TOV and R_A_TOV must fit 32 bits of milliseconds");
        }
        switchName.asLong();
        fabricName.asLong();
    }

    /**
     * A 16-port switch with NPIV (255 virtual ports per F_Port), E_D_TOV 2 s, R_A_TOV 10 s, duplicate WWPNs
     * rejected, default zone "all access"; the fabric name is the switch name.
     */
    public static FabricConfig defaults(String name, int domainId, Wwn switchName) {
        return new FabricConfig(name, domainId, switchName, switchName, 16, true, 255, Duration.ofSeconds(2),
                Duration.ofSeconds(10), DuplicateWwpnPolicy.REJECT_NEW, DefaultZone.ALL_ACCESS);
    }

    public FabricConfig withFabricName(Wwn v) {
        return new FabricConfig(name, domainId, switchName, v, portCount, npivSupported, maxVportsPerPort, eDTov,
                rATov, duplicateWwpnPolicy, defaultZone);
    }

    public FabricConfig withPortCount(int v) {
        return new FabricConfig(name, domainId, switchName, fabricName, v, npivSupported, maxVportsPerPort, eDTov,
                rATov, duplicateWwpnPolicy, defaultZone);
    }

    public FabricConfig withNpiv(boolean supported, int maxPerPort) {
        return new FabricConfig(name, domainId, switchName, fabricName, portCount, supported, maxPerPort, eDTov,
                rATov, duplicateWwpnPolicy, defaultZone);
    }

    public FabricConfig withTimeouts(Duration eD, Duration rA) {
        return new FabricConfig(name, domainId, switchName, fabricName, portCount, npivSupported, maxVportsPerPort,
                eD, rA, duplicateWwpnPolicy, defaultZone);
    }

    public FabricConfig withDuplicateWwpnPolicy(DuplicateWwpnPolicy v) {
        return new FabricConfig(name, domainId, switchName, fabricName, portCount, npivSupported, maxVportsPerPort,
                eDTov, rATov, v, defaultZone);
    }

    public FabricConfig withDefaultZone(DefaultZone v) {
        return new FabricConfig(name, domainId, switchName, fabricName, portCount, npivSupported, maxVportsPerPort,
                eDTov, rATov, duplicateWwpnPolicy, v);
    }
}
