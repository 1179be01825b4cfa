package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientPorts;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.Message;
import dev.fcspec.emulator.ccm.CcmProtocol.PeerInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.Ports;
import dev.fcspec.emulator.ccm.CcmProtocol.Ready;
import dev.fcspec.emulator.ccm.ClusterConnectionManager.Role;
import dev.fcspec.emulator.vi.Completion;
import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.VirtualInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The session messages after the handshake, on the boot VI: peer connection information with the version
 * ranges ({@link #enterExchangingPeerInfo}), the client information collected from the local clients
 * ({@code enterExchangingClientInfo}), the ports each side created ({@code enterCreatingPorts}), the ready
 * alerts ({@code enterAwaitingPartnerReady}) and, once both are ready, the alert to the local clients
 * ({@code enterReady}). The initiator speaks first at each step; the responder answers.
 *
 * <p>A message out of order, undecodable, or that contradicts the session ends the attempt through the
 * manager's one error path; versions without common ground end it for good ({@link #refuse}).
 */
final class SessionExchange {

    private final ClusterConnectionManager ccm;
    private final BootViChannel channel;
    private final ClientPortAllocator allocator;
    private final FcviPort port;
    private PeerInfo partnerInfo;
    private int version;
    private ClientInfo partnerClients;
    private Ports partnerPorts;

    SessionExchange(ClusterConnectionManager ccm, BootViChannel channel, ClientPortAllocator allocator, FcviPort port) {
        this.ccm = ccm;
        this.channel = channel;
        this.allocator = allocator;
        this.port = port;
    }

    PeerInfo partnerInfo() {
        return partnerInfo;
    }

    int version() {
        return version;
    }

    ClientInfo partnerClients() {
        return partnerClients;
    }

    /** Forgets what the partner said (the session is torn down). */
    void reset() {
        partnerInfo = null;
        partnerClients = null;
        partnerPorts = null;
        version = 0;
    }

    /** The handshake is complete: the initiator sends its peer connection information. */
    void enterExchangingPeerInfo(long t) {
        ccm.setState(SessionState.EXCHANGING_PEER_INFO);
        if (ccm.role() == Role.INITIATOR) {
            sendPeerInfo(t, null);
        }
    }

    /** A session message from the partner (received on the boot VI). */
    void onMessage(long t, byte[] data) {
        Message m;
        try {
            m = CcmProtocol.decode(data);
        } catch (CcmProtocolException e) {
            ccm.event(CcmEvent.Kind.PROTOCOL_ERROR, e.getMessage());
            ccm.attemptFailed("malformed session message: " + e.getMessage());
            return;
        }
        SessionState s = ccm.state();
        if (m instanceof PeerInfo p && s == SessionState.EXCHANGING_PEER_INFO) {
            onPeerInfo(t, p);
        } else if (m instanceof ClientInfo c && s == SessionState.EXCHANGING_CLIENT_INFO) {
            onClientInfo(t, c);
        } else if (m instanceof Ports p && (s == SessionState.CREATING_PORTS
                || s == SessionState.EXCHANGING_CLIENT_INFO)) {
            onPorts(t, p);
        } else if (m instanceof Ready r && (s == SessionState.CREATING_PORTS
                || s == SessionState.AWAITING_PARTNER_READY)) {
            onReady(t, r);
        } else {
            ccm.event(CcmEvent.Kind.PROTOCOL_ERROR, m.getClass().getSimpleName() + " unexpected in state " + s);
            ccm.attemptFailed(m.getClass().getSimpleName() + " received in state " + s);
        }
    }

    private void sendPeerInfo(long t, Consumer<Completion> then) {
        CcmConfig config = ccm.config();
        channel.send(t, new PeerInfo(config.lowestVersion(), config.highestVersion(), ccm.node(), ccm.kind(),
                ccm.generation()), then, then != null);
        ccm.event(CcmEvent.Kind.PEER_INFO_SENT, "versions " + config.lowestVersion() + ".." + config.highestVersion());
    }

    private void onPeerInfo(long t, PeerInfo p) {
        partnerInfo = p;
        ccm.partner(p.node(), p.kind());
        ccm.event(CcmEvent.Kind.PEER_INFO_RECEIVED, "partner " + p.node() + " (" + p.kind() + ") generation "
                + p.generation() + " versions " + p.lowestVersion() + ".." + p.highestVersion());
        CcmConfig config = ccm.config();
        int v = Math.min(config.highestVersion(), p.highestVersion());
        boolean compatible = v >= Math.max(config.lowestVersion(), p.lowestVersion());
        boolean responder = ccm.role() == Role.RESPONDER;
        if (!compatible) {
            String why = "no common session protocol version: " + config.lowestVersion() + ".."
                    + config.highestVersion() + " here, " + p.lowestVersion() + ".." + p.highestVersion()
                    + " at the partner";
            ccm.event(CcmEvent.Kind.VERSION_REFUSED, why);
            if (responder) {
                // Tell the partner our range first, so that it refuses too; then leave.
                sendPeerInfo(t, c -> refuse(why));
            } else {
                refuse(why);
            }
            return;
        }
        version = v;
        ccm.event(CcmEvent.Kind.VERSION_NEGOTIATED, "session protocol version " + v);
        if (responder) {
            sendPeerInfo(t, null);
            ccm.setState(SessionState.EXCHANGING_CLIENT_INFO);
        } else {
            enterExchangingClientInfo(t);
        }
    }

    /** Versions without common ground: retrying could not help. */
    private void refuse(String why) {
        ccm.teardown(why, false, true);
    }

    private void enterExchangingClientInfo(long t) {
        ccm.setState(SessionState.EXCHANGING_CLIENT_INFO);
        sendClientInfo(t);
    }

    private void sendClientInfo(long t) {
        List<ClientRequirement> collected = new ArrayList<>();
        for (CcmClient c : ccm.clients()) {
            collected.add(new ClientRequirement(c.name(), c.portsRequired(), c.memoryRequested()));
        }
        ccm.event(CcmEvent.Kind.CLIENT_INFO_COLLECTED, collected.size() + " clients: " + collected);
        channel.send(t, new ClientInfo(collected), null, false);
        ccm.event(CcmEvent.Kind.CLIENT_INFO_SENT, collected.toString());
    }

    private void onClientInfo(long t, ClientInfo c) {
        partnerClients = c;
        ccm.event(CcmEvent.Kind.CLIENT_INFO_RECEIVED, c.clients().toString());
        if (ccm.role() == Role.RESPONDER) {
            sendClientInfo(t);
        }
        enterCreatingPorts(t);
    }

    private void enterCreatingPorts(long t) {
        ccm.setState(SessionState.CREATING_PORTS);
        allocator.allocate(partnerClients);
        Ports mine = allocator.describe(version);
        channel.send(t, mine, null, false);
        ccm.event(CcmEvent.Kind.PORTS_CREATED, describe(mine));
        if (ccm.role() == Role.INITIATOR && partnerPorts != null) {
            allocator.connect(t, partnerPorts, () -> enterAwaitingPartnerReady(t));
        }
    }

    private void onPorts(long t, Ports p) {
        if (p.version() != version) {
            ccm.attemptFailed("partner created ports for version " + p.version() + ", session uses " + version);
            return;
        }
        partnerPorts = p;
        if (ccm.role() == Role.INITIATOR && allocator.allocated()) {
            allocator.connect(t, partnerPorts, () -> enterAwaitingPartnerReady(t));
        }
    }

    /** Every client port is connected: this side is ready, and tells the partner. */
    private void enterAwaitingPartnerReady(long t) {
        ccm.event(CcmEvent.Kind.PORTS_CONNECTED, "every client port is connected");
        ccm.setState(SessionState.AWAITING_PARTNER_READY);
        channel.send(t, new Ready(version), null, false);
        ccm.event(CcmEvent.Kind.PARTNER_ALERTED, "ready sent to the partner");
    }

    private void onReady(long t, Ready r) {
        ccm.event(CcmEvent.Kind.PARTNER_READY_RECEIVED, "partner ready, version " + r.version());
        if (r.version() != version) {
            ccm.attemptFailed("partner ready for version " + r.version() + ", session uses " + version);
            return;
        }
        if (ccm.role() == Role.RESPONDER) {
            for (List<VirtualInterface> vis : allocator.ports().values()) {
                for (VirtualInterface vi : vis) {
                    if (vi.state() != ViState.CONNECTED) {
                        ccm.attemptFailed("partner ready but port " + vi.address() + " is " + vi.state());
                        return;
                    }
                }
            }
            ccm.event(CcmEvent.Kind.PORTS_CONNECTED, "every client port is connected");
            channel.send(t, new Ready(version), null, false);
            ccm.event(CcmEvent.Kind.PARTNER_ALERTED, "ready sent to the partner");
        }
        enterReady();
    }

    /** Both sides are ready: the clients that have ports are told, each with its session. */
    private void enterReady() {
        ccm.sessionUp();
        channel.writeOwnStatus(CcmProtocol.STAGE_SESSION_UP, ccm.acknowledgedHello());
        ccm.setState(SessionState.READY);
        Map<String, ClientPorts> theirs = new HashMap<>();
        if (partnerPorts != null) {
            for (ClientPorts cp : partnerPorts.clients()) {
                theirs.put(cp.name(), cp);
            }
        }
        Map<String, List<VirtualInterface>> ports = allocator.ports();
        Map<String, MemoryRegion> memory = allocator.memory();
        List<CcmClient> toAlert = ccm.clients().stream().filter(c -> ports.containsKey(c.name())).toList();
        ccm.clientsAlerted(toAlert.stream().map(CcmClient::name).toList());
        for (CcmClient c : toAlert) {
            ClientSession s = new ClientSession(c.name(), ports.get(c.name()), memory.get(c.name()),
                    theirs.get(c.name()), version, ccm.partnerKind(), port);
            ccm.scheduler().execute(() -> c.partnerReady(s));
        }
        ccm.event(CcmEvent.Kind.CLIENTS_ALERTED, toAlert.size() + " clients told the partner is ready: "
                + toAlert.stream().map(CcmClient::name).toList());
    }

    private static String describe(Ports p) {
        StringBuilder b = new StringBuilder();
        for (ClientPorts c : p.clients()) {
            b.append(c.name()).append(": VIs ").append(c.viNumbers());
            if (c.memoryHandle() != null) {
                b.append(String.format(", %d bytes at 0x%x (%s)", c.memoryLength(), c.memoryAddress(),
                        c.memoryHandle()));
            }
            b.append("; ");
        }
        return b.length() == 0 ? "no client ports" : b.toString();
    }
}
