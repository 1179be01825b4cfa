package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.MirrorProtocol;
import dev.fcspec.emulator.mirror.MirrorServer;
import dev.fcspec.emulator.mirror.PolicingModule;
import dev.fcspec.emulator.mirror.PolicingModule.EventKind;
import dev.fcspec.steps.mirror.VirtualSan.HostIo;
import dev.fcspec.steps.mirror.VirtualSan.MirrorFrame;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The policing protocol modules: who asked whom for write priority, who answered when, in which order writes ran. */
public class PolicingSteps {
    private final VirtualSan vsan;

    public PolicingSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @Then("{word}'s policing protocol module asked {word} for write priority over region {long} before {word} executed the write")
    public void askedForRegion(String server, String peer, long region, String writer) {
        MirrorFrame rq = request(server, peer, region);
        HostIo io = vsan.lastWriteThrough(writer);
        long wrote = vsan.localWriteAt(writer, io.lba(), io.startedAt());
        assertThat(rq.at()).as("%s's PRIORITY_REQUEST to %s comes before %s executed the write", server, peer, writer)
                .isLessThan(wrote);
        assertThat(vsan.policing(server).events()).as("%s's policing events", server)
                .anyMatch(e -> e.kind() == EventKind.REQUESTED && e.firstRegion() == region);
    }

    @Then("{word}'s policing protocol module asked {word} for write priority before the write")
    public void asked(String server, String peer) {
        HostIo io = vsan.lastWriteThrough(server);
        long region = io.lba() / vsan.regionBlocks();
        askedForRegion(server, peer, region, server);
    }

    @Then("{word}'s policing protocol module asked {word} and {word} for write priority before {word} executed the write")
    public void askedBoth(String server, String p1, String p2, String writer) {
        HostIo io = vsan.lastWriteThrough(writer);
        long region = io.lba() / vsan.regionBlocks();
        askedForRegion(server, p1, region, writer);
        askedForRegion(server, p2, region, writer);
    }

    @Then("{word}'s policing protocol module answered that it holds no priority there before {word} executed the write")
    public void answered(String peer, String writer) {
        HostIo io = vsan.lastWriteThrough(writer);
        int peerId = vsan.server(peer).id();
        int writerId = vsan.server(writer).id();
        MirrorFrame rq = vsan.mirrorFrames(io.frameMark()).stream()
                .filter(f -> f.isRequest(MirrorProtocol.OP_PRIORITY_REQUEST) && f.serverId() == writerId).findFirst()
                .orElseThrow(() -> new AssertionError(writer + " sent no PRIORITY_REQUEST"));
        MirrorFrame grant = vsan.mirrorFrames(io.frameMark()).stream()
                .filter(f -> f.isReply(MirrorProtocol.OP_PRIORITY_REQUEST) && f.serverId() == peerId
                        && f.at() > rq.at())
                .findFirst().orElseThrow(() -> new AssertionError(peer + " did not answer " + writer
                        + "'s PRIORITY_REQUEST"));
        assertThat(grant.status()).as("%s's answer", peer).isEqualTo(MirrorProtocol.STATUS_GRANTED);
        assertThat(grant.at()).as("%s's answer comes before %s executed the write", peer, writer)
                .isLessThan(vsan.localWriteAt(writer, io.lba(), io.startedAt()));
        assertThat(vsan.policing(peer).events()).as("%s's policing events", peer)
                .anyMatch(e -> e.kind() == EventKind.GRANTED && e.peer() == writerId);
    }

    @Then("the policing messages crossed the dedicated link between {word} and {word}")
    public void policingOnDedicated(String a, String b) {
        String cable = vsan.dedicatedCable(a, b);
        List<MirrorFrame> p = policing();
        assertThat(p).as("PRIORITY_REQUEST messages and answers").isNotEmpty()
                .allMatch(f -> f.seen().link().equals(cable));
    }

    @Then("the policing messages crossed the switch of fabric A")
    public void policingOnFabric() {
        List<MirrorFrame> p = policing();
        assertThat(p).as("PRIORITY_REQUEST messages and answers").isNotEmpty()
                .allMatch(f -> vsan.onFabric(f.seen(), "A"));
    }

    private List<MirrorFrame> policing() {
        return vsan.mirrorFrames(0).stream().filter(f -> f.isRequest(MirrorProtocol.OP_PRIORITY_REQUEST)
                || f.isReply(MirrorProtocol.OP_PRIORITY_REQUEST)).toList();
    }

