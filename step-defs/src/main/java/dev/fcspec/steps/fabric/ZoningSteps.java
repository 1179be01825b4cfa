package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.bench.FabricSpec;
import dev.fcspec.emulator.bench.EmbeddedBench;
import dev.fcspec.emulator.fabric.ZoneSet;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** WWPN zoning: which ports see and reach each other; port logins (PLOGI) across and within zones. */
public class ZoningSteps {

    private final San san;
    private final java.util.Map<String, CompletableFuture<RemotePort>> plogis = new java.util.HashMap<>();

    public ZoningSteps(San san) {
        this.san = san;
    }

    @Given("fabric {word} has the zones")
    public void hasTheZones(String fabric, DataTable table) {
        FabricSpec.ZoningSpec zoning = zoning(fabric, table);
        if (!san.isBuilt()) {
            san.configureFabric(fabric, f -> f.withZoning(zoning));
        } else {
            activate(fabric, zoning);
        }
    }

    @When("fabric {word} activates the zones")
    public void activatesTheZones(String fabric, DataTable table) {
        san.bench();
        activate(fabric, zoning(fabric, table));
    }

    private void activate(String fabric, FabricSpec.ZoningSpec zoning) {
        san.markAction();
        ZoneSet zs = EmbeddedBench.zoneSet(san.fabric(fabric).withZoning(zoning));
        san.fabricSwitch(fabric).zoning().activate(zs);
        san.runFor(Duration.ofMillis(100));
    }

    private FabricSpec.ZoningSpec zoning(String fabric, DataTable table) {
        List<FabricSpec.ZoneSpec> zones = new ArrayList<>();
        for (Map<String, String> row : table.asMaps()) {
            List<Wwn> members = new ArrayList<>();
            for (PortRef p : PortRef.parseList(row.get("members"))) {
                Endpoint e = san.endpoint(p);
                members.add(san.spec().nodePorts().stream().filter(n -> n.endpoint().equals(e)).findFirst()
                        .orElseThrow().wwpn());
            }
            zones.add(new FabricSpec.ZoneSpec(row.get("zone"), members));
        }
        return new FabricSpec.ZoningSpec(san.fabric(fabric).zoning().defaultZoneAll(), zones);
    }

    @Then("{port} and {port} share no zone")
    public void shareNoZone(PortRef a, PortRef b) {
        String fabric = san.bench().fabricOf(san.endpoint(a)).orElseThrow().name();
        var zoning = san.switchState(fabric).zoning();
        Wwn wa = san.nPort(a).portName();
        Wwn wb = san.nPort(b).portName();
        assertThat(zoning.activeZoneSet()).as("active zone set of fabric %s", fabric).isPresent();
        assertThat(zoning.activeZoneSet().get().shareZone(wa, wb)).as("%s and %s in one zone", a, b).isFalse();
        assertThat(zoning.permits(wa, wb)).as("fabric %s lets %s and %s talk", fabric, a, b).isFalse();
    }

    @When("{port} sends PLOGI to {port}")
    public void sendsPlogi(PortRef from, PortRef to) {
        san.markAction();
        NPort f = san.nPort(from);
        FcId target = san.nPort(to).fcId();
        plogis.put(from + ">" + to, f.login(target));
        san.runFor(Duration.ofMillis(50));
    }

    @Then("{port} receives nothing from {port}")
    public void receivesNothingFrom(PortRef receiver, PortRef sender) {
        san.runFor(San.PROMPTLY);
        FcId s = san.nPort(sender).fcId();
        List<Seen> got = san.traffic().where(x -> san.endpoint(receiver).equals(x.receiver())
                && x.header().sId().equals(s));
        assertThat(got).as("frames from %s (%s) delivered towards %s", sender, s, receiver).isEmpty();
    }

    @Then("{port} gets no answer to its PLOGI within {int} seconds")
    public void noAnswerWithin(PortRef from, int seconds) {
        san.runFor(Duration.ofSeconds(seconds));
        Seen plogi = san.traffic().lastElsRequestBy(san.endpoint(from), ElsCommand.PLOGI)
                .orElseThrow(() -> new AssertionError(from + " sent no PLOGI"));
        assertThat(san.traffic().answerTo(plogi)).as("answer to %s's PLOGI", from).isEmpty();
    }

    @Then("{port} receives the PLOGI from {port}")
    public void receivesPlogi(PortRef receiver, PortRef sender) {
        incomingPlogi(receiver, sender);
    }

    @Then("{port} accepts the PLOGI from {port}")
    public void acceptsPlogi(PortRef receiver, PortRef sender) {
        Seen plogi = incomingPlogi(receiver, sender);
        Seen answer = san.traffic().answerTo(plogi).orElseThrow(
                () -> new AssertionError(receiver + " did not answer the PLOGI from " + sender));
        assertThat(answer.elsReply(ElsCommand.PLOGI)).as("%s's answer to the PLOGI from %s", receiver, sender)
                .isInstanceOf(LoginParameters.class);
        assertThat(((LoginParameters) answer.elsReply(ElsCommand.PLOGI)).portName())
                .isEqualTo(san.nPort(receiver).portName());
    }

    private Seen incomingPlogi(PortRef receiver, PortRef sender) {
        Endpoint r = san.endpoint(receiver);
        FcId s = san.nPort(sender).fcId();
        san.await("a PLOGI from " + sender + " at " + receiver,
                () -> !plogisTo(r, s).isEmpty(), San.PROMPTLY);
        List<Seen> l = plogisTo(r, s);
        Seen plogi = l.get(l.size() - 1);
        assertThat(((LoginParameters) plogi.elsRequest()).portName()).isEqualTo(san.nPort(sender).portName());
        return plogi;
    }

    private List<Seen> plogisTo(Endpoint receiver, FcId from) {
        return san.traffic().where(x -> receiver.equals(x.receiver()) && x.isElsRequest(ElsCommand.PLOGI)
                && x.header().sId().equals(from));
    }
}
