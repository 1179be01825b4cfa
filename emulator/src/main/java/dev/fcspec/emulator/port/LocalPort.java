package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.Adisc;
import dev.fcspec.emulator.port.els.Echo;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsDecodeException;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.els.Prli;
import dev.fcspec.emulator.port.els.PrliConstants;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RtvAcc;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeManager;
import dev.fcspec.emulator.port.exchange.Fc4Port;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A local Fibre Channel port with its own N_Port_ID: the physical {@link NPort} or one of its NPIV
 * {@link VirtualPort}s. Holds the remote ports logged in with it, answers ELS requests as a responder, sends
 * ELS and CT requests, and hands FC-4 exchanges to the registered {@link Fc4Handler}s.
 *
 * <p>Threading: like every emulator state machine, a port is driven only from tasks of its scheduler (with a
 * {@code VirtualScheduler}, from the thread that drives it). Futures complete on the scheduler.
 */
public abstract sealed class LocalPort permits NPort, VirtualPort {

    FcId fcId = FcId.UNASSIGNED;
    LportState state = LportState.DISABLED;
    /** Bumped whenever the login state machine starts over; answers to older requests are ignored. */
    int generation;
    boolean fabric;
    LoginParameters fabricParameters;
    int retries;
    final Map<FcId, RemotePort> rports = new LinkedHashMap<>();
    private final Map<Integer, Fc4Handler> fc4 = new HashMap<>();
    private final List<PortListener> listeners = new CopyOnWriteArrayList<>();
    final Discovery discovery = new Discovery(this);

    abstract NPort physical();

    /** WWPN. */
    public abstract Wwn portName();

    /** WWNN. */
    public abstract Wwn nodeName();

    /** The port's configuration (for a virtual port: the physical port's, with the virtual port's names). */
    public abstract PortConfig config();

    /** The fabric logged this port out (LOGO from FFFFFE). */
    abstract void onFabricLogout();

    /** Name-server registration and SCR are done (or skipped): the port is ready. */
    abstract void fabricLoginComplete();

    public Scheduler scheduler() {
        return physical().scheduler;
    }

    /** The exchange manager shared by the physical port and its virtual ports. */
    public ExchangeManager exchangeManager() {
        return physical().exchanges;
    }

    /** The N_Port_ID, {@link FcId#UNASSIGNED} before login. */
    public FcId fcId() {
        return fcId;
    }

    public LportState state() {
        return state;
    }

    /** True when logged in to a fabric (FLOGI/FDISC LS_ACC from an F_Port). */
    public boolean isFabricAttached() {
        return fabric;
    }

    /** The fabric's FLOGI/FDISC LS_ACC. */
    public Optional<LoginParameters> fabricParameters() {
        return Optional.ofNullable(fabricParameters);
    }

    /** Target discovery (GPN_FT, then login to each port found); runs on its own when the config asks for it. */
    public Discovery discovery() {
        return discovery;
    }

    // ---- remote ports ---------------------------------------------------------------------------------

    public Optional<RemotePort> remotePort(FcId id) {
        return Optional.ofNullable(rports.get(id));
    }

    public Optional<RemotePort> remotePortByName(Wwn wwpn) {
        return rports.values().stream().filter(r -> wwpn.equals(r.portName().orElse(null))).findFirst();
    }

    public List<RemotePort> remotePorts() {
        return List.copyOf(rports.values());
    }

    /** The remote port entry for {@code id}, created (state INIT) when missing. */
    public RemotePort remotePortFor(FcId id) {
        Objects.requireNonNull(id, "id");
        return rports.computeIfAbsent(id, i -> new RemotePort(this, i));
    }

    /**
     * Logs in to the port at {@code id}: PLOGI, then PRLI for FCP when this port has an FCP role (not for
     * well-known addresses). Completes with the remote port when it is READY, or fails with
     * {@link LoginFailedException}.
     */
    public CompletableFuture<RemotePort> login(FcId id) {
        return remotePortFor(id).login();
    }

    /** LOGO to the port at {@code id}; completes when the session is gone. */
    public CompletableFuture<Void> logout(FcId id) {
        RemotePort r = rports.get(id);
        return r == null ? CompletableFuture.completedFuture(null) : r.logout();
    }

