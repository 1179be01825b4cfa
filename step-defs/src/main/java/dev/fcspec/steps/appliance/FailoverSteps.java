package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.ServedCommand;
import dev.fcspec.emulator.appliance.Takeover;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fabric.FabricLogin;
import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.fabric.LoginKind;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.port.VportEntry;
import dev.fcspec.emulator.port.VportState;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.support.Sense;
import dev.fcspec.steps.scsi.Cdbs;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Heartbeats, failure, takeover of a partner's port identities and disks, and giveback. */
public class FailoverSteps {
    private static final int BLOCK = 512;
    private static final String FABRIC = "A";
    private final Cluster cluster;
    private final San san;
    private long failedAt = -1;
    private FcpResult last;
    private Wwn lastIdentity;
    private dev.fcspec.emulator.history.History history;

    public FailoverSteps(Cluster cluster) {
        this.cluster = cluster;
        this.san = cluster.san();
    }

    @Given("{word} and {word} send heartbeats every {int} ms and take over after {int} missed heartbeats")
    public void heartbeats(String a, String b, int ms, int misses) {
        cluster.node(a).startHeartbeats(Duration.ofMillis(ms), misses);
        cluster.node(b).startHeartbeats(Duration.ofMillis(ms), misses);
        san.runFor(Duration.ofMillis(ms * 2L));
        assertThat(cluster.node(a).takeover()).as("no takeover while both nodes are up").isEmpty();
    }

    @When("node {word} fails")
    public void fails(String node) {
        halt(node);
    }

    @When("{word} is told to fail over {word}")
    public void failoverCommand(String survivor, String failed) {
        halt(failed);
        Takeover t = cluster.node(survivor).takeOver(failed, Takeover.Cause.FAILOVER_COMMAND);
        awaitActive(t);
    }

    /** The node stops, and its FC links go dark: the fabric sees its ports go offline. */
    private void halt(String node) {
        failedAt = san.scheduler().nanoTime();
        ApplianceNode n = cluster.node(node);
        n.fail();
        for (Endpoint e : cabledPorts(node)) {
            FabricSwitch sw = san.fabricSwitch(cluster.fabricOf(e));
            san.bench().peerOf(e).ifPresent(p -> sw.port(Integer.parseInt(p.port())).goOffline());
            san.bench().linkOf(e).ifPresent(l -> l.faults().partition());
        }
        san.context().log(node + " failed at " + failedAt + " ns of emulator time");
    }

    /** A node's ports cabled to a switch that it serves hosts on. */
    private List<Endpoint> cabledPorts(String node) {
        List<Endpoint> out = new java.util.ArrayList<>();
        for (String port : cluster.node(node).physicalPorts().keySet()) {
            Endpoint e = new Endpoint(node, port);
            if (san.bench().fabricOf(e).isPresent()) {
                out.add(e);
            }
        }
        // The interconnect port stays up: a failed node's storage operating system falls silent on it (as on a
        // direct interconnect link), so that it can rejoin at giveback with its interconnect sessions intact.
        return out;
    }

    @Then("within {int} ms {word} takes over {word} because its heartbeats stopped")
    public void takesOverOnHeartbeat(int ms, String survivor, String failed) {
        ApplianceNode s = cluster.node(survivor);
        san.await(survivor + " taking over " + failed, () -> s.takeover(failed).isPresent(), Duration.ofMillis(ms));
        Takeover t = s.takeover(failed).orElseThrow();
        assertThat(t.cause()).isEqualTo(Takeover.Cause.HEARTBEAT_LOST);
        assertThat(t.failed()).isEqualTo(failed);
        awaitActive(t);
        san.context().log(String.format("%s detected the failure of %s %d us after it failed (missed heartbeats)",
                survivor, failed, (t.at() - failedAt) / 1000));
    }

    private void awaitActive(Takeover t) {
        san.await("the assumed identities logged in", () -> t.assumedPorts().stream()
                .allMatch(v -> v.vportState() == VportState.ACTIVE), San.PROMPTLY);
    }

    @Then("{word} initialised a virtual port on its port {word} whose vport database entry carries the WWNN and WWPN of {word} port {word}")
    public void vportEntry(String survivor, String port, String failed, String failedPort) {
        NPort physical = cluster.node(survivor).physicalPort(port);
        NPort theirs = cluster.node(failed).physicalPort(failedPort);
        VportEntry e = physical.vports().byPortName(theirs.portName()).orElseThrow(() -> new AssertionError(
                survivor + " port " + port + " has no vport database entry with WWPN " + theirs.portName()));
        assertThat(e.nodeName()).as("node name field (WWNN)").isEqualTo(theirs.nodeName());
        assertThat(e.portName()).as("port name field (WWPN)").isEqualTo(theirs.portName());
        assertThat(e.vport().physicalPort()).isSameAs(physical);
        assertThat(cluster.node(survivor).takeover().orElseThrow().assumed(theirs.portName())).isTrue();
    }

