package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.bench.FabricSpec;
import dev.fcspec.emulator.fabric.FabricLogin;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.port.VportState;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Logo;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import dev.fcspec.steps.san.VportNames;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** NPIV virtual ports: creation (FDISC), their states as a Linux host reports them, deletion (LOGO). */
public class NpivSteps {

    private final San san;
    private final NameServerSteps nameServer;
    private VirtualPort last;
    private PortRef lastPhysical;

    public NpivSteps(San san, NameServerSteps nameServer) {
        this.san = san;
        this.nameServer = nameServer;
    }

    @Given("fabric {word} grants at most {int} virtual ports per F_Port")
    public void grantsAtMost(String fabric, int max) {
        san.configureFabric(fabric, f -> f.withNpiv(new FabricSpec.NpivPolicy(true, max)));
    }

    @When("{port} creates {int} virtual port(s)")
    public void creates(PortRef physical, int count) {
        NPort p = san.nPort(physical);
        int limit = san.spec().host(physical.node()).flatMap(h -> h.hba(san.endpoint(physical).port()))
                .map(h -> h.maxNpivVports()).orElse(VportNames.MAX_NUMBER);
        List<VirtualPort> mine = san.vports(physical);
        if (mine.size() + count > limit) {
            throw new IllegalArgumentException(physical + " supports " + limit + " virtual ports (max_npiv_vports)");
        }
        san.markAction();
        for (int i = 0; i < count; i++) {
            int n = mine.size() + 1;
            create(physical, VportNames.portName(p.portName(), n), VportNames.nodeName(p.nodeName(), n));
        }
        settle(physical);
    }

    @Given("{port} has {int} virtual port(s)")
    public void has(PortRef physical, int count) {
        creates(physical, count);
        for (VirtualPort v : san.vports(physical)) {
            assertThat(v.vportState()).as("state of %s", v).isEqualTo(VportState.ACTIVE);
        }
    }

    @When("{port} creates a virtual port with the WWPN of {port}")
    public void createsWithWwpnOf(PortRef physical, PortRef other) {
        NPort p = san.nPort(physical);
        Wwn wwpn = san.nPort(other).portName();
        int n = san.vports(physical).size() + 1;
        create(physical, wwpn, VportNames.nodeName(p.nodeName(), n));
        settle(physical);
    }

    @Then("{port} reports all {int} virtual ports as {string}")
    public void reportsAll(PortRef physical, int count, String state) {
        List<VirtualPort> l = san.vports(physical);
        assertThat(l).as("virtual ports of %s", physical).hasSize(count);
        assertThat(san.nPort(physical).vports().size()).as("entries in %s's vport database", physical).isEqualTo(count);
        for (VirtualPort v : l) {
            assertThat(v.vportState().displayName()).as("vport_state of %s", v).isEqualTo(state);
        }
    }

    @Then("{port} reports that virtual port as {string}")
    public void reportsThat(PortRef physical, String state) {
        assertThat(last).as("a virtual port created by this scenario").isNotNull();
        assertThat(last.vportState().displayName()).as("vport_state of %s", last).isEqualTo(state);
    }

    @Then("{port} reports {int} virtual port(s) as {string}")
    public void reportsCount(PortRef physical, int count, String state) {
        long n = san.vports(physical).stream().filter(v -> v.vportState().displayName().equals(state)).count();
        assertThat(n).as("virtual ports of %s reported as \"%s\"", physical, state).isEqualTo(count);
    }

    @Then("{port} reports virtual port {int} as {string}")
    public void reportsOne(PortRef physical, int number, String state) {
        VirtualPort v = san.vport(physical, number);
        assertThat(v.vportState().displayName()).as("vport_state of virtual port %d of %s", number, physical)
                .isEqualTo(state);
    }

