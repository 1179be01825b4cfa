package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.mirror.MirrorEngine;
import dev.fcspec.emulator.mirror.TieBreakWitness;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.mirror.VirtualSan.HostIo;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;

/**
 * Two servers that cannot reach each other: which one goes on alone (the lower server id, or the higher one
 * once the fabric's name server confirms the other is gone), and what hosts of the other one see.
 */
public class TieBreakSteps {
    private final VirtualSan vsan;

    public TieBreakSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @When("{port} starts writing {int} blocks of pattern {word} at LBA {long} of the shared LUN through server {word}, and the dedicated link between {word} and {word} is cut while {word} sends the copy")
    public void writeCutWhileCopying(PortRef host, int blocks, String pattern, long lba, String server, String a,
                                     String b, String sender) {
        HostIo io = vsan.startWrite(host, server, lba, blocks, pattern);
        MirrorEngine e = vsan.engine(sender);
        vsan.san().await(sender + " sends the copy", () -> e.events().stream().anyMatch(x -> x.at() >= io.startedAt()
                && x.kind() == MirrorEngine.EventKind.COPY_SENT), VirtualSan.DEADLINE);
        vsan.san().bench().linkOf(vsan.endpointOf(vsan.server(a).dedicatedPorts().get(b))).orElseThrow().faults()
                .partition();
        assertThat(e.events()).as("%s executed the write on its own device first", sender)
                .anyMatch(x -> x.at() >= io.startedAt() && x.kind() == MirrorEngine.EventKind.LOCAL_WRITE
                        && x.lba() == lba);
    }

    @Then("the {word} of {port} is refused with NOT READY, as {word} cannot reach {word} and does not win the tie")
    public void refusedTie(String what, PortRef host, String server, String peer) {
        HostIo io = vsan.last(host);
        assertThat(io.write()).as("%s's last command is a %s", host, what).isEqualTo(what.equals("write"));
        FcpResult r = vsan.finish(io);
        assertThat(r).as("%s's %s through %s was answered", host, what, io.server()).isNotNull();
        VirtualSan.assertNotReady(r);
        MirrorEngine e = vsan.engine(server);
        // the host's command may end before the witness answered (a write whose copy was lost fails at once)
        vsan.san().await(server + " hears from the witness", () -> e.tieBreak() != MirrorEngine.TieBreak.ASKING_WITNESS,
                VirtualSan.DEADLINE);
        assertThat(vsan.server(server).id()).as("%s's server id, against %s's", server, peer)
                .isGreaterThan(vsan.server(peer).id());
        assertThat(e.tieBreak()).as("%s's tie-breaker", server).isEqualTo(MirrorEngine.TieBreak.CUT_APART);
        assertThat(e.mayServe()).as("%s serves hosts", server).isFalse();
    }

    @Then("{word}'s write was not acknowledged and stays to be overwritten from {word}'s copy")
    public void notAcknowledged(String server, String peer) {
        MirrorEngine e = vsan.engine(server);
        assertThat(e.events()).as("%s's events", server)
                .anyMatch(x -> x.kind() == MirrorEngine.EventKind.WRITE_NOT_ACKNOWLEDGED);
        HostIo io = vsan.lastWriteThrough(server);
        long region = io.lba() / e.regionBlocks();
        assertThat(e.divergentRegions()).as("regions %s takes from %s when they reconnect", server, peer)
                .contains(region);
    }

    @Then("{word} asked the fabric's name server for {word}'s port and learned that it is {witnessAnswer}")
    public void askedWitness(String server, String peer, TieBreakWitness.Answer answer) {
        NPort mine = vsan.hostPort(server);
        Wwn theirs = vsan.hostPort(peer).portName();
        List<Seen> queries = vsan.san().traffic().since(0, s -> s.header().type() == FcType.CT
                && s.header().dId().equals(FcId.DIRECTORY_SERVER) && s.sender() != null
                && s.sender().equals(vsan.endpointOf(mine)) && isGidPnFor(s, theirs));
        assertThat(queries).as("%s's GID_PN for %s (%s) on its cable to the fabric", server, peer, theirs)
                .isNotEmpty();
        int expected = answer == TieBreakWitness.Answer.REGISTERED ? CtConstants.FS_ACC : CtConstants.FS_RJT;
        List<Seen> answers = vsan.san().traffic().since(queries.get(0).index(), s -> s.header().type() == FcType.CT
                && s.header().sId().equals(FcId.DIRECTORY_SERVER) && s.receiver() != null
                && s.receiver().equals(vsan.endpointOf(mine)) && commandResponse(s) == expected);
        assertThat(answers).as("the name server's %s to %s", expected == CtConstants.FS_ACC ? "FS_ACC" : "FS_RJT",
                server).isNotEmpty();
        MirrorEngine e = vsan.engine(server);
        assertThat(e.events()).as("%s's events", server)
                .anyMatch(x -> x.kind() == MirrorEngine.EventKind.WITNESS_ANSWERED && x.detail().equals(answer.name()));
        assertThat(e.tieBreak()).as("%s's tie-breaker", server).isEqualTo(
                answer == TieBreakWitness.Answer.NOT_REGISTERED ? MirrorEngine.TieBreak.PEER_GONE
                        : MirrorEngine.TieBreak.CUT_APART);
    }

    private static boolean isGidPnFor(Seen s, Wwn wwpn) {
        try {
            CtIu iu = CtIu.decode(s.frame().payload());
            return iu.preamble().commandResponse() == CtConstants.GID_PN && iu.payloadLength() >= 8
                    && Wwn.readFrom(iu.payload(), 0).equals(wwpn);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int commandResponse(Seen s) {
        try {
            return CtIu.decode(s.frame().payload()).preamble().commandResponse();
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
