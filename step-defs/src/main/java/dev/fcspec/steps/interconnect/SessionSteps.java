package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.ccm.CcmEvent;
import dev.fcspec.emulator.ccm.CcmNode;
import dev.fcspec.emulator.ccm.CcmProtocol;
import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.PeerInfo;
import dev.fcspec.emulator.ccm.ClusterConnectionManager;
import dev.fcspec.emulator.ccm.PeerProcess;
import dev.fcspec.emulator.ccm.SessionState;
import dev.fcspec.emulator.vi.FcviIu;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.ReliabilityLevel;
import dev.fcspec.emulator.vi.ViAddress;
import dev.fcspec.emulator.vi.ViState;
import dev.fcspec.emulator.vi.VirtualInterface;
import dev.fcspec.steps.interconnect.ViTraffic.ViFrame;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The session after the handshake: peer connection information and versions, client information, ports,
 * ready alerts, and what is left behind when a session does not come up.
 */
public class SessionSteps {

    private final InterconnectWorld world;
    private final NodeRecords records;

    public SessionSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    private ViTraffic traffic() {
        return new ViTraffic(world.sinceMark());
    }

    private <T extends CcmProtocol.Message> Optional<ViFrame> sessionFrame(String from, Class<T> type) {
        return traffic().from(world.node(from).fcId()).stream()
                .filter(f -> f.sessionMessage().filter(type::isInstance).isPresent()).findFirst();
    }

    private <T extends CcmProtocol.Message> T sessionMessage(String from, Class<T> type) {
        ViFrame f = sessionFrame(from, type).orElseThrow(() -> new AssertionError(
                from + " sent no " + type.getSimpleName() + " message" + traffic().dump()));
        return type.cast(f.sessionMessage().orElseThrow());
    }

