package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.ForwardingDecision;
import dev.fcspec.emulator.appliance.ServedCommand;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command proxying between the nodes of an appliance cluster, as the nodes and the interconnect show it. */
public class ProxySteps {
    private final Cluster cluster;
    private final San san;
    private final Map<String, Long> diskReads = new HashMap<>();
    private final Map<String, Long> diskWrites = new HashMap<>();

    public ProxySteps(Cluster cluster) {
        this.cluster = cluster;
        this.san = cluster.san();
    }

    @Given("the nodes {word} and {word} of the appliance cluster are up on fabric A")
    public void nodesUp(String a, String b) {
        for (String node : List.of(a, b)) {
            for (String port : List.of("0a", "0b")) {
                NPort p = san.bringUp(new PortRef(node, port));
                assertThat(p.state()).as("%s port %s logged in to fabric A", node, port).isEqualTo(LportState.READY);
            }
        }
        san.await("the interconnect VI of " + a + " and " + b + " connected",
                () -> cluster.node(a).interconnect().connected() && cluster.node(b).interconnect().connected(),
                San.PROMPTLY);
    }

    @Given("the disk of {word} for LUN {lun} is being watched")
    public void watchDisk(String node, Integer lun) {
        var d = cluster.disk(node, lun);
        diskReads.put(node + "/" + lun, d.reads());
        diskWrites.put(node + "/" + lun, d.writes());
    }

    @Then("{word} received the command at its port {word} and forwarded it to {word} over the interconnect")
    public void forwarded(String node, String port, String partner) {
        ServedCommand c = cluster.lastReceivedBy(node);
        assertThat(c.port()).as("port the command arrived at").isEqualTo(wwpn(node, port));
        assertThat(c.decision()).as("forwarding decision of %s's virtual target module", node)
                .isEqualTo(ForwardingDecision.FORWARD);
        assertThat(c.servedBy()).as("node that processed the command").isEqualTo(partner);
        requestAndResponseCrossed(node, partner, c);
    }

    @Then("the command crossed the interconnect from {word} to {word} and the response came back")
    public void crossed(String node, String partner) {
        requestAndResponseCrossed(node, partner, cluster.lastReceivedBy(node));
    }

    private void requestAndResponseCrossed(String node, String partner, ServedCommand c) {
        List<Seen> frames = cluster.interconnectFramesDuring(c);
        int from = cluster.interconnectId(node, partner);
        int to = cluster.interconnectId(partner, node);
        List<Seen> out = frames.stream().filter(s -> s.header().sId().value() == from).toList();
        List<Seen> back = frames.stream().filter(s -> s.header().sId().value() == to).toList();
        assertThat(out).as("FC-VI frames %s sent %s on the interconnect while the command was handled", node, partner)
                .isNotEmpty();
        assertThat(back).as("FC-VI frames %s sent back on the interconnect", partner).isNotEmpty();
        assertThat(back.get(back.size() - 1).timeNanos()).as("the response comes after the request")
                .isGreaterThan(out.get(0).timeNanos());
        san.context().log(String.format("%s forwarded %s to %s: %d FC-VI frames out, %d back", node,
                opName(c.opcode()), partner, out.size(), back.size()));
    }

    @Then("the interconnect is a direct Fibre Channel link from {word} to {word} carrying FC-VI sends")
    public void directFcInterconnect(String node, String partner) {
        ServedCommand c = cluster.lastReceivedBy(node);
        List<Seen> frames = cluster.interconnectFramesDuring(c);
        assertThat(frames).as("frames on the interconnect").isNotEmpty();
        int a = cluster.interconnectId(node, partner);
        int b = cluster.interconnectId(partner, node);
        for (Seen s : frames) {
            int sid = s.header().sId().value();
            int did = s.header().dId().value();
            assertThat((sid == a && did == b) || (sid == b && did == a))
                    .as("frame %s goes straight between %s and %s", s, node, partner).isTrue();
        }
        assertThat(frames).as("the interconnect frames are FC-VI SENDs (VI emulation layer)")
                .anyMatch(s -> s.header().sId().value() == a
                        && dev.fcspec.emulator.vi.FcviProtocol.decode(s.frame().payload()).name().equals("FCVI_SEND_RQST"))
                .anyMatch(s -> s.header().sId().value() == b
                        && dev.fcspec.emulator.vi.FcviProtocol.decode(s.frame().payload()).name().equals("FCVI_SEND_RQST"));
        assertThat(san.bench().linkEnd(new Endpoint(node, "0a")).map(e -> e.link().name()))
                .as("the interconnect is not the fabric cable").isNotEqualTo(java.util.Optional.of(cluster.cluster().interconnect().name()));
    }

    @Then("{word} processed the forwarded command with its own SCSI target core")
    public void processed(String partner) {
        ApplianceNode p = cluster.node(partner);
        assertThat(p.adapters().values().stream().mapToLong(a -> a.processedForPartner()).sum())
                .as("commands %s processed for its peers", partner).isPositive();
        assertThat(cluster.served(partner)).as("%s's own ports received none of them", partner)
                .noneMatch(s -> s.decision() == ForwardingDecision.FORWARD && s.servedBy().equals(partner));
    }

