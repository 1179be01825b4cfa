package dev.fcspec.emulator.wire;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Writes classic pcap files of delimited FC frames: link type 225, LINKTYPE_FC_2_WITH_FRAME_DELIMS (SOF ordered
 * set, frame header, payload and fill, CRC least-significant byte first, EOF ordered set), exactly the bytes
 * {@link FrameCodec#encode} produces.
 *
 * <p>Time stamps have <b>nanosecond</b> precision (magic {@code 0xa1b23c4d}), since the emulator's clock counts
 * nanoseconds and frames on a virtual-time link are often less than a microsecond apart. The file is written
 * little-endian. A record's time stamp is {@code epochNanos + timeNanos}, where {@code timeNanos} comes from the
 * emulator's {@link dev.fcspec.emulator.time.Clock} and {@code epochNanos} is fixed when the writer is made
 * (0 by default, so a virtual-time run starts at 1970-01-01T00:00:00Z and the same run always gives the same
 * bytes).
 */
public final class PcapWriter implements Closeable {

    /** LINKTYPE_FC_2_WITH_FRAME_DELIMS (libpcap {@code DLT_FC_2_WITH_FRAME_DELIMS}). */
    public static final int LINKTYPE_FC_2_WITH_FRAME_DELIMS = 225;
    /** Magic number of a pcap file with nanosecond time stamps, as read in the file's byte order. */
    public static final int MAGIC_NANOSECONDS = 0xA1B23C4D;
    public static final int VERSION_MAJOR = 2;
    public static final int VERSION_MINOR = 4;
    /** Snapshot length written in the global header: larger than any frame, so records are never cut. */
    public static final int SNAPLEN = 65535;
    public static final int GLOBAL_HEADER_LENGTH = 24;
    public static final int RECORD_HEADER_LENGTH = 16;

    private final OutputStream out;
    private final long epochNanos;
    private long records;

    /** A writer whose time stamps are the clock's time since the epoch (1970); writes the global header. */
    public PcapWriter(OutputStream out) {
        this(out, 0L);
    }

    /**
     * A writer that adds {@code epochNanos} (nanoseconds since 1970-01-01T00:00:00Z) to every clock time;
     * writes the global header.
     */
    public PcapWriter(OutputStream out, long epochNanos) {
        this.out = Objects.requireNonNull(out, "out");
        if (epochNanos < 0) {
            throw new IllegalArgumentException("epoch before 1970: " + epochNanos);
        }
        this.epochNanos = epochNanos;
        byte[] h = new byte[GLOBAL_HEADER_LENGTH];
        putInt(h, 0, MAGIC_NANOSECONDS);
        putShort(h, 4, VERSION_MAJOR);
        putShort(h, 6, VERSION_MINOR);
        putInt(h, 8, 0);       // thiszone: time stamps are UTC
        putInt(h, 12, 0);      // sigfigs
        putInt(h, 16, SNAPLEN);
        putInt(h, 20, LINKTYPE_FC_2_WITH_FRAME_DELIMS);
        write(h);
    }

    /** Writes {@code frame}, encoded with its CRC, as one record at {@code timeNanos} of the emulator's clock. */
    public void write(long timeNanos, Frame frame) {
        writeEncoded(timeNanos, FrameCodec.encode(frame));
    }

    /**
     * Writes already delimited frame bytes as one record, unchanged: for frames as they were received, which
     * may be corrupted.
     */
    public void writeEncoded(long timeNanos, byte[] delimitedFrame) {
        Objects.requireNonNull(delimitedFrame, "delimitedFrame");
        if (timeNanos < 0) {
            throw new IllegalArgumentException("negative time stamp " + timeNanos);
        }
        if (delimitedFrame.length > SNAPLEN) {
            throw new IllegalArgumentException("record of " + delimitedFrame.length + " bytes exceeds the snapshot length "
                    + SNAPLEN);
        }
        long t = epochNanos + timeNanos;
        if (t < 0) {
            throw new IllegalArgumentException("time stamp overflows: epoch " + epochNanos + " + " + timeNanos);
        }
        long seconds = t / 1_000_000_000L;
        if (seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("time stamp after 2106 does not fit a pcap record: " + t + " ns");
        }
        byte[] h = new byte[RECORD_HEADER_LENGTH];
        putInt(h, 0, (int) seconds);
        putInt(h, 4, (int) (t % 1_000_000_000L));
        putInt(h, 8, delimitedFrame.length);
        putInt(h, 12, delimitedFrame.length);
        write(h);
        write(delimitedFrame);
        records++;
    }

    /** Records written so far. */
    public long records() {
        return records;
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete pcap file holding {@code frames}, each stamped with the time at the same index. */
    public static byte[] toPcap(long[] timesNanos, Frame... frames) {
        if (timesNanos.length != frames.length) {
            throw new IllegalArgumentException(timesNanos.length + " time stamps for " + frames.length + " frames");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(bytes);
        for (int i = 0; i < frames.length; i++) {
            w.write(timesNanos[i], frames[i]);
        }
        return bytes.toByteArray();
    }

    private void write(byte[] b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }
}
