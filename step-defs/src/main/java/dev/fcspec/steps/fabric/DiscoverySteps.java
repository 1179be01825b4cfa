package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fabric.NameServerEntry;
import dev.fcspec.emulator.port.DiscoveryState;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Prli;
import dev.fcspec.emulator.port.els.PrliConstants;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Target discovery: a host port asks the name server which FCP ports exist (GPN_FT) and logs in to each
 * (PLOGI, PRLI) without a step naming their addresses, and does it again after an RSCN. Every check reads what
 * crossed the host's cable.
 */
public class DiscoverySteps {

    /** How long discovery may take: GPN_FT, then a PLOGI and a PRLI per port found. */
    private static final Duration DISCOVERY = Duration.ofSeconds(30);

    private final San san;

    public DiscoverySteps(San san) {
        this.san = san;
    }

    @Given("{port} discovers targets through the name server")
    public void discoversTargets(PortRef port) {
        NPort p = san.nPort(port);
        p.setDiscovery(true);
        assertThat(p.discovery().enabled()).as("%s discovers targets (it is an FCP initiator)", port).isTrue();
        if (p.state() == LportState.READY && p.isFabricAttached()) {
            san.markAction();
            p.discovery().start();
        }
    }

    @Then("{port} discovers the targets on fabric {word}")
    public void discoversTheTargetsOn(PortRef port, String fabric) {
        san.requireCabledTo(port, fabric);
        NPort p = settled(port);
        Seen request = lastGpnFt(port);
        assertThat(request.header().dId()).as("GPN_FT destination").isEqualTo(FcId.DIRECTORY_SERVER);
        CtIu iu = request.ctIu();
        assertThat(iu.preamble().gsType()).as("GS_TYPE of the GPN_FT").isEqualTo(CtConstants.GS_TYPE_DIRECTORY);
        assertThat(iu.payload()[3] & 0xFF).as("FC-4 TYPE asked for").isEqualTo(FcType.FCP);
        List<PortIdAndName> listed = listed(accept(request));
        // what the switch holds independently of the answer: the FCP ports zoned with this one
        List<FcId> expected = san.switchState(fabric).nameServer().visibleTo(p.fcId()).stream()
                .filter(e -> e.fc4Types().contains(FcType.FCP)).map(NameServerEntry::portId).toList();
        assertThat(listed).extracting(PortIdAndName::portId).as("ports in the GPN_FT accept to %s", port)
                .containsExactlyInAnyOrderElementsOf(expected);
        for (PortIdAndName e : listed) {
            if (e.portId().equals(p.fcId())) {
                assertThat(san.traffic().where(s -> s.link().equals(request.link()) && s.isElsRequest(ElsCommand.PLOGI)
                        && s.header().dId().equals(p.fcId()))).as("PLOGI from %s to itself", port).isEmpty();
                continue;
            }
            assertLoggedIn(port, e.portId(), request);
        }
        assertThat(p.discovery().state()).isEqualTo(DiscoveryState.READY);
    }

    @Then("{port} has logged in to {port} without being told its address")
    public void loggedInWithoutAddress(PortRef port, PortRef target) {
        settled(port);
        Seen request = lastGpnFt(port);
        FcId id = san.nPort(target).fcId();
        List<PortIdAndName> listed = listed(accept(request));
        assertThat(listed).as("the name server's GPN_FT accept to %s", port)
                .contains(new PortIdAndName(id, san.nPort(target).portName()));
        assertLoggedIn(port, id, firstGpnFtListing(port, id));
        RemotePort r = san.nPort(port).remotePort(id).orElseThrow();
        assertThat(r.isFcpTarget()).as("%s offers the FCP target function in its PRLI accept", target).isTrue();
        assertThat(san.nPort(port).discovery().targets()).as("targets %s found", port).contains(r);
    }

    @Then("the targets {port} found are {ports}")
    public void theTargetsFoundAre(PortRef port, List<PortRef> targets) {
        NPort p = settled(port);
        assertThat(p.discovery().targets()).extracting(RemotePort::portId).as("FCP targets %s logged in to", port)
                .containsExactlyInAnyOrderElementsOf(targets.stream().map(t -> san.nPort(t).fcId()).toList());
    }

    @Then("{port} does not discover {port}")
    public void doesNotDiscover(PortRef port, PortRef other) {
        NPort p = settled(port);
        NPort o = san.nPort(other);
        List<PortIdAndName> listed = listed(accept(lastGpnFt(port)));
        assertThat(listed).extracting(PortIdAndName::portName).as("ports in the GPN_FT accept to %s", port)
                .doesNotContain(o.portName());
        assertThat(plogis(port, o.fcId())).as("PLOGIs from %s to %s", port, other).isEmpty();
        assertThat(p.remotePort(o.fcId())).as("%s's session with %s", port, other).isEmpty();
    }

