package dev.fcspec.steps.interconnect;

import dev.fcspec.emulator.ccm.CcmProtocol;
import dev.fcspec.emulator.ccm.CcmProtocolException;
import dev.fcspec.emulator.link.CaptureTap.CapturedFrame;
import dev.fcspec.emulator.vi.FcviIu;
import dev.fcspec.emulator.vi.FcviProtocol;
import dev.fcspec.emulator.vi.ViStatus;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import java.util.List;
import java.util.Optional;

/** The FC-VI frames of a capture, decoded: what crossed the cluster interconnect. */
final class ViTraffic {

    /** One FC-VI frame as it crossed the wire. */
    record ViFrame(long time, Frame frame, FcviIu iu) {
        FcId from() {
            return frame.header().sId();
        }

        FcId to() {
            return frame.header().dId();
        }

        int oxId() {
            return frame.header().oxId();
        }

        boolean isResponse() {
            return frame.header().fromResponder();
        }

        boolean isRdmaRequest() {
            return iu instanceof FcviIu.ReadRequest || iu instanceof FcviIu.WriteRequest;
        }

        boolean is(int code) {
            return iu.code() == code;
        }

        /** The session message a send carries, if it is one. */
        Optional<CcmProtocol.Message> sessionMessage() {
            if (!(iu instanceof FcviIu.SendRequest s) || s.destinationVi() != CcmProtocol.BOOT_VI) {
                return Optional.empty();
            }
            try {
                return Optional.of(CcmProtocol.decode(s.data()));
            } catch (CcmProtocolException e) {
                return Optional.empty();
            }
        }

        /** The completion status a response carries (SUCCESS for connect/disconnect answers). */
        ViStatus status() {
            if (iu instanceof FcviIu.ReadResponse r) {
                return r.status();
            }
            if (iu instanceof FcviIu.WriteResponse w) {
                return w.status();
            }
            if (iu instanceof FcviIu.SendResponse s) {
                return s.status();
            }
            return ViStatus.SUCCESS;
        }

        String describe() {
            return String.format("%.6f ms %s -> %s %s", time / 1e6, from(), to(), iu);
        }
    }

    private final List<ViFrame> frames;

    ViTraffic(List<CapturedFrame> captured) {
        this.frames = captured.stream().filter(c -> FcviProtocol.isFcvi(c.frame()))
                .map(c -> new ViFrame(c.timeNanos(), c.frame(), FcviProtocol.decode(c.frame().payload()))).toList();
    }

    List<ViFrame> all() {
        return frames;
    }

    List<ViFrame> from(FcId id) {
        return frames.stream().filter(f -> f.from().equals(id)).toList();
    }

    List<ViFrame> rdmaRequestsFrom(FcId id) {
        return frames.stream().filter(f -> f.from().equals(id) && f.isRdmaRequest()).toList();
    }

    /** The answer to a request: the first frame of the same exchange sent back by the responder. */
    Optional<ViFrame> answerTo(ViFrame request) {
        return frames.stream().filter(f -> f.isResponse() && f.oxId() == request.oxId()
                && f.from().equals(request.to()) && f.time() > request.time()).findFirst();
    }

    List<String> names(List<ViFrame> list) {
        return list.stream().map(f -> f.iu().name()).toList();
    }

    String dump() {
        StringBuilder b = new StringBuilder();
        frames.forEach(f -> b.append("\n  ").append(f.describe()));
        return b.toString();
    }
}
