package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsDecodeException;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fabric controller at FFFFFD: SCR registrations, the RSCNs the fabric originates (on login, logout,
 * name-server and zoning changes) and their answers, and N_Port-detected RSCNs to forward. RSCN pages are
 * coalesced per recipient within one scheduler instant: each recipient gets one RSCN (more when the pages
 * exceed its receive data field size).
 *
 * <p>Requests from an N_Port_ID that is not logged in on the F_Port they arrive on get LS_RJT 0x09/0x1E (N_Port
 * login required); an ELS other than SCR and RSCN gets 0x0B/0x00; undecodable payloads the LS_RJT the ELS
 * codec names (SCR with a function other than 1, 2, 3, 0xFF: 0x09/0x00).
 */
final class FabricController {

    private static final int MAX_RSCN_PAYLOAD = 2112;

    private final FabricSwitch fabric;
    /** SCR registrations: N_Port_ID to registration function. */
    private final TreeMap<FcId, Integer> registrations = new TreeMap<>();
    /** RSCN pages queued per recipient within one scheduler instant. */
    private final Map<FcId, LinkedHashSet<RscnPage>> pendingRscns = new LinkedHashMap<>();
    private boolean rscnFlushScheduled;
    /** RSCNs sent and not yet answered: OX_ID to recipient. */
    private final Map<Integer, FcId> outstandingRscns = new HashMap<>();
    private int nextOxId = 1;
    private long rscnsSent;
    private long rscnsAccepted;

    FabricController(FabricSwitch fabric) {
        this.fabric = fabric;
    }

    /** SCR registrations by N_Port_ID (the live map). */
    Map<FcId, Integer> registrations() {
        return registrations;
    }

    long rscnsSent() {
        return rscnsSent;
    }

    long rscnsAccepted() {
        return rscnsAccepted;
    }

    /** Forgets a port that logged out: its registration and the RSCNs queued for or sent to it. */
    void forget(FcId id) {
        registrations.remove(id);
        pendingRscns.remove(id);
        outstandingRscns.values().removeIf(id::equals);
    }

    void onRequest(FPort p, Frame f) {
        FrameHeader h = f.header();
        FabricLogin requester = fabric.loginOn(p, h.sId());
        ElsPayload request;
        try {
            request = ElsCodec.decodeRequest(f.payload());
        } catch (ElsDecodeException e) {
            reject(p, h, e.command(), e.reason(), e.explanation());
            return;
        }
        if (requester == null) {
            reject(p, h, request.command(), LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            return;
        }
        if (request instanceof Scr scr) {
            if (scr.function() == Scr.CLEAR) {
                registrations.remove(requester.fcId());
            } else {
                registrations.put(requester.fcId(), scr.function());
            }
            accept(p, h);
            fabric.emit(new FabricEvent.ScrRegistration(requester.fcId(), scr.function()));
        } else if (request instanceof Rscn rscn) {
            accept(p, h);
            forwardNPortDetected(requester, rscn.pages());
        } else {
            reject(p, h, request.command(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
        }
    }

    /** LS_ACC or LS_RJT answering one of the fabric's RSCNs. */
    void onReply(FPort p, Frame f) {
        FrameHeader h = f.header();
        boolean accepted = f.payloadLength() > 0 && f.payloadByte(0) == ElsCommand.LS_ACC;
        if (!rscnAnswered(h, accepted)) {
            fabric.discard(p, DiscardReason.UNSUPPORTED, h);
        }
    }

    // ---- RSCN origination ----------------------------------------------------------------------------

    /**
     * Queues an RSCN page for each of {@code affected} to every port registered for fabric-detected events
     * (SCR function 1 or 3) that is zoned with it, other than the affected port itself.
     */
    void notifyFabricDetected(List<FabricLogin> affected, int eventQualifier) {
        for (Map.Entry<FcId, Integer> r : registrations.entrySet()) {
            if (!wantsFabricDetected(r.getValue())) {
                continue;
            }
            FabricLogin recipient = fabric.loginAt(r.getKey());
            for (FabricLogin a : affected) {
                if (!a.fcId().equals(recipient.fcId()) && fabric.zoning().permits(recipient.portName(), a.portName())) {
                    queueRscn(recipient.fcId(), RscnPage.port(eventQualifier, a.fcId()));
                }
            }
        }
    }

    static boolean wantsFabricDetected(int scrFunction) {
        return scrFunction == Scr.FABRIC_DETECTED || scrFunction == Scr.FULL;
    }

    /** Forwards an N_Port-detected RSCN to the ports registered with function 2 or 3 and zoned with its sender. */
    private void forwardNPortDetected(FabricLogin sender, List<RscnPage> pages) {
        for (Map.Entry<FcId, Integer> r : registrations.entrySet()) {
            int fn = r.getValue();
            if (fn != Scr.N_PORT_DETECTED && fn != Scr.FULL) {
                continue;
            }
            FabricLogin recipient = fabric.loginAt(r.getKey());
            if (recipient.fcId().equals(sender.fcId())
                    || !fabric.zoning().permits(recipient.portName(), sender.portName())) {
                continue;
            }
            for (RscnPage page : pages) {
                queueRscn(recipient.fcId(), page);
            }
        }
    }

    void queueRscn(FcId recipient, RscnPage page) {
        pendingRscns.computeIfAbsent(recipient, k -> new LinkedHashSet<>()).add(page);
        if (!rscnFlushScheduled) {
            rscnFlushScheduled = true;
            fabric.scheduler().execute(this::flushRscns);
        }
    }

    /** Sends the queued pages: one RSCN per recipient (more when the pages exceed its receive size). */
    private void flushRscns() {
        rscnFlushScheduled = false;
        List<Map.Entry<FcId, LinkedHashSet<RscnPage>>> work = new ArrayList<>(pendingRscns.entrySet());
        pendingRscns.clear();
        for (Map.Entry<FcId, LinkedHashSet<RscnPage>> e : work) {
            FabricLogin recipient = fabric.loginAt(e.getKey());
            if (recipient == null || !registrations.containsKey(recipient.fcId())) {
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
        FPort p = fabric.fPort(recipient.fPort());
        int oxId = allocateOxId();
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, recipient.fcId(), FcId.FABRIC_CONTROLLER, FcType.ELS,
                FCtl.REQUEST, oxId);
        Rscn rscn = new Rscn(pages);
        outstandingRscns.put(oxId, recipient.fcId());
        rscnsSent++;
        fabric.send(p, h, rscn.encode());
        fabric.emit(new FabricEvent.RscnSent(recipient.fcId(), oxId, pages));
    }

    /** An answer to one of our RSCNs; true when it matched an outstanding one. */
    private boolean rscnAnswered(FrameHeader h, boolean accepted) {
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

    private int allocateOxId() {
        int id = nextOxId;
        nextOxId = nextOxId >= 0xFFFE ? 1 : nextOxId + 1;
        return id;
    }

    // ---- answers ------------------------------------------------------------------------------------

    private void accept(FPort p, FrameHeader h) {
        fabric.send(p, fabric.replyHeader(h, h.sId(), RCtl.ELS_REP, FcType.ELS), LsAcc.INSTANCE.encode());
    }

    private void reject(FPort p, FrameHeader h, int command, int reason, int explanation) {
        fabric.send(p, fabric.replyHeader(h, h.sId(), RCtl.ELS_REP, FcType.ELS),
                LsRjt.of(reason, explanation).encode());
        fabric.emit(new FabricEvent.ServiceRejected(p.number(), h.dId(), h.sId(), command, reason, explanation));
    }
}
