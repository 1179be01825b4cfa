package dev.fcspec.steps.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpCmnd;
import dev.fcspec.emulator.fcp.FcpRsp;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.bls.BaAcc;
import dev.fcspec.emulator.port.bls.BaRjt;
import dev.fcspec.emulator.port.bls.BlsCodec;
import dev.fcspec.emulator.port.bls.BlsPayload;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.san.Traffic.Seen;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Aborting exchanges with ABTS. The exchange to abort is an FCP command (TEST UNIT READY) that the target
 * answers only after a delay, as a busy array does. The steps put the FCP_CMND and FCP_RSP on the exchange
 * themselves, so that the scenario controls when the target answers.
 */
public class AbortSteps {

    private final San san;
    private final List<Exchange> heldByTarget = new ArrayList<>();
    private final List<Sequence> receivedByOriginator = new ArrayList<>();
    private Exchange exchange;
    private PortRef originator;
    private PortRef responder;
    private CompletableFuture<BlsPayload> abortAnswer;
    private int lateAnswersRefused;

    public AbortSteps(San san) {
        this.san = san;
    }

    @Given("{port} is logged in to {port}")
    public void isLoggedInTo(PortRef from, PortRef to) {
        NPort f = san.nPort(from);
        FcId target = san.nPort(to).fcId();
        RemotePort r = san.complete(from + "'s login to " + to, f.login(target), San.PROMPTLY);
        assertThat(r.isLoggedIn()).as("%s logged in to %s", from, to).isTrue();
    }

    @Given("{port} answers FCP commands only after {int} seconds")
    public void answersLate(PortRef target, int seconds) {
        san.nPort(target).registerFc4Handler(FcType.FCP, (port, remote, ex, first) -> {
            heldByTarget.add(ex);
            san.scheduler().schedule(Duration.ofSeconds(seconds), () -> {
                try {
                    ex.sendLast(RCtl.FCP_RSP, FcpRsp.ofStatus(0x00, new byte[0], false, false, 0).encode());
                } catch (IllegalStateException aborted) {
                    lateAnswersRefused++;
                }
            });
        });
    }

    @Given("{port} has sent an FCP command to {port}")
    public void hasSentFcpCommand(PortRef from, PortRef to) {
        originator = from;
        responder = to;
        exchange = san.nPort(from).originate(san.nPort(to).fcId(), FcType.FCP, new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                receivedByOriginator.add(s);
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
            }
        });
        exchange.send(RCtl.FCP_CMND, testUnitReady());
        san.await(to + " holding the FCP command", () -> !heldByTarget.isEmpty(), San.PROMPTLY);
    }

    @When("{port} aborts that exchange")
    public void abortsThatExchange(PortRef port) {
        san.markAction();
        abortAnswer = exchange.abort();
        san.await("an answer to " + port + "'s ABTS", abortAnswer::isDone, San.PROMPTLY);
    }

    @When("{port} sends ABTS to {port} for an exchange {port} has never seen")
    public void abtsForUnknownExchange(PortRef from, PortRef to, PortRef same) {
        originator = from;
        responder = to;
        exchange = san.nPort(from).originate(san.nPort(to).fcId(), FcType.FCP, (e, s) -> receivedByOriginator.add(s));
        abortsThatExchange(from);
    }

    @Then("{port} answers the ABTS with BA_ACC naming the exchange's OX_ID and RX_ID")
    public void answersBaAcc(PortRef port) {
        Seen answer = abtsAnswerOnWire();
        assertThat(answer.header().rCtl()).as("R_CTL of the answer to the ABTS").isEqualTo(RCtl.BA_ACC);
        BaAcc acc = (BaAcc) BlsCodec.decode(answer.frame());
        Exchange held = heldByTarget.get(heldByTarget.size() - 1);
        assertThat(acc.oxId()).as("OX_ID in the BA_ACC").isEqualTo(exchange.oxId());
        assertThat(acc.rxId()).as("RX_ID in the BA_ACC: %s's exchange", port).isEqualTo(held.rxId());
        assertThat(abortAnswer.join()).as("the BA_ACC %s took", originator).isEqualTo(acc);
    }

    @Then("{port} answers the ABTS with BA_RJT reason {string} and explanation {string}")
    public void answersBaRjt(PortRef port, String reason, String explanation) {
        Seen answer = abtsAnswerOnWire();
        assertThat(answer.header().rCtl()).as("R_CTL of the answer to the ABTS").isEqualTo(RCtl.BA_RJT);
        BaRjt rjt = (BaRjt) BlsCodec.decode(answer.frame());
        Rejects.assertBaRjt(rjt.reason(), rjt.explanation(), reason, explanation);
    }

    @Then("the exchange ends as aborted on {port}")
    public void endsAborted(PortRef port) {
        assertThat(exchange.done()).as("completion of the aborted exchange").isCompletedExceptionally();
        try {
            exchange.done().join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ExchangeException.class);
            assertThat(((ExchangeException) e.getCause()).kind()).isEqualTo(ExchangeException.Cause.LOCAL_ABORT);
        }
        assertThat(exchange.state()).as("state of the exchange on %s", port)
                .isIn(ExchangeState.RECOVERY, ExchangeState.ABORTED);
    }

    @Then("no answer to that FCP command crosses the link of {port}, even after {int} seconds")
    public void noAnswerEvenAfter(PortRef port, int seconds) {
        san.runFor(Duration.ofSeconds(seconds + 1));
        List<Seen> answers = san.traffic().where(s -> san.endpoint(port).equals(s.receiver())
                && s.header().type() == FcType.FCP && s.header().oxId() == exchange.oxId());
        assertThat(answers).as("FCP frames to %s on the aborted exchange", port).isEmpty();
        assertThat(receivedByOriginator).as("sequences %s received on the aborted exchange", port).isEmpty();
        assertThat(lateAnswersRefused).as("late answers %s could not send on the aborted exchange", responder)
                .isEqualTo(heldByTarget.size());
    }

    private Seen abtsAnswerOnWire() {
        Seen abts = san.traffic().where(s -> san.endpoint(originator).equals(s.sender())
                        && s.header().rCtl() == RCtl.BA_ABTS && s.header().oxId() == exchange.oxId())
                .stream().reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError(originator + " sent no ABTS"));
        return san.traffic().answerTo(abts).orElseThrow(
                () -> new AssertionError(responder + " did not answer the ABTS"));
    }

    /** FCP_CMND: TEST UNIT READY to LUN 0, no data. */
    private static byte[] testUnitReady() {
        return FcpCmnd.command(0, new byte[6], TaskAttribute.SIMPLE, false, false, 0).encode();
    }
}
