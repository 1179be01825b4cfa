package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse1;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse2;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse3;

/**
 * The requester's side of one three-step connection setup, in one exchange the requester opens:
 * FCVI_CONNECT_RQST out, RESP1 in, RESP2 out, RESP3 in. Each step waits at most the FCVI_ULP_TIMEOUT.
 *
 * <pre>
 *   enterRequested --RESP1 accepted--> enterAccepted --RESP3--> enterConnected
 *         |                                 |
 *         +--- rejected, timeout, abort ----+--> fail (the VI returns to Idle with the reason)
 * </pre>
 */
final class ConnectRequester implements SequenceHandler {

    private enum Step { AWAITING_RESP1, AWAITING_RESP3, DONE }

    private final FcviPort port;
    private final VirtualInterface vi;
    private final ViAddress remote;
    private Step step;
    private Exchange exchange;

    ConnectRequester(FcviPort port, VirtualInterface vi) {
        this.port = port;
        this.vi = vi;
        this.remote = vi.remote();
    }

    /** Sends FCVI_CONNECT_RQST with the VI's attributes on a new exchange. */
    void enterRequested() {
        step = Step.AWAITING_RESP1;
        ViAttributes a = vi.attributes();
        FcviIu iu = new ConnectRequest(remote.viNumber(), vi.number(), a.reliability(), a.enableRdmaRead(),
                a.enableRdmaWrite(), a.maxTransferSize());
        exchange = port.sendRequest(remote.fcId(), iu, this);
        if (exchange != null) {
            vi.connectRequestSent(exchange);
        } else {
            fail(ConnectResult.TIMED_OUT, "no exchange available for FCVI_CONNECT_RQST");
        }
    }

    @Override
    public void onSequence(Exchange e, Sequence s) {
        FcviIu iu = port.decode(s);
        if (iu == null) {
            return;
        }
        if (step == Step.AWAITING_RESP1 && iu instanceof ConnectResponse1 r1) {
            onResponse1(r1);
        } else if (step == Step.AWAITING_RESP3 && iu instanceof ConnectResponse3) {
            enterConnected();
        } else {
            port.event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), s.sourceId(),
                    iu.name() + " does not answer the connection request of OX_ID " + FcviPort.hex(e.oxId()));
        }
    }

    private boolean stillPending() {
        return vi.state() == ViState.CONNECT_PENDING && vi.role() == VirtualInterface.Role.REQUESTER
                && vi.connectExchange() == exchange;
    }

    private void onResponse1(ConnectResponse1 r1) {
        if (!stillPending()) {
            port.event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), remote.fcId(),
                    "FCVI_CONNECT_RESP1 for a connection request " + vi + " no longer waits for");
            return;
        }
        if (r1.result() != ConnectResult.ACCEPTED) {
            fail(r1.result(), null);
        } else if (r1.reliability() != vi.attributes().reliability()) {
            fail(ConnectResult.REJECTED_ATTRIBUTES, null);
        } else {
            enterAccepted(r1);
        }
    }

    /** The responder accepted: acknowledge with RESP2 and wait for RESP3. */
    private void enterAccepted(ConnectResponse1 r1) {
        step = Step.AWAITING_RESP3;
        vi.acceptedByPeer(r1.maxTransferSize());
        exchange.setTimeout(port.ulpTimeout());
        FcviIu iu = new ConnectResponse2(r1.sourceVi(), vi.number());
        exchange.send(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
    }

    private void enterConnected() {
        step = Step.DONE;
        if (stillPending()) {
            vi.connected();
        }
    }

    @Override
    public void onAborted(Exchange e, ExchangeException cause) {
        if (step == Step.DONE) {
            return;
        }
        String awaited = step == Step.AWAITING_RESP1 ? "FCVI_CONNECT_RESP1" : "FCVI_CONNECT_RESP3";
        if (cause.kind() == ExchangeException.Cause.TIMEOUT) {
            fail(ConnectResult.TIMED_OUT, "no " + awaited + " within " + port.ulpTimeout().toNanos() / 1000 + " us");
        } else {
            fail(ConnectResult.ABANDONED, "no " + awaited + ": " + cause.getMessage());
        }
    }

    /** The one error path: the setup ends here, the VI returns to Idle and its callback is told why. */
    private void fail(ConnectResult result, String why) {
        step = Step.DONE;
        if (why != null) {
            port.event(ViEvent.Kind.TIMEOUT, vi.number(), remote.fcId(), why);
        }
        boolean pending = exchange == null || stillPending();
        if (exchange != null && exchange.state() == ExchangeState.OPEN) {
            exchange.close();
        }
        if (pending && vi.state() == ViState.CONNECT_PENDING) {
            vi.reset(result, false);
        }
    }
}
