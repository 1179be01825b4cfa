package dev.fcspec.emulator.scsi;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The target core's command path without a front end: 4 KiB random READ(10)/WRITE(10) and 128 KiB READ(10)
 * on a 64 MiB sparse-memory logical unit with 512-byte blocks (the libiscsi conformance geometry), through
 * {@link TargetCore#execute} with every check (LUN, unit attention, CDB usage, ALUA, reservations). Run with
 * the {@code bench} profile and {@code -prof gc} to see the bytes allocated per command (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TargetCoreBenchmark {
    private static final int BS = 512;
    private static final long BLOCKS = (64L << 20) / BS;

    private TargetCore target;
    private ItNexus nexus;

    @Setup
    public void setUp() {
        TargetPort port = new TargetPort(TransportProtocol.ISCSI, "iqn.2024-01.dev.fcspec:bench,t,0x0001", 1);
        LogicalUnit lu = LogicalUnit.builder("bench", new SparseMemoryStore(BLOCKS * BS, BS)).build();
        target = TargetCore.builder("iqn.2024-01.dev.fcspec:bench").port(port).unit(0, lu).build();
        nexus = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI, "iqn.2024-01.dev.fcspec:host,i,0x1",
                "iqn.2024-01.dev.fcspec:host"), port);
        byte[] fill = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(fill);
        for (long lba = 0; lba < BLOCKS; lba += fill.length / BS) {
            target.execute(nexus, new ScsiCommand(0, rw10(0x2A, lba, fill.length / BS), TaskAttribute.SIMPLE, 0,
                    fill, 0));
        }
        // consume the power-on unit attention
        target.execute(nexus, new ScsiCommand(0, new byte[6], TaskAttribute.SIMPLE, 0, new byte[0], 0));
    }

    /** Per-thread random LBAs and a reusable data-out buffer. */
    @State(Scope.Thread)
    public static class Client {
        final SplittableRandom random = new SplittableRandom(11);
        final byte[] data4k = new byte[4096];
        long tag;
    }

    static byte[] rw10(int opcode, long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        c[2] = (byte) (lba >>> 24);
        c[3] = (byte) (lba >>> 16);
        c[4] = (byte) (lba >>> 8);
        c[5] = (byte) lba;
        c[7] = (byte) (blocks >>> 8);
        c[8] = (byte) blocks;
        return c;
    }

    @Benchmark
    public ScsiResponse randomRead4k(Client c) {
        long lba = c.random.nextLong(BLOCKS - 8) & ~7L;
        return target.execute(nexus, new ScsiCommand(0, rw10(0x28, lba, 8), TaskAttribute.SIMPLE, ++c.tag,
                new byte[0], 4096));
    }

    @Benchmark
    public ScsiResponse randomWrite4k(Client c) {
        long lba = c.random.nextLong(BLOCKS - 8) & ~7L;
        return target.execute(nexus, new ScsiCommand(0, rw10(0x2A, lba, 8), TaskAttribute.SIMPLE, ++c.tag,
                c.data4k, 0));
    }

    @Benchmark
    public ScsiResponse sequentialRead128k(Client c) {
        long lba = (c.tag++ * 256) % (BLOCKS - 256);
        return target.execute(nexus, new ScsiCommand(0, rw10(0x28, lba, 256), TaskAttribute.SIMPLE, c.tag,
                new byte[0], 128 * 1024));
    }
}
