package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fabric.FabricState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.ct.CtPreamble;
import dev.fcspec.emulator.port.ct.NameServerReply;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.ElsCommand;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.RlsAcc;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Requests the fabric must refuse (malformed ELS and CT payloads) and frames that arrive corrupted. A
 * malformed request is sent as a host that builds it wrongly would: on a new exchange from the host's own
 * address, with the payload bytes exactly as the scenario describes them.
 */
public class FrameErrorSteps {

    private final San san;
    private final NameServerSteps nameServer;
    private PortRef sender;
    private Seen lastRequest;
    private int lastCommand;
    private String fabric;
    private FabricState before;
    private CompletableFuture<NameServerReply> pendingQuery;
    private int pendingMark;

    public FrameErrorSteps(San san, NameServerSteps nameServer) {
        this.san = san;
        this.nameServer = nameServer;
    }

    @When("{port} sends the fabric a FLOGI whose payload is {int} bytes long")
    public void sendsShortFlogi(PortRef port, int length) {
        NPort p = san.nPort(port);
        byte[] good = LoginParameters.flogi(p.portName(), p.nodeName(), 2048, 2000, true).encode();
        sendRawEls(port, FcId.FABRIC_LOGIN_SERVER, Arrays.copyOf(good, length));
    }

    @When("{port} sends the fabric an ELS with command code {word}")
    public void sendsUnknownEls(PortRef port, String code) {
        byte[] payload = new byte[8];
        payload[0] = (byte) Integer.decode(code).intValue();
        sendRawEls(port, FcId.FABRIC_LOGIN_SERVER, payload);
    }

    @When("{port} sends the name server a request with command code {word}")
    public void sendsUnknownCt(PortRef port, String code) {
        snapshot(port);
        NPort p = san.nPort(port);
        int mark = san.traffic().mark();
        CtIu request = new CtIu(CtPreamble.nameServerRequest(Integer.decode(code)), new byte[4]);
        CtIu answer = san.complete(port + "'s name-server request", p.sendCt(FcId.DIRECTORY_SERVER, request), San.PROMPTLY);
        Seen req = san.traffic().since(mark, s -> san.endpoint(port).equals(s.sender()) && s.isCtRequest())
                .stream().findFirst().orElseThrow(() -> new AssertionError(port + " sent no CT request"));
        Seen onWire = san.traffic().answerTo(req).orElseThrow(() -> new AssertionError("no answer on the wire"));
        assertThat(onWire.ctIu()).as("the answer %s took", port).isEqualTo(answer);
        nameServer.rememberAnswer(onWire.ctIu());
    }

    @Then("the fabric answers LS_RJT with reason {string} and explanation {string}")
    public void answersLsRjt(String reason, String explanation) {
        assertThat(lastRequest).as("a request sent by this scenario").isNotNull();
        Seen answer = san.traffic().answerTo(lastRequest)
                .orElseThrow(() -> new AssertionError("the fabric did not answer " + lastRequest));
        Rejects.assertLsRjt(answer, lastCommand, reason, explanation);
    }

    @Then("the fabric's state is as it was before the request")
    public void stateUnchanged() {
        assertThat(san.switchState(fabric).state()).as("fabric %s's logins, name server, registrations, zoning", fabric)
                .isEqualTo(before);
    }

    @Given("the link of {port} corrupts the next name-server answer to {port}")
    public void corruptsNextAnswer(PortRef link, PortRef to) {
        FcId id = san.nPort(to).fcId();
        san.bench().linkOf(san.endpoint(link)).orElseThrow().faults()
                .corruptNext(1, f -> f.header().dId().equals(id) && f.header().rCtl() == RCtl.CT_REP);
    }

    @When("{port} asks the name server for the WWPN of {port}'s FC_ID without waiting for the answer")
    public void asksWithoutWaiting(PortRef port, PortRef target) {
        sender = port;
        pendingMark = san.traffic().mark();
        pendingQuery = san.nPort(port).queryNameServer(new NameServerRequest.GpnId(san.nPort(target).fcId()));
        san.runFor(java.time.Duration.ofMillis(100));
    }

    @Then("the name server's answer reached {port} corrupted and {port} discarded it")
    public void answerDiscarded(PortRef port, PortRef same) {
        List<Seen> answers = san.traffic().since(pendingMark, s -> san.endpoint(port).equals(s.receiver())
                && s.isCtResponse());
        assertThat(answers).as("name-server answers sent towards %s", port).hasSize(1);
        assertThat(san.bench().linkOf(san.endpoint(port)).orElseThrow().statistics().corrupted())
                .as("frames the link corrupted").isEqualTo(1);
        assertThat(pendingQuery.isDone() && !pendingQuery.isCompletedExceptionally())
                .as("%s's query completed with the corrupted answer", port).isFalse();
    }

    @Then("{port} reads {int} invalid CRC(s) from {port} with RLS")
    public void readsInvalidCrcs(PortRef reader, int count, PortRef port) {
        NPort r = san.nPort(reader);
        RemotePort remote = r.remotePort(san.nPort(port).fcId())
                .orElseThrow(() -> new AssertionError(reader + " is not logged in with " + port));
        int mark = san.traffic().mark();
        RlsAcc acc = san.complete(reader + "'s RLS to " + port, remote.rls(), San.PROMPTLY);
        Seen rls = san.traffic().since(mark, s -> san.endpoint(reader).equals(s.sender()) && s.isElsRequest(ElsCommand.RLS))
                .stream().findFirst().orElseThrow(() -> new AssertionError(reader + " sent no RLS"));
        Seen answer = san.traffic().answerTo(rls).orElseThrow(() -> new AssertionError("the RLS was not answered"));
        assertThat(answer.elsReply(ElsCommand.RLS)).as("RLS LS_ACC on the wire").isEqualTo(acc);
        assertThat(acc.invalidCrcs()).as("invalid CRC count %s reports", port).isEqualTo(count);
    }

    private void sendRawEls(PortRef port, FcId to, byte[] payload) {
        snapshot(port);
        sender = port;
        lastCommand = payload[0] & 0xFF;
        NPort p = san.nPort(port);
        int mark = san.traffic().mark();
        List<Sequence> replies = new ArrayList<>();
        Exchange e = p.originate(to, FcType.ELS, (x, s) -> replies.add(s));
        e.send(RCtl.ELS_REQ, payload);
        san.await("an answer to " + port + "'s request", () -> !replies.isEmpty(), San.PROMPTLY);
        lastRequest = san.traffic().since(mark, s -> san.endpoint(port).equals(s.sender())
                && s.header().rCtl() == RCtl.ELS_REQ).stream().findFirst().orElseThrow();
    }

    private void snapshot(PortRef port) {
        fabric = san.bench().fabricOf(san.endpoint(port)).orElseThrow().name();
        san.runFor(San.PROMPTLY);
        before = san.switchState(fabric).state();
    }
}
