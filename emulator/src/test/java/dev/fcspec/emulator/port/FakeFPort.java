package dev.fcspec.emulator.port;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal F_Port for the port layer's tests: answers FLOGI, FDISC and LOGO at FFFFFE, PLOGI and every
 * registration at the name server FFFFFC (FS_ACC), SCR at FFFFFD; can be told to reject or ignore FDISC and
 * LOGO, and can send LOGO or RSCN to the N_Port as the fabric would. Frames between N_Ports are not routed.
 */
final class FakeFPort implements FrameReceiver {
    static final Wwn F_PORT_NAME = Wwn.parse("20:01:00:05:33:9a:00:01");
    static final Wwn FABRIC_NAME = Wwn.parse("10:00:00:05:33:9a:00:00");
    static final FcId NPORT_ID = FcId.of(0x0A, 0x01, 0x00);

    final LinkEnd end;
    final List<Frame> received = new ArrayList<>();
    boolean npiv = true;
    int edTovMillis = 1_000;
    int raTovMillis = 5_000;
    LsRjt fdiscReject;
    boolean ignoreFdisc;
    boolean ignoreLogo;
    /**
     * Answers name-server queries other than registrations when set: the reply CT_IU for a request, or null to
     * leave the request unanswered.
     */
    java.util.function.Function<CtIu, CtIu> nameServerQueries;
    private int nextVport = 1;
    private int nextRxId = 0x100;
    private int nextOxId = 0x800;

    FakeFPort(LinkEnd end) {
        this.end = end;
        end.attach(this);
    }

    @Override
    public void receive(Frame f) {
        received.add(f);
        FrameHeader h = f.header();
        byte[] p = f.payload();
        if (h.type() == FcType.CT && h.rCtl() == RCtl.CT_REQ && h.dId().equals(FcId.DIRECTORY_SERVER)) {
            CtIu iu = CtIu.decode(p);
            int code = iu.preamble().commandResponse();
            if (nameServerQueries != null && (code & 0xFF00) == 0x0100) {
                CtIu answer = nameServerQueries.apply(iu);
                if (answer != null) {
                    reply(h, h.sId(), RCtl.CT_REP, FcType.CT, answer.encode());
                }
                return;
            }
            reply(h, h.sId(), RCtl.CT_REP, FcType.CT, new NameServerReply.Accepted().toCtIu(iu.preamble()).encode());
            return;
        }
        if (h.type() != FcType.ELS || h.rCtl() != RCtl.ELS_REQ || p.length == 0) {
            return;
        }
        int cmd = p[0] & 0xFF;
        FcId d = h.dId();
        if (d.equals(FcId.FABRIC_LOGIN_SERVER)) {
            switch (cmd) {
                case ElsCommand.FLOGI -> replyEls(h, NPORT_ID, acc());
                case ElsCommand.FDISC -> {
                    if (ignoreFdisc) {
                        return;
                    }
                    if (fdiscReject != null) {
                        replyEls(h, h.sId(), fdiscReject);
                    } else {
                        replyEls(h, FcId.of(0x0A, 0x01, nextVport++), acc());
                    }
                }
                case ElsCommand.LOGO -> {
                    if (!ignoreLogo) {
                        replyEls(h, h.sId(), LsAcc.INSTANCE);
                    }
                }
                default -> replyEls(h, h.sId(), LsRjt.of(0x0B, 0));
            }
        } else if (d.equals(FcId.DIRECTORY_SERVER) && cmd == ElsCommand.PLOGI) {
            replyEls(h, h.sId(), LoginParameters.plogi(FABRIC_NAME, FABRIC_NAME, 2112, 2000)
                    .withCommand(ElsCommand.LS_ACC));
        } else if (d.equals(FcId.FABRIC_CONTROLLER) && cmd == ElsCommand.SCR) {
            replyEls(h, h.sId(), LsAcc.INSTANCE);
        }
    }

    private LoginParameters acc() {
        return LoginParameters.fabricAcc(F_PORT_NAME, FABRIC_NAME, 2112, raTovMillis, edTovMillis, npiv);
    }

    private void replyEls(FrameHeader request, FcId to, ElsPayload p) {
        reply(request, to, RCtl.ELS_REP, FcType.ELS, p.encode());
    }

    private void reply(FrameHeader request, FcId to, int rCtl, int type, byte[] payload) {
        end.send(Frame.single(new FrameHeader(rCtl, to, 0, request.dId(), type, FCtl.FINAL_RESPONSE,
                request.seqId() + 1 & 0xFF, 0, 0, request.oxId(), nextRxId++, 0), payload));
    }

    /** Sends an ELS request from a fabric service (LOGO from FFFFFE, RSCN from FFFFFD) or another port. */
    int sendEls(FcId from, FcId to, ElsPayload p) {
        int ox = nextOxId++;
        end.send(Frame.single(FrameHeader.of(RCtl.ELS_REQ, to, from, FcType.ELS, FCtl.REQUEST, ox), p.encode()));
        return ox;
    }

    /** ELS requests that reached the fabric with command {@code cmd}. */
    List<Frame> requests(int cmd) {
        return received.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REQ && f.payloadLength() > 0
                && f.payloadByte(0) == cmd).toList();
    }

    /** The reply to our request {@code oxId}. */
    Frame replyTo(int oxId) {
        return received.stream().filter(f -> f.header().rCtl() == RCtl.ELS_REP && f.header().oxId() == oxId)
                .findFirst().orElseThrow(() -> new AssertionError("no reply to OX_ID " + Integer.toHexString(oxId)));
    }
}
