package dev.fcspec.steps.interconnect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iop.HostCompletion;
import dev.fcspec.emulator.iop.HostRequest;
import dev.fcspec.emulator.iop.IoProcessor;
import dev.fcspec.emulator.iop.IopEvent;
import dev.fcspec.emulator.iop.IopMessage;
import dev.fcspec.emulator.iop.IopProtocol;
import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.steps.interconnect.InterconnectWorld.Adapter;
import dev.fcspec.steps.interconnect.IopTraffic.IopFrame;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Lost, duplicated, unknown and unmatched messages between I/O processors, and what the adapters reported. */
public class IopFaultSteps {

    private final InterconnectWorld world;
    private final NodeRecords records;
    private Map<String, Long> writesBeforeInjection;

    public IopFaultSteps(InterconnectWorld world, NodeRecords records) {
        this.world = world;
        this.records = records;
    }

    private IopTraffic traffic() {
        return new IopTraffic(world.sinceMark());
    }

    private static boolean iopFrom(Frame f, Adapter a, boolean request) {
        return f.header().type() == IopProtocol.TYPE && f.header().sId().equals(a.fcId())
                && (f.header().rCtl() == IopProtocol.R_CTL_REQUEST) == request;
    }

    @Given("the link loses the next request adapter {int} sends")
    public void loseRequest(int adapter) {
        Adapter a = world.adapter(adapter);
        world.adapterLink().faults().dropNext(1, f -> iopFrom(f, a, true));
    }

    @Given("the link loses the next completion adapter {int} sends")
    public void loseCompletion(int adapter) {
        Adapter a = world.adapter(adapter);
        world.adapterLink().faults().dropNext(1, f -> iopFrom(f, a, false));
    }

    @Given("the link delivers the next request adapter {int} sends twice")
    public void duplicateRequest(int adapter) {
        Adapter a = world.adapter(adapter);
        world.adapterLink().faults().duplicateNext(1, f -> iopFrom(f, a, true));
    }

    @Given("the link between the adapters is cut")
    public void cut() {
        world.adapterLink().faults().partition();
    }

    @Then("the I\\/O processor of adapter {int} sent the request with message id {int} {int} times, again only when no completion came")
    public void sentTimes(int adapter, int id, int times) {
        Adapter a = world.adapter(adapter);
        IopTraffic t = traffic();
        List<IopFrame> sent = t.requests(a.fcId(), id);
        assertThat(sent).as("transmissions of message %d:%s", id, t.dump()).hasSize(times);
        Duration timeout = IoProcessor.Config.DEFAULT.completionTimeout();
        for (int i = 1; i < sent.size(); i++) {
            long previous = sent.get(i - 1).time();
            long next = sent.get(i).time();
            assertThat(next - previous).as("wait before transmission %d", i + 1).isGreaterThanOrEqualTo(timeout.toNanos());
            assertThat(t.withId(id).stream().filter(f -> f.message().isCompletion() && f.time() > previous
                    && f.time() < next)).as("completions for message %d between transmissions", id).isEmpty();
            IopMessage m = sent.get(i).message();
            assertThat(m).isEqualTo(sent.get(0).message());
        }
        assertThat(records.iopEvents(a.number(), IopEvent.Kind.RETRANSMISSION)).filteredOn(e -> e.messageId() == id)
                .hasSize(times - 1);
    }

    @Then("adapter {int} applied message {int} once: volume {int} took one write")
    public void appliedOnce(int adapter, int id, int volume) {
        Adapter a = world.adapter(adapter);
        String key = a.node() + "/" + volume;
        long before = world.request(id).writesBefore().get(key);
        assertThat(records.volumeWrites().get(key) - before).as("writes to volume %d of node %d", volume, a.node())
                .isEqualTo(1);
        assertThat(records.iopEvents(a.number(), IopEvent.Kind.REMOTE_OPERATION)).filteredOn(e -> e.messageId() == id).hasSize(1);
    }

    @Then("the replication process on node {int} was told once that its request with message id {int} completed with status {word}")
    public void toldOnce(int node, int id, String status) {
        List<HostCompletion> told = world.adapterOfNode(node).told().stream().filter(c -> c.messageId() == id).toList();
        assertThat(told).as("what the process was told about message %d", id).hasSize(1);
        assertThat(told.get(0).statusName()).as(told.get(0).detail()).isEqualTo(status);
    }

    @Then("adapter {int} reported message {int} as a duplicate request and answered it again")
    public void duplicateReported(int adapter, int id) {
        Adapter a = world.adapter(adapter);
        assertThat(records.iopEvents(a.number(), IopEvent.Kind.DUPLICATE_REQUEST)).filteredOn(e -> e.messageId() == id).hasSize(1);
        assertThat(traffic().completions(a.fcId(), id)).as("completions of message %d", id).hasSize(2)
                .allSatisfy(f -> assertThat(f.message().status()).isEqualTo(IopProtocol.STATUS_GOOD));
    }

    @Then("adapter {int} reported the second completion of message {int} as a duplicate and ignored it")
    public void duplicateCompletionReported(int adapter, int id) {
        assertThat(records.iopEvents(adapter, IopEvent.Kind.DUPLICATE_COMPLETION))
                .filteredOn(e -> e.messageId() == id).hasSize(1);
    }

