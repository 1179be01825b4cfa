package dev.fcspec.emulator.wire;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Frame codec throughput for full frames (2112-byte data field, 2148 bytes delimited): encode, strict decode,
 * and the CRC-32 alone. Run with the {@code bench} profile (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameCodecBenchmark {

    private Frame frame;
    private byte[] encoded;

    @Setup
    public void setUp() {
        byte[] payload = new byte[Frame.MAX_PAYLOAD];
        new SplittableRandom(1).nextBytes(payload);
        FrameHeader h = new FrameHeader(RCtl.FCP_DATA, FcId.of(1, 2, 0), 0, FcId.of(1, 3, 0), FcType.FCP,
                FCtl.EX_CTX | FCtl.REL_OFF, 1, 0, 3, 0x1234, 0x0042, 3 * Frame.MAX_PAYLOAD);
        frame = Frame.of(Sof.SOFN3, h, payload, Eof.EOFN);
        encoded = FrameCodec.encode(frame);
    }

    @Benchmark
    public byte[] encode() {
        return FrameCodec.encode(frame);
    }

    @Benchmark
    public Frame decode() {
        return FrameCodec.decode(encoded);
    }

    /** The CRC over header and data field, the part of decoding that touches every byte. */
    @Benchmark
    public int crc() {
        return FrameCrc.compute(encoded, 4, FrameHeader.LENGTH + Frame.MAX_PAYLOAD);
    }

    /** {@link CRC32} reused instead of a new one per frame, to see what allocating it costs. */
    @Benchmark
    public long crcReusedInstance(CrcState s) {
        s.crc.reset();
        s.crc.update(encoded, 4, FrameHeader.LENGTH + Frame.MAX_PAYLOAD);
        return s.crc.getValue();
    }

    @State(Scope.Thread)
    public static class CrcState {
        final CRC32 crc = new CRC32();
    }
}