    private MirrorFrame request(String server, String peer, long region) {
        MirrorServer s = vsan.server(server);
        MirrorServer p = vsan.server(peer);
        HostIo io = vsan.lastWriteThrough(server);
        List<Endpoint> towardsPeer = new ArrayList<>();
        p.networkPorts().values().forEach(n -> towardsPeer.add(vsan.endpointOf(n)));
        if (p.dedicatedPorts().containsKey(server)) {
            towardsPeer.add(vsan.endpointOf(p.dedicatedPorts().get(server)));
        }
        return vsan.mirrorFrames(io.frameMark()).stream()
                .filter(f -> f.isRequest(MirrorProtocol.OP_PRIORITY_REQUEST) && f.serverId() == s.id()
                        && f.firstParameter() == region && towardsPeer.stream().anyMatch(f::deliveredTo))
                .findFirst().orElseThrow(() -> new AssertionError(server + " sent " + peer
                        + " no PRIORITY_REQUEST for region " + region + "; mirror messages: "
                        + vsan.mirrorFrames(io.frameMark())));
    }

    @Then("on both servers the concurrent writes were executed one at a time, in priority order")
    public void inPriorityOrder() {
        List<String> members = vsan.group().members();
        List<List<Integer>> orders = new ArrayList<>();
        for (String m : members) {
            MirrorServer s = vsan.server(m);
            List<Integer> order = new ArrayList<>();
            for (MirrorEngine.Event e : vsan.engine(m).events()) {
                if (e.kind() == MirrorEngine.EventKind.LOCAL_WRITE) {
                    order.add(s.id());
                } else if (e.kind() == MirrorEngine.EventKind.COPY_EXECUTED) {
                    order.add(e.peer());
                }
            }
            orders.add(order);
        }
        for (int i = 1; i < orders.size(); i++) {
            assertThat(orders.get(i)).as("writers in the order %s executed the writes, against %s's order",
                    members.get(i), members.get(0)).isEqualTo(orders.get(0));
        }
        // the priority order: every claim of every server, sorted by (timestamp, server id)
        record Claim(long ts, int server) {
        }
        List<Claim> claims = new ArrayList<>();
        for (String m : members) {
            MirrorServer s = vsan.server(m);
            // the claims of the writes (reads take priority over their regions too, but write nothing)
            java.util.Set<String> writeClaims = new java.util.HashSet<>();
            vsan.engine(m).events().stream().filter(e -> e.kind() == MirrorEngine.EventKind.LOCAL_WRITE)
                    .forEach(e -> writeClaims.add(e.detail()));
            vsan.policing(m).events().stream().filter(e -> e.kind() == EventKind.REQUESTED
                            && writeClaims.contains("priority " + e.timestamp()))
                    .forEach(e -> claims.add(new Claim(e.timestamp(), s.id())));
        }
        // within each round of two concurrent writes, the one that ranks first was executed first
        List<Integer> executed = orders.get(0);
        List<Integer> expected = new ArrayList<>();
        List<Claim> byTime = new ArrayList<>(claims);
        byTime.sort(Comparator.comparingLong(Claim::ts).thenComparingInt(Claim::server));
        byTime.forEach(c -> expected.add(c.server()));
        assertThat(executed).as("writers in execution order, against the order of their priorities %s", byTime)
                .isEqualTo(expected);
    }

    @Then("each time the server whose write ranked lower waited for the other's answer until that write was done")
    public void lowerWaited() {
        int rounds = (int) vsan.commands().stream().filter(HostIo::write).count() / 2;
        List<PolicingModule.Event> deferred = new ArrayList<>();
        for (String m : vsan.group().members()) {
            List<PolicingModule.Event> ev = vsan.policing(m).events();
            for (PolicingModule.Event e : ev) {
                if (e.kind() == EventKind.DEFERRED) {
                    deferred.add(e);
                    assertThat(ev).as("%s sent its held-back answer to server %d only when it released its own"
                            + " priority", m, e.peer())
                            .anyMatch(g -> g.kind() == EventKind.DEFERRED_GRANT_SENT && g.peer() == e.peer()
                                    && g.at() >= e.at() && ev.stream().anyMatch(r -> r.kind() == EventKind.RELEASED
                                    && r.at() == g.at()));
                }
            }
        }
        assertThat(deferred).as("requests for write priority held back by the server whose write ranked first")
                .hasSize(rounds);
    }

    @Then("neither server held back the other's request for write priority")
    public void noneHeldBack() {
        for (String m : vsan.group().members()) {
            List<PolicingModule.Event> ev = vsan.policing(m).events();
            assertThat(ev).as("%s's policing events", m).noneMatch(e -> e.kind() == EventKind.DEFERRED)
                    .anyMatch(e -> e.kind() == EventKind.GRANTED);
        }
    }
}
