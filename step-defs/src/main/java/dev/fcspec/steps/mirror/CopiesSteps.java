package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.history.History;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorProtocol;
import dev.fcspec.emulator.mirror.ServedIo;
import dev.fcspec.steps.mirror.VirtualSan.HostIo;
import dev.fcspec.steps.mirror.VirtualSan.MirrorFrame;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Then;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The copies on the servers' devices, the copy each read came from, and the history of what the hosts saw. */
public class CopiesSteps {
    private final VirtualSan vsan;

    public CopiesSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @Then("the copies on {servers} are identical block by block for {int} blocks from LBA {long}")
    public void identical(List<String> servers, int blocks, long lba) {
        String first = servers.get(0);
        for (long b = lba; b < lba + blocks; b++) {
            byte[] reference = vsan.device(first).inspect(b);
            assertThat(Arrays.equals(reference, new byte[VirtualSan.BLOCK]))
                    .as("block %d on %s holds written data", b, first).isFalse();
            for (String s : servers.subList(1, servers.size())) {
                assertThat(vsan.device(s).inspect(b)).as("block %d on %s, against %s", b, s, first)
                        .isEqualTo(reference);
            }
        }
    }

    @Then("{word} served the read from its own device")
    public void servedLocally(String server) {
        ServedIo r = lastRead(server);
        assertThat(r.servedFrom()).as("whose device supplied the data %s returned", server).isEqualTo(server);
        assertThat(vsan.device(server).reads()).as("reads that reached %s's device", server)
                .isGreaterThan(vsan.deviceReadsBeforeLastRead(server));
        HostIo io = lastHostRead(server);
        assertThat(vsan.mirrorFrames(io.frameMark())).as("READ_COPY requests while %s served the read", server)
                .noneMatch(f -> f.isRequest(MirrorProtocol.OP_READ_COPY));
    }

    @Then("{word} served the read from the copy on {word}")
    public void servedFromPeer(String server, String peer) {
        ServedIo r = lastRead(server);
        assertThat(r.servedFrom()).as("whose device supplied the data %s returned", server).isEqualTo(peer);
        assertThat(vsan.device(peer).reads()).as("reads that reached %s's device", peer)
                .isGreaterThan(vsan.deviceReadsBeforeLastRead(peer));
        int sid = vsan.server(server).id();
        int pid = vsan.server(peer).id();
        HostIo io = lastHostRead(server);
        List<MirrorFrame> frames = vsan.mirrorFrames(io.frameMark());
        assertThat(frames).as("%s's READ_COPY request", server)
                .anyMatch(f -> f.isRequest(MirrorProtocol.OP_READ_COPY) && f.serverId() == sid
                        && f.firstParameter() == io.lba());
        assertThat(frames).as("%s's READ_COPY reply with the data", peer)
                .anyMatch(f -> f.isReply(MirrorProtocol.OP_READ_COPY) && f.serverId() == pid
                        && f.status() == MirrorProtocol.STATUS_GOOD);
        assertThat(vsan.engine(peer).events()).as("%s's mirror engine events", peer)
                .anyMatch(e -> e.kind() == MirrorEngine.EventKind.COPY_READ_SERVED && e.peer() == sid);
    }

    @Then("{word} asked {word} for the copy over the dedicated link between them")
    public void askedOverDedicated(String server, String peer) {
        HostIo io = lastHostRead(server);
        String cable = vsan.dedicatedCable(server, peer);
        assertThat(vsan.mirrorFrames(io.frameMark())).filteredOn(f -> f.isRequest(MirrorProtocol.OP_READ_COPY)
                || f.isReply(MirrorProtocol.OP_READ_COPY)).as("READ_COPY request and reply").hasSize(2)
                .allMatch(f -> f.seen().link().equals(cable));
    }

    @Then("{word} told {word} it was back and learned the regions written meanwhile: {regions}")
    public void rejoined(String server, String peer, List<Long> regions) {
        int sid = vsan.server(server).id();
        int pid = vsan.server(peer).id();
        List<MirrorFrame> frames = vsan.mirrorFrames(0);
        assertThat(frames).as("%s's REJOIN to %s", server, peer)
                .anyMatch(f -> f.isRequest(MirrorProtocol.OP_REJOIN) && f.serverId() == sid);
        assertThat(vsan.engine(peer).events()).as("%s's mirror engine events", peer)
                .anyMatch(e -> e.kind() == MirrorEngine.EventKind.PEER_REJOINED && e.peer() == sid
                        && e.detail().equals(regions.toString()));
        assertThat(frames).as("%s's answer", peer)
                .anyMatch(f -> f.isReply(MirrorProtocol.OP_REJOIN) && f.serverId() == pid
                        && f.status() == MirrorProtocol.STATUS_GOOD);
    }

