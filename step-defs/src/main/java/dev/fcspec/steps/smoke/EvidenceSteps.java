package dev.fcspec.steps.smoke;

import dev.fcspec.emulator.port.els.Echo;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameCodec;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.PcapWriter;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.steps.support.ScenarioContext;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps of the {@code @smoke} evidence feature: a frame exchange captured through the scenario context. */
public class EvidenceSteps {

    private static final int ELS_ECHO = 0x10;

    private final ScenarioContext context;
    private List<Frame> sent;
    private List<Frame> decoded;
    private byte[] capture;

    public EvidenceSteps(ScenarioContext context) {
        this.context = context;
    }

    @Given("an ECHO from {fcid} to {fcid} on an exchange chosen by the scenario seed")
    public void anEcho(FcId from, FcId to) {
        int oxId = context.random().nextInt(0xFFFF);
        byte[] data = ("fcspec " + context.identity().location()).getBytes(StandardCharsets.US_ASCII);
        Echo echo = new Echo(ELS_ECHO, data);
        Frame request = Frame.single(FrameHeader.of(RCtl.ELS_REQ, to, from, FcType.ELS, FCtl.REQUEST, oxId),
                echo.encode());
        Frame reply = Frame.single(FrameHeader.of(RCtl.ELS_REP, from, to, FcType.ELS, FCtl.FINAL_RESPONSE, oxId)
                .withRxId(context.random().nextInt(0xFFFF)), echo.accept().encode());
        sent = List.of(request, reply);
    }

    @When("the ECHO and its LS_ACC are encoded and decoded again")
    public void roundTrip() {
        decoded = sent.stream().map(f -> FrameCodec.decode(FrameCodec.encode(f))).toList();
        capture = PcapWriter.toPcap(new long[] {0L, 1_000L}, sent.toArray(Frame[]::new));
        context.addCapture("", capture);
    }

    @Then("both frames come back unchanged")
    public void unchanged() {
        assertThat(decoded).containsExactlyElementsOf(sent);
    }

    @Then("the scenario's capture holds both frames")
    public void captureHoldsBoth() {
        int expected = PcapWriter.GLOBAL_HEADER_LENGTH;
        for (Frame f : sent) {
            expected += PcapWriter.RECORD_HEADER_LENGTH + FrameCodec.encode(f).length;
        }
        assertThat(capture).hasSize(expected);
        assertThat(context.captureFileName("")).isEqualTo("smoke-evidence-6-an-echo-exchange-is-captured.pcap");
    }
}
