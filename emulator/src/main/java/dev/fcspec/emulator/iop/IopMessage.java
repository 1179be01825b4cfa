package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message between I/O processors: a request or a completion, with the target node address, initiating
 * node address, command and message id fields every message carries.
 *
 * <p>In a request the target node is the node asked to act and the initiating node the one asking. In a
 * completion the target node is the node the completion goes to (the requester) and the initiating node the
 * node that completed the work; the message id and command are those of the request.
 */
public final class IopMessage {
    private final boolean request;
    private final int command;
    private final int messageId;
    private final Wwn targetNode;
    private final Wwn initiatingNode;
    private final int status;
    private final byte[] parameters;

    private IopMessage(boolean request, int command, int messageId, Wwn targetNode, Wwn initiatingNode, int status,
                       byte[] parameters) {
        if (command < 0 || command > 0xFFFF) {
            throw new IllegalArgumentException("command " + command + " outside 0..0xffff");
        }
        if (status < 0 || status > 0xFFFF) {
            throw new IllegalArgumentException("status " + status + " outside 0..0xffff");
        }
        this.request = request;
        this.command = command;
        this.messageId = messageId;
        this.targetNode = Objects.requireNonNull(targetNode, "targetNode");
        this.initiatingNode = Objects.requireNonNull(initiatingNode, "initiatingNode");
        this.status = status;
        this.parameters = Objects.requireNonNull(parameters, "parameters").clone();
        if (parameters.length > IopProtocol.MAX_PARAMETERS) {
            throw new IllegalArgumentException("parameters of " + parameters.length + " bytes exceed "
                    + IopProtocol.MAX_PARAMETERS);
        }
    }

    public static IopMessage request(int command, int messageId, Wwn targetNode, Wwn initiatingNode,
                                     byte[] parameters) {
        return new IopMessage(true, command, messageId, targetNode, initiatingNode, IopProtocol.STATUS_GOOD,
                parameters);
    }

    public static IopMessage completion(int command, int messageId, Wwn targetNode, Wwn initiatingNode,
                                        int status) {
        return new IopMessage(false, command, messageId, targetNode, initiatingNode, status, new byte[0]);
    }

    /** The completion of this request, sent by its target node with {@code status}. */
    public IopMessage completedWith(int completionStatus) {
        if (!request) {
            throw new IllegalStateException("a completion has no completion");
        }
        return completion(command, messageId, initiatingNode, targetNode, completionStatus);
    }

    public boolean isRequest() {
        return request;
    }

    public boolean isCompletion() {
        return !request;
    }

    public int command() {
        return command;
    }

    public String commandName() {
        return IopProtocol.commandName(command);
    }

    /** The message id, an unsigned 32-bit value held in an int. */
    public int messageId() {
        return messageId;
    }

    public Wwn targetNode() {
        return targetNode;
    }

    public Wwn initiatingNode() {
        return initiatingNode;
    }

    public int status() {
        return status;
    }

    public String statusName() {
        return IopProtocol.statusName(status);
    }

    public byte[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IopMessage m && request == m.request && command == m.command
                && messageId == m.messageId && targetNode.equals(m.targetNode)
                && initiatingNode.equals(m.initiatingNode) && status == m.status
                && Arrays.equals(parameters, m.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(request, command, messageId, targetNode, initiatingNode, status) * 31
                + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return (request ? "Request[" : "Completion[") + commandName() + " id=" + Integer.toUnsignedString(messageId)
                + " target=" + targetNode + " initiator=" + initiatingNode
                + (request ? " params=" + parameters.length + "B" : " status=" + statusName()) + "]";
    }
}