    @Then("{port} finds no targets on fabric {word}")
    public void findsNoTargets(PortRef port, String fabric) {
        san.requireCabledTo(port, fabric);
        NPort p = settled(port);
        Seen request = lastGpnFt(port);
        NameServerReply reply = accept(request);
        if (reply instanceof NameServerReply.Rejected rj) {
            assertThat(rj.reason()).as("FS_RJT reason").isEqualTo(CtConstants.RJT_UNABLE_TO_PERFORM);
            assertThat(rj.explanation()).as("FS_RJT explanation").isEqualTo(CtConstants.EXPL_FC4_TYPES_NOT_REGISTERED);
        } else {
            assertThat(listed(reply)).extracting(PortIdAndName::portId).as("ports in the GPN_FT accept to %s", port)
                    .containsOnly(p.fcId());
        }
        assertThat(p.discovery().failure()).as("discovery failure").isEmpty();
        assertThat(p.discovery().targets()).as("targets %s found", port).isEmpty();
    }

    @Then("{port} finds {port} after the RSCN")
    public void findsAfterTheRscn(PortRef port, PortRef target) {
        NPort p = san.nPort(port);
        FcId id = san.nPort(target).fcId();
        san.await(port + " logged in to " + target + " (" + id + ")",
                () -> p.remotePort(id).map(RemotePort::isReady).orElse(false)
                        && p.discovery().state() == DiscoveryState.READY, DISCOVERY);
        Seen gpnFt = firstGpnFtListing(port, id);
        assertThat(rscnsNaming(port, id)).as("RSCNs naming %s before the GPN_FT that found it", target)
                .anySatisfy(r -> assertThat(r.index()).isLessThan(gpnFt.index()));
        assertLoggedIn(port, id, gpnFt);
        assertThat(p.discovery().targets()).extracting(RemotePort::portId).contains(id);
    }

    @Then("{port} drops its session with {port} after the RSCN")
    public void dropsAfterTheRscn(PortRef port, PortRef target) {
        NPort p = san.nPort(port);
        FcId id = san.fcIdOf(san.nPort(target));
        san.await(port + " without a session with " + target + " (" + id + ")",
                () -> p.remotePort(id).isEmpty() && p.discovery().state() == DiscoveryState.READY, DISCOVERY);
        List<Seen> rscns = rscnsNaming(port, id);
        assertThat(rscns).as("RSCNs to %s naming %s", port, target).isNotEmpty();
        Seen rscn = rscns.get(rscns.size() - 1);
        Seen after = lastGpnFt(port);
        assertThat(after.index()).as("a GPN_FT after the RSCN").isGreaterThan(rscn.index());
        NameServerReply reply = accept(after);
        if (!(reply instanceof NameServerReply.Rejected)) {
            assertThat(listed(reply)).extracting(PortIdAndName::portId).as("ports in the GPN_FT accept after the RSCN")
                    .doesNotContain(id);
        }
        assertThat(p.discovery().found()).extracting(PortIdAndName::portId).doesNotContain(id);
    }

    // ---- what crossed the wire ------------------------------------------------------------------------

    /** Waits until the port's discovery has settled (READY, with no RSCN still to act on) and returns it. */
    private NPort settled(PortRef port) {
        NPort p = san.nPort(port);
        san.await(port + "'s discovery to finish", () -> p.discovery().state() == DiscoveryState.READY
                || p.discovery().state() == DiscoveryState.FAILED, DISCOVERY);
        san.runFor(San.PROMPTLY);
        san.await(port + "'s discovery to finish", () -> p.discovery().state() == DiscoveryState.READY
                || p.discovery().state() == DiscoveryState.FAILED, DISCOVERY);
        assertThat(p.discovery().failure()).as("%s's discovery failure", port).isEmpty();
        return p;
    }

    private List<Seen> gpnFts(PortRef port) {
        Endpoint e = san.endpoint(port);
        return san.traffic().where(s -> e.equals(s.sender()) && s.isCtRequest()
                && s.ctIu().preamble().commandResponse() == CtConstants.GPN_FT);
    }

    private Seen lastGpnFt(PortRef port) {
        List<Seen> l = gpnFts(port);
        assertThat(l).as("GPN_FT requests %s sent", port).isNotEmpty();
        return l.get(l.size() - 1);
    }