    @Then("{word} copied region {long} from {word} before serving hosts again")
    public void copiedRegion(String server, long region, String peer) {
        int sid = vsan.server(server).id();
        long lba = region * vsan.regionBlocks();
        List<MirrorEngine.Event> ev = vsan.engine(server).events();
        MirrorEngine.Event copied = ev.stream().filter(e -> e.kind() == MirrorEngine.EventKind.REGION_RESYNCHRONISED
                && e.lba() == lba).findFirst().orElseThrow(() -> new AssertionError(server
                + " copied no region " + region + "; its events: " + ev));
        MirrorEngine.Event online = ev.stream().filter(e -> e.kind() == MirrorEngine.EventKind.RESYNCHRONISED)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(copied.at()).as("region %d copied before %s served hosts again", region, server)
                .isLessThanOrEqualTo(online.at());
        int pid = vsan.server(peer).id();
        assertThat(vsan.mirrorFrames(0)).as("%s's READ_COPY of region %d", server, region)
                .anyMatch(f -> f.isRequest(MirrorProtocol.OP_READ_COPY) && f.serverId() == sid
                        && f.firstParameter() == lba);
        assertThat(vsan.engine(peer).events()).as("%s served the copy of region %d", peer, region)
                .anyMatch(e -> e.kind() == MirrorEngine.EventKind.COPY_READ_SERVED && e.peer() == sid
                        && e.lba() == lba);
        assertThat(vsan.mirrorFrames(0)).as("%s's READ_COPY reply", peer)
                .anyMatch(f -> f.isReply(MirrorProtocol.OP_READ_COPY) && f.serverId() == pid
                        && f.status() == MirrorProtocol.STATUS_GOOD);
        assertThat(vsan.policing(server).events()).as("%s held write priority over region %d meanwhile",
                server, region).anyMatch(e -> e.kind() == dev.fcspec.emulator.mirror.PolicingModule.EventKind.HELD
                        && e.firstRegion() == region && e.at() <= copied.at());
    }

    @Then("the device of {word} was not read")
    public void notRead(String server) {
        assertThat(vsan.device(server).reads()).as("reads that reached %s's device since the host's read",
                server).isEqualTo(vsan.deviceReadsBeforeLastRead(server));
    }

    @Then("the history of the shared LUN shows every read returning the last acknowledged write")
    public void historyHolds() {
        // read back, through every server still online, every block a host wrote
        Set<Long> written = new LinkedHashSet<>();
        for (HostIo io : vsan.commands()) {
            if (io.write()) {
                for (long b = io.lba(); b < io.lba() + io.blocks(); b++) {
                    written.add(b);
                }
            }
        }
        assertThat(written).as("blocks written in this scenario").isNotEmpty();
        for (String m : vsan.group().members()) {
            if (vsan.engine(m).state() != MirrorEngine.ServerState.ONLINE
                    || !vsan.engine(m).mayServe()) {
                continue;
            }
            for (long b : written) {
                vsan.finish(vsan.startRead(new PortRef("h1", null), m, b, 1));
            }
        }
        History h = vsan.history();
        List<History.Violation> v = h.check();
        long reads = h.operations().stream().filter(o -> o.toString().contains(" read ")).count();
        vsan.san().context().log("history of the shared LUN: " + h.operations().size() + " block operations, "
                + reads + " reads, " + v.size() + " violations");
        assertThat(v).as("reads no acknowledged or in-flight write explains").isEmpty();
    }

    private ServedIo lastRead(String server) {
        List<ServedIo> reads = vsan.servedIo(server).stream().filter(s -> !s.write()).toList();
        assertThat(reads).as("reads %s served", server).isNotEmpty();
        return reads.get(reads.size() - 1);
    }

    private HostIo lastHostRead(String server) {
        return vsan.commands().stream().filter(c -> !c.write() && c.server().equals(server)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no host read through " + server));
    }
}
