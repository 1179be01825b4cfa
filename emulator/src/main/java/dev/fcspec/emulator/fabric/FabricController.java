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
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;

/**
 * The fabric controller at FFFFFD: SCR registrations, N_Port-detected RSCNs to forward, and the answers to
 * the RSCNs the fabric sends. Runs under the switch's lock.
 *
 * <p>Requests from an N_Port_ID that is not logged in on the F_Port they arrive on get LS_RJT 0x09/0x1E (N_Port
 * login required); an ELS other than SCR and RSCN gets 0x0B/0x00; undecodable payloads the LS_RJT the ELS
 * codec names (SCR with a function other than 1, 2, 3, 0xFF: 0x09/0x00).
 */
final class FabricController {

    private final FabricSwitch fabric;

    FabricController(FabricSwitch fabric) {
        this.fabric = fabric;
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
                fabric.scr().remove(requester.fcId());
            } else {
                fabric.scr().put(requester.fcId(), scr.function());
            }
            accept(p, h);
            fabric.emit(new FabricEvent.ScrRegistration(requester.fcId(), scr.function()));
        } else if (request instanceof Rscn rscn) {
            accept(p, h);
            fabric.forwardNPortDetected(requester, rscn.pages());
        } else {
            reject(p, h, request.command(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
        }
    }

    /** LS_ACC or LS_RJT answering one of the fabric's RSCNs. */
    void onReply(FPort p, Frame f) {
        FrameHeader h = f.header();
        boolean accepted = f.payloadLength() > 0 && f.payloadByte(0) == ElsCommand.LS_ACC;
        if (!fabric.rscnAnswered(h, accepted)) {
            fabric.discard(p, DiscardReason.UNSUPPORTED, h);
        }
    }

    private void accept(FPort p, FrameHeader h) {
        fabric.send(p, fabric.replyHeader(h, h.sId(), RCtl.ELS_REP, FcType.ELS), LsAcc.INSTANCE.encode());
    }

    private void reject(FPort p, FrameHeader h, int command, int reason, int explanation) {
        fabric.send(p, fabric.replyHeader(h, h.sId(), RCtl.ELS_REP, FcType.ELS),
                LsRjt.of(reason, explanation).encode());
        fabric.emit(new FabricEvent.ServiceRejected(p.number(), h.dId(), h.sId(), command, reason, explanation));
    }
}
