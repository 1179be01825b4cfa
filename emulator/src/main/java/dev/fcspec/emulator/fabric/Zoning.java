package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
        change(() -> active = zoneSet);
    }

    /** Deactivates the active zone set: every port falls back to the default zone. */
    public void deactivate() {
        change(() -> active = null);
    }

    public void setDefaultZone(DefaultZone policy) {
        Objects.requireNonNull(policy, "policy");
        change(() -> defaultZone = policy);
    }

    public Optional<ZoneSet> activeZoneSet() {
        return Optional.ofNullable(active);
    }

    public DefaultZone defaultZone() {
        return defaultZone;
    }

    /** True when ports {@code a} and {@code b} may see each other and exchange frames. */
    public boolean permits(Wwn a, Wwn b) {
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

    /**
     * Applies a zoning change and sends each registered port (SCR 1 or 3) whose set of visible ports changed
     * an RSCN listing the N_Port_IDs that appeared or disappeared for it (event qualifier "changed switch
     * configuration", port address format).
     */
    private void change(Runnable change) {
        Map<FcId, Set<FcId>> before = registeredViews();
        change.run();
        Map<FcId, Set<FcId>> after = registeredViews();
        for (Map.Entry<FcId, Set<FcId>> e : before.entrySet()) {
            Set<FcId> changed = new TreeSet<>(e.getValue());
            Set<FcId> now = after.get(e.getKey());
            changed.addAll(now);
            Set<FcId> both = new TreeSet<>(e.getValue());
            both.retainAll(now);
            changed.removeAll(both);
            for (FcId id : changed) {
                fabric.controller().queueRscn(e.getKey(), RscnPage.port(RscnPage.EVENT_SWITCH_CONFIGURATION, id));
            }
        }
        fabric.emit(new FabricEvent.ZoningChanged(activeZoneSet(), defaultZone));
    }

    /** What each port registered for fabric-detected RSCNs sees: the other logged-in ports zoned with it. */
    private Map<FcId, Set<FcId>> registeredViews() {
        Map<FcId, Set<FcId>> views = new TreeMap<>();
        for (Map.Entry<FcId, Integer> r : fabric.controller().registrations().entrySet()) {
            if (!FabricController.wantsFabricDetected(r.getValue())) {
                continue;
            }
            FabricLogin me = fabric.loginAt(r.getKey());
            Set<FcId> seen = new TreeSet<>();
            for (FabricLogin other : fabric.loginTable().view()) {
                if (!other.fcId().equals(me.fcId()) && permits(me.portName(), other.portName())) {
                    seen.add(other.fcId());
                }
            }
            views.put(me.fcId(), seen);
        }
        return views;
    }
}
