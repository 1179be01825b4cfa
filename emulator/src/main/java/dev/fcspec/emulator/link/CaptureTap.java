package dev.fcspec.emulator.link;

import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link FrameTap} that records every frame transmitted on the links it is attached to, with the emulator
 * clock's time, in the order the frames were transmitted, and writes them as a pcap file (link type 225, see
 * {@link PcapWriter}). Frames are recorded as their sender put them on the wire, before any fault the link
 * injects. A deterministic run gives byte-identical captures.
 *
 * <pre>{@code
 * CaptureTap capture = new CaptureTap().attach(hostLink, storageLink);
 * ... run the scenario ...
 * byte[] pcap = capture.toPcap();
 * }</pre>
 */
public final class CaptureTap implements FrameTap {

    /** One recorded frame: when, on which link, from which end. */
    public record CapturedFrame(long timeNanos, String link, String from, Frame frame) {
        public CapturedFrame {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(frame, "frame");
        }
    }

    private final int maxFrames;
    private final long epochNanos;
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();
    private long overflow;

    /** A capture without a frame limit whose time stamps are the clock's time since 1970 (virtual time: from 0). */
    public CaptureTap() {
        this(Integer.MAX_VALUE, 0L);
    }

    /**
     * A capture that keeps at most {@code maxFrames} frames (later frames are counted in {@link #overflow()})
     * and writes time stamps as {@code epochNanos} plus the clock's time.
     */
    public CaptureTap(int maxFrames, long epochNanos) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("negative frame limit " + maxFrames);
        }
        if (epochNanos < 0) {
            throw new IllegalArgumentException("epoch before 1970: " + epochNanos);
        }
        this.maxFrames = maxFrames;
        this.epochNanos = epochNanos;
    }

    /** Starts recording the frames of each link (both directions). */
    public CaptureTap attach(Link... toTap) {
        for (Link l : toTap) {
            Objects.requireNonNull(l, "link");
            if (!links.contains(l)) {
                links.add(l);
                l.addTap(this);
            }
        }
        return this;
    }

    /** Stops recording every link; the frames recorded so far stay. */
    public void detach() {
        for (Link l : links) {
            l.removeTap(this);
        }
        links.clear();
    }

    @Override
    public void onFrame(long timeNanos, LinkEnd from, Frame frame) {
        if (frames.size() >= maxFrames) {
            overflow++;
            return;
        }
        frames.add(new CapturedFrame(timeNanos, from.link().name(), from.name(), frame));
    }

    /** The recorded frames, in transmission order. */
    public List<CapturedFrame> frames() {
        return List.copyOf(frames);
    }

    public int size() {
        return frames.size();
    }

    /** Frames seen after the limit was reached, and not recorded. */
    public long overflow() {
        return overflow;
    }

    /** Forgets the recorded frames (for example between scenarios); stays attached. */
    public void clear() {
        frames.clear();
        overflow = 0;
    }

    /** The capture as a pcap file. */
    public byte[] toPcap() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writePcap(out);
        return out.toByteArray();
    }

    /** Writes the capture as a pcap file to {@code out} (not closed). */
    public void writePcap(OutputStream out) {
        List<CapturedFrame> snapshot = frames();
        PcapWriter w = new PcapWriter(out, epochNanos);
        for (CapturedFrame f : snapshot) {
            w.write(f.timeNanos(), f.frame());
        }
        w.flush();
    }

    /** Writes the capture as a pcap file at {@code file}, creating parent folders. */
    public void writePcap(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(file, toPcap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
