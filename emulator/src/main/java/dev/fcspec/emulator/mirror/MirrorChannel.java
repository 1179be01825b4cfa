package dev.fcspec.emulator.mirror;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The typed side of a server's {@link MirrorTransport}, as a Netty codec sits between a channel and its
 * handler: requests go out as {@link MirrorMessage}s with the next message id and come back as the reply that
 * answers them (same operation, same id); requests coming in are decoded before the {@link Inbound} handler
 * sees them, and whatever cannot be decoded, or that the handler refuses with a
 * {@link MirrorDecodeException}, is answered with the status naming the defect. The transport only carries
 * bytes in exchanges.
 */
final class MirrorChannel {

    /** Where decoded requests and defects go. */
    interface Inbound {
        /** Whether requests are taken now: a server that is stopped or offline answers nothing. */
        boolean accepting();

        /**
         * A decoded request from server {@code from} (-1 when the sender is not a known member); {@code reply}
         * sends the answer (once). Throwing refuses the request with the status the defect names.
         */
        void onRequest(int from, MirrorMessage request, Consumer<MirrorMessage> reply) throws MirrorDecodeException;

        /** A message from {@code peer} was refused or a reply did not answer its request (for the event log). */
        void onDefect(int peer, long lba, int blocks, String why);
    }

    private final int serverId;
    private final MirrorTransport transport;
    private final Duration timeout;
    private final Inbound inbound;
    private int nextMessageId = 1;

    MirrorChannel(int serverId, MirrorTransport transport, Duration timeout, Inbound inbound) {
        this.serverId = serverId;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.inbound = Objects.requireNonNull(inbound, "inbound");
    }

    /** Starts taking requests from the peers. */
    void start() {
        transport.start(this::received);
    }

    void stop() {
        transport.stop();
    }

    /** See {@link MirrorTransport#reconnect}. */
    void reconnect(Runnable then) {
        transport.reconnect(then);
    }

    /**
     * Sends request {@code opcode} with {@code parameters} to {@code peer}: {@code onReply} receives the reply
     * that answers it, or {@code onLost} why none did (no answer in time, the exchange failed, or what came back
     * was undecodable or answered another request). Exactly one of them runs.
     */
    void request(int peer, int opcode, byte[] parameters, Consumer<MirrorMessage> onReply, Consumer<String> onLost) {
        MirrorMessage m = MirrorMessage.request(opcode, nextMessageId++, serverId, parameters);
        transport.request(peer, MirrorProtocol.encode(m), timeout, bytes -> {
            MirrorMessage reply;
            try {
                reply = MirrorProtocol.decode(bytes);
            } catch (MirrorDecodeException e) {
                inbound.onDefect(peer, -1, 0, "undecodable reply: " + e.getMessage());
                onLost.accept(e.getMessage());
                return;
            }
            if (!reply.isReply() || reply.operation() != opcode || reply.messageId() != m.messageId()) {
                String why = "reply " + reply + " does not answer " + m;
                inbound.onDefect(peer, -1, 0, why);
                onLost.accept(why);
                return;
            }
            onReply.accept(reply);
        }, failure -> onLost.accept(String.valueOf(failure.getMessage())));
    }

    private void received(int from, byte[] payload, Consumer<byte[]> reply) {
        if (!inbound.accepting()) {
            return;
        }
        Consumer<MirrorMessage> encoded = m -> reply.accept(MirrorProtocol.encode(m));
        try {
            MirrorMessage m = MirrorProtocol.decode(payload);
            if (m.isReply()) {
                throw new MirrorDecodeException(MirrorDecodeException.Defect.UNKNOWN_OPCODE, m.opcode(),
                        m.messageId(), "a reply (" + m + ") is not a request");
            }
            inbound.onRequest(from, m, encoded);
        } catch (MirrorDecodeException e) {
            refuse(from, e, encoded);
        }
    }

    /** The one error path of incoming requests: the defect logged, and answered with the status naming it. */
    private void refuse(int from, MirrorDecodeException e, Consumer<MirrorMessage> reply) {
        inbound.onDefect(Math.max(from, 0), -1, 0, e.getMessage());
        int opcode = e.opcode() < 0 ? 0 : e.opcode() & ~MirrorProtocol.REPLY_BIT;
        reply.accept(new MirrorMessage(opcode | MirrorProtocol.REPLY_BIT, MirrorProtocol.statusFor(e.defect()),
                e.messageId(), serverId, new byte[0]));
    }
}
