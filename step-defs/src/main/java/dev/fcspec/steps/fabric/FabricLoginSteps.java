package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.bench.FabricSpec;
import dev.fcspec.emulator.fabric.FabricLogin;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.els.CommonFeatures;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Fabric login (FLOGI) and logout, checked on the wire and in the fabric's login table. */
public class FabricLoginSteps {

    private final San san;

    public FabricLoginSteps(San san) {
        this.san = san;
    }

    @When("{port} logs in to fabric {word}")
    public void logsIn(PortRef port, String fabric) {
        san.requireCabledTo(port, fabric);
        san.bringUp(port);
    }

    @Given("{port} is logged in to fabric {word}")
    public void isLoggedIn(PortRef port, String fabric) {
        logsIn(port, fabric);
        NPort p = san.nPort(port);
        assertThat(p.state()).as("%s's login to fabric %s", port, fabric).isEqualTo(LportState.READY);
        assertThat(p.isFabricAttached()).as("%s is attached to a fabric", port).isTrue();
    }

    @When("{port} logs out of fabric {word}")
    public void logsOut(PortRef port, String fabric) {
        san.requireCabledTo(port, fabric);
        NPort p = san.nPort(port);
        san.rememberFcId(p);
        san.markAction();
        san.complete(port + "'s logout from fabric " + fabric, p.disable(), San.PROMPTLY);
    }

    @Then("the fabric accepts {port}'s FLOGI")
    public void fabricAcceptsFlogi(PortRef port) {
        Seen acc = flogiAnswer(port);
        ElsPayload reply = acc.elsReply(ElsCommand.FLOGI);
        assertThat(reply).as("the fabric's answer to %s's FLOGI", port).isInstanceOf(LoginParameters.class);
        assertThat(reply.command()).isEqualTo(ElsCommand.LS_ACC);
        assertThat(acc.header().sId()).as("the FLOGI LS_ACC comes from the login server").isEqualTo(FcId.FABRIC_LOGIN_SERVER);
        assertThat(san.nPort(port).state()).as("%s after the FLOGI LS_ACC", port).isEqualTo(LportState.READY);
    }

    @Then("the fabric accepts the FLOGI of {port}")
    public void fabricAcceptsFlogiOf(PortRef port) {
        fabricAcceptsFlogi(port);
    }

    @Then("{port}'s FC_ID is in fabric {word}'s domain")
    public void fcIdInDomain(PortRef port, String fabric) {
        FabricSpec f = san.fabric(fabric);
        FcId assigned = flogiAnswer(port).header().dId();
        assertThat(assigned.domain()).as("domain of the FC_ID the FLOGI LS_ACC assigned to %s", port)
                .isEqualTo(f.domainId());
        assertThat(san.nPort(port).fcId()).as("%s's FC_ID", port).isEqualTo(assigned);
        FabricLogin login = san.switchState(fabric).login(assigned).orElseThrow(
                () -> new AssertionError("fabric " + fabric + " has no login for " + assigned));
        assertThat(login.portName()).as("WWPN the fabric holds for %s", assigned).isEqualTo(san.nPort(port).portName());
    }

    @Then("the FLOGI LS_ACC to {port} carries fabric {word}'s fabric name")
    public void carriesFabricName(PortRef port, String fabric) {
        LoginParameters acc = flogiAcc(port);
        assertThat(acc.nodeName()).as("fabric name in the FLOGI LS_ACC to %s", port)
                .isEqualTo(san.fabric(fabric).fabricName());
    }

    @Then("the FLOGI LS_ACC to {port} says the fabric supports NPIV")
    public void saysNpiv(PortRef port) {
        assertThat(flogiAcc(port).common().has(CommonFeatures.NPIV_ASSIGNMENT))
                .as("NPIV assignment bit in the FLOGI LS_ACC to %s", port).isTrue();
    }

    @Then("the FLOGI LS_ACC to {port} says the fabric does not support NPIV")
    public void saysNoNpiv(PortRef port) {
        assertThat(flogiAcc(port).common().has(CommonFeatures.NPIV_ASSIGNMENT))
                .as("NPIV assignment bit in the FLOGI LS_ACC to %s", port).isFalse();
    }

    @Then("the FLOGI LS_ACC to {port} comes from an F_Port")
    public void fromFPort(PortRef port) {
        assertThat(flogiAcc(port).common().has(CommonFeatures.F_PORT))
                .as("F_Port bit in the FLOGI LS_ACC to %s", port).isTrue();
    }

    @Then("{ports} have distinct FC_IDs in fabric {word}'s domain")
    public void distinctFcIds(List<PortRef> ports, String fabric) {
        Set<FcId> seen = new HashSet<>();
        for (PortRef p : ports) {
            fcIdInDomain(p, fabric);
            FcId id = san.nPort(p).fcId();
            assertThat(seen.add(id)).as("%s's FC_ID %s is not given to another port", p, id).isTrue();
        }
    }

    @Then("{port} is still logged in to fabric {word} under its FC_ID")
    public void stillLoggedIn(PortRef port, String fabric) {
        san.runFor(San.PROMPTLY);
        FcId id = san.loginId(port);
        NPort p = san.nPort(port);
        assertThat(p.state()).as("%s's login state", port).isEqualTo(LportState.READY);
        assertThat(p.fcId()).as("%s's FC_ID", port).isEqualTo(id);
        FabricLogin login = san.switchState(fabric).login(id).orElseThrow(
                () -> new AssertionError("fabric " + fabric + " no longer has a login for " + port + " at " + id));
        assertThat(login.portName()).isEqualTo(p.portName());
    }

    private Seen flogiAnswer(PortRef port) {
        Endpoint e = san.endpoint(port);
        Seen flogi = san.traffic().lastElsRequestBy(e, ElsCommand.FLOGI)
                .orElseThrow(() -> new AssertionError(port + " sent no FLOGI"));
        return san.traffic().answerTo(flogi)
                .orElseThrow(() -> new AssertionError("the fabric did not answer " + port + "'s FLOGI"));
    }

    private LoginParameters flogiAcc(PortRef port) {
        ElsPayload reply = flogiAnswer(port).elsReply(ElsCommand.FLOGI);
        if (!(reply instanceof LoginParameters acc)) {
            throw new AssertionError("the fabric answered " + port + "'s FLOGI with " + reply);
        }
        return acc;
    }
}