    @Then("fabric A sees {word} port {word}'s WWPN logged in with FDISC through {word}'s port {word}")
    public void fabricSeesMove(String failed, String failedPort, String survivor, String port) {
        Wwn wwpn = cluster.node(failed).physicalPort(failedPort).portName();
        FabricLogin l = san.switchState(FABRIC).loginByPortName(wwpn).orElseThrow(() -> new AssertionError(
                "fabric A has no login for " + wwpn));
        assertThat(l.kind()).as("login kind of the assumed identity").isEqualTo(LoginKind.FDISC);
        assertThat(l.fPort()).as("F_Port the identity is logged in through")
                .isEqualTo(fPortOf(new Endpoint(survivor, port)));
        assertThat(san.switchState(FABRIC).nameServer().toString()).isNotNull();
    }

    @Then("fabric A sees {word} port {word}'s WWPN logged in through {word}'s own port {word}")
    public void fabricSeesBack(String node, String port, String same, String port2) {
        Wwn wwpn = cluster.node(node).physicalPort(port).portName();
        san.await("fabric A sees " + wwpn + " back", () -> san.switchState(FABRIC).loginByPortName(wwpn)
                .map(l -> l.fPort() == fPortOf(new Endpoint(same, port2)) && l.kind() == LoginKind.FLOGI)
                .orElse(false), San.PROMPTLY);
    }

    private int fPortOf(Endpoint e) {
        return Integer.parseInt(san.bench().peerOf(e).orElseThrow().port());
    }

    @Then("{word} holds the persistent reservation of {word}'s disk for LUN {lun} and {word} can no longer write it")
    public void fenced(String survivor, String failed, Integer lun, String same) {
        ApplianceNode f = cluster.node(failed);
        var disk = cluster.disk(survivor, lun);
        assertThat(disk.reservationHolder()).isEqualTo(survivor);
        long before = disk.fencedWrites();
        // What a failed node that still ran would do: write through its own storage stack.
        var nexus = new ItNexus(new InitiatorPort(TransportProtocol.FCP, "internal", "internal"),
                new TargetPort(TransportProtocol.FCP, "internal", 99));
        byte[] write = Cdbs.write16(0, 1);
        var r = f.core().execute(nexus, new ScsiCommand(lun, write, TaskAttribute.SIMPLE, 1, new byte[BLOCK], 0));
        if (Sense.isUnitAttention(r.status(), r.sense())) {
            r = f.core().execute(nexus, new ScsiCommand(lun, write, TaskAttribute.SIMPLE, 2, new byte[BLOCK], 0));
        }
        assertThat(r.status()).as("status of a write by %s after the takeover", failed)
                .isEqualTo(ScsiStatus.RESERVATION_CONFLICT);
        assertThat(disk.fencedWrites()).as("writes the reservation fenced off").isGreaterThan(before);
    }

    @When("{port} finds {word} port {word} again and reads {int} blocks at LBA {long} of LUN {lun} there")
    public void findAndRead(PortRef host, String node, String port, int blocks, long lba, Integer lun) {
        FcId at = find(host, node, port, lun);
        last = san.complete(host + " READ(16)", san.bench().fcpInitiator(san.endpoint(host))
                .read(at, lun, Cdbs.read16(lba, blocks), blocks * BLOCK), Duration.ofSeconds(60));
    }

    @When("{port} finds {word} port {word} again and writes {int} blocks of pattern {word} at LBA {long} of LUN {lun} there")
    public void findAndWrite(PortRef host, String node, String port, int blocks, String pattern, long lba, Integer lun) {
        FcId at = find(host, node, port, lun);
        last = san.complete(host + " WRITE(16)", san.bench().fcpInitiator(san.endpoint(host))
                .write(at, lun, Cdbs.write16(lba, blocks), HostIoSteps.pattern(pattern, blocks * BLOCK)),
                Duration.ofSeconds(60));
    }

    /** As a host does after an RSCN: looks the port name up in the name server, logs in, clears unit attentions. */
    private FcId find(PortRef host, String node, String port, long lun) {
        Wwn wwpn = cluster.node(node).physicalPort(port).portName();
        lastIdentity = wwpn;
        FabricSwitch sw = san.switchState(cluster.fabricOf(new Endpoint(node, port)));
        san.await(wwpn + " in the name server", () -> sw.loginByPortName(wwpn).isPresent(), San.PROMPTLY);
        FcId at = sw.loginByPortName(wwpn).orElseThrow().fcId();
        NPort h = san.nPort(host);
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        for (int attempt = 0; attempt < 4; attempt++) {
            RemotePort r = san.complete(host + " PLOGI and PRLI to " + wwpn, h.login(at), San.PROMPTLY);
            assertThat(r.imagePair(FcType.FCP)).as("FCP image pair with %s", wwpn).isPresent();
            var tur = ini.command(at, lun, new byte[6]);
            san.await("TEST UNIT READY", tur::isDone, San.PROMPTLY);
            if (!tur.isCompletedExceptionally() && tur.join().status() == ScsiStatus.GOOD) {
                break;
            }
        }
        return at;
    }

