package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.CtPreamble;
import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Name-server registrations and queries (FC-CT to FFFFFC). Every answer is checked as it crossed the wire:
 * the CT_IU in the frame the name server sent back, decoded independently of the port that asked.
 */
public class NameServerSteps {

    private static final Map<String, Integer> FC4_TYPES = Map.of("FCP", FcType.FCP, "IP", FcType.IP,
            "NVME", FcType.NVME, "FC-NVME", FcType.NVME);

    private final San san;
    private final List<CtIu> registrationAnswers = new ArrayList<>();
    private NameServerReply lastReply;
    private CtIu lastAnswerOnWire;
    private final List<NameServerReply.PortObject> walk = new ArrayList<>();

    public NameServerSteps(San san) {
        this.san = san;
    }

    /**
     * Sends a name-server request from {@code from}, runs until it is answered, and returns the answer as
     * the frame on the wire carried it.
     */
    NameServerReply ask(PortRef from, NameServerRequest request) {
        return ask(from, san.nPort(from), request);
    }

    NameServerReply ask(PortRef link, LocalPort from, NameServerRequest request) {
        int mark = san.traffic().mark();
        NameServerReply viaPort = san.complete(from + "'s " + CtConstants.commandName(request.commandCode()),
                from.queryNameServer(request), San.PROMPTLY);
        CtIu onWire = answerOnWire(link, from.fcId(), mark, request.commandCode());
        NameServerReply decoded = NameServerReply.decode(request.commandCode(), onWire);
        assertThat(viaPort).as("the answer the port took from the wire").isEqualTo(decoded);
        lastReply = decoded;
        lastAnswerOnWire = onWire;
        return decoded;
    }

    private CtIu answerOnWire(PortRef link, FcId requester, int mark, int command) {
        Endpoint e = san.endpoint(link);
        Seen request = san.traffic().since(mark, s -> e.equals(s.sender()) && s.isCtRequest()
                        && s.header().sId().equals(requester)
                        && s.ctIu().preamble().commandResponse() == command)
                .stream().findFirst()
                .orElseThrow(() -> new AssertionError("no " + CtConstants.commandName(command) + " left " + link));
        Seen answer = san.traffic().answerTo(request)
                .orElseThrow(() -> new AssertionError("the name server did not answer " + link + "'s "
                        + CtConstants.commandName(command)));
        assertThat(answer.isCtResponse()).as("the answer is a CT response").isTrue();
        return answer.ctIu();
    }

    // ---- registrations -----------------------------------------------------------------------------

    @When("{port} registers FC-4 type {word} with RFT_ID")
    public void rftId(PortRef port, String type) {
        register(port, new NameServerRequest.RftId(san.nPort(port).fcId(), Fc4Types.of(fc4Type(type))));
    }

    @When("{port} registers FC-4 features {string} for {word} with RFF_ID")
    public void rffId(PortRef port, String features, String type) {
        register(port, new NameServerRequest.RffId(san.nPort(port).fcId(), fc4Features(features), fc4Type(type)));
    }

    @Then("{port} finds FC-4 features {string} for {word} at {port} with GFF_ID")
    public void gffId(PortRef asker, String features, String type, PortRef port) {
        NameServerReply r = ask(asker, new NameServerRequest.GffId(san.nPort(port).fcId()));
        assertThat(r).as("GFF_ID answer").isInstanceOf(NameServerReply.Features.class);
        assertThat(((NameServerReply.Features) r).features().featuresOf(fc4Type(type)))
                .as("FC-4 features of %s for %s", port, type).isEqualTo(fc4Features(features));
    }

    private static int fc4Features(String features) {
        return switch (features.toLowerCase(Locale.ROOT)) {
            case "initiator" -> CtConstants.FC4_FEATURE_INITIATOR;
            case "target" -> CtConstants.FC4_FEATURE_TARGET;
            case "initiator and target", "target and initiator" ->
                    CtConstants.FC4_FEATURE_INITIATOR | CtConstants.FC4_FEATURE_TARGET;
            default -> throw new IllegalArgumentException("FC-4 features are 'initiator', 'target' or both, not " + features);
        };
    }

    @When("{port} registers its node name with RNN_ID")
    public void rnnId(PortRef port) {
        NPort p = san.nPort(port);
        register(port, new NameServerRequest.RnnId(p.fcId(), p.nodeName()));
    }

    @When("{port} registers the symbolic port name {string} with RSPN_ID")
    public void rspnId(PortRef port, String name) {
        register(port, new NameServerRequest.RspnId(san.nPort(port).fcId(), name));
    }

    @Given("{ports} have registered FC-4 type {word}")
    public void haveRegistered(List<PortRef> ports, String type) {
        for (PortRef p : ports) {
            rftId(p, type);
        }
        theNameServerAcceptsEachRegistration();
    }

