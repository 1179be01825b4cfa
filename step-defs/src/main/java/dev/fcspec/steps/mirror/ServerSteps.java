package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.mirror.MassStorageDevice;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorGroup;
import io.cucumber.java.en.Given;
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
            assertThat(vsan.server(s).engine().state()).as("%s's mirror engine", s)
                    .isEqualTo(MirrorEngine.ServerState.ONLINE);
        }
        vsan.san().context().log("virtual SAN " + VirtualSan.NAME + ": servers " + servers + " mirror LUN "
                + vsan.group().lun() + " over " + path + "; cables " + vsan.cables());
    }

    @When("server {word} goes offline")
    public void offline(String server) {
        vsan.server(server).goOffline();
        assertThat(vsan.server(server).engine().state()).isEqualTo(MirrorEngine.ServerState.OFFLINE);
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
        assertThat(vsan.server(server).engine().state()).as("%s while it catches up", server)
                .isEqualTo(MirrorEngine.ServerState.RESYNCHRONISING);
        vsan.san().await(server + " caught up", () -> done[0], VirtualSan.DEADLINE);
        assertThat(vsan.server(server).engine().state()).isEqualTo(MirrorEngine.ServerState.ONLINE);
    }

    @When("the dedicated links of {word} are cut")
    public void cut(String server) {
        vsan.server(server).dedicatedPorts().values().forEach(p -> linkOf(p).faults().partition());
    }

    @When("the dedicated links of {word} are restored")
    public void restored(String server) {
        vsan.server(server).dedicatedPorts().values().forEach(p -> linkOf(p).faults().heal());
    }

    private dev.fcspec.emulator.link.Link linkOf(dev.fcspec.emulator.port.NPort p) {
        return vsan.san().bench().linkOf(vsan.endpointOf(p)).orElseThrow();
    }
}
