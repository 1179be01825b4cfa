package dev.fcspec.emulator.mirror;

import java.util.Arrays;
import java.util.Objects;

/**
 * One mirror or policing message (see {@link MirrorProtocol} for the layout): a request, or the reply to one
 * (its opcode with {@link MirrorProtocol#REPLY_BIT}).
 *
 * @param opcode     OP_*, with the reply bit in a reply
 * @param status     STATUS_*; 0 in requests
 * @param messageId  chosen by the requester, echoed in the reply (unsigned 32 bits in an int)
 * @param serverId   the sender's number in its mirror group
 * @param parameters the opcode's parameters
 */
public record MirrorMessage(int opcode, int status, int messageId, int serverId, byte[] parameters) {

    public MirrorMessage {
        if (opcode < 0 || opcode > 0xFF || status < 0 || status > 0xFF) {
            throw new IllegalArgumentException("opcode " + opcode + " and status " + status + " are one byte each");
        }
        parameters = Objects.requireNonNull(parameters, "parameters").clone();
        if (parameters.length > MirrorProtocol.MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters of " + parameters.length + " bytes exceed "
                    + MirrorProtocol.MAX_PARAMETERS);
        }
    }

    public static MirrorMessage request(int opcode, int messageId, int serverId, byte[] parameters) {
        return new MirrorMessage(opcode, 0, messageId, serverId, parameters);
    }

    /** The reply to this request, from server {@code replier}. */
    public MirrorMessage reply(int replier, int replyStatus, byte[] replyParameters) {
        if (isReply()) {
            throw new IllegalStateException("a reply has no reply: " + this);
        }
        return new MirrorMessage(opcode | MirrorProtocol.REPLY_BIT, replyStatus, messageId, replier, replyParameters);
    }

    public boolean isReply() {
        return (opcode & MirrorProtocol.REPLY_BIT) != 0;
    }

    /** The opcode without the reply bit. */
    public int operation() {
        return opcode & ~MirrorProtocol.REPLY_BIT;
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MirrorMessage m && opcode == m.opcode && status == m.status && messageId == m.messageId
                && serverId == m.serverId && Arrays.equals(parameters, m.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(opcode, status, messageId, serverId) * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return MirrorProtocol.opcodeName(opcode) + "[id=" + Integer.toUnsignedString(messageId) + " server="
                + serverId + (isReply() ? " status=" + MirrorProtocol.statusName(status) : "") + " params="
                + parameters.length + "B]";
    }
}
