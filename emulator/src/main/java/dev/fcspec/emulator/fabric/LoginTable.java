package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is logged in to the switch and where: every fabric login by N_Port_ID and by WWPN, with the F_Port it
 * was made on. A login adds the port's name-server entry and announces it; a logout removes what the login
 * had (name-server entry, SCR registration, queued RSCNs) and, for a physical port, the virtual ports of its
 * F_Port with it.
 */
final class LoginTable {

    private final FabricSwitch fabric;
    private final TreeMap<FcId, FabricLogin> logins = new TreeMap<>();
    private final Map<Wwn, FcId> byPortName = new HashMap<>();

    LoginTable(FabricSwitch fabric) {
        this.fabric = fabric;
    }

    /** Every login, by ascending N_Port_ID. */
    List<FabricLogin> all() {
        return List.copyOf(logins.values());
    }

    Iterable<FabricLogin> view() {
        return logins.values();
    }

    FabricLogin get(FcId id) {
        return logins.get(id);
    }

    FabricLogin named(Wwn wwpn) {
        FcId id = byPortName.get(wwpn);
        return id == null ? null : logins.get(id);
    }

    /** The login with this N_Port_ID if it was made on F_Port {@code p}, else null. */
    FabricLogin on(FPort p, FcId id) {
        FabricLogin l = logins.get(id);
        return l != null && l.fPort() == p.number() ? l : null;
    }

    /** Logins on F_Port {@code n}, by ascending N_Port_ID (the physical one, domain.n.00, first). */
    List<FabricLogin> on(int n) {
        List<FabricLogin> out = new ArrayList<>();
        for (FabricLogin l : logins.values()) {
            if (l.fPort() == n) {
                out.add(l);
            }
        }
        return out;
    }

    int virtualOn(FPort p) {
        int n = 0;
        for (FabricLogin l : logins.values()) {
            if (l.fPort() == p.number() && l.isVirtual()) {
                n++;
            }
        }
        return n;
    }

    /** Lowest free N_Port_ID domain.area.01..FF on {@code p}, or null. */
    FcId freeVirtualId(FPort p) {
        for (int port = 1; port <= 0xFF; port++) {
            FcId id = FcId.of(fabric.domainId(), p.area(), port);
            if (!logins.containsKey(id)) {
                return id;
            }
        }
        return null;
    }

    /** Records a new login and its name-server entry, marks a physical port logged in, tells listeners. */
    void add(FPort p, FabricLogin login) {
        logins.put(login.fcId(), login);
        byPortName.put(login.portName(), login.fcId());
        fabric.nameServerBlock().addEntry(p, login);
        if (login.kind() == LoginKind.FLOGI) {
            fabric.setState(p, FPortState.LOGGED_IN);
        }
        fabric.emit(new FabricEvent.LoggedIn(login));
        fabric.controller().notifyFabricDetected(List.of(login), RscnPage.EVENT_NAME_SERVER_OBJECT);
    }

    /**
     * Ends {@code login}; a physical login takes the virtual ports of its F_Port with it. Registrations are
     * removed and RSCNs announce the removed N_Port_IDs.
     */
    void logout(FabricLogin login, LogoutCause cause) {
        List<FabricLogin> removed = new ArrayList<>();
        if (login.kind() == LoginKind.FLOGI) {
            for (FabricLogin l : on(login.fPort())) {
                if (l.isVirtual()) {
                    removed.add(l);
                }
            }
        }
        removed.add(login);
        for (FabricLogin l : removed) {
            remove(l, l == login || cause != LogoutCause.LOGO ? cause : LogoutCause.PHYSICAL_PORT_LOGGED_OUT);
        }
        if (login.kind() == LoginKind.FLOGI) {
            FPort p = fabric.fPort(login.fPort());
            if (p.state == FPortState.LOGGED_IN) {
                fabric.setState(p, FPortState.AWAITING_FLOGI);
            }
        }
        fabric.controller().notifyFabricDetected(removed, RscnPage.EVENT_REMOVED_OBJECT);
    }

    /** Ends every login on {@code p}: through its physical login when there is one. */
    void logoutAllOn(FPort p, LogoutCause cause) {
        List<FabricLogin> on = on(p.number());
        FabricLogin physical = on.stream().filter(l -> !l.isVirtual()).findFirst().orElse(null);
        if (physical != null) {
            logout(physical, cause);
        } else {
            for (FabricLogin l : on) {
                logout(l, cause);
            }
        }
    }

    private void remove(FabricLogin l, LogoutCause cause) {
        logins.remove(l.fcId());
        byPortName.remove(l.portName());
        fabric.nameServerBlock().removeEntry(l.fcId());
        fabric.controller().forget(l.fcId());
        fabric.emit(new FabricEvent.LoggedOut(l, cause));
    }
}
