package dev.fcspec.emulator.port;

import static dev.fcspec.emulator.port.ct.CtConstants.EXPL_DATABASE_EMPTY;
import static dev.fcspec.emulator.port.ct.CtConstants.EXPL_FC4_TYPES_NOT_REGISTERED;
import static dev.fcspec.emulator.port.ct.CtConstants.EXPL_NO_OBJECTS_REGISTERED_IN_SCOPE;
import static dev.fcspec.emulator.port.ct.CtConstants.EXPL_PORT_ID_NOT_REGISTERED;
import static dev.fcspec.emulator.port.ct.CtConstants.RJT_UNABLE_TO_PERFORM;

import dev.fcspec.emulator.port.ct.CtDecodeException;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Target discovery of one local port, after Linux libfc {@code fc_disc.c}. Once the port is READY on a fabric
 * (name-server registration and SCR done) and its configuration asks for discovery
 * ({@link PortConfig#discovery()}) with the FCP initiator function, it sends GPN_FT for FC-4 TYPE 0x08 to the
 * name server, then logs in (PLOGI, PRLI) to every port listed other than itself. A port the name server no
 * longer lists loses the remote port discovery made for it (deleted locally: the port is gone from the
 * fabric, or zoned away, so no LOGO is sent to it). Each RSCN starts discovery again; an RSCN that arrives
 * while a discovery runs restarts it once that one is done (libfc's {@code disc->pending}).
 *
 * <p>An FS_RJT "unable to perform" with explanation "FC-4 TYPEs not registered", "no objects registered in
 * scope", "database empty" or "Port_ID not registered" means an empty fabric: discovery is READY with no
 * ports. Any other reject, an undecodable answer or no answer is retried after E_D_TOV, up to the port's
 * {@link PortConfig#maxRetries()} times; then discovery is FAILED with a {@link DiscoveryFailedException}.
 *
 * <p>Zoning needs nothing here: the name server lists only the ports zoned with this one. The request asks
 * for an unlimited answer; a large fabric's accept arrives as a multi-frame sequence.
 *
 * <p>Runs on the port's scheduler like everything in the port layer.
 */
public final class Discovery {

    private final LocalPort port;
    private DiscoveryState state = DiscoveryState.IDLE;
    private int generation;
    private int attempts;
    private int outstanding;
    private boolean pending;
    private int completed;
    private List<PortIdAndName> found = List.of();
    /** Ports this discovery logged in to (and therefore removes when the name server stops listing them). */
    private final Set<FcId> discovered = new LinkedHashSet<>();
    private DiscoveryFailedException failure;

    Discovery(LocalPort port) {
        this.port = port;
    }

    public DiscoveryState state() {
        return state;
    }

    /** The ports (other than this one) the last successful GPN_FT listed, in the name server's order. */
    public List<PortIdAndName> found() {
        return found;
    }

    /** Ports found by the last discovery that are logged in and offer the FCP target function. */
    public List<RemotePort> targets() {
        List<RemotePort> out = new ArrayList<>();
        for (PortIdAndName e : found) {
            port.remotePort(e.portId()).filter(r -> r.isReady() && r.isFcpTarget()).ifPresent(out::add);
        }
        return out;
    }

    /** Why the last discovery FAILED. */
    public Optional<DiscoveryFailedException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Discoveries that reached READY or FAILED since the port was created. */
    public int completedRuns() {
        return completed;
    }

    /** True when the port's configuration asks for discovery on its own (after fabric login and RSCNs). */
    public boolean enabled() {
        return port.config().discovery() && port.config().fcpInitiator();
    }

    /**
     * Starts a discovery now (a running one starts over), whether or not the configuration asks for it.
     *
     * @throws IllegalStateException when the port is not READY on a fabric
     */
    public void start() {
        if (!port.isFabricAttached() || port.state() != LportState.READY) {
            throw new IllegalStateException(port + " is not READY on a fabric: no name server to ask");
        }
        begin();
    }

    // ---- called by LocalPort ----------------------------------------------------------------------------

    /** The port is READY on a fabric. */
    void portReady() {
        if (enabled() && port.isFabricAttached()) {
            begin();
        }
    }

    /** An RSCN arrived: discover again (after the running discovery when one runs). */
    void rscnReceived() {
        switch (state) {
            case IDLE -> {
            }
            case GPN_FT, LOGGING_IN -> pending = true;
            case READY, FAILED -> {
                if (port.state() == LportState.READY && port.isFabricAttached()) {
                    begin();
                }
            }
        }
    }

    /** The port lost its login: forget everything (its remote ports are dropped by the port). */
    void stop() {
        generation++;
        pending = false;
        outstanding = 0;
        discovered.clear();
        found = List.of();
        setState(DiscoveryState.IDLE);
    }

    // ---- state machine ----------------------------------------------------------------------------------

    private void begin() {
        int g = ++generation;
        pending = false;
        attempts = 0;
        failure = null;
        port.emit(new PortEvent.DiscoveryStarted(port));
        sendGpnFt(g);
    }

    private void sendGpnFt(int g) {
        attempts++;
        setState(DiscoveryState.GPN_FT);
        LocalPort.whenDone(port.queryNameServer(NameServerRequest.GpnFt.of(FcType.FCP)), reply -> {
            if (g != generation) {
                return;
            }
            if (reply instanceof NameServerReply.PortIdsAndNames list) {
                loginAll(g, list.entries());
            } else if (reply instanceof NameServerReply.Rejected rj) {
                if (meansEmptyFabric(rj)) {
                    loginAll(g, List.of());
                } else {
                    retryOrFail(g, DiscoveryFailedException.Reason.NAME_SERVER_REJECTED, rj, rj.toString());
                }
            } else {
                retryOrFail(g, DiscoveryFailedException.Reason.UNDECODABLE_ANSWER, null,
                        "GPN_FT answered with " + reply);
            }
        }, t -> {
            if (g == generation) {
                retryOrFail(g, t instanceof CtDecodeException ? DiscoveryFailedException.Reason.UNDECODABLE_ANSWER
                        : DiscoveryFailedException.Reason.NO_ANSWER, null, String.valueOf(t.getMessage()));
            }
        });
    }

    /** FS_RJT explanations a name server gives when no port of the TYPE is registered (or visible). */
    static boolean meansEmptyFabric(NameServerReply.Rejected rj) {
        if (rj.reason() != RJT_UNABLE_TO_PERFORM) {
            return false;
        }
        int x = rj.explanation();
        return x == EXPL_FC4_TYPES_NOT_REGISTERED || x == EXPL_NO_OBJECTS_REGISTERED_IN_SCOPE
                || x == EXPL_DATABASE_EMPTY || x == EXPL_PORT_ID_NOT_REGISTERED;
    }

    private void retryOrFail(int g, DiscoveryFailedException.Reason reason, NameServerReply.Rejected rj,
                             String why) {
        if (attempts <= port.config().maxRetries()) {
            port.scheduler().schedule(port.exchangeManager().timeouts().edTov(), () -> {
                if (g == generation) {
                    sendGpnFt(g);
                }
            });
            return;
        }
        failure = new DiscoveryFailedException(reason, rj, attempts, why);
        completed++;
        setState(DiscoveryState.FAILED);
        port.emit(new PortEvent.DiscoveryFailed(port, failure));
        if (pending) {
            begin();
        }
    }

    private void loginAll(int g, List<PortIdAndName> entries) {
        List<PortIdAndName> others = new ArrayList<>();
        Map<FcId, PortIdAndName> byId = new HashMap<>();
        for (PortIdAndName e : entries) {
            if (!e.portId().equals(port.fcId()) && !e.portName().equals(port.portName())
                    && byId.putIfAbsent(e.portId(), e) == null) {
                others.add(e);
            }
        }
        found = List.copyOf(others);
        for (FcId id : List.copyOf(discovered)) {
            if (!byId.containsKey(id)) {
                discovered.remove(id);
                port.remotePort(id).ifPresent(r -> r.delete("no longer listed by the name server"));
            }
        }
        setState(DiscoveryState.LOGGING_IN);
        outstanding = others.size() + 1;
        for (PortIdAndName e : others) {
            RemotePort existing = port.remotePort(e.portId()).orElse(null);
            if (existing != null && existing.portName().isPresent() && !existing.portName().get().equals(e.portName())) {
                // another port took the address: the old session is gone
                existing.delete("Port_ID " + e.portId() + " now belongs to " + e.portName());
            }
            discovered.add(e.portId());
            port.remotePortFor(e.portId()).login().whenComplete((r, t) -> {
                if (g == generation) {
                    loginDone(g);
                }
            });
            if (g != generation) {
                return;
            }
        }
        loginDone(g);
    }

    private void loginDone(int g) {
        if (--outstanding > 0 || g != generation) {
            return;
        }
        completed++;
        setState(DiscoveryState.READY);
        List<FcId> targets = targets().stream().map(RemotePort::portId).toList();
        port.emit(new PortEvent.DiscoveryFinished(port, found, targets));
        if (pending) {
            begin();
        }
    }

    private void setState(DiscoveryState s) {
        DiscoveryState old = state;
        if (old != s) {
            state = s;
            port.emit(new PortEvent.DiscoveryStateChanged(port, old, s));
        }
    }

    @Override
    public String toString() {
        return "Discovery[" + port.portName() + " " + state + " " + found.size() + " found]";
    }
}
