package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;
import java.util.Optional;

/**
 * WWPN zoning of one switch: the active zone set and the default-zone policy. Two ports may see each other
 * (in name-server answers) and exchange frames (routing) when they are the same port, when some zone of the
 * active zone set holds both, or when neither is in any zone and the default zone is
 * {@link DefaultZone#ALL_ACCESS}. With no zone set active, every port is in the default zone.
 *
 * <p>Changing the zoning sends RSCNs to the registered ports whose view of the fabric changed.
 */
public final class Zoning {

    private final FabricSwitch fabric;
    private ZoneSet active;
    private DefaultZone defaultZone;

    Zoning(FabricSwitch fabric, DefaultZone defaultZone) {
        this.fabric = fabric;
        this.defaultZone = defaultZone;
    }

    /** Activates {@code zoneSet}, replacing the active one. */
    public void activate(ZoneSet zoneSet) {
        Objects.requireNonNull(zoneSet, "zoneSet");
        fabric.changeZoning(() -> active = zoneSet);
    }

    /** Deactivates the active zone set: every port falls back to the default zone. */
    public void deactivate() {
        fabric.changeZoning(() -> active = null);
    }

    public void setDefaultZone(DefaultZone policy) {
        Objects.requireNonNull(policy, "policy");
        fabric.changeZoning(() -> defaultZone = policy);
    }

    public Optional<ZoneSet> activeZoneSet() {
        synchronized (fabric) {
            return Optional.ofNullable(active);
        }
    }

    public DefaultZone defaultZone() {
        synchronized (fabric) {
            return defaultZone;
        }
    }

    /** True when ports {@code a} and {@code b} may see each other and exchange frames. */
    public boolean permits(Wwn a, Wwn b) {
        synchronized (fabric) {
            if (a.equals(b)) {
                return true;
            }
            if (active != null) {
                if (active.shareZone(a, b)) {
                    return true;
                }
                if (active.isZoned(a) || active.isZoned(b)) {
                    return false;
                }
            }
            return defaultZone == DefaultZone.ALL_ACCESS;
        }
    }
}
