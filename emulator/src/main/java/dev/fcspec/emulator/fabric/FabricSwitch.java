package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameDecodeException;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.SequenceSegmenter;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An emulated Fibre Channel switch (one domain): F_Ports attached to {@link dev.fcspec.emulator.link.Link}s,
 * routing by D_ID, and the well-known services
 * <ul>
 *   <li>login server at FFFFFE: FLOGI, FDISC (NPIV), LOGO;</li>
 *   <li>fabric controller at FFFFFD: SCR, RSCN (sent on login, logout, name-server changes and zoning
 *       changes; N_Port-detected RSCNs are forwarded);</li>
 *   <li>name server (directory service) at FFFFFC: FC-CT GS_TYPE 0xFC subtype 0x02;</li>
 * </ul>
 * and WWPN {@link Zoning} enforced both in name-server answers and in routing.
 *
 * <p>Class 3 only: a frame the switch cannot deliver is discarded and counted ({@link #statistics()}), never
 * answered with F_RJT. Every request a service cannot honour gets an LS_RJT, FS_RJT or BA_RJT with the codes
 * FC-LS and FC-GS give, and leaves the switch state as it was.
 *
 * <p>Threading: the switch runs on its {@link Scheduler}; its state is guarded by the switch's monitor, so
 * the configuration methods ({@link #attach}, {@link #zoning()}...) may be called from any thread.
 */
public final class FabricSwitch {

    private static final int MAX_RSCN_PAYLOAD = 2112;

    private final Scheduler scheduler;
    private final FabricConfig config;
    private final FPort[] ports;
    private final Zoning zoning;
    private final LoginServer loginServer;
    private final NameServer nameServer;
    private final FabricController controller;
    private final List<FabricListener> listeners = new CopyOnWriteArrayList<>();

    // state
    private final TreeMap<FcId, FabricLogin> logins = new TreeMap<>();
    private final Map<Wwn, FcId> loginsByPortName = new HashMap<>();
    private final TreeMap<FcId, NameServerEntry> entries = new TreeMap<>();
    private final TreeMap<FcId, Integer> scr = new TreeMap<>();

    // RSCN coalescing: pages queued per recipient within one scheduler instant
    private final Map<FcId, LinkedHashSet<RscnPage>> pendingRscns = new LinkedHashMap<>();
    private boolean rscnFlushScheduled;
    private final Map<Integer, FcId> outstandingRscns = new HashMap<>();

    // exchange identifiers
    private int nextRxId = 1;
    private int nextOxId = 1;

    // counters
    private long received;
    private long routed;
    private long serviceRequests;
    private long rscnsSent;
    private long rscnsAccepted;
    private final EnumMap<DiscardReason, Long> discarded = new EnumMap<>(DiscardReason.class);

    public FabricSwitch(Scheduler scheduler, FabricConfig config) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.ports = new FPort[config.portCount()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = new FPort(this, i, fPortName(config.switchName(), i));
        }
        for (DiscardReason r : DiscardReason.values()) {
            discarded.put(r, 0L);
        }
        this.zoning = new Zoning(this, config.defaultZone());
        this.loginServer = new LoginServer(this);
        this.nameServer = new NameServer(this);
        this.controller = new FabricController(this);
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
    public synchronized FPort attach(int n, LinkEnd end) {
        Objects.requireNonNull(end, "end");
        FPort p = port(n);
        if (p.end != null) {
            throw new IllegalStateException("F_Port " + config.name() + "." + n + " is already attached to " + p.end);
        }
        p.end = end;
        end.attach(new PortReceiver(p, end));
        setState(p, FPortState.AWAITING_FLOGI);
        return p;
    }

    /** Connects the lowest-numbered free F_Port to {@code end}. */
    public synchronized FPort attach(LinkEnd end) {
        for (FPort p : ports) {
            if (p.end == null) {
                return attach(p.number(), end);
            }
        }
        throw new IllegalStateException("every F_Port of " + config.name() + " is attached");
    }

    /** Disconnects F_Port {@code n}: its logins end and frames from the old link end are ignored. */
    public synchronized void detach(int n) {
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
    public synchronized List<FabricLogin> logins() {
        return List.copyOf(logins.values());
    }

    public synchronized Optional<FabricLogin> login(FcId id) {
        return Optional.ofNullable(logins.get(id));
    }

    public synchronized Optional<FabricLogin> loginByPortName(Wwn wwpn) {
        FcId id = loginsByPortName.get(wwpn);
        return id == null ? Optional.empty() : Optional.of(logins.get(id));
    }

    /** SCR registrations: N_Port_ID to registration function (1, 2 or 3). */
    public synchronized Map<FcId, Integer> rscnRegistrations() {
        return Map.copyOf(scr);
    }

    public synchronized FabricStatistics statistics() {
        return new FabricStatistics(received, routed, serviceRequests, new EnumMap<>(discarded), rscnsSent,
                rscnsAccepted);
    }

    /** Everything the switch remembers, for before/after comparisons. */
    public synchronized FabricState state() {
        Map<Integer, FPortState> ps = new TreeMap<>();
        for (FPort p : ports) {
            ps.put(p.number(), p.state);
        }
        return new FabricState(ps, List.copyOf(logins.values()), List.copyOf(entries.values()), scr,
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

    // ---- port state -----------------------------------------------------------------------------------

    synchronized void setOffline(int n) {
        FPort p = port(n);
        if (p.state == FPortState.OFFLINE) {
            return;
        }
        logoutAllOn(p, LogoutCause.PORT_OFFLINE);
        setState(p, FPortState.OFFLINE);
    }

    synchronized void setOnline(int n) {
        FPort p = port(n);
        if (p.end == null) {
            throw new IllegalStateException("F_Port " + config.name() + "." + n + " has no link attached");
        }
        if (p.state == FPortState.OFFLINE) {
            setState(p, FPortState.AWAITING_FLOGI);
        }
    }

    private void setState(FPort p, FPortState s) {
        if (p.state != s) {
            p.state = s;
            emit(new FabricEvent.PortStateChanged(p.number(), s));
        }
    }

    synchronized List<FabricLogin> loginsOn(int n) {
        List<FabricLogin> out = new ArrayList<>();
        for (FabricLogin l : logins.values()) {
            if (l.fPort() == n) {
                out.add(l);
            }
        }
        return out;
    }

    // ---- frame path -----------------------------------------------------------------------------------

    private final class PortReceiver implements FrameReceiver {
        private final FPort port;
        private final LinkEnd end;

        PortReceiver(FPort port, LinkEnd end) {
            this.port = port;
            this.end = end;
        }

        @Override
        public void receive(Frame frame) {
            synchronized (FabricSwitch.this) {
                if (port.end != end) {
                    return;
                }
                onFrame(port, frame);
            }
        }

        @Override
        public void discard(byte[] bytes, FrameDecodeException defect) {
            synchronized (FabricSwitch.this) {
                if (port.end != end) {
                    return;
                }
                FabricSwitch.this.discard(port, DiscardReason.CORRUPTED, null);
            }
        }
    }

    private void onFrame(FPort p, Frame f) {
        received++;
        if (p.state == FPortState.OFFLINE) {
            discard(p, DiscardReason.PORT_OFFLINE, f.header());
            return;
        }
        FrameHeader h = f.header();
        FcId d = h.dId();
        if (d.equals(FcId.FABRIC_LOGIN_SERVER) || d.equals(FcId.FABRIC_CONTROLLER)
                || d.equals(FcId.DIRECTORY_SERVER)) {
            toService(p, f);
        } else {
            route(p, f);
        }
    }

    private void toService(FPort p, Frame f) {
        FrameHeader h = f.header();
        if (h.rCtl() == RCtl.BA_ABTS && h.type() == FcType.BLS) {
            serviceRequests++;
            // The requester gave up on an exchange with a service: the service holds no exchange state
            // after answering, so the abort is accepted for the whole exchange.
            send(p, replyHeader(h, h.sId(), RCtl.BA_ACC, FcType.BLS, h.rxId()),
                    new BaAcc(false, 0, h.oxId(), h.rxId(), 0, 0xFFFF).encode());
            return;
        }
        FcId d = h.dId();
        if (d.equals(FcId.FABRIC_CONTROLLER) && h.rCtl() == RCtl.ELS_REP && h.type() == FcType.ELS) {
            controller.onReply(p, f);
            return;
        }
        boolean els = h.rCtl() == RCtl.ELS_REQ && h.type() == FcType.ELS;
        boolean ct = h.rCtl() == RCtl.CT_REQ && h.type() == FcType.CT;
        if (!els && !(ct && d.equals(FcId.DIRECTORY_SERVER))) {
            discard(p, DiscardReason.UNSUPPORTED, h);
            return;
        }
        serviceRequests++;
        if (d.equals(FcId.FABRIC_LOGIN_SERVER)) {
            loginServer.onRequest(p, f);
        } else if (d.equals(FcId.FABRIC_CONTROLLER)) {
            controller.onRequest(p, f);
        } else {
            nameServer.onRequest(p, f, ct);
        }
    }

    private void route(FPort p, Frame f) {
        FrameHeader h = f.header();
        FabricLogin src = logins.get(h.sId());
        if (src == null || src.fPort() != p.number()) {
            discard(p, DiscardReason.INVALID_SOURCE, h);
            return;
        }
        FabricLogin dst = logins.get(h.dId());
        if (dst == null) {
            discard(p, DiscardReason.UNKNOWN_DESTINATION, h);
            return;
        }
        if (!zoning.permits(src.portName(), dst.portName())) {
            discard(p, DiscardReason.ZONING, h);
            return;
        }
        FPort egress = ports[dst.fPort()];
        routed++;
        egress.end.send(f);
    }

    void discard(FPort p, DiscardReason reason, FrameHeader h) {
        discarded.merge(reason, 1L, Long::sum);
        emit(new FabricEvent.FrameDiscarded(p.number(), reason, Optional.ofNullable(h)));
    }

    // ---- helpers for the services ---------------------------------------------------------------------

    /** A single-frame final response on the request's exchange, from the service the request was sent to. */
    FrameHeader replyHeader(FrameHeader request, FcId to, int rCtl, int type) {
        return replyHeader(request, to, rCtl, type, allocateRxId());
    }

    private FrameHeader replyHeader(FrameHeader request, FcId to, int rCtl, int type, int rxId) {
        return new FrameHeader(rCtl, to, 0, request.dId(), type, FCtl.FINAL_RESPONSE,
                (request.seqId() + 1) & 0xFF, 0, 0, request.oxId(), rxId, 0);
    }

    void send(FPort p, FrameHeader h, byte[] payload) {
        if (p.end != null && p.state != FPortState.OFFLINE) {
            p.end.send(Frame.single(h, payload));
        }
    }

    /**
     * Sends {@code payload} as one sequence, in as many frames as the recipient's receive data field size
     * needs (SEQ_CNT from 0, no relative offset, as name-server accepts travel).
     */
    void sendSequence(FPort p, FrameHeader h, byte[] payload, int maxDataFieldSize) {
        if (payload.length <= maxDataFieldSize) {
            send(p, h, payload);
            return;
        }
        if (p.end != null && p.state != FPortState.OFFLINE) {
            for (Frame f : SequenceSegmenter.segment(h, payload, maxDataFieldSize)) {
                p.end.send(f);
            }
        }
    }

    private int allocateRxId() {
        int id = nextRxId;
        nextRxId = nextRxId >= 0xFFFE ? 1 : nextRxId + 1;
        return id;
    }

    private int allocateOxId() {
        int id = nextOxId;
        nextOxId = nextOxId >= 0xFFFE ? 1 : nextOxId + 1;
        return id;
    }

    void emit(FabricEvent e) {
        for (FabricListener l : listeners) {
            l.onEvent(e);
        }
    }

    FabricLogin loginAt(FcId id) {
        return logins.get(id);
    }

    /** The login with this N_Port_ID if it was made on F_Port {@code p}, else null. */
    FabricLogin loginOn(FPort p, FcId id) {
        FabricLogin l = logins.get(id);
        return l != null && l.fPort() == p.number() ? l : null;
    }

    FabricLogin loginNamed(Wwn wwpn) {
        FcId id = loginsByPortName.get(wwpn);
        return id == null ? null : logins.get(id);
    }

    int virtualLoginsOn(FPort p) {
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
            FcId id = FcId.of(config.domainId(), p.area(), port);
            if (!logins.containsKey(id)) {
                return id;
            }
        }
        return null;
    }

    TreeMap<FcId, NameServerEntry> entries() {
        return entries;
    }

    TreeMap<FcId, Integer> scr() {
        return scr;
    }

    /** Records a new login and its name-server entry, marks a physical port logged in, tells listeners. */
    void addLogin(FPort p, FabricLogin login) {
        logins.put(login.fcId(), login);
        loginsByPortName.put(login.portName(), login.fcId());
        entries.put(login.fcId(), new NameServerEntry(login.fcId(), CtConstants.PORT_TYPE_N_PORT,
                login.portName(), login.nodeName(), Fc4Types.empty(), Map.of(), "",
                CtConstants.COS_CLASS_3, p.portName(), p.number(), login.kind()));
        if (login.kind() == LoginKind.FLOGI) {
            setState(p, FPortState.LOGGED_IN);
        }
        emit(new FabricEvent.LoggedIn(login));
        notifyFabricDetected(List.of(login), RscnPage.EVENT_NAME_SERVER_OBJECT);
    }

    /**
     * Ends {@code login}; a physical login takes the virtual ports of its F_Port with it. Registrations are
     * removed and RSCNs announce the removed N_Port_IDs.
     */
    void logout(FabricLogin login, LogoutCause cause) {
        List<FabricLogin> removed = new ArrayList<>();
        if (login.kind() == LoginKind.FLOGI) {
            for (FabricLogin l : loginsOn(login.fPort())) {
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
            FPort p = ports[login.fPort()];
            if (p.state == FPortState.LOGGED_IN) {
                setState(p, FPortState.AWAITING_FLOGI);
            }
        }
        notifyFabricDetected(removed, RscnPage.EVENT_REMOVED_OBJECT);
    }

    private void remove(FabricLogin l, LogoutCause cause) {
        logins.remove(l.fcId());
        loginsByPortName.remove(l.portName());
        entries.remove(l.fcId());
        scr.remove(l.fcId());
        pendingRscns.remove(l.fcId());
        outstandingRscns.values().removeIf(l.fcId()::equals);
        emit(new FabricEvent.LoggedOut(l, cause));
    }

    private void logoutAllOn(FPort p, LogoutCause cause) {
        List<FabricLogin> on = loginsOn(p.number());
        FabricLogin physical = on.stream().filter(l -> !l.isVirtual()).findFirst().orElse(null);
        if (physical != null) {
            logout(physical, cause);
        } else {
            for (FabricLogin l : on) {
                logout(l, cause);
            }
        }
    }

    /** Ends every login on {@code p} before a new FLOGI there. */
    void relogin(FPort p) {
        logoutAllOn(p, LogoutCause.RELOGIN);
    }

    // ---- RSCN -----------------------------------------------------------------------------------------

    /**
     * Queues an RSCN page for each of {@code affected} to every port registered for fabric-detected events
     * (SCR function 1 or 3) that is zoned with it, other than the affected port itself.
     */
    void notifyFabricDetected(List<FabricLogin> affected, int eventQualifier) {
        for (Map.Entry<FcId, Integer> r : scr.entrySet()) {
            int fn = r.getValue();
            if (fn != Scr.FABRIC_DETECTED
                    && fn != Scr.FULL) {
                continue;
            }
            FabricLogin recipient = logins.get(r.getKey());
            for (FabricLogin a : affected) {
                if (!a.fcId().equals(recipient.fcId()) && zoning.permits(recipient.portName(), a.portName())) {
                    queueRscn(recipient.fcId(), RscnPage.port(eventQualifier, a.fcId()));
                }
            }
        }
    }

    /** Forwards an N_Port-detected RSCN to the ports registered with function 2 or 3 and zoned with its sender. */
    void forwardNPortDetected(FabricLogin sender, List<RscnPage> pages) {
        for (Map.Entry<FcId, Integer> r : scr.entrySet()) {
            int fn = r.getValue();
            if (fn != Scr.N_PORT_DETECTED
                    && fn != Scr.FULL) {
                continue;
            }
            FabricLogin recipient = logins.get(r.getKey());
            if (recipient.fcId().equals(sender.fcId())
                    || !zoning.permits(recipient.portName(), sender.portName())) {
                continue;
            }
            for (RscnPage page : pages) {
                queueRscn(recipient.fcId(), page);
            }
        }
    }

    private void queueRscn(FcId recipient, RscnPage page) {
        pendingRscns.computeIfAbsent(recipient, k -> new LinkedHashSet<>()).add(page);
        if (!rscnFlushScheduled) {
            rscnFlushScheduled = true;
            scheduler.execute(this::flushRscns);
        }
    }

    /** Sends the queued pages: one RSCN per recipient (more when the pages exceed its receive size). */
    private synchronized void flushRscns() {
        rscnFlushScheduled = false;
        List<Map.Entry<FcId, LinkedHashSet<RscnPage>>> work = new ArrayList<>(pendingRscns.entrySet());
        pendingRscns.clear();
        for (Map.Entry<FcId, LinkedHashSet<RscnPage>> e : work) {
            FabricLogin recipient = logins.get(e.getKey());
            if (recipient == null || !scr.containsKey(recipient.fcId())) {
                continue;
            }
            int room = Math.min(MAX_RSCN_PAYLOAD, recipient.receiveDataFieldSize());
            int perFrame = Math.max(1, (room - Rscn.HEADER_LENGTH) / Rscn.PAGE_LENGTH);
            List<RscnPage> pages = new ArrayList<>(e.getValue());
            for (int i = 0; i < pages.size(); i += perFrame) {
                sendRscn(recipient, pages.subList(i, Math.min(pages.size(), i + perFrame)));
            }
        }
    }

    private void sendRscn(FabricLogin recipient, List<RscnPage> pages) {
        FPort p = ports[recipient.fPort()];
        int oxId = allocateOxId();
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, recipient.fcId(), FcId.FABRIC_CONTROLLER, FcType.ELS,
                FCtl.REQUEST, oxId);
        Rscn rscn = new Rscn(pages);
        outstandingRscns.put(oxId, recipient.fcId());
        rscnsSent++;
        send(p, h, rscn.encode());
        emit(new FabricEvent.RscnSent(recipient.fcId(), oxId, pages));
    }

    /** An answer to one of our RSCNs; true when it matched an outstanding one. */
    boolean rscnAnswered(FrameHeader h, boolean accepted) {
        FcId to = outstandingRscns.get(h.oxId());
        if (to == null || !to.equals(h.sId())) {
            return false;
        }
        outstandingRscns.remove(h.oxId());
        if (accepted) {
            rscnsAccepted++;
        }
        return true;
    }

    // ---- zoning changes -------------------------------------------------------------------------------

    /**
     * Applies a zoning change and sends each registered port (SCR 1 or 3) whose set of visible ports changed
     * an RSCN listing the N_Port_IDs that appeared or disappeared for it (event qualifier "changed switch
     * configuration", port address format).
     */
    synchronized void changeZoning(Runnable change) {
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
                queueRscn(e.getKey(), RscnPage.port(RscnPage.EVENT_SWITCH_CONFIGURATION, id));
            }
        }
        emit(new FabricEvent.ZoningChanged(zoning.activeZoneSet(), zoning.defaultZone()));
    }

    private Map<FcId, Set<FcId>> registeredViews() {
        Map<FcId, Set<FcId>> views = new TreeMap<>();
        for (Map.Entry<FcId, Integer> r : scr.entrySet()) {
            int fn = r.getValue();
            if (fn != Scr.FABRIC_DETECTED
                    && fn != Scr.FULL) {
                continue;
            }
            FabricLogin me = logins.get(r.getKey());
            Set<FcId> seen = new TreeSet<>();
            for (FabricLogin other : logins.values()) {
                if (!other.fcId().equals(me.fcId()) && zoning.permits(me.portName(), other.portName())) {
                    seen.add(other.fcId());
                }
            }
            views.put(me.fcId(), seen);
        }
        return views;
    }
}
