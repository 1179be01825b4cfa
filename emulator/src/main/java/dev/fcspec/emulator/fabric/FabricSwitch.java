package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.exchange.ExchangeManager;
import dev.fcspec.emulator.port.exchange.ExchangeTimeouts;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An emulated Fibre Channel switch (one domain): F_Ports attached to {@link dev.fcspec.emulator.link.Link}s,
 * routing by D_ID ({@link Router}), and the well-known services
 * <ul>
 *   <li>login server at FFFFFE ({@link LoginServer}): FLOGI, FDISC (NPIV), LOGO;</li>
 *   <li>fabric controller at FFFFFD ({@link FabricController}): SCR, RSCN (sent on login, logout, name-server
 *       changes and zoning changes; N_Port-detected RSCNs are forwarded);</li>
 *   <li>name server (directory service) at FFFFFC ({@link NameServer}): FC-CT GS_TYPE 0xFC subtype 0x02;</li>
 * </ul>
 * and WWPN {@link Zoning} enforced both in name-server answers and in routing. Who is logged in where is the
 * {@link LoginTable}'s.
 *
 * <p>The services answer and originate through an {@link ExchangeManager} per F_Port, as the embedded N_Port
 * of a switch does (libfc's model): X_IDs come from it, requests are matched to exchanges, duplicates of a
 * request are dropped, ABTS is answered with BA_ACC for an exchange it holds and BA_RJT otherwise, and the
 * fabric controller's RSCNs are exchanges it originates.
 *
 * <p>Class 3 only: a frame the switch cannot deliver is discarded and counted ({@link #statistics()}), never
 * answered with F_RJT. Every request a service cannot honour gets an LS_RJT, FS_RJT or BA_RJT with the codes
 * FC-LS and FC-GS give, and leaves the switch state as it was.
 *
 * <p>Threading: confined to its {@link Scheduler} (see the package documentation); nothing here is locked.
 */
public final class FabricSwitch {

    private final Scheduler scheduler;
    private final FabricConfig config;
    private final FPort[] ports;
    private final Zoning zoning;
    private final LoginTable logins;
    private final LoginServer loginServer;
    private final NameServer nameServer;
    private final FabricController controller;
    private final Router router;
    private final List<FabricListener> listeners = new ArrayList<>();

    public FabricSwitch(Scheduler scheduler, FabricConfig config) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.ports = new FPort[config.portCount()];
        ExchangeTimeouts timeouts = new ExchangeTimeouts(config.eDTov(), config.rATov());
        for (int i = 0; i < ports.length; i++) {
            FPort p = new FPort(this, i, fPortName(config.switchName(), i));
            // X_IDs from 1 in order: no random start, the services never meet a twin on their port
            p.exchanges = new ExchangeManager(scheduler, f -> transmit(p, f), timeouts, 1, 0xFFFE, 1);
            ports[i] = p;
        }
        this.zoning = new Zoning(this, config.defaultZone());
        this.logins = new LoginTable(this);
        this.loginServer = new LoginServer(this);
        this.nameServer = new NameServer(this);
        this.controller = new FabricController(this);
        this.router = new Router(this);
        for (FPort p : ports) {
            p.exchanges.setUnsolicitedHandler((e, first) -> router.toService(p, e, first));
        }
    }

    /**
     * The name of F_Port {@code n}, derived from the switch name as switches usually do: for an IEEE (NAA 1
     * or 2) switch name, NAA 2 with the port number in the 12-bit vendor field and the switch's 48-bit
     * address ({@code 10:00:00:05:33:a0:00:01} gives port 3 the name {@code 20:03:00:05:33:a0:00:01}); for
     * other names, the switch name plus n + 1.
     */
    public static Wwn fPortName(Wwn switchName, int n) {
        long v = switchName.asLong();
        int naa = switchName.naa();
        if (naa == 1 || naa == 2) {
            return Wwn.of(0x2L << 60 | (long) (n & 0xFFF) << 48 | v & 0xFFFF_FFFF_FFFFL);
        }
        return Wwn.of(v + n + 1);
    }

    // ---- public API -----------------------------------------------------------------------------------

    public FabricConfig config() {
        return config;
    }

    public int domainId() {
        return config.domainId();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** F_Port {@code n} (0..portCount-1). */
    public FPort port(int n) {
        if (n < 0 || n >= ports.length) {
            throw new IllegalArgumentException("switch " + config.name() + " has F_Ports 0.." + (ports.length - 1)
                    + ", not " + n);
        }
        return ports[n];
    }

    public List<FPort> ports() {
        return List.of(ports);
    }

    /**
     * Connects F_Port {@code n} to {@code end} (the switch's end of a link) and brings it online, waiting for
     * FLOGI.
     *
     * @throws IllegalStateException when the port is already attached
     */
    public FPort attach(int n, LinkEnd end) {
        Objects.requireNonNull(end, "end");
        FPort p = port(n);
        if (p.end != null) {
            throw new IllegalStateException("F_Port " + config.name() + "." + n + " is already attached to " + p.end);
        }
        p.end = end;
        end.attach(router.receiverFor(p, end));
        setState(p, FPortState.AWAITING_FLOGI);
        return p;
    }

    /** Connects the lowest-numbered free F_Port to {@code end}. */
    public FPort attach(LinkEnd end) {
        for (FPort p : ports) {
            if (p.end == null) {
                return attach(p.number(), end);
            }
        }
        throw new IllegalStateException("every F_Port of " + config.name() + " is attached");
    }

    /** Disconnects F_Port {@code n}: its logins end and frames from the old link end are ignored. */
    public void detach(int n) {
        FPort p = port(n);
        setOffline(n);
        p.end = null;
    }

    public Zoning zoning() {
        return zoning;
    }

    /** Read-only view of the name-server database. */
    public NameServerView nameServer() {
        return nameServer;
    }

    /** Every login, by ascending N_Port_ID. */
    public List<FabricLogin> logins() {
        return logins.all();
    }

    public Optional<FabricLogin> login(FcId id) {
        return Optional.ofNullable(logins.get(id));
    }

    public Optional<FabricLogin> loginByPortName(Wwn wwpn) {
        return Optional.ofNullable(logins.named(wwpn));
    }

    /** SCR registrations: N_Port_ID to registration function (1, 2 or 3). */
    public Map<FcId, Integer> rscnRegistrations() {
        return Map.copyOf(controller.registrations());
    }

    public FabricStatistics statistics() {
        return new FabricStatistics(router.received(), router.routed(), router.serviceRequests(),
                router.discarded(), controller.rscnsSent(), controller.rscnsAccepted());
    }

    /** Everything the switch remembers, for before/after comparisons. */
    public FabricState state() {
        Map<Integer, FPortState> ps = new TreeMap<>();
        for (FPort p : ports) {
            ps.put(p.number(), p.state);
        }
        return new FabricState(ps, logins.all(), nameServer.entries(), controller.registrations(),
                zoning.activeZoneSet(), zoning.defaultZone());
    }

    public void addListener(FabricListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(FabricListener l) {
        listeners.remove(l);
    }

    @Override
    public String toString() {
        return "FabricSwitch[" + config.name() + " domain " + config.domainId() + "]";
    }

    // ---- the blocks, for each other -------------------------------------------------------------------

    LoginTable loginTable() {
        return logins;
    }

    LoginServer loginServer() {
        return loginServer;
    }

    NameServer nameServerBlock() {
        return nameServer;
    }

    FabricController controller() {
        return controller;
    }

    Router router() {
        return router;
    }

    // ---- port state -----------------------------------------------------------------------------------

    void setOffline(int n) {
        FPort p = port(n);
        if (p.state == FPortState.OFFLINE) {
            return;
        }
        logins.logoutAllOn(p, LogoutCause.PORT_OFFLINE);
        setState(p, FPortState.OFFLINE);
    }

    void setOnline(int n) {
        FPort p = port(n);
        if (p.end == null) {
            throw new IllegalStateException("F_Port " + config.name() + "." + n + " has no link attached");
        }
        if (p.state == FPortState.OFFLINE) {
            setState(p, FPortState.AWAITING_FLOGI);
        }
    }

    void setState(FPort p, FPortState s) {
        if (p.state != s) {
            p.state = s;
            emit(new FabricEvent.PortStateChanged(p.number(), s));
        }
    }

    List<FabricLogin> loginsOn(int n) {
        return logins.on(n);
    }

    // ---- what the services share ----------------------------------------------------------------------

    /** Puts a frame of one of the services' exchanges on F_Port {@code p}'s link, unless the port is down. */
    private void transmit(FPort p, Frame f) {
        if (p.end != null && p.state != FPortState.OFFLINE) {
            p.end.send(f);
        }
    }

    void emit(FabricEvent e) {
        // a copy, so that a listener may remove itself
        for (FabricListener l : List.copyOf(listeners)) {
            l.onEvent(e);
        }
    }

    void discard(FPort p, DiscardReason reason, FrameHeader h) {
        router.discard(p, reason, h);
    }

    // ---- shorthands the services use -----------------------------------------------------------------

    FabricLogin loginAt(FcId id) {
        return logins.get(id);
    }

    /** The login with this N_Port_ID if it was made on F_Port {@code p}, else null. */
    FabricLogin loginOn(FPort p, FcId id) {
        return logins.on(p, id);
    }

    FabricLogin loginNamed(Wwn wwpn) {
        return logins.named(wwpn);
    }

    int virtualLoginsOn(FPort p) {
        return logins.virtualOn(p);
    }

    FcId freeVirtualId(FPort p) {
        return logins.freeVirtualId(p);
    }

    void addLogin(FPort p, FabricLogin login) {
        logins.add(p, login);
    }

    void logout(FabricLogin login, LogoutCause cause) {
        logins.logout(login, cause);
    }

    void relogin(FPort p) {
        logins.logoutAllOn(p, LogoutCause.RELOGIN);
    }

    void notifyFabricDetected(List<FabricLogin> affected, int eventQualifier) {
        controller.notifyFabricDetected(affected, eventQualifier);
    }

    FPort fPort(int n) {
        return ports[n];
    }
}
