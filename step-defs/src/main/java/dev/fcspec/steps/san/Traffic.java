package dev.fcspec.steps.san;

import dev.fcspec.emulator.bench.EmbeddedBench;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.ct.CtIu;
import dev.fcspec.emulator.port.els.ElsCodec;
import dev.fcspec.emulator.port.els.ElsPayload;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What crossed the bench's links, as an analyzer on each cable saw it: every frame with the port that
 * transmitted it and the port at the other end of the cable. Frames are recorded as their sender put them
 * on the wire (before any fault the link injects).
 */
public final class Traffic {

    /**
     * One frame on one cable.
     *
     * @param index    position in the whole capture (transmission order)
     * @param sender   the port that transmitted it (a host or array port, or a switch port such as sw1.3)
     * @param receiver the port at the other end of the cable
     */
    public record Seen(int index, long timeNanos, String link, Endpoint sender, Endpoint receiver, Frame frame) {
        public FrameHeader header() {
            return frame.header();
        }

        public boolean isElsRequest(int command) {
            FrameHeader h = header();
            return h.rCtl() == RCtl.ELS_REQ && h.type() == FcType.ELS && frame.payloadLength() > 0
                    && frame.payloadByte(0) == command;
        }

        public boolean isElsReply() {
            return header().rCtl() == RCtl.ELS_REP && header().type() == FcType.ELS;
        }

        public boolean isCtRequest() {
            return header().rCtl() == RCtl.CT_REQ && header().type() == FcType.CT;
        }

        public boolean isCtResponse() {
            return header().rCtl() == RCtl.CT_REP && header().type() == FcType.CT;
        }

        /** The ELS request this frame carries, decoded. */
        public ElsPayload elsRequest() {
            return ElsCodec.decodeRequest(frame.payload());
        }

        /** The ELS reply this frame carries, decoded as the answer to {@code requestCommand}. */
        public ElsPayload elsReply(int requestCommand) {
            return ElsCodec.decodeReply(requestCommand, frame.payload());
        }

        /** The CT_IU this frame carries. */
        public CtIu ctIu() {
            return CtIu.decode(frame.payload());
        }

        /** Sent by the exchange's responder (F_CTL Exchange Context). */
        public boolean fromResponder() {
            return header().has(FCtl.EX_CTX);
        }

        @Override
        public String toString() {
            return "#" + index + " " + sender + " -> " + receiver + " " + frame;
        }
    }

    private final CaptureTap capture;
    private final Map<String, Endpoint> endByName = new HashMap<>();
    private final Map<String, Endpoint> peerByName = new HashMap<>();

    Traffic(EmbeddedBench bench, CaptureTap capture) {
        this.capture = capture;
        bench.linkEndNames().forEach((endpoint, name) -> endByName.put(name, endpoint));
        for (Link l : bench.links()) {
            peerByName.put(l.a().name(), endByName.get(l.b().name()));
            peerByName.put(l.b().name(), endByName.get(l.a().name()));
        }
    }

    /** Every frame so far, in transmission order. */
    public List<Seen> all() {
        List<CaptureTap.CapturedFrame> frames = capture.frames();
        java.util.ArrayList<Seen> out = new java.util.ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            CaptureTap.CapturedFrame f = frames.get(i);
            out.add(new Seen(i, f.timeNanos(), f.link(), endByName.get(f.from()), peerByName.get(f.from()), f.frame()));
        }
        return out;
    }

    /** How many frames have crossed so far: a mark to look at what happens after it. */
    public int mark() {
        return capture.size();
    }

    public List<Seen> since(int mark, Predicate<Seen> filter) {
        return all().stream().filter(s -> s.index() >= mark).filter(filter).toList();
    }

    public List<Seen> where(Predicate<Seen> filter) {
        return since(0, filter);
    }

    /** Frames {@code port} transmitted on its cable. */
    public List<Seen> sentBy(Endpoint port) {
        return where(s -> port.equals(s.sender()));
    }

    /** Frames transmitted towards {@code port} on its cable. */
    public List<Seen> sentTo(Endpoint port) {
        return where(s -> port.equals(s.receiver()));
    }

    /** ELS requests with the given command code that {@code port} transmitted. */
    public List<Seen> elsRequestsBy(Endpoint port, int command) {
        return where(s -> port.equals(s.sender()) && s.isElsRequest(command));
    }

    /** The last ELS request with this command code that {@code port} transmitted. */
    public Optional<Seen> lastElsRequestBy(Endpoint port, int command) {
        List<Seen> l = elsRequestsBy(port, command);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    /**
     * The first frame of the answer to {@code request}: on the same cable, in the other direction, later,
     * from the responder of the same exchange (same OX_ID, S_ID = the request's D_ID).
     */
    public Optional<Seen> answerTo(Seen request) {
        return all().stream()
                .filter(s -> s.index() > request.index())
                .filter(s -> s.link().equals(request.link()) && request.sender().equals(s.receiver()))
                .filter(Seen::fromResponder)
                .filter(s -> s.header().oxId() == request.header().oxId())
                .filter(s -> s.header().sId().equals(request.header().dId()))
                .findFirst();
    }
}
