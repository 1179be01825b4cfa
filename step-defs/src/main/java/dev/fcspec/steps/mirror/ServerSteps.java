package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.mirror.MassStorageDevice;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorGroup;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.port.NPort;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;

/** The servers of the virtual SAN: starting to mirror, going offline, losing their own device. */
public class ServerSteps {
    private final VirtualSan vsan;

    public ServerSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @Given("servers {servers} mirror the shared LUN over {mirrorPath}")
    public void mirror(List<String> servers, MirrorGroup.Path path) {
        vsan.start(servers, path);
        for (String s : servers) {
            assertThat(vsan.engine(s).state()).as("%s's mirror engine", s)
                    .isEqualTo(MirrorEngine.ServerState.ONLINE);
        }
        vsan.san().context().log("virtual SAN " + VirtualSan.NAME + ": servers " + servers + " mirror LUN "
                + vsan.group().lun() + " over " + path + "; cables " + vsan.cables());
    }

    @When("server {word} goes offline")
    public void offline(String server) {
        vsan.server(server).goOffline();
        assertThat(vsan.engine(server).state()).isEqualTo(MirrorEngine.ServerState.OFFLINE);
        assertThat(vsan.server(server).linksDark()).as("%s's links are dark", server).isTrue();
    }

    @Then("the fabric logged out {word}'s port and removed it from the name server")
    public void droppedOffFabric(String server) {
        NPort p = vsan.hostPort(server);
        Endpoint e = vsan.endpointOf(p);
        String fabric = vsan.san().bench().fabricOf(e).orElseThrow().name();
        FabricSwitch sw = vsan.san().switchState(fabric);
        vsan.san().await("the switch logs " + server + "'s port out", () -> sw.loginByPortName(p.portName())
                .isEmpty(), VirtualSan.DEADLINE);
        assertThat(sw.nameServer().entries()).as("name-server entries of fabric %s", fabric)
                .noneMatch(n -> n.portName().equals(p.portName()));
    }

    @When("the mass storage device of {word} fails")
    public void deviceFails(String server) {
        vsan.server(server).device().fail();
        assertThat(vsan.server(server).device().state()).isEqualTo(MassStorageDevice.DeviceState.FAILED);
    }

    @When("server {word} comes back and catches up on the regions written while it was away")
    public void comesBack(String server) {
        boolean[] done = {false};
        vsan.server(server).comeBack(() -> done[0] = true);
        assertThat(vsan.engine(server).state()).as("%s while its ports log in and it catches up", server)
                .isIn(MirrorEngine.ServerState.OFFLINE, MirrorEngine.ServerState.RESYNCHRONISING);
        vsan.san().await(server + " caught up", () -> done[0], VirtualSan.DEADLINE);
        assertThat(vsan.engine(server).state()).isEqualTo(MirrorEngine.ServerState.ONLINE);
    }

    @When("the dedicated links of {word} are cut")
    public void cut(String server) {
        vsan.server(server).dedicatedPorts().values().forEach(p -> linkOf(p).faults().partition());
    }

    @When("the dedicated links of {word} are restored")
    public void restored(String server) {
        vsan.server(server).dedicatedPorts().values().forEach(p -> linkOf(p).faults().heal());
    }

    @When("the dedicated link between {word} and {word} is cut")
    public void cutBetween(String a, String b) {
        linkOf(vsan.server(a).dedicatedPorts().get(b)).faults().partition();
        assertThat(vsan.engine(a).state()).as("%s stays up", a).isEqualTo(MirrorEngine.ServerState.ONLINE);
        assertThat(vsan.engine(b).state()).as("%s stays up", b).isEqualTo(MirrorEngine.ServerState.ONLINE);
    }

    @When("the dedicated link between {word} and {word} is repaired")
    public void repaired(String a, String b) {
        linkOf(vsan.server(a).dedicatedPorts().get(b)).faults().heal();
    }

    @Then("{word} goes on alone, as it has the lower server id")
    public void goesOnAlone(String server) {
        MirrorEngine e = vsan.engine(server);
        assertThat(e.tieBreak()).as("%s's tie-breaker", server).isEqualTo(MirrorEngine.TieBreak.WINS_TIE);
        assertThat(e.mayServe()).as("%s serves hosts", server).isTrue();
        assertThat(e.events()).as("%s's events", server).anyMatch(x -> x.kind() == MirrorEngine.EventKind.TIE_BREAK
                && x.detail().startsWith(MirrorEngine.TieBreak.WINS_TIE.name()));
    }

    @Then("{word} catches up from {word} and serves hosts again once they reach each other")
    public void catchesUp(String server, String peer) {
        MirrorEngine e = vsan.engine(server);
        vsan.san().await(server + " reaches " + peer + " and catches up", () -> e.state()
                == MirrorEngine.ServerState.ONLINE && e.tieBreak() == MirrorEngine.TieBreak.PEER_REACHABLE,
                VirtualSan.DEADLINE);
        assertThat(e.divergentRegions()).as("regions of %s not yet taken from %s", server, peer).isEmpty();
        assertThat(e.events()).as("%s's events", server).anyMatch(x -> x.kind() == MirrorEngine.EventKind
                .RESYNCHRONISED);
        assertThat(vsan.engine(peer).peers()).as("how %s sees %s", peer, server)
                .containsEntry(vsan.server(server).id(), MirrorEngine.PeerState.REACHABLE);
    }

    private dev.fcspec.emulator.link.Link linkOf(dev.fcspec.emulator.port.NPort p) {
        return vsan.san().bench().linkOf(vsan.endpointOf(p)).orElseThrow();
    }
}