    @Then("each virtual port of {port} logged in with FDISC under its own WWPN and WWNN")
    public void eachLoggedInWithFdisc(PortRef physical) {
        Endpoint link = san.endpoint(physical);
        List<Seen> fdiscs = san.traffic().elsRequestsBy(link, ElsCommand.FDISC);
        Set<Wwn> names = new HashSet<>();
        for (VirtualPort v : san.vports(physical)) {
            Seen fdisc = fdiscs.stream()
                    .filter(s -> ((LoginParameters) s.elsRequest()).portName().equals(v.portName()))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no FDISC with WWPN " + v.portName() + " crossed "
                            + physical + "'s link"));
            LoginParameters req = (LoginParameters) fdisc.elsRequest();
            assertThat(req.nodeName()).as("WWNN in the FDISC of %s", v.portName()).isEqualTo(v.nodeName());
            assertThat(fdisc.header().sId()).as("S_ID of an FDISC").isEqualTo(FcId.UNASSIGNED);
            Seen answer = san.traffic().answerTo(fdisc).orElseThrow(
                    () -> new AssertionError("the FDISC of " + v.portName() + " was not answered"));
            assertThat(answer.elsReply(ElsCommand.FDISC)).as("answer to the FDISC of %s", v.portName())
                    .isInstanceOf(LoginParameters.class);
            assertThat(answer.header().dId()).as("FC_ID the FDISC LS_ACC assigned to %s", v.portName())
                    .isEqualTo(v.fcId());
            assertThat(names.add(v.portName())).as("WWPN %s is used once", v.portName()).isTrue();
            assertThat(v.portName()).isNotEqualTo(san.nPort(physical).portName());
        }
    }

    @Then("each virtual port of {port} has its own FC_ID in fabric {word}'s domain")
    public void eachOwnFcId(PortRef physical, String fabric) {
        int domain = san.fabric(fabric).domainId();
        Set<FcId> ids = new HashSet<>();
        ids.add(san.nPort(physical).fcId());
        for (VirtualPort v : san.vports(physical)) {
            FcId id = v.fcId();
            assertThat(id).as("FC_ID of %s", v).isNotEqualTo(FcId.UNASSIGNED);
            assertThat(id.domain()).as("domain of %s's FC_ID %s", v.portName(), id).isEqualTo(domain);
            assertThat(ids.add(id)).as("FC_ID %s of %s is nobody else's", id, v.portName()).isTrue();
            FabricLogin login = san.switchState(fabric).login(id).orElseThrow(
                    () -> new AssertionError("fabric " + fabric + " has no login at " + id));
            assertThat(login.portName()).isEqualTo(v.portName());
            assertThat(login.isVirtual()).as("the fabric records %s as a virtual port", v.portName()).isTrue();
        }
    }

    @Then("the name server lists every virtual port of {port} with its WWPN, WWNN and FC_ID")
    public void nameServerListsEvery(PortRef physical) {
        NPort p = san.nPort(physical);
        NameServerReply r = nameServer.ask(physical, NameServerRequest.GidFt.of(FcType.FCP));
        assertThat(r).as("GID_FT answer").isInstanceOf(NameServerReply.PortIds.class);
        List<FcId> listed = ((NameServerReply.PortIds) r).portIds();
        for (VirtualPort v : san.vports(physical)) {
            assertThat(listed).as("ports of FC-4 type FCP").contains(v.fcId());
            NameServerReply pn = nameServer.ask(physical, new NameServerRequest.GpnId(v.fcId()));
            assertThat(pn).as("GPN_ID %s", v.fcId()).isEqualTo(new NameServerReply.PortName(v.portName()));
            NameServerReply nn = nameServer.ask(physical, new NameServerRequest.GnnId(v.fcId()));
            assertThat(nn).as("GNN_ID %s", v.fcId()).isEqualTo(new NameServerReply.NodeName(v.nodeName()));
        }
        assertThat(listed).contains(p.fcId());
    }

    @Then("the fabric answers that FDISC with LS_RJT reason {string} and explanation {string}")
    public void answersThatFdisc(String reason, String explanation) {
        assertThat(last).as("a virtual port created by this scenario").isNotNull();
        Rejects.assertLsRjt(fdiscAnswer(last), ElsCommand.FDISC, reason, explanation);
    }

    @Then("the fabric answers the last FDISC with LS_RJT reason {string} and explanation {string}")
    public void answersLastFdisc(String reason, String explanation) {
        answersThatFdisc(reason, explanation);
    }

    @Then("no FDISC crossed the link of {port}")
    public void noFdisc(PortRef physical) {
        assertThat(san.traffic().elsRequestsBy(san.endpoint(physical), ElsCommand.FDISC))
                .as("FDISCs sent by %s and its virtual ports", physical).isEmpty();
    }

    @When("{port} deletes virtual port {int}")
    public void deletes(PortRef physical, int number) {
        VirtualPort v = san.vport(physical, number);
        san.rememberFcId(v);
        san.markAction();
        san.complete("deletion of virtual port " + number + " of " + physical,
                san.nPort(physical).deleteVport(v), San.PROMPTLY);
    }

    @Then("virtual port {int} of {port} sent LOGO to the fabric")
    public void sentLogo(int number, PortRef physical) {
        VirtualPort v = san.vport(physical, number);
        FcId id = san.fcIdOf(v);
        Seen logo = san.traffic().elsRequestsBy(san.endpoint(physical), ElsCommand.LOGO).stream()
                .filter(s -> s.header().sId().equals(id) && s.header().dId().equals(FcId.FABRIC_LOGIN_SERVER))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("virtual port " + number + " (" + id + ") sent no LOGO to FFFFFE"));
        Logo req = (Logo) logo.elsRequest();
        assertThat(req.portName()).as("port name in the LOGO").isEqualTo(v.portName());
        Seen acc = san.traffic().answerTo(logo).orElseThrow(() -> new AssertionError("the LOGO was not answered"));
        assertThat(acc.elsReply(ElsCommand.LOGO)).as("answer to the LOGO").isInstanceOf(LsAcc.class);
        assertThat(san.nPort(physical).vports().byPortName(v.portName())).as("vport database entry").isEmpty();
    }

    @Then("the name server no longer lists virtual port {int} of {port}")
    public void noLongerListed(int number, PortRef physical) {
        VirtualPort v = san.vport(physical, number);
        FcId id = san.fcIdOf(v);
        PortRef asker = nameServer.loggedInPortBeside(physical);
        NameServerReply r = nameServer.ask(asker, NameServerRequest.GidFt.of(FcType.FCP));
        if (r instanceof NameServerReply.PortIds ids) {
            assertThat(ids.portIds()).as("ports of FC-4 type FCP").doesNotContain(id);
        }
        NameServerReply byName = nameServer.ask(asker, new NameServerRequest.GidPn(v.portName()));
        assertThat(byName).as("GID_PN %s", v.portName()).isInstanceOf(NameServerReply.Rejected.class);
        assertThat(((NameServerReply.Rejected) byName).explanation())
                .isEqualTo(CtConstants.EXPL_PORT_NAME_NOT_REGISTERED);
    }

    private void create(PortRef physical, Wwn wwpn, Wwn wwnn) {
        VirtualPort v = san.nPort(physical).createVport(wwpn, wwnn);
        san.vports(physical).add(v);
        last = v;
        lastPhysical = physical;
    }

    /**
     * Runs until no virtual port of the physical port is still initializing: at most {@link #SETTLE} of
     * emulator time, long enough for every FDISC retry a host makes.
     */
    private void settle(PortRef physical) {
        List<VirtualPort> l = san.vports(physical);
        san.scheduler().runUntil(() -> l.stream().noneMatch(v -> v.vportState() == VportState.INITIALIZING
                || v.vportState() == VportState.UNKNOWN), SETTLE);
        san.runFor(java.time.Duration.ofMillis(10));
    }

    /** Longest wait for virtual ports to leave "Initializing". */
    static final java.time.Duration SETTLE = java.time.Duration.ofMinutes(2);

    @Given("the link of {port} loses every FDISC")
    public void losesEveryFdisc(PortRef physical) {
        san.bench().linkOf(san.endpoint(physical)).orElseThrow().faults().dropNext(1_000_000,
                f -> f.header().rCtl() == dev.fcspec.emulator.wire.RCtl.ELS_REQ && f.payloadLength() > 0
                        && f.payloadByte(0) == ElsCommand.FDISC);
    }

    @Then("{port} sent FDISC for that virtual port {int} times without an answer")
    public void sentFdiscTimes(PortRef physical, int times) {
        List<Seen> fdiscs = san.traffic().elsRequestsBy(san.endpoint(physical), ElsCommand.FDISC).stream()
                .filter(s -> ((LoginParameters) s.elsRequest()).portName().equals(last.portName())).toList();
        assertThat(fdiscs).as("FDISCs for %s", last.portName()).hasSize(times);
        for (Seen f : fdiscs) {
            assertThat(san.traffic().where(s -> s.index() > f.index() && s.isElsReply()
                    && san.endpoint(physical).equals(s.receiver()) && s.header().oxId() == f.header().oxId()))
                    .as("LS_ACC or LS_RJT answering %s", f).isEmpty();
        }
    }

    private Seen fdiscAnswer(VirtualPort v) {
        Seen fdisc = san.traffic().elsRequestsBy(san.endpoint(lastPhysical), ElsCommand.FDISC).stream()
                .filter(s -> ((LoginParameters) s.elsRequest()).portName().equals(v.portName()))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no FDISC with WWPN " + v.portName() + " was sent"));
        return san.traffic().answerTo(fdisc)
                .orElseThrow(() -> new AssertionError("the FDISC of " + v.portName() + " was not answered"));
    }

}
