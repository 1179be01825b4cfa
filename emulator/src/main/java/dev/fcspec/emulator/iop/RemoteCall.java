package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.wire.FcId;
import java.util.function.IntConsumer;

/**
 * One request to the I/O processor of a remote adapter, until its completion: each transmission opens an
 * exchange that waits {@link IoProcessor.Config#completionTimeout()} for the completion; when none comes the
 * exchange is aborted and the request is sent again with the same message id on a new exchange, up to
 * {@link IoProcessor.Config#maxRetransmissions()} times.
 *
 * <pre>
 *   enterSent --completion--> enterCompleted
 *      ^  |
 *      |  +--no completion in time--> enterRetransmitting (transmissions left) --> enterSent
 *      |                              fail (none left): REMOTE_TIMEOUT
 * </pre>
 */
final class RemoteCall implements SequenceHandler {

    private enum Step { SENT, DONE }

    private final IoProcessor iop;
    private final IopMessage request;
    private final FcId destination;
    private final IntConsumer onStatus;
    private Step step;
    private int transmissions;
    private Exchange exchange;

    RemoteCall(IoProcessor iop, IopMessage request, FcId destination, IntConsumer onStatus) {
        this.iop = iop;
        this.request = request;
        this.destination = destination;
        this.onStatus = onStatus;
    }

    IopMessage request() {
        return request;
    }

    boolean isDone() {
        return step == Step.DONE;
    }

    void enterSent() {
        step = Step.SENT;
        transmissions++;
        try {
            exchange = iop.port().sendRequest(destination, IopProtocol.TYPE, IopProtocol.R_CTL_REQUEST,
                    IopProtocol.encode(request), iop.config().completionTimeout(), this);
        } catch (ExchangeException e) {
            // no exchange to spare: this transmission counts as one that was not answered
            iop.port().scheduler().schedule(iop.config().completionTimeout(), this::noCompletion);
        }
    }

    @Override
    public void onSequence(Exchange e, Sequence s) {
        if (step != Step.SENT || e != exchange) {
            return;
        }
        IopMessage m;
        try {
            m = IopProtocol.decode(s.payload());
        } catch (IopDecodeException ex) {
            iop.event(IopEvent.Kind.MALFORMED_MESSAGE, 0, 0, "from " + s.sourceId() + ": " + ex.getMessage());
            noCompletion();
            return;
        }
        if (!answers(m)) {
            reportMismatch(m);
            noCompletion();
            return;
        }
        enterCompleted(m);
    }

    /** A completion that names this request's message id, command and nodes. */
    boolean answers(IopMessage m) {
        return m.isCompletion() && m.messageId() == request.messageId() && m.command() == request.command()
                && m.initiatingNode().equals(request.targetNode()) && m.targetNode().equals(iop.node());
    }

    void reportMismatch(IopMessage m) {
        int id = m.messageId();
        iop.event(IopEvent.Kind.COMPLETION_MISMATCH, id, m.command(), "completion for message id "
                + Integer.toUnsignedString(id) + " names " + m.commandName() + " from " + m.initiatingNode() + " to "
                + m.targetNode() + ", but the request was " + request.commandName() + " to " + request.targetNode()
                + ": ignored");
    }

    private void enterCompleted(IopMessage m) {
        step = Step.DONE;
        iop.remoteCallDone(this, m.command());
        onStatus.accept(m.status());
    }

    @Override
    public void onAborted(Exchange e, ExchangeException cause) {
        if (step == Step.SENT && e == exchange) {
            noCompletion();
        }
    }

    /** This transmission got no usable completion: send again, or give up. */
    private void noCompletion() {
        if (step != Step.SENT) {
            return;
        }
        int id = request.messageId();
        if (transmissions <= iop.config().maxRetransmissions()) {
            iop.event(IopEvent.Kind.RETRANSMISSION, id, request.command(), "no completion for message id "
                    + Integer.toUnsignedString(id) + " after transmission " + transmissions + ": sent again");
            enterSent();
            return;
        }
        fail("no completion for message id " + Integer.toUnsignedString(id) + " after " + transmissions
                + " transmissions");
    }

    /** The one error path: the remote adapter never answered; the caller is told REMOTE_TIMEOUT. */
    private void fail(String why) {
        step = Step.DONE;
        iop.event(IopEvent.Kind.REMOTE_TIMEOUT, request.messageId(), request.command(), why);
        iop.remoteCallDone(this, -1);
        onStatus.accept(IopProtocol.STATUS_REMOTE_TIMEOUT);
    }
}
