package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorProtocol;
import dev.fcspec.emulator.mirror.ServedIo;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.mirror.VirtualSan.HostIo;
import dev.fcspec.steps.mirror.VirtualSan.MirrorFrame;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Then;
import java.util.List;

/** The servers' mirror engines: the writes they executed and the copies of write requests they sent. */
public class MirrorEngineSteps {
    private final VirtualSan vsan;

    public MirrorEngineSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @Then("{word} executed the write on its own device")
    public void executedLocally(String server) {
        HostIo io = vsan.lastWriteThrough(server);
        vsan.localWriteAt(server, io.lba(), io.startedAt());
        for (int i = 0; i < io.blocks(); i++) {
            assertThat(vsan.device(server).inspect(io.lba() + i)).as("block %d on %s's own device",
                    io.lba() + i, server).isEqualTo(VirtualSan.pattern(patternOf(io), io.lba() + i, 1));
        }
    }

    @Then("{word}'s mirror engine sent a copy of the write request to {word} over the dedicated link between them")
    public void copyOverDedicated(String server, String peer) {
        HostIo io = vsan.lastWriteThrough(server);
        String cable = vsan.dedicatedCable(server, peer);
        Endpoint from = vsan.endpointOf(vsan.server(server).dedicatedPorts().get(peer));
        List<MirrorFrame> copies = copies(io, server).stream().filter(f -> f.sentBy(from)).toList();
        assertThat(copies).as("WRITE_COPY requests %s sent on the dedicated link %s", server, cable).hasSize(1);
        assertThat(copies.get(0).seen().link()).isEqualTo(cable);
        assertThat(copies.get(0).seen().header().dId()).as("addressed to %s's port", peer)
                .isEqualTo(vsan.server(peer).dedicatedPorts().get(server).fcId());
        sentEvent(server, peer, io);
    }

    @Then("{word}'s mirror engine sent a copy of the write request to {word} through the switch of fabric A")
    public void copyThroughSwitch(String server, String peer) {
        HostIo io = vsan.lastWriteThrough(server);
        NPort mine = vsan.hostPort(server);
        NPort theirs = vsan.hostPort(peer);
        List<MirrorFrame> copies = copies(io, server);
        assertThat(copies).as("WRITE_COPY %s sent from its fabric port to the switch", server)
                .anyMatch(f -> f.sentBy(vsan.endpointOf(mine)) && vsan.onFabric(f.seen(), "A")
                        && f.seen().header().dId().equals(theirs.fcId()));
        assertThat(copies).as("WRITE_COPY the switch delivered to %s's fabric port", peer)
                .anyMatch(f -> f.deliveredTo(vsan.endpointOf(theirs)) && vsan.onFabric(f.seen(), "A"));
        sentEvent(server, peer, io);
    }

    private void sentEvent(String server, String peer, HostIo io) {
        int id = vsan.server(peer).id();
        assertThat(vsan.engine(server).events()).as("%s's mirror engine events", server)
                .anyMatch(e -> e.kind() == MirrorEngine.EventKind.COPY_SENT && e.peer() == id && e.lba() == io.lba()
                        && e.at() >= io.startedAt());
    }

    /** WRITE_COPY requests for the write's LBA that {@code server} sent, since the write started. */
    private List<MirrorFrame> copies(HostIo io, String server) {
        int id = vsan.server(server).id();
        return vsan.mirrorFrames(io.frameMark()).stream()
                .filter(f -> f.isRequest(MirrorProtocol.OP_WRITE_COPY) && f.serverId() == id
                        && f.firstParameter() == io.lba())
                .toList();
    }

    @Then("{word}'s mirror engine executed the copy on its own device")
    public void executedCopy(String server) {
        HostIo io = vsan.commands().stream().filter(c -> c.write() && !c.server().equals(server))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no write went through another server"));
        int writer = vsan.server(io.server()).id();
        assertThat(vsan.engine(server).events()).as("%s's mirror engine events", server)
                .anyMatch(e -> e.kind() == MirrorEngine.EventKind.COPY_EXECUTED && e.peer() == writer
                        && e.lba() == io.lba() && e.blocks() == io.blocks() && e.at() >= io.startedAt());
        for (int i = 0; i < io.blocks(); i++) {
            assertThat(vsan.device(server).inspect(io.lba() + i)).as("block %d on %s's own device", io.lba() + i, server)
                    .isEqualTo(VirtualSan.pattern(patternOf(io), io.lba() + i, 1));
        }
    }

