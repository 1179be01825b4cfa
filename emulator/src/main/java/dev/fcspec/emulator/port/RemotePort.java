package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.Adisc;
import dev.fcspec.emulator.port.els.Echo;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.els.Prli;
import dev.fcspec.emulator.port.els.PrliConstants;
import dev.fcspec.emulator.port.els.Rls;
import dev.fcspec.emulator.port.els.RlsAcc;
import dev.fcspec.emulator.port.els.Rtv;
import dev.fcspec.emulator.port.els.RtvAcc;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.Wwn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A remote port as one local port sees it (libfc's rport): its login state machine (PLOGI, PRLI, ADISC,
 * LOGO), its service parameters and the FC-4 image pairs established with it.
 */
public final class RemotePort {
    private final LocalPort local;
    private final FcId portId;
    private Wwn portName;
    private Wwn nodeName;
    private LoginParameters parameters;
    private RportState state = RportState.INIT;
    private final Map<Integer, ServiceParameterPage> imagePairs = new HashMap<>();
    private LsRjt lastReject;
    private CompletableFuture<RemotePort> loginFuture;
    private int retries;
    private int generation;

    RemotePort(LocalPort local, FcId portId) {
        this.local = local;
        this.portId = portId;
    }

    public LocalPort localPort() {
        return local;
    }

    public FcId portId() {
        return portId;
    }

    /** WWPN from the PLOGI or its LS_ACC. */
    public Optional<Wwn> portName() {
        return Optional.ofNullable(portName);
    }

    /** WWNN from the PLOGI or its LS_ACC. */
    public Optional<Wwn> nodeName() {
        return Optional.ofNullable(nodeName);
    }

    public RportState state() {
        return state;
    }

    /** The remote port's service parameters from its PLOGI or LS_ACC. */
    public Optional<LoginParameters> parameters() {
        return Optional.ofNullable(parameters);
    }

    /** The largest data field the remote port receives (Class 3), 2112 before login. */
    public int receiveDataFieldSize() {
        return parameters != null ? parameters.maxReceiveDataFieldSize() : Frame.MAX_PAYLOAD;
    }

    public boolean isLoggedIn() {
        return state.isLoggedIn();
    }

    public boolean isReady() {
        return state == RportState.READY;
    }

    /**
     * The remote port's service parameter page for an established image pair of {@code type}: its PRLI ACC when
     * this port sent the PRLI, its request when this port accepted it. Either way WRITE FCP_XFER_RDY DISABLED is
     * set only when both ends agreed to a first burst.
     */
    public Optional<ServiceParameterPage> imagePair(int type) {
        return Optional.ofNullable(imagePairs.get(type));
    }

    /** True when an FCP image pair exists and the remote port offers the FCP target function. */
    public boolean isFcpTarget() {
        return imagePair(FcType.FCP).map(ServiceParameterPage::targetFunction).orElse(false);
    }

    /** True when an FCP image pair exists and both ends agreed to a first burst of write data. */
    public boolean fcpFirstBurstAgreed() {
        return imagePair(FcType.FCP).map(ServiceParameterPage::writeXferRdyDisabled).orElse(false);
    }

    /** True when an FCP image pair exists and the remote port offers the FCP initiator function. */
    public boolean isFcpInitiator() {
        return imagePair(FcType.FCP).map(ServiceParameterPage::initiatorFunction).orElse(false);
    }

    /** The last LS_RJT the remote port answered a login request with. */
    public Optional<LsRjt> lastReject() {
        return Optional.ofNullable(lastReject);
    }

    // ---- originator side ------------------------------------------------------------------------------

    /** PLOGI (unless logged in), then PRLI when wanted; completes when READY. */
    public CompletableFuture<RemotePort> login() {
        if (state == RportState.READY) {
            return CompletableFuture.completedFuture(this);
        }
        if (loginFuture != null && !loginFuture.isDone()) {
            return loginFuture;
        }
        loginFuture = new CompletableFuture<>();
        retries = 0;
        CompletableFuture<RemotePort> f = loginFuture;
        if (state.isLoggedIn()) {
            afterPlogi();
        } else {
            sendPlogi();
        }
        return f;
    }

    /** PRLI for FCP with this port's roles (after PLOGI); completes when READY. */
    public CompletableFuture<RemotePort> prli() {
        if (!isLoggedIn()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in with " + portId));
        }
        if (loginFuture == null || loginFuture.isDone()) {
            loginFuture = new CompletableFuture<>();
        }
        CompletableFuture<RemotePort> f = loginFuture;
        sendPrli();
        return f;
    }

