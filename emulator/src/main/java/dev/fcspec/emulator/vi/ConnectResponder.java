package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse1;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse2;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse3;

/**
 * The responder's side of one connection setup, on the exchange the requester opened: FCVI_CONNECT_RQST in,
 * RESP1 out (accepted or rejected), RESP2 in, RESP3 out. An accepted request waits at most the
 * FCVI_ULP_TIMEOUT for RESP2.
 *
 * <pre>
 *   onConnectRequest --accepted--> enterAccepted --RESP2--> enterConnected
 *         |                             |
 *         +--rejected: RESP1 ends it    +--timeout, abort--> fail (the VI returns to Idle)
 * </pre>
 */
final class ConnectResponder implements SequenceHandler {

    private final FcviPort port;
    private final VirtualInterface vi;
    private final Exchange exchange;
    private final ViAddress requester;
    private boolean done;

    private ConnectResponder(FcviPort port, VirtualInterface vi, Exchange exchange, ViAddress requester) {
        this.port = port;
        this.vi = vi;
        this.exchange = exchange;
        this.requester = requester;
    }

    /** FCVI_CONNECT_RQST arrived on {@code e}: accept it, or reject it with the reason, in RESP1. */
    static void onConnectRequest(FcviPort port, Exchange e, ConnectRequest c) {
        ViAddress requester = new ViAddress(e.remoteId(), c.sourceVi());
        VirtualInterface vi = port.vi(c.destinationVi()).orElse(null);
        if (vi == null) {
            reject(e, c, ConnectResult.REJECTED_NO_SUCH_VI, null);
            return;
        }
        ViState st = vi.state();
        if (st == ViState.CONNECT_PENDING) {
            if (vi.role() == VirtualInterface.Role.REQUESTER && requester.equals(vi.remote())) {
                if (vi.address().compareTo(requester) < 0) {
                    reject(e, c, ConnectResult.REJECTED_COLLISION, vi);
                    return;
                }
                // Crossed requests: ours yields, theirs is accepted below.
                vi.yieldConnectRequest();
            } else if (!(vi.role() == VirtualInterface.Role.RESPONDER && requester.equals(vi.remote()))) {
                reject(e, c, ConnectResult.REJECTED_VI_BUSY, vi);
                return;
            }
        } else if (st == ViState.CONNECTED || st == ViState.ERROR) {
            if (!requester.equals(vi.remote())) {
                reject(e, c, ConnectResult.REJECTED_VI_BUSY, vi);
                return;
            }
            port.event(ViEvent.Kind.CONNECTION_LOST, vi.number(), e.remoteId(),
                    "peer " + requester + " asked to connect again: its side of the connection is gone");
            vi.reset(ConnectResult.ABANDONED, true);
            if (!vi.accepts(requester)) {
                reject(e, c, ConnectResult.REJECTED_NOT_ACCEPTING, vi);
                return;
            }
        } else if (!vi.accepts(requester)) {
            reject(e, c, ConnectResult.REJECTED_NOT_ACCEPTING, vi);
            return;
        }
        if (c.reliability() != vi.attributes().reliability()) {
            reject(e, c, ConnectResult.REJECTED_ATTRIBUTES, vi);
            return;
        }
        new ConnectResponder(port, vi, e, requester).enterAccepted(c);
    }

    /** RESP1 with the reason, as the last sequence: the exchange ends with it. */
    private static void reject(Exchange e, ConnectRequest c, ConnectResult why, VirtualInterface vi) {
        ViAttributes a = vi != null ? vi.attributes() : ViAttributes.reliable(0);
        FcviIu iu = new ConnectResponse1(c.sourceVi(), c.destinationVi(), why, a.reliability(), a.enableRdmaRead(),
                a.enableRdmaWrite(), a.maxTransferSize());
        e.sendLast(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
    }

    /** Accept: RESP1 with this VI's attributes hands the initiative back; RESP2 is awaited. */
    private void enterAccepted(ConnectRequest c) {
        vi.becomeResponder(requester, exchange, c.maxTransferSize());
        exchange.setHandler(this);
        exchange.setTimeout(port.ulpTimeout());
        ViAttributes a = vi.attributes();
        FcviIu iu = new ConnectResponse1(c.sourceVi(), vi.number(), ConnectResult.ACCEPTED, a.reliability(),
                a.enableRdmaRead(), a.enableRdmaWrite(), a.maxTransferSize());
        exchange.send(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
    }

    @Override
    public void onSequence(Exchange e, Sequence s) {
        FcviIu iu = port.decode(s);
        if (iu == null) {
            return;
        }
        if (!(iu instanceof ConnectResponse2 r2) || done || !stillPending()
                || !requester.equals(new ViAddress(s.sourceId(), r2.sourceVi()))) {
            port.event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), s.sourceId(),
                    iu.name() + " for no pending connection");
            return;
        }
        enterConnected(r2);
    }

    /** RESP2 arrived: RESP3 ends the exchange and both VIs are Connected. */
    private void enterConnected(ConnectResponse2 r2) {
        done = true;
        FcviIu iu = new ConnectResponse3(r2.sourceVi(), vi.number());
        exchange.sendLast(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
        vi.connected();
    }

    private boolean stillPending() {
        return vi.state() == ViState.CONNECT_PENDING && vi.role() == VirtualInterface.Role.RESPONDER
                && vi.connectExchange() == exchange;
    }

    @Override
    public void onAborted(Exchange e, ExchangeException cause) {
        fail(cause.kind() == ExchangeException.Cause.TIMEOUT
                ? "no FCVI_CONNECT_RESP2 from " + requester : "connection setup with " + requester + " aborted: "
                + cause.getMessage());
    }

    /** The one error path: the accepted request was not acknowledged; the VI returns to Idle. */
    private void fail(String why) {
        if (done) {
            return;
        }
        done = true;
        if (stillPending()) {
            port.event(ViEvent.Kind.TIMEOUT, vi.number(), requester.fcId(), why);
            vi.reset(ConnectResult.TIMED_OUT, false);
        }
    }
}