    @Then("the name server accepts each registration")
    public void theNameServerAcceptsEachRegistration() {
        assertThat(registrationAnswers).as("registrations sent").isNotEmpty();
        for (CtIu iu : registrationAnswers) {
            assertThat(iu.preamble().commandResponse()).as("answer %s", iu).isEqualTo(CtConstants.FS_ACC);
        }
    }

    private void register(PortRef port, NameServerRequest r) {
        ask(port, r);
        registrationAnswers.add(lastAnswerOnWire);
    }

    // ---- queries -------------------------------------------------------------------------------------

    @When("{port} asks the name server for the ports with FC-4 type {word}")
    public void gidFt(PortRef port, String type) {
        ask(port, NameServerRequest.GidFt.of(fc4Type(type)));
    }

    @When("{port} asks the name server for the FC_ID of {port}'s WWPN")
    public void gidPnOf(PortRef port, PortRef target) {
        ask(port, new NameServerRequest.GidPn(san.nPort(target).portName()));
    }

    @When("{port} asks the name server for the FC_ID of WWPN {wwn}")
    public void gidPn(PortRef port, Wwn wwpn) {
        ask(port, new NameServerRequest.GidPn(wwpn));
    }

    @When("{port} asks the name server for the WWPN of {port}'s FC_ID")
    public void gpnIdOf(PortRef port, PortRef target) {
        ask(port, new NameServerRequest.GpnId(san.nPort(target).fcId()));
    }

    @When("{port} asks the name server for the WWNN of {port}'s FC_ID")
    public void gnnIdOf(PortRef port, PortRef target) {
        ask(port, new NameServerRequest.GnnId(san.nPort(target).fcId()));
    }

    @When("{port} asks the name server for the WWPN of an FC_ID no port has")
    public void gpnIdOfNobody(PortRef port) {
        NPort p = san.nPort(port);
        int domain = p.fcId().domain();
        FcId unused = null;
        for (int area = 0xEF; area > 0 && unused == null; area--) {
            FcId candidate = FcId.of(domain, area, 0);
            boolean taken = san.bench().nPorts().values().stream().anyMatch(n -> n.fcId().equals(candidate)
                    || n.vports().ports().stream().anyMatch(v -> v.fcId().equals(candidate)));
            if (!taken) {
                unused = candidate;
            }
        }
        ask(port, new NameServerRequest.GpnId(unused));
    }

    @Then("the name server no longer lists {port}")
    public void noLongerLists(PortRef port) {
        NPort p = san.nPort(port);
        PortRef asker = loggedInPortBeside(port);
        NameServerReply r = ask(asker, new NameServerRequest.GidPn(p.portName()));
        assertThat(r).as("GID_PN %s (%s) asked by %s", p.portName(), port, asker)
                .isInstanceOf(NameServerReply.Rejected.class);
        assertThat(((NameServerReply.Rejected) r).explanation()).as("FS_RJT explanation")
                .isEqualTo(CtConstants.EXPL_PORT_NAME_NOT_REGISTERED);
    }

    @Then("the name server still lists {ports}")
    public void stillLists(List<PortRef> ports) {
        for (PortRef port : ports) {
            NPort p = san.nPort(port);
            NameServerReply r = ask(port, new NameServerRequest.GidPn(p.portName()));
            assertThat(r).as("GID_PN %s (%s)", p.portName(), port).isEqualTo(new NameServerReply.PortId(p.fcId()));
        }
    }

    /** {@code port} when it is logged in, else another port logged in to the same fabric, to ask about it. */
    PortRef loggedInPortBeside(PortRef port) {
        if (san.nPort(port).state() == dev.fcspec.emulator.port.LportState.READY) {
            return port;
        }
        var fabric = san.bench().fabricOf(san.endpoint(port)).orElseThrow();
        for (var e : san.bench().nPorts().entrySet()) {
            if (!e.getKey().equals(san.endpoint(port)) && e.getValue().state() == dev.fcspec.emulator.port.LportState.READY
                    && san.bench().fabricOf(e.getKey()).map(f -> f.name().equals(fabric.name())).orElse(false)) {
                return new PortRef(e.getKey().node(), e.getKey().port());
            }
        }
        throw new IllegalStateException("no other port is logged in to fabric " + fabric.name() + " to ask the name server");
    }

    @When("{port} walks the name server with GA_NXT")
    public void walks(PortRef port) {
        walk.clear();
        FcId from = FcId.UNASSIGNED;
        for (int i = 0; i < 1024; i++) {
            NameServerReply r = ask(port, new NameServerRequest.GaNxt(from));
            if (!(r instanceof NameServerReply.PortObject o) || o.portId().compareTo(from) <= 0) {
                return;
            }
            walk.add(o);
            from = o.portId();
        }
        throw new AssertionError("the GA_NXT walk did not end after 1024 ports");
    }