    private void sendPlogi() {
        setState(RportState.PLOGI);
        int g = ++generation;
        LocalPort.whenDone(local.sendEls(portId, local.plogiPayload()), r -> {
            if (g != generation || state != RportState.PLOGI) {
                return;
            }
            if (r instanceof LoginParameters acc) {
                recordParameters(acc);
                afterPlogi();
            } else if (r instanceof LsRjt rjt) {
                lastReject = rjt;
                if ((rjt.reason() == LsRjtReason.LOGICAL_BUSY || rjt.reason() == LsRjtReason.COMMAND_IN_PROGRESS)
                        && retries++ < local.config().maxRetries()) {
                    retryLater(this::sendPlogi);
                } else {
                    failLogin(RportState.FAILED, new LoginFailedException(ElsCommand.PLOGI, rjt, "to " + portId));
                }
            }
        }, t -> {
            if (g != generation || state != RportState.PLOGI) {
                return;
            }
            if (retries++ < local.config().maxRetries()) {
                sendPlogi();
            } else {
                failLogin(RportState.FAILED, new LoginFailedException(ElsCommand.PLOGI, null,
                        "no answer from " + portId + ": " + t.getMessage()));
            }
        });
    }

    private void retryLater(Runnable r) {
        int g = generation;
        local.scheduler().schedule(local.exchangeManager().timeouts().edTov(), () -> {
            if (g == generation) {
                r.run();
            }
        });
    }

    private boolean wantsPrli() {
        return local.config().hasFcpRole() && !portId.isWellKnown() && !portId.isDomainController();
    }

    private void afterPlogi() {
        if (wantsPrli()) {
            sendPrli();
        } else {
            setState(RportState.READY);
            completeLogin();
        }
    }

    private void sendPrli() {
        setState(RportState.PRLI);
        int g = ++generation;
        PortConfig c = local.config();
        Prli request = Prli.of(ElsCommand.PRLI, ServiceParameterPage.fcpRequest(c.fcpInitiator(), c.fcpTarget(),
                c.firstBurstLength() > 0));
        LocalPort.whenDone(local.sendEls(portId, request), r -> {
            if (g != generation || state != RportState.PRLI) {
                return;
            }
            if (r instanceof Prli acc) {
                Optional<ServiceParameterPage> page = acc.page(FcType.FCP);
                int code = page.map(ServiceParameterPage::responseCode).orElse(0);
                if (code == PrliConstants.RESPONSE_EXECUTED || code == PrliConstants.RESPONSE_EXECUTED_CONDITIONALLY) {
                    imagePairs.put(FcType.FCP, page.get());
                    setState(RportState.READY);
                    completeLogin();
                } else {
                    failLogin(RportState.PLOGI_COMPLETE, new LoginFailedException(ElsCommand.PRLI, null,
                            "response code " + code + " (" + PrliConstants.describeResponse(code) + ") from " + portId));
                }
            } else if (r instanceof LsRjt rjt) {
                lastReject = rjt;
                boolean notLoggedIn = rjt.explanation() == LsRjtExplanation.N_PORT_LOGIN_REQUIRED;
                failLogin(notLoggedIn ? RportState.INIT : RportState.PLOGI_COMPLETE,
                        new LoginFailedException(ElsCommand.PRLI, rjt, "by " + portId));
            }
        }, t -> {
            if (g == generation && state == RportState.PRLI) {
                failLogin(RportState.PLOGI_COMPLETE, new LoginFailedException(ElsCommand.PRLI, null,
                        "no answer from " + portId + ": " + t.getMessage()));
            }
        });
    }

