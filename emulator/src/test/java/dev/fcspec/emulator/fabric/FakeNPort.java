package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.ReassembledSequence;
import dev.fcspec.emulator.wire.SequenceReassembler;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.List;

/**
 * A test stand-in for an N_Port: writes raw frames onto its link end and keeps what comes back. It answers
 * every RSCN with LS_ACC, as a real N_Port must, and otherwise does nothing on its own.
 */
final class FakeNPort implements FrameReceiver {

    private final VirtualScheduler scheduler;
    private final LinkEnd end;
    private final List<Frame> received = new ArrayList<>();
    private final List<Frame> rscns = new ArrayList<>();
    private int nextOxId = 0x0100;

    FakeNPort(VirtualScheduler scheduler, LinkEnd end) {
        this.scheduler = scheduler;
        this.end = end;
        end.attach(this);
    }

    @Override
    public void receive(Frame frame) {
        FrameHeader h = frame.header();
        if (h.rCtl() == RCtl.ELS_REQ && frame.payloadLength() > 0 && frame.payloadByte(0) == ElsCommand.RSCN) {
            rscns.add(frame);
            end.send(Frame.single(new FrameHeader(RCtl.ELS_REP, h.sId(), 0, h.dId(), FcType.ELS,
                    FCtl.FINAL_RESPONSE, 1, 0, 0, h.oxId(), 0x4000 + rscns.size(), 0), LsAcc.INSTANCE.encode()));
            return;
        }
        received.add(frame);
    }

    LinkEnd end() {
        return end;
    }

    /** Frames received that were not RSCNs. */
    List<Frame> received() {
        return received;
    }

    /** Sends a single-frame request opening a new exchange; returns its OX_ID. */
    int send(FcId sId, FcId dId, int rCtl, int type, byte[] payload) {
        int oxId = nextOxId++;
        end.send(Frame.single(FrameHeader.of(rCtl, dId, sId, type, FCtl.REQUEST, oxId), payload));
        return oxId;
    }

    /** Sends an already built frame. */
    void sendFrame(Frame f) {
        end.send(f);
    }

    /** The response frame on exchange {@code oxId}, after running the scheduler until nothing is left to do. */
    Frame replyTo(int oxId) {
        scheduler.runUntilIdle();
        for (Frame f : received) {
            if (f.header().oxId() == oxId && f.header().fromResponder()) {
                return f;
            }
        }
        throw new AssertionError("no reply on OX_ID 0x" + Integer.toHexString(oxId) + "; received " + received);
    }

    /** Sends an ELS payload and decodes the reply. */
    ElsPayload els(FcId sId, FcId dId, byte[] payload) {
        int ox = send(sId, dId, RCtl.ELS_REQ, FcType.ELS, payload);
        return ElsCodec.decodeReply(payload.length > 0 ? payload[0] & 0xFF : 0, replyTo(ox).payload());
    }

    ElsPayload els(FcId sId, FcId dId, ElsPayload request) {
        return els(sId, dId, request.encode());
    }

    /** FLOGI; returns the reply (LS_ACC with login parameters, or LS_RJT). */
    ElsPayload flogi(Wwn wwpn, Wwn wwnn) {
        return els(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, LoginParameters.flogi(wwpn, wwnn, 2048, 2000, true));
    }

    /** FLOGI that must succeed; returns the assigned N_Port_ID (the D_ID of the LS_ACC). */
    FcId login(Wwn wwpn, Wwn wwnn) {
        int ox = send(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, RCtl.ELS_REQ, FcType.ELS,
                LoginParameters.flogi(wwpn, wwnn, 2048, 2000, true).encode());
        Frame r = replyTo(ox);
        if (r.payloadByte(0) != ElsCommand.LS_ACC) {
            throw new AssertionError("FLOGI of " + wwpn + " rejected: " + ElsCodec.decodeReply(ElsCommand.FLOGI, r.payload()));
        }
        return r.header().dId();
    }

    ElsPayload fdisc(Wwn wwpn, Wwn wwnn) {
        return els(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, LoginParameters.fdisc(wwpn, wwnn, 2048, 2000));
    }

    /** FDISC that must succeed; returns the assigned N_Port_ID. */
    FcId loginVport(Wwn wwpn, Wwn wwnn) {
        int ox = send(FcId.UNASSIGNED, FcId.FABRIC_LOGIN_SERVER, RCtl.ELS_REQ, FcType.ELS,
                LoginParameters.fdisc(wwpn, wwnn, 2048, 2000).encode());
        Frame r = replyTo(ox);
        if (r.payloadByte(0) != ElsCommand.LS_ACC) {
            throw new AssertionError("FDISC of " + wwpn + " rejected: " + ElsCodec.decodeReply(ElsCommand.FDISC, r.payload()));
        }
        return r.header().dId();
    }

    ElsPayload logo(FcId id, Wwn wwpn) {
        return els(id, FcId.FABRIC_LOGIN_SERVER, new Logo(id, wwpn));
    }

    ElsPayload scr(FcId id, int function) {
        return els(id, FcId.FABRIC_CONTROLLER, new Scr(function));
    }

    /** Sends a name-server request from {@code sId} and decodes the reply. */
    NameServerReply ns(FcId sId, NameServerRequest request) {
        return ns(sId, request.toCtIu().encode(), request.commandCode());
    }

    NameServerReply ns(FcId sId, byte[] ctIu, int command) {
        int ox = send(sId, FcId.DIRECTORY_SERVER, RCtl.CT_REQ, FcType.CT, ctIu);
        return NameServerReply.decode(command, CtIu.decode(sequenceOn(ox).payload()));
    }

    /** The whole response sequence on exchange {@code oxId}, reassembled (frames as received, in order). */
    ReassembledSequence sequenceOn(int oxId) {
        replyTo(oxId);
        SequenceReassembler r = SequenceReassembler.inOrder(2112, 1 << 20);
        for (Frame f : received) {
            if (f.header().oxId() == oxId && f.header().fromResponder()) {
                if (f.header().rCtl() != RCtl.CT_REP || f.header().type() != FcType.CT) {
                    throw new AssertionError("name server answered with " + f);
                }
                r.add(f);
            }
        }
        return r.requireComplete();
    }

    /** Registers FCP as FC-4 TYPE (RFT_ID) and expects FS_ACC. */
    void registerFcp(FcId id) {
        NameServerReply r = ns(id, new NameServerRequest.RftId(id, dev.fcspec.emulator.port.ct.Fc4Types.of(FcType.FCP)));
        if (!(r instanceof NameServerReply.Accepted)) {
            throw new AssertionError("RFT_ID for " + id + " answered " + r);
        }
    }

    /** RSCNs received so far, decoded, oldest first. */
    List<Rscn> rscns() {
        scheduler.runUntilIdle();
        List<Rscn> out = new ArrayList<>();
        for (Frame f : rscns) {
            out.add((Rscn) ElsCodec.decodeRequest(f.payload()));
        }
        return out;
    }

    /** RSCN frames received so far. */
    List<Frame> rscnFrames() {
        scheduler.runUntilIdle();
        return List.copyOf(rscns);
    }

    void clearRscns() {
        scheduler.runUntilIdle();
        rscns.clear();
    }
}
