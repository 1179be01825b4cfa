package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.port.ct.CtConstants.*;

import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtDecodeException;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.CtPreamble;
import dev.fcspec.emulator.port.ct.Fc4Features;
import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.ct.NameServerReply.Rejected;
import dev.fcspec.emulator.port.ct.NameServerRequest;
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
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The name server (directory service, FFFFFC, FC-CT GS_TYPE 0xFC subtype 0x02) and its database: one entry
 * per logged-in port, made at login and removed at logout.
 *
 * <p>Registrations (RFT_ID, RFF_ID, RNN_ID, RSPN_ID) are accepted only from a logged-in N_Port for its own
 * N_Port_ID: naming an N_Port_ID that is not logged in gets FS_RJT 0x09/0x11 (unacceptable Port_ID), naming
 * another logged-in port 0x09/0x10 (access denied). Requests from an S_ID that is not logged in on the F_Port
 * get 0x09/0x10. Queries answer only with ports zoned with the requester: an unknown or unzoned port gives
 * 0x09/0x01 (Port_ID not registered) or 0x09/0x02 (port name not registered); GID_FT/GPN_FT with no match
 * 0x09/0x07 (FC-4 TYPEs not registered); GFT_ID, GSPN_ID and GFF_ID for a port that registered nothing of
 * the kind 0x09/0x07, 0x09/0x08 and 0x09/0x0F. Malformed CT_IUs get the FS_RJT the CT codec names (0x04
 * invalid CT_IU size, 0x02 invalid version level, 0x01 invalid command code, 0x0B command not supported,
 * 0x03 logical error). GID_FT and GPN_FT answers are cut to the maximum size the request gives, with the
 * words left out in the residual field. An answer larger than the requester's receive data field size travels
 * as a multi-frame sequence (relative offset in every frame, as the exchange manager segments sequences).
 *
 * <p>PLOGI and LOGO to FFFFFC are accepted from logged-in ports (Linux logs in to the directory server before
 * its first query) but not required.
 */
final class NameServer implements NameServerView {

    private final FabricSwitch fabric;
    private final TreeMap<FcId, NameServerEntry> entries = new TreeMap<>();

    NameServer(FabricSwitch fabric) {
        this.fabric = fabric;
    }

    /** The entry a new login starts with: its names, N_Port, Class 3, no FC-4s registered yet. */
    void addEntry(FPort p, FabricLogin login) {
        entries.put(login.fcId(), new NameServerEntry(login.fcId(), CtConstants.PORT_TYPE_N_PORT,
                login.portName(), login.nodeName(), Fc4Types.empty(), Map.of(), "",
                CtConstants.COS_CLASS_3, p.portName(), p.number(), login.kind()));
    }

    void removeEntry(FcId id) {
        entries.remove(id);
    }

    // ---- view -----------------------------------------------------------------------------------------

    @Override
    public List<NameServerEntry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public Optional<NameServerEntry> entry(FcId portId) {
        return Optional.ofNullable(entries.get(portId));
    }

    @Override
    public Optional<NameServerEntry> entryByPortName(Wwn portName) {
        return entries.values().stream().filter(e -> e.portName().equals(portName)).findFirst();
    }

    @Override
    public List<NameServerEntry> visibleTo(FcId requester) {
        NameServerEntry me = entries.get(requester);
        return me == null ? List.of() : visible(me.portName());
    }

    private List<NameServerEntry> visible(Wwn requester) {
        List<NameServerEntry> out = new ArrayList<>();
        for (NameServerEntry e : entries.values()) {
            if (fabric.zoning().permits(requester, e.portName())) {
                out.add(e);
            }
        }
        return out;
    }

    // ---- requests -------------------------------------------------------------------------------------

