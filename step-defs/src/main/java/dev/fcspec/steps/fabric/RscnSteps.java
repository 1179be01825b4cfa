package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.port.els.LsAcc;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.List;

/** State change registration (SCR) and the RSCNs the fabric controller sends. */
public class RscnSteps {

    private final San san;

    public RscnSteps(San san) {
        this.san = san;
    }

    @Given("{port} has registered for state change notifications")
    public void hasRegistered(PortRef port) {
        NPort p = san.nPort(port);
        Seen scr = san.traffic().lastElsRequestBy(san.endpoint(port), ElsCommand.SCR)
                .orElseThrow(() -> new AssertionError(port + " sent no SCR"));
        assertThat(scr.header().dId()).as("SCR destination").isEqualTo(FcId.FABRIC_CONTROLLER);
        assertThat(((Scr) scr.elsRequest()).function()).as("SCR registration function").isEqualTo(Scr.FULL);
        Seen acc = san.traffic().answerTo(scr).orElseThrow(() -> new AssertionError("the SCR was not answered"));
        assertThat(acc.elsReply(ElsCommand.SCR)).as("answer to %s's SCR", port).isInstanceOf(LsAcc.class);
        String fabric = san.bench().fabricOf(san.endpoint(port)).orElseThrow().name();
        assertThat(san.switchState(fabric).rscnRegistrations()).as("SCR registrations of fabric %s", fabric)
                .containsKey(p.fcId());
    }

    @Given("{port} has cancelled its state change registration")
    public void hasCancelled(PortRef port) {
        NPort p = san.nPort(port);
        ElsPayload r = san.complete(port + "'s SCR (clear registration)",
                p.sendEls(FcId.FABRIC_CONTROLLER, new Scr(Scr.CLEAR)), San.PROMPTLY);
        assertThat(r).as("answer to the SCR that clears the registration").isInstanceOf(LsAcc.class);
        String fabric = san.bench().fabricOf(san.endpoint(port)).orElseThrow().name();
        assertThat(san.switchState(fabric).rscnRegistrations()).doesNotContainKey(p.fcId());
    }

    @Then("{port} receives an RSCN naming {port}'s port")
    public void receivesRscnNaming(PortRef receiver, PortRef affected) {
        receivesRscnFor(receiver, san.fcIdOf(san.nPort(affected)), affected + "'s port");
    }

    @Then("{port} receives an RSCN naming virtual port {int} of {port}")
    public void receivesRscnNamingVport(PortRef receiver, int number, PortRef physical) {
        LocalPort v = san.vport(physical, number);
        receivesRscnFor(receiver, san.fcIdOf(v), "virtual port " + number + " of " + physical);
    }

    @Then("{port} accepts the RSCN")
    public void acceptsTheRscn(PortRef receiver) {
        List<Seen> rscns = rscnsTo(san.endpoint(receiver));
        assertThat(rscns).as("RSCNs to %s", receiver).isNotEmpty();
        for (Seen r : rscns) {
            Seen answer = san.traffic().answerTo(r).orElseThrow(
                    () -> new AssertionError(receiver + " did not answer the RSCN " + r));
            assertThat(answer.elsReply(ElsCommand.RSCN)).as("%s's answer to an RSCN", receiver).isInstanceOf(LsAcc.class);
        }
    }

    @Then("{port} receives no RSCN")
    public void receivesNoRscn(PortRef receiver) {
        san.runFor(San.PROMPTLY);
        assertThat(rscnsTo(san.endpoint(receiver))).as("RSCNs to %s since the last action", receiver).isEmpty();
    }

    private void receivesRscnFor(PortRef receiver, FcId id, String what) {
        Endpoint r = san.endpoint(receiver);
        san.await("an RSCN naming " + what + " (" + id + ") at " + receiver,
                () -> rscnsTo(r).stream().anyMatch(s -> names(s, id)), San.PROMPTLY);
        Seen rscn = rscnsTo(r).stream().filter(s -> names(s, id)).findFirst().orElseThrow();
        assertThat(rscn.header().sId()).as("RSCN source").isEqualTo(FcId.FABRIC_CONTROLLER);
        assertThat(rscn.header().dId()).as("RSCN destination").isEqualTo(san.nPort(receiver).fcId());
    }

    private static boolean names(Seen rscn, FcId id) {
        return ((Rscn) rscn.elsRequest()).pages().stream()
                .anyMatch(p -> p.addressFormat() == RscnPage.FORMAT_PORT && p.affected().equals(id));
    }

    private List<Seen> rscnsTo(Endpoint receiver) {
        return san.traffic().since(san.actionMark(), s -> receiver.equals(s.receiver()) && s.isElsRequest(ElsCommand.RSCN));
    }
}
