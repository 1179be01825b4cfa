package dev.fcspec.steps.interconnect;

import dev.fcspec.emulator.iop.IopMessage;
import dev.fcspec.emulator.iop.IopProtocol;
import dev.fcspec.emulator.link.CaptureTap.CapturedFrame;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import java.util.List;

/** The I/O-processor messages of a capture (TYPE 0xE0 frames), decoded. */
final class IopTraffic {

    record IopFrame(long time, Frame frame, IopMessage message) {
        FcId from() {
            return frame.header().sId();
        }

        FcId to() {
            return frame.header().dId();
        }

        String describe() {
            return String.format("%.6f ms %s -> %s %s", time / 1e6, from(), to(), message);
        }
    }

    private final List<IopFrame> frames;

    IopTraffic(List<CapturedFrame> captured) {
        this.frames = captured.stream().filter(c -> c.frame().header().type() == IopProtocol.TYPE)
                .map(c -> new IopFrame(c.timeNanos(), c.frame(), IopProtocol.decode(c.frame().payload()))).toList();
    }

    List<IopFrame> all() {
        return frames;
    }

    List<IopFrame> requests(FcId from, int messageId) {
        return frames.stream().filter(f -> f.message().isRequest() && f.from().equals(from)
                && f.message().messageId() == messageId).toList();
    }

    List<IopFrame> completions(FcId from, int messageId) {
        return frames.stream().filter(f -> f.message().isCompletion() && f.from().equals(from)
                && f.message().messageId() == messageId).toList();
    }

    List<IopFrame> withId(int messageId) {
        return frames.stream().filter(f -> f.message().messageId() == messageId).toList();
    }

    String dump() {
        StringBuilder b = new StringBuilder();
        frames.forEach(f -> b.append("\n  ").append(f.describe()));
        return b.toString();
    }
}
