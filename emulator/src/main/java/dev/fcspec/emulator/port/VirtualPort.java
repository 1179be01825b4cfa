package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An NPIV virtual N_Port on a physical {@link NPort}: its own WWPN/WWNN (held in its {@link VportEntry}),
 * its own N_Port_ID from FDISC, its own remote ports and exchanges. Its {@link VportState} is what a Linux
 * host shows in sysfs.
 *
 * <p>FDISC is sent when the physical port is READY on a fabric that offered NPIV; on a point-to-point link or
 * a fabric without NPIV the state is "No Fabric Support". An LS_RJT to FDISC sets the state as Linux lpfc
 * does: explanation 0x29 (insufficient resources) "No Fabric Resources"; 0x0D, 0x0E, 0x1F or 0x44 (invalid
 * port/node name or N_Port_ID) "Fabric Rejected WWN"; reason 0x0B (not supported) "No Fabric Support"; any
 * other "VPort Failed". A LOGO from the fabric (implicit logout, e.g. when another port logs in with the same
 * WWPN) leaves it in "Fabric Logout".
 */
public final class VirtualPort extends LocalPort {
    private final NPort physical;
    private final VportEntry entry;
    private VportState vportState = VportState.DISABLED;
    private boolean enabled;
    private LsRjt lastReject;

    VirtualPort(NPort physical, VportEntry entry) {
        this.physical = physical;
        this.entry = entry;
    }

    @Override
    NPort physical() {
        return physical;
    }

    public NPort physicalPort() {
        return physical;
    }

    public VportEntry entry() {
        return entry;
    }

    @Override
    public Wwn portName() {
        return entry.portName();
    }

    @Override
    public Wwn nodeName() {
        return entry.nodeName();
    }

    @Override
    public PortConfig config() {
        return physical.config().withNames(entry.portName(), entry.nodeName())
                .withSymbolicName(physical.config().symbolicName() + " vport " + entry.index());
    }