    @Then("the command of {port} at the assumed identity completes with status GOOD")
    public void good(PortRef host) {
        assertThat(last).as("a command at the assumed identity").isNotNull();
        assertThat(last.status()).isEqualTo(ScsiStatus.GOOD);
    }

    @Then("{port} reads back pattern {word} from the assumed identity, served by {word}")
    public void readsBackAssumed(PortRef host, String pattern, String survivor) {
        readsBack(pattern);
        servedAtAssumed(survivor);
    }

    @Then("{port} reads back pattern {word} from {word}'s own port")
    public void readsBackOwn(PortRef host, String pattern, String node) {
        readsBack(pattern);
        ServedCommand c = last(node);
        assertThat(c.port()).isEqualTo(lastIdentity.toString());
        assertThat(c.servedBy()).isEqualTo(node);
    }

    private void readsBack(String pattern) {
        assertThat(last.status()).as("status of the read").isEqualTo(ScsiStatus.GOOD);
        assertThat(Arrays.equals(last.data(), HostIoSteps.pattern(pattern, last.data().length)))
                .as("data read back is pattern %s", pattern).isTrue();
    }

    @Then("the command was served by {word} at the assumed identity")
    public void servedAtAssumed(String survivor) {
        ServedCommand c = last(survivor);
        assertThat(c.port()).as("port the command reached").isEqualTo(lastIdentity.toString());
        assertThat(cluster.node(survivor).takeover().orElseThrow().assumed(lastIdentity)).isTrue();
        assertThat(c.servedBy()).isEqualTo(survivor);
    }

    private ServedCommand last(String node) {
        List<ServedCommand> s = cluster.served(node);
        assertThat(s).as("commands %s served", node).isNotEmpty();
        return s.get(s.size() - 1);
    }

    @Then("{word}'s port {word} carries both its own virtual port {wwn} and the assumed identity of {word} port {word}")
    public void bothVports(String node, String port, Wwn own, String failed, String failedPort) {
        NPort physical = cluster.node(node).physicalPort(port);
        Wwn assumed = cluster.node(failed).physicalPort(failedPort).portName();
        List<Wwn> active = physical.vports().ports().stream().filter(v -> v.vportState() == VportState.ACTIVE)
                .map(VirtualPort::portName).toList();
        assertThat(active).as("active virtual ports on %s port %s", node, port).contains(own, assumed);
    }

    @Then("the takeover time is reported and within the host timeout budget of {int} s")
    public void takeoverTime(int budgetSeconds) {
        assertThat(failedAt).as("a node failed in this scenario").isNotNegative();
        ServedCommand first = san.bench().clusters().values().stream().flatMap(c -> c.nodes().values().stream())
                .flatMap(n -> cluster.served(n.name()).stream())
                .filter(c -> c.receivedAt() >= failedAt && n(c) && c.status() == ScsiStatus.GOOD)
                .min(java.util.Comparator.comparingLong(ServedCommand::answeredAt))
                .orElseThrow(() -> new AssertionError("no I/O was served at an assumed identity after the failure"));
        long ns = first.answeredAt() - failedAt;
        String report = String.format("takeover time (failure to first served I/O at the assumed identity %s):"
                + " %.3f ms of emulator time; host timeout budget %d s", first.port(), ns / 1e6, budgetSeconds);
        san.context().log(report);
        assertThat(Duration.ofNanos(ns)).as(report).isLessThanOrEqualTo(Duration.ofSeconds(budgetSeconds));
    }

    private boolean n(ServedCommand c) {
        return cluster.clusterOf(c.receivedBy()).nodes().values().stream().anyMatch(x -> x.takeover()
                .map(t -> t.assumed(Wwn.parse(c.port()))).orElse(false));
    }

    // ---- history of every operation, checked across the takeover -------------------------------------------

    private dev.fcspec.emulator.history.History history() {
        if (history == null) {
            history = new dev.fcspec.emulator.history.History(san.scheduler(), BLOCK);
        }
        return history;
    }

    private byte[] blockData(String tag, long lba) {
        return HostIoSteps.pattern(tag + "/" + lba, BLOCK);
    }

