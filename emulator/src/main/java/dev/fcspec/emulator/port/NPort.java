package dev.fcspec.emulator.port;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.els.CommonFeatures;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeManager;
import dev.fcspec.emulator.port.exchange.ExchangeTimeouts;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameDecodeException;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A physical N_Port attached to one end of a {@link dev.fcspec.emulator.link.Link}: the lport state machine
 * (FLOGI, name-server registration, SCR, READY, LOGO, RESET), point-to-point operation without a switch, the
 * exchange manager it shares with its NPIV virtual ports, the vport database, and link error counters.
 *
 * <p>FLOGI to FFFFFE: an LS_ACC from an F_Port (common feature "F_Port" set) gives the fabric address (the
 * LS_ACC's D_ID); an LS_ACC from an N_Port, or a FLOGI received from one, means a point-to-point link. Then
 * the port with the higher port name assigns the addresses: it takes {@link #PT2PT_HIGH}, sends PLOGI to
 * {@link #PT2PT_LOW}, and the other port adopts the D_ID of that PLOGI (FC-LS; the values are Linux libfc's).
 */
public final class NPort extends LocalPort implements FrameReceiver {
    /** Point-to-point address taken by the port with the higher port name (libfc FC_LOCAL_PTP_FID_HI). */
    public static final FcId PT2PT_HIGH = FcId.of(0x01, 0x01, 0x02);
    /** Point-to-point address given to the port with the lower port name (libfc FC_LOCAL_PTP_FID_LO). */
    public static final FcId PT2PT_LOW = FcId.of(0x01, 0x01, 0x01);

    final Scheduler scheduler;
    final ExchangeManager exchanges;
    private volatile PortConfig config;
    private final LinkEnd end;
    private final VportDatabase vports;
    private boolean pointToPoint;
    private boolean enableAfterLogout;
    private int invalidCrcs;
    private int invalidWords;
    private long misrouted;
    private long droppedWhileDisabled;

    /** A disabled N_Port attached to {@code end}; {@link #enable()} starts the login. */
    public NPort(Scheduler scheduler, PortConfig config, LinkEnd end) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.config = Objects.requireNonNull(config, "config");
        this.end = Objects.requireNonNull(end, "end");
        this.exchanges = new ExchangeManager(scheduler, end::send, config.timeouts());
        this.exchanges.setUnsolicitedHandler(this::dispatch);
        this.vports = new VportDatabase(this);
        end.attach(this);
    }

    @Override
    NPort physical() {
        return this;
    }

    @Override
    public Wwn portName() {
        return config.portName();
    }

    @Override
    public Wwn nodeName() {
        return config.nodeName();
    }

    @Override
    public PortConfig config() {
        return config;
    }

    /**
     * Changes the FCP first burst this port (and its virtual ports) offers. Whether an image pair has a first
     * burst at all is settled by PRLI, so a change to or from 0 takes effect at the next PRLI; the size is read
     * on every write, as FCP-4 reads it from a mode page that can change at any time.
     */
    public void setFirstBurstLength(int bytes) {
        config = config.withFirstBurstLength(bytes);
    }

    /**
     * Turns target discovery on or off for this port and its virtual ports; it takes effect the next time the
     * port becomes READY on a fabric (or at the next RSCN once a discovery has run).
     */
    public void setDiscovery(boolean on) {
        config = config.withDiscovery(on);
    }

    public LinkEnd linkEnd() {
        return end;
    }

    /** True after FLOGI found another N_Port instead of a fabric. */
    public boolean isPointToPoint() {
        return pointToPoint;
    }

    /** True when the fabric's FLOGI LS_ACC offered NPIV (FDISC). */
    public boolean fabricSupportsNpiv() {
        return fabricParameters != null && fabricParameters.common().has(CommonFeatures.NPIV_ASSIGNMENT);
    }

    /** The NPIV virtual ports of this port. */
    public VportDatabase vports() {
        return vports;
    }

    /**
     * Creates an NPIV virtual port and enables it (FDISC once this port is READY on a fabric with NPIV), as a
     * Linux host's {@code vport_create} does.
     *
     * @throws IllegalArgumentException when the WWPN is this port's or another virtual port's on it
     */
    public VirtualPort createVport(Wwn portName, Wwn nodeName) {
        VirtualPort v = createVport(portName, nodeName, false);
        v.enable();
        return v;
    }

    /** Creates an NPIV virtual port, enabled or not. */
    public VirtualPort createVport(Wwn portName, Wwn nodeName, boolean enable) {
        VportEntry entry = vports.add(portName, nodeName);
        VirtualPort v = new VirtualPort(this, entry);
        entry.attach(v);
        if (enable) {
            v.enable();
        }
        return v;
    }

    /** Logs the virtual port out and removes it from the database. */
    public CompletableFuture<Void> deleteVport(VirtualPort v) {
        if (v.physicalPort() != this) {
            throw new IllegalArgumentException(v + " is not a virtual port of " + this);
        }
        return v.disable().whenComplete((x, t) -> vports.remove(v.entry()));
    }

    /** The link error status block reported in RLS: invalid CRCs counts the frames discarded for a bad CRC. */
    public LinkErrorCounters linkErrors() {
        return new LinkErrorCounters(0, 0, 0, 0, invalidWords, invalidCrcs);
    }

    /** Frames for an N_Port_ID this port does not have. */
    public long misroutedFrames() {
        return misrouted;
    }

    // ---- lport state machine ----------------------------------------------------------------------------

    /**
     * Starts the login: FLOGI. While a {@link #disable()} is still logging out, the port logs in again once the
     * LOGO is done; in any other state it is already logging in or logged in, and nothing happens.
     */
    public void enable() {
        if (state == LportState.LOGO) {
            enableAfterLogout = true;
            return;
        }
        if (state != LportState.DISABLED && state != LportState.FAILED) {
            return;
        }
        retries = 0;
        enterFlogi();
    }

    /** Logs out from the fabric (LOGO to FFFFFE) when logged in, then DISABLED; virtual ports go Linkdown. */
    public CompletableFuture<Void> disable() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (state == LportState.DISABLED) {
            done.complete(null);
            return done;
        }
        int g = ++generation;
        enableAfterLogout = false;
        vportsDown();
        if (fabric && !fcId.equals(FcId.UNASSIGNED)) {
            setState(LportState.LOGO);
            sendEls(FcId.FABRIC_LOGIN_SERVER, new Logo(fcId, portName())).whenComplete((r, t) -> {
                if (g == generation) {
                    finishDisable();
                }
                done.complete(null);
            });
        } else {
            finishDisable();
            done.complete(null);
        }
        return done;
    }

    /** Drops every login and starts over with FLOGI (link reset). */
    public void reset() {
        generation++;
        vportsDown();
        dropSessions("port reset");
        setState(LportState.RESET);
        retries = 0;
        enterFlogi();
    }

    private void finishDisable() {
        dropSessions("port disabled");
        fabric = false;
        pointToPoint = false;
        fabricParameters = null;
        fcId = FcId.UNASSIGNED;
        setState(LportState.DISABLED);
        if (enableAfterLogout) {
            enableAfterLogout = false;
            enable();
        }
    }

    private void vportsDown() {
        for (VirtualPort v : vports.ports()) {
            v.physicalDown();
        }
    }

    private void enterFlogi() {
        int g = ++generation;
        dropSessions("FLOGI");
        fabric = false;
        pointToPoint = false;
        fabricParameters = null;
        fcId = FcId.UNASSIGNED;
        exchanges.setTimeouts(config.timeouts());
        setState(LportState.FLOGI);
        LoginParameters flogi = LoginParameters.flogi(portName(), nodeName(), config.receiveDataFieldSize(),
                (int) config.timeouts().edTov().toMillis(), config.npiv());
        whenDone(sendEls(FcId.FABRIC_LOGIN_SERVER, flogi, exchanges.timeouts().edTov()), s -> {
            if (g != generation || state != LportState.FLOGI) {
                return;
            }
            ElsPayload r;
            try {
                r = ElsCodec.decodeReply(ElsCommand.FLOGI, s.payload());
            } catch (RuntimeException e) {
                flogiFailed(g, "undecodable FLOGI reply: " + e.getMessage());
                return;
            }
            if (r instanceof LoginParameters acc) {
                if (acc.common().has(CommonFeatures.F_PORT)) {
                    fabricLogin(s.destinationId(), acc);
                } else {
                    pointToPointDetected(acc);
                }
            } else {
                flogiFailed(g, "FLOGI rejected: " + r);
            }
        }, t -> {
            if (g == generation && state == LportState.FLOGI) {
                flogiFailed(g, "FLOGI not answered: " + t.getMessage());
            }
        });
    }

    private void flogiFailed(int g, String why) {
        if (retries++ < config.maxRetries()) {
            scheduler.schedule(exchanges.timeouts().edTov(), () -> {
                if (g == generation) {
                    enterFlogi();
                }
            });
        } else {
            generation++;
            setState(LportState.FAILED);
        }
    }

    private void fabricLogin(FcId id, LoginParameters acc) {
        fabric = true;
        fabricParameters = acc;
        int edTov = acc.common().edTov();
        int raTov = acc.common().raTov();
        if (edTov > 0 && raTov > 0) {
            Duration ed = acc.common().has(CommonFeatures.E_D_TOV_NANOSECONDS) ? Duration.ofNanos(edTov)
                    : Duration.ofMillis(edTov);
            exchanges.setTimeouts(new ExchangeTimeouts(ed, Duration.ofMillis(raTov)));
        }
        retries = 0;
        assignAddress(id, true);
        startFabricRegistration();
    }

    @Override
    void fabricLoginComplete() {
        setState(LportState.READY);
        for (VirtualPort v : vports.ports()) {
            v.physicalReady();
        }
        discovery.portReady();
    }

    /** FLOGI from the other N_Port of a point-to-point link: answer LS_ACC as an N_Port. */
    @Override
    boolean acceptsFlogi(Exchange e, Sequence s, LoginParameters p) {
        if (fabric) {
            return false;
        }
        LoginParameters acc = LoginParameters.flogi(portName(), nodeName(), config.receiveDataFieldSize(),
                (int) exchanges.timeouts().edTov().toMillis(), false).withCommand(ElsCommand.LS_ACC);
        reply(e, acc);
        pointToPointDetected(p);
        return true;
    }

    private void pointToPointDetected(LoginParameters peer) {
        if (state != LportState.FLOGI && state != LportState.FAILED && state != LportState.READY
                && state != LportState.PT2PT_WAIT) {
            return;
        }
        if (state == LportState.READY || state == LportState.PT2PT_WAIT) {
            if (!pointToPoint) {
                return;
            }
            // the other N_Port logged in again: start the point-to-point login over
            dropSessions("point-to-point peer sent FLOGI again");
            fcId = FcId.UNASSIGNED;
        }
        int cmp = portName().compareTo(peer.portName());
        int g = ++generation;
        if (cmp == 0) {
            flogiFailed(g, "the other N_Port has this port's name " + peer.portName());
            return;
        }
        pointToPoint = true;
        fabric = false;
        fabricParameters = null;
        retries = 0;
        if (cmp > 0) {
            assignAddress(PT2PT_HIGH, false);
            setState(LportState.READY);
            remotePortFor(PT2PT_LOW).login();
        } else {
            setState(LportState.PT2PT_WAIT);
            scheduler.schedule(exchanges.timeouts().elsTimeout(), () -> {
                if (g == generation && state == LportState.PT2PT_WAIT) {
                    flogiFailed(g, "no PLOGI from the point-to-point peer");
                }
            });
        }
        for (VirtualPort v : vports.ports()) {
            v.physicalReady();
        }
    }

    @Override
    boolean acceptsPlogi() {
        return state == LportState.PT2PT_WAIT || super.acceptsPlogi();
    }

    @Override
    void beforePlogiAccepted(FcId to) {
        if (state == LportState.PT2PT_WAIT) {
            generation++;
            assignAddress(to, false);
            setState(LportState.READY);
            for (VirtualPort v : vports.ports()) {
                v.physicalReady();
            }
        }
    }

    @Override
    void onFabricLogout() {
        reset();
    }

    // ---- frames -----------------------------------------------------------------------------------------

    @Override
    public void receive(Frame frame) {
        if (state == LportState.DISABLED) {
            droppedWhileDisabled++;
            return;
        }
        exchanges.receive(frame);
    }

    @Override
    public void discard(byte[] bytes, FrameDecodeException defect) {
        if (defect.defect() == FrameDecodeException.Defect.BAD_CRC) {
            invalidCrcs++;
        } else {
            invalidWords++;
        }
    }

    /** Routes the first sequence of a new exchange to the local port it is addressed to. */
    private boolean dispatch(Exchange e, Sequence s) {
        FcId d = s.destinationId();
        if (!fcId.equals(FcId.UNASSIGNED) && d.equals(fcId)) {
            return onUnsolicited(e, s);
        }
        for (VirtualPort v : vports.ports()) {
            if (!v.fcId.equals(FcId.UNASSIGNED) && d.equals(v.fcId)) {
                return v.onUnsolicited(e, s);
            }
        }
        if (d.equals(FcId.FABRIC_LOGIN_SERVER) && isElsRequest(s, ElsCommand.FLOGI)) {
            return onUnsolicited(e, s);
        }
        if (state == LportState.PT2PT_WAIT && isElsRequest(s, ElsCommand.PLOGI)) {
            return onUnsolicited(e, s);
        }
        misrouted++;
        return false;
    }

    private static boolean isElsRequest(Sequence s, int command) {
        return s.type() == FcType.ELS && s.rCtl() == RCtl.ELS_REQ && s.length() > 0 && (s.payload()[0] & 0xFF) == command;
    }

    void emitFromVirtual(PortEvent e) {
        emitLocal(e);
    }


    List<VirtualPort> virtualPorts() {
        return vports.ports();
    }
}