    /** The state as Linux shows it in sysfs {@code vport_state}. */
    public VportState vportState() {
        return vportState;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The LS_RJT that answered the last FDISC, if it was rejected. */
    public Optional<LsRjt> lastReject() {
        return Optional.ofNullable(lastReject);
    }

    /** Enables the virtual port: FDISC now, or as soon as the physical port is READY. */
    public void enable() {
        enabled = true;
        if (vportState == VportState.ACTIVE || vportState == VportState.INITIALIZING) {
            return;
        }
        retries = 0;
        startLogin();
    }

    /** LOGO to the fabric when logged in, then "Disabled". */
    public CompletableFuture<Void> disable() {
        enabled = false;
        return logoutThen(() -> setVportState(VportState.DISABLED, null));
    }

    /**
     * Logs out (when logged in) and logs in again with FDISC using the entry's current names: a failover
     * changes the names in the {@link VportEntry} and calls this.
     */
    public CompletableFuture<Void> relogin() {
        enabled = true;
        return logoutThen(() -> {
            retries = 0;
            startLogin();
        });
    }

    /** Sets both names in the vport database entry (takes effect at the next login). */
    public void setNames(Wwn portName, Wwn nodeName) {
        entry.setNames(portName, nodeName);
    }

    private CompletableFuture<Void> logoutThen(Runnable next) {
        int g = ++generation;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (fabric && !fcId.equals(FcId.UNASSIGNED)) {
            setState(LportState.LOGO);
            sendEls(FcId.FABRIC_LOGIN_SERVER, new Logo(fcId, portName())).whenComplete((r, t) -> {
                if (g == generation) {
                    loggedOut();
                    next.run();
                }
                done.complete(null);
            });
        } else {
            loggedOut();
            next.run();
            done.complete(null);
        }
        return done;
    }

    private void loggedOut() {
        dropSessions("virtual port logged out");
        fcId = FcId.UNASSIGNED;
        fabric = false;
        fabricParameters = null;
        setState(LportState.DISABLED);
    }

    private void startLogin() {
        int g = ++generation;
        if (physical.isPointToPoint()) {
            setVportState(VportState.NO_FABRIC_SUPPORT, null);
            return;
        }
        if (physical.state() != LportState.READY) {
            setVportState(VportState.LINKDOWN, null);
            return;
        }
        if (!physical.isFabricAttached() || !physical.fabricSupportsNpiv()) {
            setVportState(VportState.NO_FABRIC_SUPPORT, null);
            return;
        }
        fcId = FcId.UNASSIGNED;
        setVportState(VportState.INITIALIZING, null);
        setState(LportState.FDISC);
        PortConfig c = config();
        LoginParameters fdisc = LoginParameters.fdisc(portName(), nodeName(), c.receiveDataFieldSize(),
                (int) exchangeManager().timeouts().edTov().toMillis());
        whenDone(sendEls(FcId.FABRIC_LOGIN_SERVER, fdisc, exchangeManager().timeouts().edTov()), s -> {
            if (g != generation || state != LportState.FDISC) {
                return;
            }
            ElsPayload r;
            try {
                r = ElsCodec.decodeReply(ElsCommand.FDISC, s.payload());
            } catch (RuntimeException e) {
                fdiscFailed(g);
                return;
            }
            if (r instanceof LoginParameters acc) {
                fabric = true;
                fabricParameters = acc;
                lastReject = null;
                retries = 0;
                assignAddress(s.destinationId(), true);
                startFabricRegistration();
            } else if (r instanceof LsRjt rjt) {
                lastReject = rjt;
                generation++;
                setState(LportState.FAILED);
                setVportState(stateFor(rjt), rjt);
            }
        }, t -> {
            if (g == generation && state == LportState.FDISC) {
                fdiscFailed(g);
            }
        });
    }

    private void fdiscFailed(int g) {
        if (retries++ < physical.config().maxRetries()) {
            scheduler().schedule(exchangeManager().timeouts().edTov(), () -> {
                if (g == generation) {
                    startLogin();
                }
            });
        } else {
            generation++;
            setState(LportState.FAILED);
            setVportState(VportState.FAILED, null);
        }
    }

    /** The sysfs state a rejected FDISC leaves, as Linux lpfc sets it. */
    public static VportState stateFor(LsRjt rjt) {
        switch (rjt.explanation()) {
            case LsRjtExplanation.INSUFFICIENT_RESOURCES:
                return VportState.NO_FABRIC_RESOURCES;
            case LsRjtExplanation.INVALID_PORT_NAME:
            case LsRjtExplanation.INVALID_NODE_NAME:
            case LsRjtExplanation.INVALID_N_PORT_ID:
            case LsRjtExplanation.INVALID_PORT_NODE_NAME:
                return VportState.FABRIC_REJECTED_WWN;
            default:
                return rjt.reason() == LsRjtReason.COMMAND_NOT_SUPPORTED ? VportState.NO_FABRIC_SUPPORT
                        : VportState.FAILED;
        }
    }

    @Override
    void fabricLoginComplete() {
        setState(LportState.READY);
        setVportState(VportState.ACTIVE, null);
        discovery.portReady();
    }

    @Override
    void onFabricLogout() {
        generation++;
        loggedOut();
        setVportState(VportState.FABRIC_LOGOUT, null);
    }

    /** The physical port lost its login (disabled, reset, fabric logout). */
    void physicalDown() {
        generation++;
        if (!fcId.equals(FcId.UNASSIGNED) || state != LportState.DISABLED) {
            loggedOut();
        }
        if (enabled) {
            setVportState(VportState.LINKDOWN, null);
        }
    }

    /** The physical port is READY (fabric or point-to-point). */
    void physicalReady() {
        if (enabled && vportState != VportState.ACTIVE && vportState != VportState.INITIALIZING) {
            retries = 0;
            startLogin();
        }
    }

    private void setVportState(VportState s, LsRjt cause) {
        VportState old = vportState;
        if (old != s) {
            vportState = s;
            emit(new PortEvent.VportStateChanged(this, old, s, Optional.ofNullable(cause)));
        }
    }

    @Override
    public String toString() {
        return "VirtualPort[" + portName() + " " + fcId + " " + vportState.displayName() + "]";
    }
}