    void onRequest(FPort p, Exchange x, Sequence request) {
        if (request.type() != FcType.CT) {
            onEls(p, x, request);
            return;
        }
        FrameHeader h = request.firstHeader();
        byte[] bytes = request.payload();
        CtPreamble preamble;
        try {
            preamble = CtPreamble.readFrom(bytes);
        } catch (CtDecodeException e) {
            answer(p, x, h, CtPreamble.nameServerRequest(0), new Rejected(e.reason(), e.explanation()), -1);
            return;
        }
        NameServerRequest query;
        try {
            query = NameServerRequest.decode(CtIu.decode(bytes));
        } catch (CtDecodeException e) {
            if (e.defect() == CtDecodeException.Defect.UNSUPPORTED_REVISION) {
                // answer in a revision the requester can be expected to read
                preamble = new CtPreamble(REVISION_1, preamble.inId(), preamble.gsType(), preamble.gsSubtype(),
                        preamble.options(), preamble.commandResponse(), 0, 0, 0, 0, 0);
            }
            answer(p, x, h, preamble, new Rejected(e.reason(), e.explanation()));
            return;
        }
        FabricLogin requester = fabric.loginOn(p, h.sId());
        if (requester == null) {
            answer(p, x, h, preamble, new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_ACCESS_DENIED));
            return;
        }
        answer(p, x, h, preamble, handle(requester, preamble, query));
    }

    private void answer(FPort p, Exchange x, FrameHeader h, CtPreamble request, NameServerReply reply) {
        answer(p, x, h, request, reply, request.commandResponse());
    }

    private void answer(FPort p, Exchange x, FrameHeader h, CtPreamble request, NameServerReply reply, int command) {
        if (reply instanceof Rejected r) {
            fabric.emit(new FabricEvent.ServiceRejected(p.number(), h.dId(), h.sId(), command, r.reason(),
                    r.explanation()));
        }
        FabricLogin to = fabric.loginOn(p, h.sId());
        int size = to == null ? FabricConfig.RECEIVE_DATA_FIELD_SIZE
                : Math.min(to.receiveDataFieldSize(), FabricConfig.RECEIVE_DATA_FIELD_SIZE);
        x.setMaxDataFieldSize(size);
        x.sendLast(RCtl.CT_REP, reply.toCtIu(request).encode());
    }

    private NameServerReply handle(FabricLogin requester, CtPreamble preamble, NameServerRequest request) {
        if (request instanceof NameServerRequest.RftId r) {
            return register(requester, r.portId(), r.commandCode(), e -> e.withFc4Types(r.types()));
        }
        if (request instanceof NameServerRequest.RffId r) {
            return register(requester, r.portId(), r.commandCode(), e -> {
                Map<Integer, Integer> m = new HashMap<>(e.fc4Features());
                if (r.features() == 0) {
                    m.remove(r.fc4Type());
                } else {
                    m.put(r.fc4Type(), r.features());
                }
                return e.withFc4Features(m);
            });
        }
        if (request instanceof NameServerRequest.RnnId r) {
            return register(requester, r.portId(), r.commandCode(), e -> e.withNodeName(r.nodeName()));
        }
        if (request instanceof NameServerRequest.RspnId r) {
            return register(requester, r.portId(), r.commandCode(), e -> e.withSymbolicPortName(r.symbolicName()));
        }
        if (request instanceof NameServerRequest.GpnId r) {
            return byId(requester, r.portId(), e -> new NameServerReply.PortName(e.portName()));
        }
        if (request instanceof NameServerRequest.GnnId r) {
            return byId(requester, r.portId(), e -> new NameServerReply.NodeName(e.nodeName()));
        }
        if (request instanceof NameServerRequest.GftId r) {
            return byId(requester, r.portId(), e -> e.fc4Types().isEmpty()
                    ? new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_FC4_TYPES_NOT_REGISTERED)
                    : new NameServerReply.Types(e.fc4Types()));
        }
        if (request instanceof NameServerRequest.GspnId r) {
            return byId(requester, r.portId(), e -> e.symbolicPortName().isEmpty()
                    ? new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_SYMBOLIC_PORT_NAME_NOT_REGISTERED)
                    : new NameServerReply.SymbolicPortName(e.symbolicPortName()));
        }
        if (request instanceof NameServerRequest.GffId r) {
            return byId(requester, r.portId(), e -> e.fc4Features().isEmpty()
                    ? new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_FC4_FEATURES_NOT_REGISTERED)
                    : new NameServerReply.Features(features(e)));
        }
        if (request instanceof NameServerRequest.GaNxt r) {
            return gaNxt(requester, r.portId());
        }
        if (request instanceof NameServerRequest.GidPn r) {
            NameServerEntry e = visibleByName(requester, r.portName());
            return e == null ? new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_PORT_NAME_NOT_REGISTERED)
                    : new NameServerReply.PortId(e.portId());
        }
        if (request instanceof NameServerRequest.GidFt r) {
            return byType(requester, preamble, r.domainScope(), r.areaScope(), r.fc4Type(), 4);
        }
        if (request instanceof NameServerRequest.GpnFt r) {
            return byType(requester, preamble, r.domainScope(), r.areaScope(), r.fc4Type(), 16);
        }
        // every request the codec decodes is handled above
        return new Rejected(RJT_COMMAND_NOT_SUPPORTED, EXPL_NONE);
    }

    private NameServerReply register(FabricLogin requester, FcId target, int command,
                                     UnaryOperator<NameServerEntry> change) {
        if (!target.equals(requester.fcId())) {
            return new Rejected(RJT_UNABLE_TO_PERFORM, fabric.loginAt(target) == null ? EXPL_UNACCEPTABLE_PORT_ID
                    : EXPL_ACCESS_DENIED);
        }
        NameServerEntry before = entries.get(target);
        NameServerEntry after = change.apply(before);
        entries.put(target, after);
        fabric.emit(new FabricEvent.NameServerRegistration(target, command));
        if (!after.equals(before)) {
            fabric.notifyFabricDetected(List.of(requester), RscnPage.EVENT_NAME_SERVER_OBJECT);
        }
        return new NameServerReply.Accepted();
    }

    private NameServerReply byId(FabricLogin requester, FcId id,
                                 Function<NameServerEntry, NameServerReply> answer) {
        NameServerEntry e = entries.get(id);
        if (e == null || !fabric.zoning().permits(requester.portName(), e.portName())) {
            return new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_PORT_ID_NOT_REGISTERED);
        }
        return answer.apply(e);
    }

    private NameServerEntry visibleByName(FabricLogin requester, Wwn name) {
        for (NameServerEntry e : entries.values()) {
            if (e.portName().equals(name) && fabric.zoning().permits(requester.portName(), name)) {
                return e;
            }
        }
        return null;
    }

    private NameServerReply gaNxt(FabricLogin requester, FcId after) {
        List<NameServerEntry> seen = visible(requester.portName());
        if (seen.isEmpty()) {
            return new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_DATABASE_EMPTY);
        }
        NameServerEntry next = seen.get(0);
        for (NameServerEntry e : seen) {
            if (e.portId().compareTo(after) > 0) {
                next = e;
                break;
            }
        }
        return new NameServerReply.PortObject(next.portType(), next.portId(), next.portName(),
                next.symbolicPortName(), next.nodeName(), "", next.classOfService(), next.fc4Types(),
                next.fabricPortName());
    }

    private NameServerReply byType(FabricLogin requester, CtPreamble preamble, int domain, int area, int type,
                                   int entrySize) {
        List<NameServerEntry> match = new ArrayList<>();
        for (NameServerEntry e : visible(requester.portName())) {
            if (e.fc4Types().contains(type) && (domain == 0 || e.portId().domain() == domain)
                    && (area == 0 || e.portId().area() == area)) {
                match.add(e);
            }
        }
        if (match.isEmpty()) {
            return new Rejected(RJT_UNABLE_TO_PERFORM, EXPL_FC4_TYPES_NOT_REGISTERED);
        }
        int fit = match.size();
        if (preamble.maxResidualSize() > 0) {
            fit = Math.max(1, Math.min(fit, preamble.maxResidualSize() * 4 / entrySize));
        }
        int residualWords = (match.size() - fit) * entrySize / 4;
        List<NameServerEntry> shown = match.subList(0, fit);
        if (entrySize == 4) {
            return new NameServerReply.PortIds(shown.stream().map(NameServerEntry::portId).toList(), residualWords);
        }
        return new NameServerReply.PortIdsAndNames(
                shown.stream().map(e -> new PortIdAndName(e.portId(), e.portName())).toList(), residualWords);
    }

    private static Fc4Features features(NameServerEntry e) {
        Map<Integer, Integer> nibbles = new HashMap<>();
        e.fc4Features().forEach((type, bits) -> nibbles.put(type, bits & 0xF));
        return Fc4Features.of(nibbles);
    }

    // ---- ELS to the directory server ------------------------------------------------------------------

    private void onEls(FPort p, Exchange x, Sequence sequence) {
        FrameHeader h = sequence.firstHeader();
        ElsPayload request;
        try {
            request = ElsCodec.decodeRequest(sequence.payload());
        } catch (ElsDecodeException e) {
            elsReject(p, x, h, e.command(), e.reason(), e.explanation());
            return;
        }
        if (fabric.loginOn(p, h.sId()) == null) {
            elsReject(p, x, h, request.command(), LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED);
        } else if (request instanceof LoginParameters lp && lp.command() == ElsCommand.PLOGI) {
            Wwn name = fabric.config().switchName();
            els(p, x, h, LoginParameters.plogi(name, name, FabricConfig.RECEIVE_DATA_FIELD_SIZE,
                    (int) fabric.config().eDTov().toMillis()).withCommand(ElsCommand.LS_ACC)
                    .encode());
        } else if (request instanceof Logo) {
            els(p, x, h, LsAcc.INSTANCE.encode());
        } else {
            elsReject(p, x, h, request.command(), LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE);
        }
    }

    private void elsReject(FPort p, Exchange x, FrameHeader h, int command, int reason, int explanation) {
        els(p, x, h, LsRjt.of(reason, explanation).encode());
        fabric.emit(new FabricEvent.ServiceRejected(p.number(), h.dId(), h.sId(), command, reason, explanation));
    }

    private void els(FPort p, Exchange x, FrameHeader h, byte[] payload) {
        x.sendLast(RCtl.ELS_REP, payload);
    }
}