    @Given("{port} writes blocks {long} to {long} of LUN {lun} through {word} port {word} one at a time, recording each in the history")
    public void recordedWrites(PortRef host, long from, long to, Integer lun, String node, String port) {
        FcId at = cluster.node(node).physicalPort(port).fcId();
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        for (long lba = from; lba <= to; lba++) {
            byte[] d = blockData("before", lba);
            var op = history().invokeWrite(host.toString(), "lun" + lun + "/lba" + lba, d);
            var f = ini.write(at, lun, Cdbs.write16(lba, 1), d);
            san.await("write of LBA " + lba, f::isDone, Duration.ofSeconds(60));
            end(op, f, false);
            assertThat(f.join().status()).as("write of LBA %s before the failure", lba).isEqualTo(ScsiStatus.GOOD);
        }
    }

    @When("{port} has writes to blocks {long} to {long} of LUN {lun} in flight through {word} port {word} when node {word} fails")
    public void inFlightWhenFailing(PortRef host, long from, long to, Integer lun, String node, String port,
                                    String failing) {
        FcId at = cluster.node(node).physicalPort(port).fcId();
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        List<Object[]> pending = new java.util.ArrayList<>();
        for (long lba = from; lba <= to; lba++) {
            byte[] d = blockData("inflight", lba);
            var op = history().invokeWrite(host.toString(), "lun" + lun + "/lba" + lba, d);
            pending.add(new Object[] {op, ini.write(at, lun, Cdbs.write16(lba, 1), d)});
        }
        halt(failing);
        san.await("the writes in flight to end (completed, failed or timed out)", () -> pending.stream()
                .allMatch(p -> ((java.util.concurrent.CompletableFuture<?>) p[1]).isDone()), Duration.ofSeconds(120));
        for (Object[] p : pending) {
            @SuppressWarnings("unchecked")
            var f = (java.util.concurrent.CompletableFuture<FcpResult>) p[1];
            end((dev.fcspec.emulator.history.History.Op) p[0], f, false);
        }
    }

    private void end(dev.fcspec.emulator.history.History.Op op, java.util.concurrent.CompletableFuture<FcpResult> f,
                     boolean read) {
        if (f.isCompletedExceptionally()) {
            boolean timeout = false;
            try {
                f.join();
            } catch (java.util.concurrent.CompletionException e) {
                timeout = String.valueOf(e.getCause()).toLowerCase(java.util.Locale.ROOT).contains("time");
            }
            if (timeout) {
                history().timedOut(op);
            } else {
                history().failed(op);
            }
        } else if (f.join().status() == ScsiStatus.GOOD) {
            history().ok(op, read ? f.join().data() : null);
        } else {
            history().failed(op);
        }
    }

    @When("{port} finds {word} port {word} again and reads back blocks {long} to {long} of LUN {lun} there, recording each in the history")
    public void recordedReads(PortRef host, String node, String port, long from, long to, Integer lun) {
        FcId at = find(host, node, port, lun);
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        for (long lba = from; lba <= to; lba++) {
            var op = history().invokeRead(host.toString(), "lun" + lun + "/lba" + lba);
            var f = ini.read(at, lun, Cdbs.read16(lba, 1), BLOCK);
            san.await("read of LBA " + lba, f::isDone, Duration.ofSeconds(60));
            end(op, f, true);
            assertThat(f.join().status()).as("read of LBA %s after the takeover", lba).isEqualTo(ScsiStatus.GOOD);
        }
    }

    @Then("every write acknowledged before the failure is read back after the takeover, as the history checker finds")
    public void historyHolds() {
        var ops = history().operations();
        long acked = ops.stream().filter(o -> o.toString().contains(" write ") && o.toString().contains(" OK ")).count();
        var violations = history().check();
        StringBuilder log = new StringBuilder("history: " + ops.size() + " operations, " + acked
                + " acknowledged writes\n");
        ops.forEach(o -> log.append("  ").append(o).append('\n'));
        san.context().log(log.toString());
        assertThat(violations).as("history violations (each with its block's history)").isEmpty();
        assertThat(acked).as("acknowledged writes in the history").isPositive();
    }

    @When("{word} comes back and {word} gives back its identity and disks")
    public void giveback(String failed, String survivor) {
        san.complete(survivor + " giveback", cluster.node(survivor).giveBack(failed), San.PROMPTLY);
        List<Endpoint> ports = cabledPorts(failed);
        for (Endpoint e : ports) {
            FabricSwitch sw = san.fabricSwitch(cluster.fabricOf(e));
            san.bench().linkOf(e).ifPresent(l -> l.faults().heal());
            san.bench().peerOf(e).ifPresent(p -> sw.port(Integer.parseInt(p.port())).goOnline());
            NPort n = san.bench().nPort(e);
            san.complete(failed + " port " + e.port() + " down", n.disable(), San.PROMPTLY);
            n.enable();
        }
        san.await(failed + " ports logged in again", () -> ports.stream().allMatch(e ->
                san.bench().nPort(e).state() == dev.fcspec.emulator.port.LportState.READY), San.PROMPTLY);
    }
}
