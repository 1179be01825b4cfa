package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsDecodeException;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.LsRjtExplanation;
import dev.fcspec.emulator.port.els.LsRjtReason;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Optional;

/**
 * The F_Port login server at FFFFFE: FLOGI, FDISC and LOGO (FC-LS).
 *
 * <p>Answers, in the order the checks are made (a rejected request changes nothing):
 * <ul>
 *   <li>undecodable payload: the LS_RJT the ELS codec names (0x03/0x2D wrong length, 0x03/0x07 receive data
 *       field size outside 256..2112, 0x03/0x0D or 0x0E invalid names, 0x01 or 0x0B unknown commands);</li>
 *   <li>another ELS (PLOGI, SCR...): 0x0B/0x00 command not supported;</li>
 *   <li>FLOGI/FDISC without Class 3: 0x03/0x01 (service parameter error: options);</li>
 *   <li>FDISC on a fabric without NPIV: 0x0B/0x00; before FLOGI on that F_Port: 0x09/0x1E (N_Port login
 *       required); beyond the per-port NPIV limit or with no N_Port_ID left: 0x09/0x29 (insufficient
 *       resources);</li>
 *   <li>a WWPN already logged in: see {@link DuplicateWwpnPolicy} (0x03/0x44 invalid port/node name when
 *       rejected);</li>
 *   <li>LOGO from an N_Port_ID not logged in on that F_Port: 0x09/0x1E; naming another N_Port_ID than its
 *       S_ID: 0x03/0x1F; with another port name than the login's: 0x03/0x0D.</li>
 * </ul>
 */
final class LoginServer {

    private final FabricSwitch fabric;

    LoginServer(FabricSwitch fabric) {
        this.fabric = fabric;
    }

    void onRequest(FPort p, Exchange e, Sequence request) {
        FrameHeader h = request.firstHeader();
        byte[] payload = request.payload();
        ElsPayload els;
        try {
            els = ElsCodec.decodeRequest(payload);
        } catch (ElsDecodeException ex) {
            reject(p, e, ex.command(), null, ex.reason(), ex.explanation());
            return;
        }
        if (els instanceof LoginParameters lp && lp.command() == ElsCommand.FLOGI) {
            flogi(p, e, lp);
        } else if (els instanceof LoginParameters lp && lp.command() == ElsCommand.FDISC) {
            fdisc(p, e, lp);
        } else if (els instanceof Logo logo) {
            logo(p, e, h, logo);
        } else {
            reject(p, e, els.command(), null, LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
        }
    }

    private void flogi(FPort p, Exchange e, LoginParameters lp) {
        if (!lp.class3().isValid()) {
            reject(p, e, ElsCommand.FLOGI, lp.portName(), LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_OPTIONS);
            return;
        }
        FabricLogin existing = fabric.loginNamed(lp.portName());
        // A login with the same WWPN on this F_Port ends with the relogin below anyway.
        boolean elsewhere = existing != null && existing.fPort() != p.number();
        if (elsewhere && fabric.config().duplicateWwpnPolicy() == DuplicateWwpnPolicy.REJECT_NEW) {
            reject(p, e, ElsCommand.FLOGI, lp.portName(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_PORT_NODE_NAME);
            return;
        }
        if (elsewhere) {
            fabric.logout(existing, LogoutCause.DUPLICATE_WWPN);
        }
        fabric.relogin(p);
        FcId id = FcId.of(fabric.domainId(), p.area(), 0);
        accept(p, e, id, new FabricLogin(id, lp.portName(), lp.nodeName(), p.number(), LoginKind.FLOGI,
                lp.maxReceiveDataFieldSize()));
    }

    private void fdisc(FPort p, Exchange e, LoginParameters lp) {
        FabricConfig c = fabric.config();
        if (!c.npivSupported()) {
            reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
            return;
        }
        if (p.state != FPortState.LOGGED_IN) {
            reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.UNABLE_TO_PERFORM,
                    LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            return;
        }
        if (!lp.class3().isValid()) {
            reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_OPTIONS);
            return;
        }
        FabricLogin existing = fabric.loginNamed(lp.portName());
        boolean replacesVportHere = false;
        if (existing != null) {
            boolean ownPhysical = existing.fPort() == p.number() && !existing.isVirtual();
            if (ownPhysical || c.duplicateWwpnPolicy() == DuplicateWwpnPolicy.REJECT_NEW) {
                reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.LOGICAL_ERROR,
                        LsRjtExplanation.INVALID_PORT_NODE_NAME);
                return;
            }
            replacesVportHere = existing.fPort() == p.number();
        }
        int vportsAfterwards = fabric.virtualLoginsOn(p) - (replacesVportHere ? 1 : 0);
        if (vportsAfterwards >= c.maxVportsPerPort()) {
            reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.UNABLE_TO_PERFORM,
                    LsRjtExplanation.INSUFFICIENT_RESOURCES);
            return;
        }
        if (existing != null) {
            fabric.logout(existing, LogoutCause.DUPLICATE_WWPN);
        }
        FcId id = fabric.freeVirtualId(p);
        if (id == null) {
            // unreachable while maxVportsPerPort <= 255, kept as the answer a full area deserves
            reject(p, e, ElsCommand.FDISC, lp.portName(), LsRjtReason.UNABLE_TO_PERFORM,
                    LsRjtExplanation.INSUFFICIENT_RESOURCES);
            return;
        }
        accept(p, e, id, new FabricLogin(id, lp.portName(), lp.nodeName(), p.number(), LoginKind.FDISC,
                lp.maxReceiveDataFieldSize()));
    }

    private void accept(FPort p, Exchange e, FcId id, FabricLogin login) {
        FabricConfig c = fabric.config();
        LoginParameters acc = LoginParameters.fabricAcc(p.portName(), c.fabricName(),
                FabricConfig.RECEIVE_DATA_FIELD_SIZE, (int) c.rATov().toMillis(), (int) c.eDTov().toMillis(),
                c.npivSupported());
        e.sendLastTo(id, RCtl.ELS_REP, acc.encode());
        fabric.addLogin(p, login);
    }

    private void logo(FPort p, Exchange e, FrameHeader h, Logo logo) {
        FabricLogin login = fabric.loginOn(p, h.sId());
        if (login == null) {
            reject(p, e, ElsCommand.LOGO, logo.portName(), LsRjtReason.UNABLE_TO_PERFORM,
                    LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
            return;
        }
        if (!logo.portId().equals(h.sId())) {
            reject(p, e, ElsCommand.LOGO, logo.portName(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_N_PORT_ID);
            return;
        }
        if (!logo.portName().equals(login.portName())) {
            reject(p, e, ElsCommand.LOGO, logo.portName(), LsRjtReason.LOGICAL_ERROR,
                    LsRjtExplanation.INVALID_PORT_NAME);
            return;
        }
        e.sendLast(RCtl.ELS_REP, LsAcc.INSTANCE.encode());
        fabric.logout(login, LogoutCause.LOGO);
    }

    private void reject(FPort p, Exchange e, int command, Wwn portName, int reason, int explanation) {
        e.sendLast(RCtl.ELS_REP, LsRjt.of(reason, explanation).encode());
        fabric.emit(new FabricEvent.LoginRejected(p.number(), command, Optional.ofNullable(portName), reason,
                explanation));
    }
}
