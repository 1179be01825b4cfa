package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.els.CommonFeatures;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** Two N_Ports cabled to each other, without a switch (FC-LS point-to-point). */
public class PointToPointSteps {

    private final San san;
    private PortRef a;
    private PortRef b;

    public PointToPointSteps(San san) {
        this.san = san;
    }

    @When("{port} and {port} bring up their direct link")
    public void bringUp(PortRef first, PortRef second) {
        a = first;
        b = second;
        Endpoint ea = san.endpoint(first);
        assertThat(san.bench().peerOf(ea)).as("what %s is cabled to", first).contains(san.endpoint(second));
        san.markAction();
        NPort pa = san.nPort(first);
        NPort pb = san.nPort(second);
        pa.enable();
        pb.enable();
        san.scheduler().runUntil(() -> settled(pa) && settled(pb), San.PROMPTLY);
    }

    private static boolean settled(NPort p) {
        return p.state() == LportState.READY || p.state() == LportState.FAILED;
    }

    @Then("both sent FLOGI and both FLOGIs were accepted")
    public void bothFlogisAccepted() {
        for (PortRef p : new PortRef[] {a, b}) {
            Seen flogi = san.traffic().lastElsRequestBy(san.endpoint(p), ElsCommand.FLOGI)
                    .orElseThrow(() -> new AssertionError(p + " sent no FLOGI"));
            Seen answer = san.traffic().answerTo(flogi)
                    .orElseThrow(() -> new AssertionError(p + "'s FLOGI was not answered"));
            ElsPayload r = answer.elsReply(ElsCommand.FLOGI);
            assertThat(r).as("answer to %s's FLOGI", p).isInstanceOf(LoginParameters.class);
            LoginParameters acc = (LoginParameters) r;
            assertThat(acc.common().has(CommonFeatures.F_PORT)).as("F_Port bit from an N_Port").isFalse();
            PortRef other = p == a ? b : a;
            assertThat(acc.portName()).as("port name in the answer to %s's FLOGI", p)
                    .isEqualTo(san.nPort(other).portName());
            assertThat(san.nPort(p).isPointToPoint()).as("%s knows it is point-to-point", p).isTrue();
        }
    }

    @Then("{port} and {port} have distinct non-zero FC_IDs")
    public void distinctIds(PortRef x, PortRef y) {
        FcId ix = san.nPort(x).fcId();
        FcId iy = san.nPort(y).fcId();
        assertThat(ix).as("%s's FC_ID", x).isNotEqualTo(FcId.UNASSIGNED);
        assertThat(iy).as("%s's FC_ID", y).isNotEqualTo(FcId.UNASSIGNED);
        assertThat(ix).as("FC_IDs of %s and %s", x, y).isNotEqualTo(iy);
    }

    @Then("the port with the higher WWPN sent PLOGI and it was accepted")
    public void higherSentPlogi() {
        NPort pa = san.nPort(a);
        NPort pb = san.nPort(b);
        boolean aHigher = Long.compareUnsigned(pa.portName().asLong(), pb.portName().asLong()) > 0;
        PortRef high = aHigher ? a : b;
        PortRef low = aHigher ? b : a;
        Seen plogi = san.traffic().lastElsRequestBy(san.endpoint(high), ElsCommand.PLOGI)
                .orElseThrow(() -> new AssertionError(high + " (higher WWPN) sent no PLOGI"));
        assertThat(plogi.header().sId()).as("S_ID of the PLOGI").isEqualTo(san.nPort(high).fcId());
        assertThat(plogi.header().dId()).as("D_ID of the PLOGI: the address it gives %s", low)
                .isEqualTo(san.nPort(low).fcId());
        Seen answer = san.traffic().answerTo(plogi).orElseThrow(() -> new AssertionError("the PLOGI was not answered"));
        assertThat(answer.elsReply(ElsCommand.PLOGI)).as("answer to the PLOGI").isInstanceOf(LoginParameters.class);
        assertThat(san.traffic().elsRequestsBy(san.endpoint(low), ElsCommand.PLOGI))
                .as("PLOGIs sent by %s (lower WWPN)", low).isEmpty();
    }

    @Then("{port} and {port} are logged in with each other")
    public void loggedInWithEachOther(PortRef x, PortRef y) {
        for (PortRef[] pair : new PortRef[][] {{x, y}, {y, x}}) {
            NPort local = san.nPort(pair[0]);
            NPort remote = san.nPort(pair[1]);
            san.await(pair[0] + " logged in with " + pair[1], () -> local.remotePort(remote.fcId())
                    .map(RemotePort::isLoggedIn).orElse(false), San.PROMPTLY);
            RemotePort r = local.remotePort(remote.fcId()).orElseThrow();
            assertThat(r.portName()).contains(remote.portName());
        }
    }
}
