package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.ReadResponse;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.SendResponse;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteResponse;

/**
 * One descriptor of a VI's send queue on the wire: a send, RDMA write or RDMA read request on its own exchange,
 * and the completion its response (or the FCVI_ULP_TIMEOUT) gives the descriptor.
 */
final class DataInitiator implements SequenceHandler {

    private final FcviPort port;
    private final VirtualInterface vi;
    private final Descriptor descriptor;

    DataInitiator(FcviPort port, VirtualInterface vi, Descriptor descriptor) {
        this.port = port;
        this.vi = vi;
        this.descriptor = descriptor;
    }

    /** Sends the request; returns its exchange, or null when none could be opened (the descriptor failed). */
    Exchange enterSent() {
        ViAddress remote = vi.remote();
        HostMemory memory = port.memory();
        FcviIu iu;
        if (descriptor instanceof Descriptor.Send s) {
            iu = new SendRequest(remote.viNumber(), vi.number(), s.immediateData(),
                    memory.read(s.localAddress(), s.length()));
        } else if (descriptor instanceof Descriptor.RdmaWrite w) {
            iu = new WriteRequest(remote.viNumber(), vi.number(), w.remoteHandle(), w.remoteAddress(),
                    w.immediateData(), memory.read(w.localAddress(), w.length()));
        } else {
            Descriptor.RdmaRead r = (Descriptor.RdmaRead) descriptor;
            iu = new ReadRequest(remote.viNumber(), vi.number(), r.remoteHandle(), r.remoteAddress(), r.length());
        }
        Exchange e = port.sendRequest(remote.fcId(), iu, this);
        if (e == null) {
            complete(ViStatus.TRANSPORT_ERROR);
        }
        return e;
    }

    @Override
    public void onSequence(Exchange e, Sequence s) {
        FcviIu iu = port.decode(s);
        if (iu == null) {
            return;
        }
        if (!(iu instanceof WriteResponse || iu instanceof ReadResponse || iu instanceof SendResponse)) {
            port.event(ViEvent.Kind.UNMATCHED_RESPONSE, iu.destinationVi(), s.sourceId(),
                    iu.name() + " does not answer the request of OX_ID " + FcviPort.hex(e.oxId()));
            return;
        }
        if (vi.inFlight(e) == null) {
            port.event(ViEvent.Kind.UNMATCHED_RESPONSE, vi.number(), s.sourceId(), iu.name() + " for a flushed descriptor");
            return;
        }
        complete(statusOf(iu));
    }

    /** The status the descriptor completes with; an RDMA read's data lands in local memory here. */
    private ViStatus statusOf(FcviIu iu) {
        if (iu instanceof WriteResponse w) {
            return w.status();
        }
        if (iu instanceof SendResponse s) {
            return s.status();
        }
        ReadResponse r = (ReadResponse) iu;
        if (!r.status().isSuccess()) {
            return r.status();
        }
        if (r.dataLength() != descriptor.length()) {
            return ViStatus.PARTIAL_PACKET_ERROR;
        }
        if (!port.localSegmentValid(descriptor.localHandle(), descriptor.localAddress(), descriptor.length(),
                vi.attributes().protectionTag())) {
            return ViStatus.LOCAL_PROTECTION_ERROR;
        }
        if (r.dataLength() > 0) {
            port.memory().write(descriptor.localAddress(), r.data());
        }
        return ViStatus.SUCCESS;
    }

    @Override
    public void onAborted(Exchange e, ExchangeException cause) {
        if (vi.inFlight(e) == null) {
            return;
        }
        port.event(ViEvent.Kind.TIMEOUT, vi.number(), e.remoteId(), cause.kind() == ExchangeException.Cause.TIMEOUT
                ? "no response to OX_ID " + FcviPort.hex(e.oxId()) + " within " + port.ulpTimeout().toNanos() / 1000
                + " us" : "request of OX_ID " + FcviPort.hex(e.oxId()) + " aborted: " + cause.getMessage());
        complete(ViStatus.TRANSPORT_ERROR);
    }

    private void complete(ViStatus status) {
        vi.complete(new Completion(vi.address(), descriptor.id(), VirtualInterface.operationOf(descriptor), status,
                status.isSuccess() ? descriptor.length() : 0, null, null));
    }
}