    /** The largest data field to send to {@code remote}: its receive data field size from login, else 2112. */
    public int receiveDataFieldSize(FcId remote) {
        RemotePort r = rports.get(remote);
        return r != null ? r.receiveDataFieldSize() : Frame.MAX_PAYLOAD;
    }

    // ---- requests -------------------------------------------------------------------------------------

    /**
     * Sends an ELS request and completes with the decoded reply (an LS_ACC payload or {@link LsRjt}), or
     * exceptionally on timeout (ELS_TOV), abort or an undecodable reply.
     */
    public CompletableFuture<ElsPayload> sendEls(FcId to, ElsPayload request) {
        return sendEls(to, request, exchangeManager().timeouts().elsTimeout())
                .thenApply(s -> ElsCodec.decodeReply(request.command(), s.payload()));
    }

    CompletableFuture<Sequence> sendEls(FcId to, ElsPayload request, Duration timeout) {
        return exchangeManager().request(fcId, to, RCtl.ELS_REQ, FcType.ELS, request.encode(), timeout,
                receiveDataFieldSize(to));
    }

    /** Sends a CT request (e.g. to the name server at FFFFFC) and completes with the response CT_IU. */
    public CompletableFuture<CtIu> sendCt(FcId to, CtIu request) {
        return exchangeManager().request(fcId, to, RCtl.CT_REQ, FcType.CT, request.encode(),
                exchangeManager().timeouts().elsTimeout(), receiveDataFieldSize(to)).thenApply(s -> CtIu.decode(s.payload()));
    }

    /** Sends a name-server request to FFFFFC and completes with its FS_ACC or FS_RJT. */
    public CompletableFuture<NameServerReply> queryNameServer(NameServerRequest request) {
        return sendCt(FcId.DIRECTORY_SERVER, request.toCtIu())
                .thenApply(iu -> NameServerReply.decode(request.commandCode(), iu));
    }

    // ---- FC-4 hooks -----------------------------------------------------------------------------------

    /** The handler for unsolicited exchanges of FC-4 TYPE {@code type} (0x08 FCP, FC-VI...). */
    public void registerFc4Handler(int type, Fc4Handler handler) {
        if (type == FcType.ELS || type == FcType.BLS) {
            throw new IllegalArgumentException("TYPE 0x" + Integer.toHexString(type) + " is handled by the port itself");
        }
        fc4.put(type, Objects.requireNonNull(handler, "handler"));
    }

    public void unregisterFc4Handler(int type) {
        fc4.remove(type);
    }

    /**
     * This port as an FC-4 sees it ({@link Fc4Port}): serve an FC-4 with its duplicate-request cache and stray
     * replies, open its exchanges. The port must have its N_Port_ID before an FC-4 is served.
     */
    public Fc4Port fc4Port() {
        return new LocalFc4Port(this);
    }

    /**
     * Opens an exchange with {@code remote} for an FC-4: frames carry {@code type} and are cut to the remote
     * port's receive data field size. Send with {@link Exchange#send}.
     */
    public Exchange originate(FcId remote, int type, SequenceHandler handler) {
        Exchange e = exchangeManager().originate(fcId, remote, type, handler);
        e.setMaxDataFieldSize(receiveDataFieldSize(remote));
        return e;
    }

    /** Open exchanges (and those in recovery) of this port. */
    public List<Exchange> exchanges() {
        return exchangeManager().exchanges(fcId);
    }

    // ---- events ---------------------------------------------------------------------------------------

