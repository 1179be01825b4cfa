package dev.fcspec.emulator.link;

import dev.fcspec.emulator.wire.Frame;
import java.util.Objects;

/** One end of a {@link Link}: what a port transmits on and receives from. */
public final class LinkEnd {
    private final Link link;
    private final String name;
    private FrameReceiver receiver;

    LinkEnd(Link link, String name) {
        this.link = link;
        this.name = name;
    }

    /** Connects the port that receives frames arriving at this end. */
    public void attach(FrameReceiver r) {
        this.receiver = Objects.requireNonNull(r, "receiver");
    }

    /** Transmits a frame towards the other end. */
    public void send(Frame frame) {
        link.transmit(this, frame);
    }

    public LinkEnd peer() {
        return link.peerOf(this);
    }

    public Link link() {
        return link;
    }

    public String name() {
        return name;
    }

    FrameReceiver receiver() {
        return receiver;
    }

    @Override
    public String toString() {
        return name;
    }
}