    /** The first GPN_FT whose accept lists {@code id}. */
    private Seen firstGpnFtListing(PortRef port, FcId id) {
        for (Seen g : gpnFts(port)) {
            NameServerReply r = accept(g);
            if (!(r instanceof NameServerReply.Rejected) && listed(r).stream().anyMatch(e -> e.portId().equals(id))) {
                return g;
            }
        }
        throw new AssertionError("no GPN_FT accept to " + port + " lists " + id);
    }

    /**
     * The answer to a GPN_FT, reassembled from every frame of the responder's sequence on the same cable (a
     * large fabric's accept spans several frames) and decoded.
     */
    private NameServerReply accept(Seen request) {
        List<Seen> frames = san.traffic().where(s -> s.index() > request.index() && s.link().equals(request.link())
                && request.sender().equals(s.receiver()) && s.isCtResponse() && s.fromResponder()
                && s.header().oxId() == request.header().oxId() && s.header().sId().equals(request.header().dId()));
        assertThat(frames).as("answer to the GPN_FT %s", request).isNotEmpty();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Seen f : frames) {
            all.writeBytes(f.frame().payload());
        }
        return NameServerReply.decode(CtConstants.GPN_FT, CtIu.decode(all.toByteArray()));
    }

    private static List<PortIdAndName> listed(NameServerReply r) {
        if (!(r instanceof NameServerReply.PortIdsAndNames list)) {
            throw new AssertionError("the name server answered GPN_FT with " + r);
        }
        assertThat(list.residualWords()).as("words the name server left out of the accept").isZero();
        return list.entries();
    }

    private List<Seen> plogis(PortRef port, FcId to) {
        Endpoint e = san.endpoint(port);
        return san.traffic().where(s -> e.equals(s.sender()) && s.isElsRequest(ElsCommand.PLOGI)
                && s.header().dId().equals(to));
    }

    /** A PLOGI and a PRLI from the port to {@code id} after {@code learnedFrom}, both accepted. */
    private void assertLoggedIn(PortRef port, FcId id, Seen learnedFrom) {
        Endpoint e = san.endpoint(port);
        Seen plogi = san.traffic().where(s -> s.index() > learnedFrom.index() && e.equals(s.sender())
                        && s.isElsRequest(ElsCommand.PLOGI) && s.header().dId().equals(id)).stream().findFirst()
                .orElseThrow(() -> new AssertionError(port + " sent no PLOGI to " + id + " after the GPN_FT that listed it"));
        Seen plogiAcc = san.traffic().answerTo(plogi)
                .orElseThrow(() -> new AssertionError(id + " did not answer " + port + "'s PLOGI"));
        assertThat(plogiAcc.elsReply(ElsCommand.PLOGI)).as("answer to %s's PLOGI to %s", port, id)
                .isInstanceOf(LoginParameters.class);
        Seen prli = san.traffic().where(s -> s.index() > plogiAcc.index() && e.equals(s.sender())
                        && s.isElsRequest(ElsCommand.PRLI) && s.header().dId().equals(id)).stream().findFirst()
                .orElseThrow(() -> new AssertionError(port + " sent no PRLI to " + id + " after the PLOGI"));
        ServiceParameterPage page = ((Prli) prli.elsRequest()).page(FcType.FCP)
                .orElseThrow(() -> new AssertionError("the PRLI to " + id + " has no FCP page"));
        assertThat(page.initiatorFunction()).as("initiator function in %s's PRLI", port).isTrue();
        Seen prliAcc = san.traffic().answerTo(prli)
                .orElseThrow(() -> new AssertionError(id + " did not answer " + port + "'s PRLI"));
        Optional<ServiceParameterPage> accepted = ((Prli) prliAcc.elsReply(ElsCommand.PRLI)).page(FcType.FCP);
        assertThat(accepted.map(ServiceParameterPage::responseCode)).as("PRLI response code from %s", id)
                .contains(PrliConstants.RESPONSE_EXECUTED);
        assertThat(san.nPort(port).remotePort(id).map(RemotePort::isReady)).as("%s's session with %s", port, id)
                .contains(true);
    }

    private List<Seen> rscnsNaming(PortRef port, FcId id) {
        Endpoint e = san.endpoint(port);
        return san.traffic().where(s -> e.equals(s.receiver()) && s.isElsRequest(ElsCommand.RSCN)
                && ((Rscn) s.elsRequest()).pages().stream().anyMatch(pg -> pg.addressFormat() == RscnPage.FORMAT_PORT
                && pg.affected().equals(id)));
    }
}