    private void inject(Adapter from, Adapter to, IopMessage m, boolean request) {
        writesBeforeInjection = records.volumeWrites();
        LinkEnd end = from.end();
        FrameHeader h = request
                ? FrameHeader.of(IopProtocol.R_CTL_REQUEST, to.fcId(), from.fcId(), IopProtocol.TYPE, FCtl.REQUEST, 0x4242)
                : new FrameHeader(IopProtocol.R_CTL_COMPLETION, to.fcId(), 0, from.fcId(), IopProtocol.TYPE,
                FCtl.FINAL_RESPONSE, 0, 0, 0, 0x4343, 0x4444, 0);
        end.send(Frame.single(h, IopProtocol.encode(m)));
    }

    @When("adapter {int} receives from adapter {int} a request with the unknown command {hexvalue} and message id {int}")
    public void unknownCommand(int to, int from, long command, int id) {
        Adapter t = world.adapter(to);
        Adapter f = world.adapter(from);
        inject(f, t, IopMessage.request((int) command, id, t.nodeName(), f.nodeName(), new byte[] {1, 2, 3, 4}), true);
        world.settleAdapters();
    }

    @Then("adapter {int} reported the unknown command {hexvalue} of message {int} and answered it with status {word}")
    public void unknownReported(int adapter, long command, int id, String status) {
        Adapter a = world.adapter(adapter);
        assertThat(records.iopEvents(a.number(), IopEvent.Kind.UNKNOWN_COMMAND)).filteredOn(e -> e.messageId() == id)
                .singleElement().satisfies(e -> assertThat(e.command()).isEqualTo((int) command));
        assertThat(traffic().completions(a.fcId(), id)).singleElement().satisfies(f -> {
            assertThat(f.message().statusName()).isEqualTo(status);
            assertThat(f.message().command()).isEqualTo((int) command);
        });
    }

    @Then("nothing was written to the volumes of node {int}")
    public void nothingWritten(int node) {
        Map<String, Long> now = records.volumeWrites();
        writesBeforeInjection.forEach((k, v) -> {
            if (k.startsWith(node + "/")) {
                assertThat(now.get(k)).as("writes of %s", k).isEqualTo(v);
            }
        });
    }

    @When("adapter {int} receives from adapter {int} a completion naming message id {int}, which it never requested")
    public void strayCompletion(int to, int from, int id) {
        Adapter t = world.adapter(to);
        Adapter f = world.adapter(from);
        inject(f, t, IopMessage.completion(IopProtocol.COMMAND_REPLICATE_DATA, id, t.nodeName(), f.nodeName(),
                IopProtocol.STATUS_GOOD), false);
        world.settleAdapters();
    }

    @Then("adapter {int} reported that the completion's message id {int} matches none of its requests, and ignored it")
    public void unmatchedReported(int adapter, int id) {
        assertThat(records.iopEvents(adapter, IopEvent.Kind.UNMATCHED_COMPLETION))
                .filteredOn(e -> e.messageId() == id).hasSize(1);
        nothingWritten(world.adapter(adapter).node());
    }

    @Then("the replication process on node {int} was told nothing")
    public void toldNothing(int node) {
        assertThat(world.adapterOfNode(node).told()).isEmpty();
    }

    @When("the replication process on node {int} asks adapter {int} to write {int} block(s) of {hexvalue} at LBA {int} of volume {int}, with message id {int}, and meanwhile a completion naming message id {int} but command {word} reaches adapter {int}")
    public void writeWithWrongCompletion(int node, int adapter, int count, long value, long lba, int volume, int id,
                                         int wrongId, String command, int to) {
        Adapter a = world.adapter(adapter);
        world.recordRequest(id, adapter);
        a.iop().submit(HostRequest.replicate(id, volume, lba, IopMessagingSteps.blocks(count, value)), a.told()::add);
        world.runFor(Duration.ofMillis(1));
        Adapter other = world.adapter(adapter == 1 ? 2 : 1);
        int code = switch (command) {
            case "DESIGNATE_REPLICA" -> IopProtocol.COMMAND_DESIGNATE_REPLICA;
            case "EXPAND_REPLICA" -> IopProtocol.COMMAND_EXPAND_REPLICA;
            case "TERMINATE_ASSOCIATION" -> IopProtocol.COMMAND_TERMINATE_ASSOCIATION;
            case "REESTABLISH_ASSOCIATION" -> IopProtocol.COMMAND_REESTABLISH_ASSOCIATION;
            default -> IopProtocol.COMMAND_REPLICATE_DATA;
        };
        inject(other, world.adapter(to), IopMessage.completion(code, wrongId, world.adapter(to).nodeName(),
                other.nodeName(), IopProtocol.STATUS_GOOD), false);
        world.settleAdapters();
    }

    @Then("adapter {int} reported that the completion for message id {int} names {word}, not its request's command, and ignored it")
    public void mismatchReported(int adapter, int id, String command) {
        assertThat(records.iopEvents(adapter, IopEvent.Kind.COMPLETION_MISMATCH))
                .filteredOn(e -> e.messageId() == id).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(command));
    }

}
