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
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
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
    /** RSCN exchanges sent and not yet answered, by recipient. */
    private final Map<FcId, List<Exchange>> outstandingRscns = new HashMap<>();
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
        // an answer that comes after the logout finds no exchange and is discarded
        List<Exchange> open = outstandingRscns.remove(id);
        if (open != null) {
            open.forEach(Exchange::close);
        }
    }

    void onRequest(FPort p, Exchange e, Sequence sequence) {
        FrameHeader h = sequence.firstHeader();
        FabricLogin requester = fabric.loginOn(p, h.sId());
        ElsPayload request;
        try {
            request = ElsCodec.decodeRequest(sequence.payload());
        } catch (ElsDecodeException ex) {
            reject(p, e, h, ex.command(), ex.reason(), ex.explanation());
            return;
        }
        if (requester == null) {
            reject(p, e, h, request.command(), LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            return;
        }
        if (request instanceof Scr scr) {
            if (scr.function() == Scr.CLEAR) {
                registrations.remove(requester.fcId());
            } else {
                registrations.put(requester.fcId(), scr.function());
            }
            accept(e);
            fabric.emit(new FabricEvent.ScrRegistration(requester.fcId(), scr.function()));
        } else if (request instanceof Rscn rscn) {
            accept(e);
            forwardNPortDetected(requester, rscn.pages());
        } else {
            reject(p, e, h, request.command(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
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

    /** One RSCN on a new exchange of the recipient's F_Port; its LS_ACC or LS_RJT ends the exchange. */
    private void sendRscn(FabricLogin recipient, List<RscnPage> pages) {
        FPort p = fabric.fPort(recipient.fPort());
        FcId to = recipient.fcId();
        Exchange x = p.exchanges.originate(FcId.FABRIC_CONTROLLER, to, FcType.ELS, (e, answer) -> {
            List<Exchange> open = outstandingRscns.get(to);
            if (open != null && open.remove(e) && answer.length() > 0
                    && answer.payload()[0] == (byte) ElsCommand.LS_ACC) {
                rscnsAccepted++;
            }
        });
        outstandingRscns.computeIfAbsent(to, k -> new ArrayList<>()).add(x);
        rscnsSent++;
        x.send(RCtl.ELS_REQ, new Rscn(pages).encode());
        fabric.emit(new FabricEvent.RscnSent(to, x.oxId(), pages));
    }

    // ---- answers ------------------------------------------------------------------------------------

    private void accept(Exchange e) {
        e.sendLast(RCtl.ELS_REP, LsAcc.INSTANCE.encode());
    }

    private void reject(FPort p, Exchange e, FrameHeader h, int command, int reason, int explanation) {
        e.sendLast(RCtl.ELS_REP, LsRjt.of(reason, explanation).encode());
        fabric.emit(new FabricEvent.ServiceRejected(p.number(), h.dId(), h.sId(), command, reason, explanation));
    }
}
