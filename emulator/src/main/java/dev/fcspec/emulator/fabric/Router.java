package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeRole;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameDecodeException;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.util.EnumMap;
import java.util.Optional;

/**
 * The switch's frame path: a frame to a well-known address goes through its F_Port's exchange manager to its
 * service (login server, fabric controller, name server); any other frame is routed by D_ID when its S_ID is logged in on the F_Port it came
 * from, its D_ID is logged in, and zoning lets the two talk. Everything else is discarded (Class 3: no
 * F_RJT) and counted by reason.
 */
final class Router {

    private final FabricSwitch fabric;
    private long received;
    private long routed;
    private long serviceRequests;
    private final EnumMap<DiscardReason, Long> discarded = new EnumMap<>(DiscardReason.class);

    Router(FabricSwitch fabric) {
        this.fabric = fabric;
        for (DiscardReason r : DiscardReason.values()) {
            discarded.put(r, 0L);
        }
    }

    /** What F_Port {@code port} receives from {@code end}; frames from an end no longer attached are ignored. */
    FrameReceiver receiverFor(FPort port, LinkEnd end) {
        return new FrameReceiver() {
            @Override
            public void receive(Frame frame) {
                if (port.end == end) {
                    onFrame(port, frame);
                }
            }

            @Override
            public void discard(byte[] bytes, FrameDecodeException defect) {
                if (port.end == end) {
                    Router.this.discard(port, DiscardReason.CORRUPTED, null);
                }
            }
        };
    }

    long received() {
        return received;
    }

    long routed() {
        return routed;
    }

    long serviceRequests() {
        return serviceRequests;
    }

    EnumMap<DiscardReason, Long> discarded() {
        return new EnumMap<>(discarded);
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

    /**
     * A frame to a well-known address: link services (ABTS) and service requests (ELS to any of them, CT to
     * the directory server) and the answers to the fabric controller's RSCNs go to the F_Port's exchange
     * manager; anything else, and an answer on no exchange of ours, is discarded.
     */
    private void toService(FPort p, Frame f) {
        FrameHeader h = f.header();
        if (h.rCtl() == RCtl.BA_ABTS && h.type() == FcType.BLS) {
            serviceRequests++;
            p.exchanges.receive(f);
            return;
        }
        FcId d = h.dId();
        if (d.equals(FcId.FABRIC_CONTROLLER) && h.rCtl() == RCtl.ELS_REP && h.type() == FcType.ELS) {
            Exchange rscn = p.exchanges.find(h.oxId());
            if (rscn == null || rscn.role() != ExchangeRole.ORIGINATOR || !rscn.remoteId().equals(h.sId())) {
                discard(p, DiscardReason.UNSUPPORTED, h);
                return;
            }
            p.exchanges.receive(f);
            return;
        }
        boolean els = h.rCtl() == RCtl.ELS_REQ && h.type() == FcType.ELS;
        boolean ct = h.rCtl() == RCtl.CT_REQ && h.type() == FcType.CT;
        if (!els && !(ct && d.equals(FcId.DIRECTORY_SERVER))) {
            discard(p, DiscardReason.UNSUPPORTED, h);
            return;
        }
        serviceRequests++;
        p.exchanges.receive(f);
    }

    /** The first sequence of an exchange an N_Port opened with a service: to the service at its D_ID. */
    boolean toService(FPort p, Exchange e, Sequence request) {
        FcId d = e.localId();
        if (d.equals(FcId.FABRIC_LOGIN_SERVER)) {
            fabric.loginServer().onRequest(p, e, request);
        } else if (d.equals(FcId.FABRIC_CONTROLLER)) {
            fabric.controller().onRequest(p, e, request);
        } else {
            fabric.nameServerBlock().onRequest(p, e, request);
        }
        return true;
    }

    private void route(FPort p, Frame f) {
        FrameHeader h = f.header();
        LoginTable logins = fabric.loginTable();
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
        if (!fabric.zoning().permits(src.portName(), dst.portName())) {
            discard(p, DiscardReason.ZONING, h);
            return;
        }
        FPort egress = fabric.fPort(dst.fPort());
        routed++;
        egress.end.send(f);
    }

    void discard(FPort p, DiscardReason reason, FrameHeader h) {
        discarded.merge(reason, 1L, Long::sum);
        fabric.emit(new FabricEvent.FrameDiscarded(p.number(), reason, Optional.ofNullable(h)));
    }
}