    @Then("after {word}'s second RDMA write, {word} and {word} sent each other their peer connection information, each with version numbers {int} to {int}")
    public void peerInfoAfterSecondWrite(String a, String a2, String b, int lowest, int highest) {
        ViTraffic t = traffic();
        List<ViFrame> writes = t.rdmaRequestsFrom(world.node(a).fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_WRITE_RQST)).toList();
        assertThat(writes).as("RDMA writes of %s", a).hasSize(2);
        long secondWriteDone = t.answerTo(writes.get(1)).orElseThrow().time();
        for (String n : List.of(a, b)) {
            ViFrame f = sessionFrame(n, PeerInfo.class).orElseThrow(() -> new AssertionError(
                    n + " sent no peer connection information" + t.dump()));
            assertThat(f.time()).as("%s's peer connection information after the second write was answered", n)
                    .isGreaterThan(secondWriteDone);
            PeerInfo p = (PeerInfo) f.sessionMessage().orElseThrow();
            assertThat(p.lowestVersion()).as("lowest version %s sent", n).isEqualTo(lowest);
            assertThat(p.highestVersion()).as("highest version %s sent", n).isEqualTo(highest);
            assertThat(p.node()).isEqualTo(world.node(n).nodeName());
        }
    }

    @Then("{word} passed {word} the client information it collected from its clients:")
    public void clientInformation(String a, String b, DataTable table) {
        ClientInfo info = sessionMessage(a, ClientInfo.class);
        List<ClientRequirement> expected = table.asMaps().stream()
                .map(r -> new ClientRequirement(r.get("client"), Integer.parseInt(r.get("ports")),
                        Integer.parseInt(r.get("memory")))).toList();
        assertThat(info.clients()).as("client information %s sent", a).containsExactlyElementsOf(expected);
        // and it is what the clients themselves asked for
        assertThat(records.ccm(a).clients()).extracting(c -> c.name(), c -> c.portsRequired(), c -> c.memoryRequested())
                .containsExactlyElementsOf(expected.stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.name(), r.portsRequired(), r.memoryRequested()))
                        .toList());
        // the partner received it
        assertThat(records.ccm(b).partnerClientInfo()).isEqualTo(info);
    }

    @Then("each node created {int} connected communication ports for {string} and {int} for {string}")
    public void portsCreated(int n1, String c1, int n2, String c2) {
        for (String node : List.of("A", "B")) {
            Map<String, List<VirtualInterface>> ports = records.ccm(node).ports();
            assertThat(ports.get(c1)).as("%s's ports for %s", node, c1).hasSize(n1);
            assertThat(ports.get(c2)).as("%s's ports for %s", node, c2).hasSize(n2);
        }
        for (String client : List.of(c1, c2)) {
            List<VirtualInterface> onA = records.ccm("A").ports().get(client);
            List<VirtualInterface> onB = records.ccm("B").ports().get(client);
            for (int i = 0; i < onA.size(); i++) {
                VirtualInterface x = onA.get(i);
                VirtualInterface y = onB.get(i);
                assertThat(x.state()).as("%s port %d on A", client, i).isEqualTo(ViState.CONNECTED);
                assertThat(y.state()).as("%s port %d on B", client, i).isEqualTo(ViState.CONNECTED);
                assertThat(x.remote()).as("peer of %s port %d on A", client, i).isEqualTo(y.address());
                assertThat(y.remote()).as("peer of %s port %d on B", client, i).isEqualTo(x.address());
            }
        }
    }

    @Then("{word} set aside {int} bytes of memory for {word}'s {string} and {word} set aside {int} bytes for {word}'s")
    public void memorySetAside(String b, int mb, String a, String client, String a2, int ma, String b2) {
        assertRegion(b, client, mb);
        assertRegion(a2, client, ma);
        CcmProtocol.Ports portsOfB = sessionMessage(b, CcmProtocol.Ports.class);
        assertThat(portsOfB.clients()).filteredOn(c -> c.name().equals(client)).singleElement()
                .satisfies(c -> assertThat(c.memoryLength()).as("memory %s announced", b).isEqualTo(mb));
    }

    private void assertRegion(String node, String client, int bytes) {
        MemoryRegion r = records.ccm(node).clientMemory().get(client);
        assertThat(r).as("memory %s set aside for its partner's %s", node, client).isNotNull();
        assertThat(r.length()).isEqualTo(bytes);
        assertThat(r.attributes().enableRdmaWrite()).as("RDMA write enabled").isTrue();
        assertThat(world.node(node).port().region(r.handle())).as("registered").isPresent();
    }

    @Then("{word} alerted {word} that it is ready and {word} alerted {word} that it is ready")
    public void readyAlerts(String a, String b, String b2, String a2) {
        sessionMessage(a, CcmProtocol.Ready.class);
        sessionMessage(b, CcmProtocol.Ready.class);
        for (String n : List.of(a, b)) {
            assertThat(records.ccm(n).events()).as("%s's events", n)
                    .anyMatch(e -> e.kind() == CcmEvent.Kind.PARTNER_ALERTED);
        }
    }

    @Then("on both nodes every client was alerted that the partner is ready, after the partner's ready alert arrived")
    public void clientsAlerted() {
        for (String n : List.of("A", "B")) {
            ViFrame partnerReady = sessionFrame(world.other(n), CcmProtocol.Ready.class).orElseThrow();
            CcmEvent alerted = records.ccmEvents(n).stream().filter(e -> e.kind() == CcmEvent.Kind.CLIENTS_ALERTED)
                    .findFirst().orElseThrow(() -> new AssertionError(n + " alerted no client"));
            assertThat(alerted.timeNanos()).as("%s alerted its clients after the partner's ready alert", n)
                    .isGreaterThan(partnerReady.time());
            for (dev.fcspec.emulator.ccm.CcmClient c : records.ccm(n).clients()) {
                PeerProcess p = world.process(n, c.name());
                assertThat(p.readyAlerts()).as("ready alerts of %s on %s", c.name(), n).hasSize(1);
                assertThat(p.readyAlerts().get(0).ports()).isNotEmpty();
            }
        }
    }

    @When("the {string} process on {word} sends {string} to its peer on {word}")
    public void processSends(String client, String node, String text, String other) {
        world.process(node, client).send(text);
        world.runFor(Duration.ofMillis(1));
    }

    @When("the {string} process on {word} writes {string} into the memory {word} set aside for it")
    public void processWrites(String client, String node, String text, String other) {
        world.process(node, client).writeToPartnerMemory(text, 0);
        world.runFor(Duration.ofMillis(1));
    }

    @Then("the {string} process on {word} received {string}")
    public void processReceived(String client, String node, String text) {
        assertThat(world.process(node, client).received()).containsExactly(text);
    }

    @Then("the memory {word} set aside for {word}'s {string} holds {string}")
    public void memoryHolds(String b, String a, String client, String text) {
        MemoryRegion r = records.ccm(b).clientMemory().get(client);
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertThat(new String(world.node(b).memory().read(r.address(), expected.length), StandardCharsets.UTF_8))
                .isEqualTo(text);
        // it crossed the interconnect as an RDMA write into that region
        assertThat(traffic().rdmaRequestsFrom(world.node(a).fcId()).stream()
                .filter(f -> f.iu() instanceof FcviIu.WriteRequest w && w.remoteHandle().equals(r.handle())))
                .hasSize(1);
    }

    @Then("the connection managers connected to the predetermined port, VI {int}, at the predetermined address of the partner")
    public void connectedToPredetermined(int vi) {
        ViTraffic t = traffic();
        ClusterConnectionManager ma = records.ccm("A");
        String initiator = ma.role() == ClusterConnectionManager.Role.INITIATOR ? "A" : "B";
        CcmNode from = world.node(initiator);
        CcmNode to = world.node(world.other(initiator));
        ViFrame connect = t.from(from.fcId()).stream().filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST)).findFirst()
                .orElseThrow(() -> new AssertionError(initiator + " sent no connection request" + t.dump()));
        assertThat(connect.to()).as("address connected to").isEqualTo(to.fcId());
        assertThat(connect.iu().destinationVi()).as("VI number connected to").isEqualTo(vi);
        assertThat(from.partnerBootViAddress()).isEqualTo(new ViAddress(to.fcId(), vi));
    }

    @Then("the ports of {string} are reliable-delivery VI connections between {word} and {word}")
    public void reliablePorts(String client, String a, String b) {
        ViTraffic t = traffic();
        for (VirtualInterface vi : records.ccm(a).ports().get(client)) {
            assertThat(vi.attributes().reliability()).isEqualTo(ReliabilityLevel.RELIABLE_DELIVERY);
            assertThat(vi.remote().fcId()).isEqualTo(world.node(b).fcId());
            ViFrame request = t.all().stream().filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST)
                    && (f.iu().sourceVi() == vi.number() && f.from().equals(world.node(a).fcId())
                    || f.iu().destinationVi() == vi.number() && f.to().equals(world.node(a).fcId())))
                    .findFirst().orElseThrow(() -> new AssertionError("no connection request for " + vi));
            assertThat(((FcviIu.ConnectRequest) request.iu()).reliability()).isEqualTo(ReliabilityLevel.RELIABLE_DELIVERY);
        }
    }

    @Then("the peer connection information {word} sent names versions {int} to {int} and the one {word} sent names versions {int} to {int}")
    public void versionsSent(String a, int la, int ha, String b, int lb, int hb) {
        PeerInfo pa = sessionMessage(a, PeerInfo.class);
        PeerInfo pb = sessionMessage(b, PeerInfo.class);
        assertThat(List.of(pa.lowestVersion(), pa.highestVersion())).as("versions %s sent", a).containsExactly(la, ha);
        assertThat(List.of(pb.lowestVersion(), pb.highestVersion())).as("versions %s sent", b).containsExactly(lb, hb);
    }

    @Then("{word} and {word} have a ready peer-to-peer session using version {int}")
    public void readyWithVersion(String a, String b, int version) {
        new HandshakeSteps(world, records).readySession(a, b);
        assertThat(records.ccm(a).version()).isEqualTo(version);
        assertThat(records.ccm(b).version()).isEqualTo(version);
        CcmProtocol.Ready ra = sessionMessage(a, CcmProtocol.Ready.class);
        assertThat(ra.version()).as("version in %s's ready alert", a).isEqualTo(version);
    }

    @Then("{word} and {word} both refused the session because they have no version in common")
    public void bothRefused(String a, String b) {
        for (String n : List.of(a, b)) {
            ClusterConnectionManager m = records.ccm(n);
            assertThat(m.state()).as("%s's session", n).isEqualTo(SessionState.FAILED);
            assertThat(m.failure()).as("why %s refused", n).contains("no common session protocol version");
            assertThat(m.events()).anyMatch(e -> e.kind() == CcmEvent.Kind.VERSION_REFUSED);
        }
    }

    @Then("no session is left half-open on {word} or {word}")
    public void noHalfOpenSession(String a, String b) {
        noHalfOpen(a);
        noHalfOpen(b);
    }

    @Then("no session is left half-open on {word}")
    public void noHalfOpen(String n) {
        CcmNode node = world.node(n);
        ClusterConnectionManager m = records.ccm(n);
        if (m != null && m.state() == SessionState.READY) {
            CcmNode partner = world.node(world.other(n));
            assertThat(records.ccm(world.other(n)).state()).as("%s is ready, so must its partner be", n).isEqualTo(SessionState.READY);
            assertThat(node.bootVi().state()).isEqualTo(ViState.CONNECTED);
            assertThat(node.bootVi().remote()).isEqualTo(partner.bootViAddress());
            int ports = 0;
            for (List<VirtualInterface> vis : m.ports().values()) {
                for (VirtualInterface vi : vis) {
                    ports++;
                    assertThat(vi.state()).as("%s port %s", n, vi.address()).isEqualTo(ViState.CONNECTED);
                    VirtualInterface peer = partner.port().vi(vi.remote().viNumber()).orElseThrow(() ->
                            new AssertionError(n + "'s port " + vi + " is connected to a VI the partner does not have"));
                    assertThat(peer.remote()).as("the partner's end of %s", vi).isEqualTo(vi.address());
                }
            }
            assertThat(node.port().vis()).as("VIs on %s", n).hasSize(1 + ports);
            return;
        }
        assertThat(node.port().vis()).as("VIs left on %s", n).hasSize(1)
                .allSatisfy(vi -> assertThat(vi.state()).as("%s's boot VI", n).isEqualTo(ViState.IDLE));
        assertThat(node.port().regions()).as("memory registrations left on %s", n).hasSize(2);
        BootStatus s = node.status();
        assertThat(s.acknowledgedNode()).as("acknowledgement left in %s's status", n).isNull();
        assertThat(s.stage()).isNotEqualTo(CcmProtocol.STAGE_SESSION_UP);
    }

    @Then("no client was alerted that the partner is ready")
    public void noClientAlerted() {
        for (String n : List.of("A", "B")) {
            for (dev.fcspec.emulator.ccm.CcmClient c : records.ccm(n).clients()) {
                assertThat(world.process(n, c.name()).readyAlerts()).as("%s on %s", c.name(), n).isEmpty();
            }
        }
    }

    @Then("{word} sent no connection request after the refusal")
    public void noConnectAfterRefusal(String a) {
        CcmEvent gaveUp = records.ccm(a).events().stream().filter(e -> e.kind() == CcmEvent.Kind.GAVE_UP)
                .findFirst().orElseThrow(() -> new AssertionError(a + " did not give up"));
        world.runFor(Duration.ofMillis(500));
        assertThat(traffic().from(world.node(a).fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST) && f.time() > gaveUp.timeNanos())).isEmpty();
    }

    @Then("{word} asked for a connection to VI {int} at FC_ID {fcid} again and again, at least {int} ms apart")
    public void askedAgainAndAgain(String a, int vi, dev.fcspec.emulator.wire.FcId fcId, int ms) {
        List<ViFrame> connects = traffic().from(world.node(a).fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST)).toList();
        assertThat(connects).as("connection requests of %s", a).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < connects.size(); i++) {
            assertThat(connects.get(i).to()).isEqualTo(fcId);
            assertThat(connects.get(i).iu().destinationVi()).isEqualTo(vi);
            if (i > 0) {
                assertThat(connects.get(i).time() - connects.get(i - 1).time()).as("gap before attempt %d", i + 1)
                        .isGreaterThanOrEqualTo(ms * 1_000_000L);
            }
        }
        assertThat(records.ccm(a).state()).isNotEqualTo(SessionState.READY);
    }

    @Then("{word} gave up after {int} attempts, each a connection request to VI {int} at FC_ID {fcid}")
    public void gaveUpAfter(String a, int attempts, int vi, dev.fcspec.emulator.wire.FcId fcId) {
        ClusterConnectionManager m = records.ccm(a);
        assertThat(m.state()).isEqualTo(SessionState.FAILED);
        assertThat(m.attemptsMade()).isEqualTo(attempts);
        List<ViFrame> connects = traffic().from(world.node(a).fcId()).stream()
                .filter(f -> f.is(FcviProtocol.IU_CONNECT_RQST)).toList();
        assertThat(connects).hasSize(attempts).allSatisfy(f -> {
            assertThat(f.to()).isEqualTo(fcId);
            assertThat(f.iu().destinationVi()).isEqualTo(vi);
        });
    }

    @Then("{word} gave up with no session left half-open")
    public void gaveUpClean(String a) {
        world.runFor(Duration.ofSeconds(1));
        assertThat(records.ccm(a).state()).isEqualTo(SessionState.FAILED);
        noHalfOpen(a);
    }

    @Then("the {string} process on {word} was alerted once that the partner is ready")
    public void alertedOnce(String client, String node) {
        assertThat(world.process(node, client).readyAlerts()).hasSize(1);
    }
}
