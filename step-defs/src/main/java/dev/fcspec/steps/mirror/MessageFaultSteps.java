package dev.fcspec.steps.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.mirror.MirrorMessage;
import dev.fcspec.emulator.mirror.MirrorProtocol;
import dev.fcspec.emulator.mirror.MirrorServer;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.steps.mirror.VirtualSan.MirrorFrame;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Mirror messages a server cannot accept, put on the wire, and what the receiving server does with them. */
public class MessageFaultSteps {
    private final VirtualSan vsan;
    private int mark;
    private long writesBefore;
    private byte[] blockBefore;
    private String receiver;

    public MessageFaultSteps(VirtualSan vsan) {
        this.vsan = vsan;
    }

    @When("{word} sends {word} over their dedicated link a mirror message {string}")
    public void send(String from, String to, String defect) {
        MirrorServer src = vsan.server(from);
        MirrorServer dst = vsan.server(to);
        receiver = to;
        writesBefore = vsan.device(to).writes();
        blockBefore = vsan.device(to).inspect(0);
        byte[] payload = switch (defect) {
            case "shorter than its header" -> new byte[9];
            case "of version 2" -> version(2);
            case "with an unknown opcode" -> opcode(0x44);
            case "whose parameter length disagrees with its payload" -> lengthField(1000);
            case "whose write data is not whole blocks" -> MirrorProtocol.encode(MirrorMessage.request(
                    MirrorProtocol.OP_WRITE_COPY, 901, src.id(),
                    ByteBuffer.allocate(12 + 700).putLong(0).putInt(VirtualSan.BLOCK).array()));
            case "writing past the end of the device" -> MirrorProtocol.encode(MirrorMessage.request(
                    MirrorProtocol.OP_WRITE_COPY, 902, src.id(), new MirrorProtocol.WriteCopy(
                            dst.device().blocks(), VirtualSan.BLOCK, new byte[VirtualSan.BLOCK]).encode()));
            case "claiming to come from a server outside the group" -> MirrorProtocol.encode(MirrorMessage.request(
                    MirrorProtocol.OP_WRITE_COPY, 903, 9, new MirrorProtocol.WriteCopy(0, VirtualSan.BLOCK,
                            new byte[VirtualSan.BLOCK]).encode()));
            default -> throw new IllegalArgumentException("no malformed message \"" + defect + "\" is known here");
        };
        NPort port = src.dedicatedPorts().get(to);
        NPort remote = dst.dedicatedPorts().get(from);
        mark = vsan.san().traffic().mark();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        Exchange ex = port.originate(remote.fcId(), MirrorProtocol.TYPE, new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                reply.complete(s.payload());
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                reply.completeExceptionally(cause);
            }
        });
        ex.setTimeout(VirtualSan.DEADLINE);
        ex.send(MirrorProtocol.R_CTL_REQUEST, payload);
        vsan.san().complete(to + "'s answer", reply, VirtualSan.DEADLINE);
    }

    private static byte[] version(int v) {
        byte[] p = valid();
        p[0] = (byte) v;
        return p;
    }

    private static byte[] opcode(int op) {
        byte[] p = valid();
        p[1] = (byte) op;
        return p;
    }

    private static byte[] lengthField(int length) {
        byte[] p = valid();
        ByteBuffer.wrap(p).putInt(12, length);
        return p;
    }

    private static byte[] valid() {
        return MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 900, 1,
                new MirrorProtocol.PriorityRequest(0, 1, 1).encode()));
    }

    @Then("{word} answered with status {word}")
    public void answered(String server, String status) {
        int id = vsan.server(server).id();
        List<MirrorFrame> replies = vsan.mirrorFrames(mark).stream()
                .filter(f -> (f.opcode() & MirrorProtocol.REPLY_BIT) != 0 && f.serverId() == id).toList();
        assertThat(replies).as("%s's replies on the wire", server).hasSize(1);
        assertThat(MirrorProtocol.statusName(replies.get(0).status())).as("status of %s's reply", server)
                .isEqualTo(status);
    }

    @Then("the message changed nothing on {word}")
    public void unchanged(String server) {
        assertThat(server).isEqualTo(receiver);
        assertThat(vsan.device(server).writes()).as("writes that reached %s's device", server).isEqualTo(writesBefore);
        assertThat(vsan.device(server).inspect(0)).as("block 0 on %s", server).isEqualTo(blockBefore);
        assertThat(vsan.policing(server).activeClaims()).as("%s's claims for write priority", server).isEmpty();
    }
}