    @Then("{word} answered {port} itself from its port {word}")
    public void answered(String node, PortRef host, String port) {
        ServedCommand c = cluster.lastReceivedBy(node);
        Endpoint nodePort = new Endpoint(node, port);
        Endpoint hostPort = san.endpoint(host);
        List<Seen> rsp = san.traffic().where(s -> s.header().rCtl() == RCtl.FCP_RSP
                && s.timeNanos() >= c.answeredAt() && nodePort.equals(s.sender()));
        assertThat(rsp).as("FCP_RSP sent by %s to %s", nodePort, host).isNotEmpty();
        List<Seen> delivered = san.traffic().where(s -> s.header().rCtl() == RCtl.FCP_RSP
                && s.timeNanos() >= c.answeredAt() && hostPort.equals(s.receiver()));
        assertThat(delivered).as("FCP_RSP reaching %s", host).isNotEmpty();
        assertThat(delivered.get(0).header().sId()).as("the FCP_RSP comes from %s's port", node)
                .isEqualTo(cluster.san().bench().nPort(nodePort).fcId());
    }

    @Then("{word} served the command itself without using the interconnect")
    public void servedLocally(String node) {
        ServedCommand c = cluster.lastReceivedBy(node);
        assertThat(c.decision()).isEqualTo(ForwardingDecision.LOCAL);
        assertThat(c.servedBy()).isEqualTo(node);
        assertThat(cluster.interconnectFramesDuring(c)).as("FC-VI frames on the interconnect").isEmpty();
    }

    @Then("{word} did not forward the command received at its port {word}")
    public void refused(String node, String port) {
        ServedCommand c = cluster.lastReceivedBy(node);
        assertThat(c.port()).isEqualTo(wwpn(node, port));
        assertThat(c.decision()).as("forwarding decision at a port that does not proxy")
                .isEqualTo(ForwardingDecision.REFUSE);
        assertThat(cluster.interconnectFramesDuring(c)).as("FC-VI frames on the interconnect").isEmpty();
    }

    @Then("the disk of {word} for LUN {lun} was not read")
    public void notRead(String node, Integer lun) {
        assertThat(cluster.disk(node, lun).reads()).as("reads that reached %s's disk for LUN %s", node, lun)
                .isEqualTo(watched(diskReads, node, lun));
    }

    @Then("the disk of {word} for LUN {lun} was read")
    public void wasRead(String node, Integer lun) {
        assertThat(cluster.disk(node, lun).reads()).as("reads that reached %s's disk for LUN %s", node, lun)
                .isGreaterThan(watched(diskReads, node, lun));
    }

    @Then("the disk of {word} for LUN {lun} was written")
    public void wasWritten(String node, Integer lun) {
        assertThat(cluster.disk(node, lun).writes()).as("writes that reached %s's disk for LUN %s", node, lun)
                .isGreaterThan(watched(diskWrites, node, lun));
    }

    @Then("the latency proxying added at {word} is reported and covers the interconnect round trip")
    public void latency(String node) {
        List<ServedCommand> all = cluster.served(node);
        ServedCommand proxied = all.stream().filter(ServedCommand::proxied).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError(node + " forwarded no command"));
        ServedCommand local = all.stream().filter(s -> s.decision() == ForwardingDecision.LOCAL
                && s.opcode() == proxied.opcode()).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError(node + " served no " + opName(proxied.opcode()) + " itself"));
        long roundTrip = 2 * san.spec().clusters().stream().filter(c -> c.name().equals(Cluster.NAME)).findFirst()
                .orElseThrow().interconnectLatency().toNanos();
        long added = proxied.latencyNanos() - local.latencyNanos();
        san.context().log(String.format("%s at %s: served locally in %d ns, proxied to %s in %d ns; proxying added"
                + " %d ns (interconnect round trip %d ns)", opName(proxied.opcode()), node, local.latencyNanos(),
                proxied.servedBy(), proxied.latencyNanos(), added, roundTrip));
        assertThat(added).as("latency proxying added").isGreaterThanOrEqualTo(roundTrip);
    }

    private long watched(Map<String, Long> m, String node, Integer lun) {
        Long v = m.get(node + "/" + lun);
        if (v == null) {
            throw new IllegalStateException("the disk of " + node + " for LUN " + lun + " is not being watched;"
                    + " say so in an earlier step");
        }
        return v;
    }

    private String wwpn(String node, String port) {
        if (port.contains(":")) {
            return dev.fcspec.emulator.wire.Wwn.parse(port).toString();
        }
        return san.bench().nPort(new Endpoint(node, port)).portName().toString();
    }

    static String opName(int opcode) {
        return switch (opcode) {
            case 0x88 -> "READ(16)";
            case 0x8A -> "WRITE(16)";
            case 0x12 -> "INQUIRY";
            case 0x9E -> "READ CAPACITY(16)";
            case 0x00 -> "TEST UNIT READY";
            default -> String.format("opcode 0x%02x", opcode);
        };
    }
}
