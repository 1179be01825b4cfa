package dev.fcspec.emulator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mirror channel: requests out with the next message id, only the reply that answers them back in")
class MirrorChannelTest {

    /** A transport that records what is sent and lets the test answer or receive. */
    static final class ScriptedTransport implements MirrorTransport {
        Receiver receiver;
        final List<byte[]> sent = new ArrayList<>();
        Consumer<byte[]> answer;
        Consumer<Throwable> fail;

        @Override
        public void start(Receiver r) {
            receiver = r;
        }

        @Override
        public void request(int peer, byte[] payload, Duration timeout, Consumer<byte[]> onReply,
                            Consumer<Throwable> onFailure) {
            sent.add(payload);
            answer = onReply;
            fail = onFailure;
        }

        @Override
        public void stop() {
            receiver = null;
        }
    }

    /** Records what the channel hands its handler. */
    static final class Recorder implements MirrorChannel.Inbound {
        boolean accepting = true;
        final List<MirrorMessage> requests = new ArrayList<>();
        final List<String> defects = new ArrayList<>();
        MirrorDecodeException refuseWith;

        @Override
        public boolean accepting() {
            return accepting;
        }

        @Override
        public void onRequest(int from, MirrorMessage request, Consumer<MirrorMessage> reply)
                throws MirrorDecodeException {
            if (refuseWith != null) {
                throw refuseWith;
            }
            requests.add(request);
            reply.accept(request.reply(1, MirrorProtocol.STATUS_GOOD, new byte[0]));
        }

        @Override
        public void onDefect(int peer, long lba, int blocks, String why) {
            defects.add(peer + ": " + why);
        }
    }

    final ScriptedTransport transport = new ScriptedTransport();
    final Recorder inbound = new Recorder();
    final MirrorChannel channel = new MirrorChannel(1, transport, Duration.ofSeconds(2), inbound);
    final List<MirrorMessage> replies = new ArrayList<>();
    final List<String> lost = new ArrayList<>();

    private void rejoin() {
        channel.request(2, MirrorProtocol.OP_REJOIN, new byte[0], replies::add, lost::add);
    }

    private MirrorMessage lastSent() {
        return MirrorProtocol.decode(transport.sent.get(transport.sent.size() - 1));
    }

    @Test
    void eachRequestCarriesTheNextMessageIdAndTheSendersServerId() {
        rejoin();
        rejoin();
        assertThat(transport.sent).hasSize(2);
        assertThat(MirrorProtocol.decode(transport.sent.get(0)).messageId()).isEqualTo(1);
        assertThat(lastSent().messageId()).isEqualTo(2);
        assertThat(lastSent().serverId()).isEqualTo(1);
        assertThat(lastSent().opcode()).isEqualTo(MirrorProtocol.OP_REJOIN);
    }

    @Test
    void theReplyThatAnswersTheRequestIsHandedBackDecoded() {
        rejoin();
        MirrorMessage reply = lastSent().reply(2, MirrorProtocol.STATUS_GOOD,
                new MirrorProtocol.MissedRegions(List.of(3L)).encode());
        transport.answer.accept(MirrorProtocol.encode(reply));
        assertThat(replies).containsExactly(reply);
        assertThat(lost).isEmpty();
        assertThat(inbound.defects).isEmpty();
    }

    @Test
    void aReplyWithAnotherMessageIdOrOperationIsNotTakenForTheAnswer() {
        rejoin();
        MirrorMessage other = MirrorMessage.request(MirrorProtocol.OP_REJOIN, 99, 2, new byte[0])
                .reply(2, MirrorProtocol.STATUS_GOOD, new byte[0]);
        transport.answer.accept(MirrorProtocol.encode(other));
        assertThat(replies).isEmpty();
        assertThat(lost).singleElement().asString().contains("does not answer");
        assertThat(inbound.defects).singleElement().asString().startsWith("2: reply");

        rejoin();
        MirrorMessage readReply = MirrorMessage.request(MirrorProtocol.OP_READ_COPY, lastSent().messageId(), 2,
                new byte[0]).reply(2, MirrorProtocol.STATUS_GOOD, new byte[0]);
        transport.answer.accept(MirrorProtocol.encode(readReply));
        assertThat(replies).isEmpty();
        assertThat(lost).hasSize(2);
    }