    public void addListener(PortListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    public void removeListener(PortListener l) {
        listeners.remove(l);
    }

    void emit(PortEvent e) {
        for (PortListener l : listeners) {
            l.onEvent(e);
        }
        if (this != physical()) {
            physical().emitFromVirtual(e);
        }
    }

    void emitLocal(PortEvent e) {
        for (PortListener l : listeners) {
            l.onEvent(e);
        }
    }

    void setState(LportState s) {
        LportState old = state;
        if (old != s) {
            state = s;
            emit(new PortEvent.StateChanged(this, old, s));
        }
    }

    void assignAddress(FcId id, boolean viaFabric) {
        fcId = id;
        emit(new PortEvent.AddressAssigned(this, id, viaFabric));
    }

    /** Drops every remote port and fails this port's open exchanges (logout, reset, link down). */
    void dropSessions(String why) {
        discovery.stop();
        for (RemotePort r : List.copyOf(rports.values())) {
            r.delete(why);
        }
        rports.clear();
        if (!fcId.equals(FcId.UNASSIGNED)) {
            exchangeManager().resetPort(fcId, why);
        }
    }

    LoginParameters plogiPayload() {
        return LoginParameters.plogi(portName(), nodeName(), config().receiveDataFieldSize(),
                (int) exchangeManager().timeouts().edTov().toMillis());
    }

    /** True when this port accepts PLOGI: it has an address. */
    boolean acceptsPlogi() {
        return !fcId.equals(FcId.UNASSIGNED) && (state == LportState.READY || state == LportState.DNS
                || state == LportState.RNN_ID || state == LportState.RSPN_ID || state == LportState.RFT_ID
                || state == LportState.RFF_ID || state == LportState.SCR);
    }

    /** Called before a PLOGI to {@code to} is accepted (point-to-point address adoption). */
    void beforePlogiAccepted(FcId to) {
    }

    boolean acceptsFlogi(Exchange e, Sequence s, LoginParameters p) {
        return false;
    }

    // ---- fabric registration (FC-GS name server, SCR) ---------------------------------------------------

    /** After FLOGI/FDISC LS_ACC: DNS PLOGI, RNN_ID, RSPN_ID, RFT_ID, RFF_ID, SCR, then {@link #fabricLoginComplete()}. */
    void startFabricRegistration() {
        if (!config().registerWithFabric()) {
            fabricLoginComplete();
            return;
        }
        int g = generation;
        setState(LportState.DNS);
        remotePortFor(FcId.DIRECTORY_SERVER).login().whenComplete((r, t) -> {
            if (g != generation) {
                return;
            }
            if (t != null) {
                // no name server: skip registration, still register for RSCNs
                enterScr(g);
                return;
            }
            register(g, LportState.RNN_ID, new NameServerRequest.RnnId(fcId, nodeName()), () ->
                    register(g, LportState.RSPN_ID, new NameServerRequest.RspnId(fcId, config().symbolicName()), () -> {
                        if (!config().hasFcpRole()) {
                            enterScr(g);
                            return;
                        }
                        register(g, LportState.RFT_ID, new NameServerRequest.RftId(fcId, Fc4Types.of(FcType.FCP)), () ->
                                register(g, LportState.RFF_ID, new NameServerRequest.RffId(fcId,
                                        (config().fcpInitiator() ? CtConstants.FC4_FEATURE_INITIATOR : 0)
                                                | (config().fcpTarget() ? CtConstants.FC4_FEATURE_TARGET : 0),
                                        FcType.FCP), () -> enterScr(g)));
                    }));
        });
    }

    private final List<String> registrationFailures = new ArrayList<>();

    /** Name-server registrations that were rejected or not answered, in order (for steps and tests). */
    public List<String> registrationFailures() {
        return List.copyOf(registrationFailures);
    }

    private void register(int g, LportState step, NameServerRequest request, Runnable next) {
        setState(step);
        queryNameServer(request).whenComplete((reply, t) -> {
            if (g != generation) {
                return;
            }
            if (t != null) {
                registrationFailures.add(step + ": " + t.getMessage());
            } else if (reply instanceof NameServerReply.Rejected rj) {
                registrationFailures.add(step + ": " + rj);
            }
            next.run();
        });
    }

    private void enterScr(int g) {
        setState(LportState.SCR);
        sendEls(FcId.FABRIC_CONTROLLER, new Scr(Scr.FULL)).whenComplete((r, t) -> {
            if (g != generation) {
                return;
            }
            if (t != null || r instanceof LsRjt) {
                registrationFailures.add("SCR: " + (t != null ? t.getMessage() : r));
            }
            fabricLoginComplete();
        });
    }

    // ---- responder --------------------------------------------------------------------------------------

    /** The first sequence of an exchange a remote port opened with this port. */
    boolean onUnsolicited(Exchange e, Sequence s) {
        if (s.type() == FcType.ELS) {
            if (s.rCtl() != RCtl.ELS_REQ) {
                return false;
            }
            onElsRequest(e, s);
            return true;
        }
        Fc4Handler h = fc4.get(s.type());
        if (h == null) {
            return false;
        }
        RemotePort r = rports.get(s.sourceId());
        if (r == null || !r.isLoggedIn()) {
            // FC-LS: a frame from a port that is not logged in is discarded and answered with LOGO
            if (!fcId.equals(FcId.UNASSIGNED) && !s.sourceId().isWellKnown()) {
                sendEls(s.sourceId(), new Logo(fcId, portName()));
            }
            return false;
        }
        e.setMaxDataFieldSize(r.receiveDataFieldSize());
        h.onExchange(this, r, e, s);
        return true;
    }

    private void onElsRequest(Exchange e, Sequence s) {
        FcId from = s.sourceId();
        byte[] p = s.payload();
        ElsPayload request;
        try {
            request = ElsCodec.decodeRequest(p);
        } catch (ElsDecodeException ex) {
            reject(e, from, p.length > 0 ? p[0] & 0xFF : -1, ex.toLsRjt());
            return;
        }
        RemotePort r = rports.get(from);
        switch (request.command()) {
            case ElsCommand.PLOGI -> onPlogi(e, from, s.destinationId(), (LoginParameters) request);
            case ElsCommand.FLOGI -> {
                if (!acceptsFlogi(e, s, (LoginParameters) request)) {
                    reject(e, from, ElsCommand.FLOGI, LsRjt.of(LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE));
                }
            }
            case ElsCommand.LOGO -> onLogo(e, from, r, (Logo) request);
            case ElsCommand.PRLI -> {
                if (requireLogin(e, from, r, ElsCommand.PRLI)) {
                    onPrli(e, r, (Prli) request);
                }
            }
            case ElsCommand.PRLO -> {
                if (requireLogin(e, from, r, ElsCommand.PRLO)) {
                    List<ServiceParameterPage> pages = new ArrayList<>();
                    for (ServiceParameterPage pg : ((Prli) request).pages()) {
                        pages.add(new ServiceParameterPage(pg.type(), pg.typeExtension(),
                                PrliConstants.RESPONSE_EXECUTED, 0, 0, 0));
                    }
                    reply(e, new Prli(ElsCommand.LS_ACC, pages));
                    r.remotePrlo(((Prli) request).pages());
                }
            }
            case ElsCommand.ADISC -> {
                if (requireLogin(e, from, r, ElsCommand.ADISC)) {
                    reply(e, new Adisc(ElsCommand.LS_ACC, FcId.UNASSIGNED, portName(), nodeName(), fcId));
                }
            }
            case ElsCommand.PDISC -> {
                if (requireLogin(e, from, r, ElsCommand.PDISC)) {
                    reply(e, plogiPayload().withCommand(ElsCommand.LS_ACC));
                }
            }
            case ElsCommand.ECHO -> reply(e, ((Echo) request).accept());
            case ElsCommand.RSCN -> {
                reply(e, LsAcc.INSTANCE);
                emit(new PortEvent.RscnReceived(this, from, (Rscn) request));
                discovery.rscnReceived();
            }
            case ElsCommand.RLS -> reply(e, physical().linkErrors().toRlsAcc());
            case ElsCommand.RTV -> reply(e, new RtvAcc((int) exchangeManager().timeouts().raTov().toMillis(),
                    (int) exchangeManager().timeouts().edTov().toMillis(), 0));
            // FDISC and SCR are served by a fabric, not by an N_Port
            default -> reject(e, from, request.command(),
                    LsRjt.of(LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE));
        }
    }

    private boolean requireLogin(Exchange e, FcId from, RemotePort r, int command) {
        if (r == null || !r.isLoggedIn()) {
            reject(e, from, command, LsRjt.of(LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED));
            return false;
        }
        return true;
    }

    private void onPlogi(Exchange e, FcId from, FcId to, LoginParameters p) {
        if (!acceptsPlogi()) {
            reject(e, from, ElsCommand.PLOGI, LsRjt.of(LsRjtReason.LOGICAL_BUSY, LsRjtExplanation.NONE));
            return;
        }
        if (from.equals(FcId.UNASSIGNED) || from.isWellKnown() || from.isDomainController() || from.equals(to)) {
            reject(e, from, ElsCommand.PLOGI,
                    LsRjt.of(LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_ORIGINATOR_S_ID));
            return;
        }
        if (p.portName().equals(portName())) {
            reject(e, from, ElsCommand.PLOGI, LsRjt.of(LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PORT_NAME));
            return;
        }
        if (!p.class3().isValid()) {
            reject(e, from, ElsCommand.PLOGI, LsRjt.of(LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.SP_OPTIONS));
            return;
        }
        RemotePort r = rports.get(from);
        if (r != null && r.state() == RportState.PLOGI && p.portName().compareTo(portName()) < 0) {
            // PLOGI collision: the login of the port with the higher name proceeds (FC-LS)
            reject(e, from, ElsCommand.PLOGI, LsRjt.of(LsRjtReason.COMMAND_IN_PROGRESS, LsRjtExplanation.NONE));
            return;
        }
        beforePlogiAccepted(to);
        r = remotePortFor(from);
        e.setMaxDataFieldSize(p.maxReceiveDataFieldSize());
        reply(e, plogiPayload().withCommand(ElsCommand.LS_ACC));
        r.remotePlogiAccepted(p);
    }

    private void onLogo(Exchange e, FcId from, RemotePort r, Logo logo) {
        if (!logo.portId().equals(from)) {
            reject(e, from, ElsCommand.LOGO, LsRjt.of(LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_N_PORT_ID));
            return;
        }
        if (r != null && r.portName().isPresent() && !r.portName().get().equals(logo.portName())) {
            reject(e, from, ElsCommand.LOGO, LsRjt.of(LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PORT_NAME));
            return;
        }
        reply(e, LsAcc.INSTANCE);
        if (from.equals(FcId.FABRIC_LOGIN_SERVER)) {
            emit(new PortEvent.FabricLogout(this));
            onFabricLogout();
        } else if (r != null) {
            r.delete("LOGO received from " + from);
        }
    }

    private void onPrli(Exchange e, RemotePort r, Prli request) {
        List<ServiceParameterPage> answer = new ArrayList<>();
        List<ServiceParameterPage> established = new ArrayList<>();
        for (ServiceParameterPage pg : request.pages()) {
            int code;
            int params = 0;
            ServiceParameterPage agreed = pg;
            if (pg.type() == FcType.FCP) {
                if (config().hasFcpRole() || fc4.containsKey(FcType.FCP)) {
                    code = PrliConstants.RESPONSE_EXECUTED;
                    // A first burst only when both ends offer one, whichever sent the PRLI.
                    boolean firstBurst = pg.writeXferRdyDisabled() && config().firstBurstLength() > 0;
                    params = ServiceParameterPage.fcpAccept(code, config().fcpInitiator(), config().fcpTarget(),
                            firstBurst).serviceParameters();
                    if (!firstBurst) {
                        agreed = pg.withServiceParameters(
                                pg.serviceParameters() & ~PrliConstants.FCP_WRITE_XFER_RDY_DISABLED);
                    }
                } else {
                    code = PrliConstants.RESPONSE_CONFIGURATION_PRECLUDES;
                }
            } else {
                code = fc4.containsKey(pg.type()) ? PrliConstants.RESPONSE_EXECUTED : PrliConstants.RESPONSE_PAGE_INVALID;
            }
            boolean pair = code == PrliConstants.RESPONSE_EXECUTED && pg.establishImagePair();
            answer.add(new ServiceParameterPage(pg.type(), pg.typeExtension(),
                    (pair ? PrliConstants.FLAG_ESTABLISH_IMAGE_PAIR : 0) | code, 0, 0, params));
            if (pair) {
                established.add(agreed);
            }
        }
        reply(e, new Prli(ElsCommand.LS_ACC, answer));
        r.remotePrliAccepted(established);
    }

    void reply(Exchange e, ElsPayload p) {
        e.sendLast(RCtl.ELS_REP, p.encode());
    }

    void reject(Exchange e, FcId from, int command, LsRjt rjt) {
        e.sendLast(RCtl.ELS_REP, rjt.encode());
        emit(new PortEvent.ElsRejected(this, from, command, rjt));
    }

    static <T> void whenDone(CompletableFuture<T> f, Consumer<T> ok, Consumer<Throwable> failed) {
        f.whenComplete((v, t) -> {
            if (t != null) {
                failed.accept(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t);
            } else {
                ok.accept(v);
            }
        });
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + portName() + " " + fcId + " " + state + "]";
    }
}