    /** LOGO to the remote port; the session is gone when the future completes. */
    public CompletableFuture<Void> logout() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (state == RportState.DELETED) {
            done.complete(null);
            return done;
        }
        if (!isLoggedIn() && state != RportState.PLOGI) {
            delete("logged out locally");
            done.complete(null);
            return done;
        }
        setState(RportState.LOGO);
        int g = ++generation;
        local.sendEls(portId, new Logo(local.fcId(), local.portName())).whenComplete((r, t) -> {
            if (g == generation) {
                delete("LOGO sent");
            }
            done.complete(null);
        });
        return done;
    }

    /**
     * ADISC: checks that the remote port still has the names it logged in with. On a mismatch the port is
     * logged out; on LS_RJT (the remote port no longer knows this one) the session is deleted.
     */
    public CompletableFuture<Adisc> adisc() {
        if (!isLoggedIn()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in with " + portId));
        }
        RportState before = state;
        setState(RportState.ADISC);
        int g = ++generation;
        CompletableFuture<Adisc> result = new CompletableFuture<>();
        Adisc request = new Adisc(ElsCommand.ADISC, FcId.UNASSIGNED, local.portName(), local.nodeName(), local.fcId());
        LocalPort.whenDone(local.sendEls(portId, request), r -> {
            if (g != generation) {
                result.completeExceptionally(new IllegalStateException("ADISC superseded"));
                return;
            }
            if (r instanceof Adisc acc) {
                if (acc.portName().equals(portName) && acc.nodeName().equals(nodeName)) {
                    setState(before);
                } else {
                    logout();
                }
                result.complete(acc);
            } else if (r instanceof LsRjt rjt) {
                lastReject = rjt;
                delete("ADISC rejected: " + rjt);
                result.completeExceptionally(new ElsRejectedException(ElsCommand.ADISC, rjt));
            }
        }, t -> {
            if (g == generation) {
                setState(before);
            }
            result.completeExceptionally(t);
        });
        return result;
    }

    /** ECHO: completes with the data the remote port returned. */
    public CompletableFuture<byte[]> echo(byte[] data) {
        return expect(local.sendEls(portId, new Echo(ElsCommand.ECHO, data)), Echo.class, ElsCommand.ECHO)
                .thenApply(Echo::data);
    }

    /** RLS: the remote port's link error status block. */
    public CompletableFuture<RlsAcc> rls() {
        return expect(local.sendEls(portId, new Rls(portId)), RlsAcc.class, ElsCommand.RLS);
    }

    /** RTV: the remote port's R_A_TOV and E_D_TOV. */
    public CompletableFuture<RtvAcc> rtv() {
        return expect(local.sendEls(portId, new Rtv()), RtvAcc.class, ElsCommand.RTV);
    }

    private static <T> CompletableFuture<T> expect(CompletableFuture<ElsPayload> f, Class<T> type, int command) {
        return f.thenApply(r -> {
            if (r instanceof LsRjt rjt) {
                throw new ElsRejectedException(command, rjt);
            }
            return type.cast(r);
        });
    }

    // ---- responder side (called by LocalPort) -----------------------------------------------------------

    /** We answered the remote port's PLOGI with LS_ACC. */
    void remotePlogiAccepted(LoginParameters p) {
        boolean collision = state == RportState.PLOGI;
        if (state.isLoggedIn()) {
            // a new PLOGI from a logged-in port is an implicit logout of the old session
            imagePairs.clear();
            failExchanges("implicit logout by a new PLOGI from " + portId);
        }
        generation++;
        recordParameters(p);
        if (collision && loginFuture != null && !loginFuture.isDone()) {
            afterPlogi();
        } else {
            setState(RportState.PLOGI_COMPLETE);
        }
    }

    /** We accepted the remote port's PRLI; {@code pages} are its pages whose image pairs were established. */
    void remotePrliAccepted(List<ServiceParameterPage> pages) {
        for (ServiceParameterPage p : pages) {
            imagePairs.put(p.type(), p);
        }
        if (!pages.isEmpty()) {
            generation++;
            setState(RportState.READY);
            completeLogin();
        }
    }

    void remotePrlo(List<ServiceParameterPage> pages) {
        for (ServiceParameterPage p : pages) {
            imagePairs.remove(p.type());
        }
        if (imagePairs.isEmpty() && state == RportState.READY) {
            setState(RportState.PLOGI_COMPLETE);
        }
    }

    /** The session is gone (LOGO either way, local reset). */
    void delete(String why) {
        generation++;
        imagePairs.clear();
        failExchanges(why);
        setState(RportState.DELETED);
        local.rports.remove(portId, this);
        if (loginFuture != null && !loginFuture.isDone()) {
            loginFuture.completeExceptionally(new LoginFailedException(ElsCommand.PLOGI, null, why));
        }
    }

    private void failExchanges(String why) {
        local.exchangeManager().resetPort(local.fcId(), portId, why);
    }

    private void recordParameters(LoginParameters p) {
        parameters = p;
        portName = p.portName();
        nodeName = p.nodeName();
        lastReject = null;
    }

    private void completeLogin() {
        if (loginFuture != null && !loginFuture.isDone()) {
            loginFuture.complete(this);
        }
    }

    private void failLogin(RportState next, LoginFailedException e) {
        setState(next);
        if (loginFuture != null && !loginFuture.isDone()) {
            loginFuture.completeExceptionally(e);
        }
    }

    private void setState(RportState s) {
        RportState old = state;
        if (old != s) {
            state = s;
            local.emit(new PortEvent.RemotePortStateChanged(local, this, old, s));
        }
    }

    @Override
    public String toString() {
        return "RemotePort[" + portId + " " + (portName != null ? portName : "?") + " " + state + "]";
    }
}