    @Test
    void anUndecodableReplyOrAFailedExchangeLosesTheRequest() {
        rejoin();
        transport.answer.accept(new byte[] {1, 2, 3});
        rejoin();
        transport.fail.accept(new IllegalStateException("no reply within PT2S"));
        assertThat(replies).isEmpty();
        assertThat(lost).hasSize(2);
        assertThat(lost.get(1)).isEqualTo("no reply within PT2S");
        assertThat(inbound.defects).singleElement().asString().contains("undecodable reply");
    }

    @Test
    void anIncomingRequestIsDecodedForTheHandlerAndItsReplyEncoded() {
        channel.start();
        MirrorMessage rq = MirrorMessage.request(MirrorProtocol.OP_REJOIN, 5, 2, new byte[0]);
        List<byte[]> out = new ArrayList<>();
        transport.receiver.onRequest(2, MirrorProtocol.encode(rq), out::add);
        assertThat(inbound.requests).containsExactly(rq);
        assertThat(out).singleElement().extracting(MirrorProtocol::decode)
                .isEqualTo(rq.reply(1, MirrorProtocol.STATUS_GOOD, new byte[0]));
    }

    @Test
    void anUndecodableRequestOrAReplyIsRefusedWithTheDefectNamedAndNeverReachesTheHandler() {
        channel.start();
        List<byte[]> out = new ArrayList<>();
        byte[] badVersion = MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_REJOIN, 6, 2, new byte[0]));
        badVersion[0] = 9;
        transport.receiver.onRequest(2, badVersion, out::add);
        MirrorMessage stray = MirrorMessage.request(MirrorProtocol.OP_REJOIN, 7, 2, new byte[0])
                .reply(2, MirrorProtocol.STATUS_GOOD, new byte[0]);
        transport.receiver.onRequest(2, MirrorProtocol.encode(stray), out::add);
        assertThat(inbound.requests).isEmpty();
        assertThat(out).hasSize(2);
        MirrorMessage first = MirrorProtocol.decode(out.get(0));
        assertThat(first.status()).isEqualTo(MirrorProtocol.STATUS_VERSION_NOT_SUPPORTED);
        assertThat(first.serverId()).isEqualTo(1);
        MirrorMessage second = MirrorProtocol.decode(out.get(1));
        assertThat(second.status()).isEqualTo(MirrorProtocol.STATUS_UNKNOWN_OPCODE);
        assertThat(second.messageId()).isEqualTo(7);
        assertThat(inbound.defects).hasSize(2);
    }

    @Test
    void aRequestTheHandlerRefusesIsAnsweredWithTheStatusItsDefectNames() {
        channel.start();
        inbound.refuseWith = new MirrorDecodeException(MirrorDecodeException.Defect.PARAMETER_LENGTH,
                MirrorProtocol.OP_REJOIN, 8, "REJOIN has no parameters");
        List<byte[]> out = new ArrayList<>();
        transport.receiver.onRequest(2, MirrorProtocol.encode(
                MirrorMessage.request(MirrorProtocol.OP_REJOIN, 8, 2, new byte[0])), out::add);
        MirrorMessage reply = MirrorProtocol.decode(out.get(0));
        assertThat(reply.opcode()).isEqualTo(MirrorProtocol.OP_REJOIN | MirrorProtocol.REPLY_BIT);
        assertThat(reply.messageId()).isEqualTo(8);
        assertThat(reply.status()).isEqualTo(MirrorProtocol.statusFor(MirrorDecodeException.Defect.PARAMETER_LENGTH));
        assertThat(inbound.defects).singleElement().asString().contains("REJOIN has no parameters");
    }

    @Test
    void aServerThatTakesNoRequestsAnswersNothing() {
        channel.start();
        inbound.accepting = false;
        List<byte[]> out = new ArrayList<>();
        transport.receiver.onRequest(2, new byte[] {1}, out::add);
        assertThat(out).isEmpty();
        assertThat(inbound.defects).isEmpty();
    }
}