    @Then("{word} acknowledged the copy before {word} answered {port}")
    public void ackedBeforeAnswer(String peer, String server, PortRef host) {
        HostIo io = vsan.last(host);
        Endpoint peerPort = vsan.endpointOf(vsan.server(peer).dedicatedPorts().get(server));
        int peerId = vsan.server(peer).id();
        MirrorFrame ack = vsan.mirrorFrames(io.frameMark()).stream()
                .filter(f -> f.isReply(MirrorProtocol.OP_WRITE_COPY) && f.serverId() == peerId && f.sentBy(peerPort))
                .findFirst().orElseThrow(() -> new AssertionError(peer + " sent no WRITE_COPY reply"));
        assertThat(ack.status()).as("status of %s's WRITE_COPY reply", peer).isEqualTo(MirrorProtocol.STATUS_GOOD);
        Endpoint serverPort = vsan.endpointOf(vsan.hostPort(server));
        List<Seen> rsp = vsan.san().traffic().since(io.frameMark(), s -> s.header().type() == FcType.FCP
                && s.header().rCtl() == RCtl.FCP_RSP && serverPort.equals(s.sender()));
        assertThat(rsp).as("FCP_RSP %s sent to %s", server, host).isNotEmpty();
        assertThat(ack.at()).as("the copy's acknowledgement comes before the host's answer")
                .isLessThan(rsp.get(0).timeNanos());
    }

    @Then("no mirror message crossed fabric A")
    public void noneOnFabric() {
        assertThat(vsan.mirrorFrames(0)).as("mirror frames").isNotEmpty()
                .noneMatch(f -> vsan.onFabric(f.seen(), "A"));
    }

    @Then("no mirror message crossed a dedicated link")
    public void noneOnDedicated() {
        List<String> dedicated = vsan.cables().entrySet().stream().filter(e -> e.getValue().startsWith("dedicated"))
                .map(java.util.Map.Entry::getKey).toList();
        assertThat(vsan.mirrorFrames(0)).as("mirror frames").isNotEmpty()
                .noneMatch(f -> dedicated.contains(f.seen().link()));
    }

    @Then("fabric A also carried {port}'s write to {word}")
    public void fabricCarriedHostWrite(PortRef host, String server) {
        HostIo io = vsan.last(host);
        Endpoint h = vsan.san().endpoint(host);
        Endpoint s = vsan.endpointOf(vsan.hostPort(server));
        List<Seen> cmnd = vsan.san().traffic().since(io.frameMark(), x -> x.header().type() == FcType.FCP
                && x.header().rCtl() == RCtl.FCP_CMND);
        assertThat(cmnd).as("%s's FCP_CMND onto fabric A", host).anyMatch(x -> h.equals(x.sender()) && vsan.onFabric(x, "A"));
        assertThat(cmnd).as("the switch delivering it to %s", server)
                .anyMatch(x -> s.equals(x.receiver()) && vsan.onFabric(x, "A"));
    }

    @Then("{word}'s I\\/O driver initiated the write on the shared storage node")
    public void ioDriverInitiated(String server) {
        HostIo io = vsan.lastWriteThrough(server);
        List<ServedIo> served = vsan.servedIo(server);
        assertThat(served).as("writes %s's I/O driver executed", server)
                .anyMatch(s -> s.write() && s.lba() == io.lba() && s.blocks() == io.blocks() && s.status() == 0);
        assertThat(vsan.server(server).core().unit(vsan.group().lun()).name())
                .as("the logical unit %s's I/O driver addresses", server).isEqualTo(VirtualSan.NAME + "-lun"
                        + vsan.group().lun());
    }

    static String patternOf(HostIo io) {
        return io.pattern();
    }
}