    @Then("the walk finds {port} with its WWPN and WWNN, FC-4 type {word} and the symbolic port name {string}")
    public void walkFinds(PortRef port, String type, String symbolicName) {
        NPort p = san.nPort(port);
        NameServerReply.PortObject o = walk.stream().filter(x -> x.portId().equals(p.fcId())).findFirst()
                .orElseThrow(() -> new AssertionError("the GA_NXT walk did not find " + port + " at " + p.fcId()
                        + "; it found " + walk.stream().map(NameServerReply.PortObject::portId).toList()));
        assertThat(o.portName()).as("WWPN of %s", port).isEqualTo(p.portName());
        assertThat(o.nodeName()).as("WWNN of %s", port).isEqualTo(p.nodeName());
        assertThat(o.types().contains(fc4Type(type))).as("FC-4 type %s of %s", type, port).isTrue();
        assertThat(o.symbolicPortName()).as("symbolic port name of %s", port).isEqualTo(symbolicName);
        assertThat(o.portType()).as("port type").isEqualTo(CtConstants.PORT_TYPE_N_PORT);
    }

    @Then("the name server answers with the FC_IDs of {ports}")
    public void answersWithFcIds(List<PortRef> ports) {
        assertThat(lastReply).as("the name server's answer").isInstanceOf(NameServerReply.PortIds.class);
        List<FcId> expected = ports.stream().map(p -> san.nPort(p).fcId()).toList();
        assertThat(((NameServerReply.PortIds) lastReply).portIds()).as("FC_IDs in the answer")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Then("the name server answers with the FC_IDs of {ports} only")
    public void answersWithFcIdsOnly(List<PortRef> ports) {
        answersWithFcIds(ports);
    }

    @Then("the last entry of the answer is marked as last")
    public void lastEntryMarked() {
        byte[] b = lastAnswerOnWire.payload();
        assertThat(b.length % 4).as("GID_FT entries are 4 bytes").isZero();
        assertThat(b.length).as("GID_FT answer length").isPositive();
        for (int i = 0; i < b.length; i += 4) {
            boolean last = (b[i] & CtConstants.ENTRY_LAST) != 0;
            assertThat(last).as("control bit 'last' of entry %d of %d", i / 4 + 1, b.length / 4)
                    .isEqualTo(i == b.length - 4);
        }
    }

    @Then("the name server answers with the FC_ID of {port}")
    public void answersWithFcIdOf(PortRef port) {
        assertThat(lastReply).as("the name server's answer").isEqualTo(new NameServerReply.PortId(san.nPort(port).fcId()));
    }

    @Then("the name server answers with the WWPN of {port}")
    public void answersWithWwpnOf(PortRef port) {
        assertThat(lastReply).as("the name server's answer").isEqualTo(new NameServerReply.PortName(san.nPort(port).portName()));
    }

    @Then("the name server answers with the WWNN of {port}")
    public void answersWithWwnnOf(PortRef port) {
        assertThat(lastReply).as("the name server's answer").isEqualTo(new NameServerReply.NodeName(san.nPort(port).nodeName()));
    }

    @Then("the name server answers FS_RJT with reason {string} and explanation {string}")
    public void answersFsRjt(String reason, String explanation) {
        assertThat(lastAnswerOnWire).as("a name-server answer").isNotNull();
        CtPreamble p = lastAnswerOnWire.preamble();
        assertThat(p.commandResponse()).as("response code of %s", p).isEqualTo(CtConstants.FS_RJT);
        assertThat(p.reasonCode()).as("FS_RJT reason").isEqualTo(
                Rejects.code(Rejects.FS_RJT_REASONS, reason, "an FS_RJT reason"));
        assertThat(p.explanation()).as("FS_RJT explanation").isEqualTo(
                Rejects.code(Rejects.FS_RJT_EXPLANATIONS, explanation, "a name-server reason explanation"));
    }

    /** The last name-server answer, as it crossed the wire. */
    CtIu lastAnswerOnWire() {
        return lastAnswerOnWire;
    }

    void rememberAnswer(CtIu iu) {
        lastAnswerOnWire = iu;
        lastReply = null;
    }

    static int fc4Type(String name) {
        Integer t = FC4_TYPES.get(name.toUpperCase(Locale.ROOT));
        if (t != null) {
            return t;
        }
        if (name.startsWith("0x") || name.startsWith("0X")) {
            return Integer.parseInt(name.substring(2), 16);
        }
        throw new IllegalArgumentException("'" + name + "' is not an FC-4 type: write FCP, IP, NVME or a code like 0x08");
    }
}
