package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.ReadResponse;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.SendResponse;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteResponse;

/**
 * The target side of send, RDMA write and RDMA read requests: checks the VI's connection and the memory
 * protection before any memory is touched, applies the request, and answers it as the last sequence of its
 * exchange. A refusal puts a reliable VI into Error and is reported on its receive completion queue.
 */
final class DataTarget {

    private final FcviPort port;

    DataTarget(FcviPort port) {
        this.port = port;
    }

    void onRequest(Exchange e, FcviIu iu) {
        ViAddress requester = new ViAddress(e.remoteId(), iu.sourceVi());
        VirtualInterface vi = port.vi(iu.destinationVi()).orElse(null);
        if (vi == null || vi.state() != ViState.CONNECTED || !requester.equals(vi.remote())) {
            port.event(ViEvent.Kind.NOT_CONNECTED, iu.destinationVi(), e.remoteId(), iu.name() + " from " + requester
                    + " refused: " + (vi == null ? "no such VI" : vi.state() + " and connected to " + vi.remote()));
            answer(e, errorResponse(iu, ViStatus.TRANSPORT_ERROR));
        } else if (iu instanceof WriteRequest w) {
            onWrite(e, vi, w);
        } else if (iu instanceof ReadRequest r) {
            onRead(e, vi, r);
        } else {
            onSend(e, vi, (SendRequest) iu);
        }
    }

    private void onWrite(Exchange e, VirtualInterface vi, WriteRequest w) {
        String refused = port.registry().remoteAccessRefusal(vi, w.remoteHandle(), w.remoteAddress(), w.dataLength(),
                true);
        if (refused != null) {
            refuseRdma(e, vi, w, ViOperation.REMOTE_RDMA_WRITE, refused);
            return;
        }
        Descriptor.Receive rd = null;
        if (w.immediateData() != null) {
            rd = vi.takeReceive();
            if (rd == null) {
                noReceiveDescriptor(e, vi, w);
                return;
            }
        }
        if (w.dataLength() > 0) {
            port.memory().write(w.remoteAddress(), w.data());
        }
        // The response goes out first; the consumer then learns of the write in the same instant.
        answer(e, new WriteResponse(w.sourceVi(), vi.number(), ViStatus.SUCCESS));
        if (rd != null) {
            vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.REMOTE_RDMA_WRITE,
                    ViStatus.SUCCESS, w.dataLength(), w.immediateData(), null));
        }
    }

    private void onRead(Exchange e, VirtualInterface vi, ReadRequest r) {
        String refused = port.registry().remoteAccessRefusal(vi, r.remoteHandle(), r.remoteAddress(), r.length(),
                false);
        if (refused != null) {
            refuseRdma(e, vi, r, ViOperation.REMOTE_RDMA_READ, refused);
            return;
        }
        answer(e, new ReadResponse(r.sourceVi(), vi.number(), ViStatus.SUCCESS,
                port.memory().read(r.remoteAddress(), r.length())));
    }

    private void onSend(Exchange e, VirtualInterface vi, SendRequest s) {
        Descriptor.Receive rd = vi.takeReceive();
        if (rd == null) {
            noReceiveDescriptor(e, vi, s);
            return;
        }
        ViStatus local = rd.length() < s.dataLength() ? ViStatus.LOCAL_LENGTH_ERROR
                : !port.localSegmentValid(rd.localHandle(), rd.localAddress(), rd.length(),
                vi.attributes().protectionTag()) ? ViStatus.LOCAL_PROTECTION_ERROR : ViStatus.SUCCESS;
        if (!local.isSuccess()) {
            port.event(ViEvent.Kind.NO_RECEIVE_DESCRIPTOR, vi.number(), e.remoteId(),
                    "receive descriptor #" + rd.id() + " cannot take " + s.dataLength() + " bytes: " + local);
            vi.fail();
            answer(e, new SendResponse(s.sourceVi(), vi.number(), ViStatus.REMOTE_DESCRIPTOR_ERROR));
            vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.RECEIVE, local, 0, null, null));
            return;
        }
        if (s.dataLength() > 0) {
            port.memory().write(rd.localAddress(), s.data());
        }
        answer(e, new SendResponse(s.sourceVi(), vi.number(), ViStatus.SUCCESS));
        vi.postReceiveCompletion(new Completion(vi.address(), rd.id(), ViOperation.RECEIVE, ViStatus.SUCCESS,
                s.dataLength(), s.immediateData(), s.data()));
    }

    private void refuseRdma(Exchange e, VirtualInterface vi, FcviIu iu, ViOperation op, String why) {
        port.event(ViEvent.Kind.RDMA_PROTECTION, vi.number(), e.remoteId(), why);
        vi.fail();
        answer(e, errorResponse(iu, ViStatus.RDMA_PROTECTION_ERROR));
        vi.postReceiveCompletion(new Completion(vi.address(), 0, op, ViStatus.RDMA_PROTECTION_ERROR, 0, null, null));
    }

    private void noReceiveDescriptor(Exchange e, VirtualInterface vi, FcviIu iu) {
        port.event(ViEvent.Kind.NO_RECEIVE_DESCRIPTOR, vi.number(), e.remoteId(),
                iu.name() + " found no receive descriptor posted on " + vi.address());
        vi.fail();
        answer(e, errorResponse(iu, ViStatus.REMOTE_DESCRIPTOR_ERROR));
    }

    private static FcviIu errorResponse(FcviIu request, ViStatus status) {
        if (request instanceof WriteRequest) {
            return new WriteResponse(request.sourceVi(), request.destinationVi(), status);
        }
        if (request instanceof ReadRequest) {
            return new ReadResponse(request.sourceVi(), request.destinationVi(), status, new byte[0]);
        }
        return new SendResponse(request.sourceVi(), request.destinationVi(), status);
    }

    private static void answer(Exchange e, FcviIu iu) {
        e.sendLast(FcviProtocol.rCtlOf(iu), FcviProtocol.encode(iu));
    }
}
