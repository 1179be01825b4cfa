package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.fcp.FcpResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Soak: reads {@code GiB} gibibytes (default 8) with 1 MiB READ(10)s from an emulated array to an emulated
 * host through one switch, on virtual time, and reports after every GiB the heap in use after a full GC, the
 * scheduler's pending tasks and the wall-clock rate. A leak shows as a heap that climbs GiB after GiB. Run
 * by the {@code soak} profile of the emulator module (see docs/benchmarks.md):
 * <pre>
 * ./mvnw -B -pl emulator -Psoak verify -DskipTests -Dsoak.gib=8 -Dsoak.heap=256m
 * </pre>
 * A benchmark, not a test: wall-clock time is measured here only to report a rate.
 */
public final class FcpReadSoak {

    private FcpReadSoak() {
    }

    public static void main(String[] args) {
        int gib = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        if (gib < 1) {
            throw new IllegalArgumentException("GiB to read must be at least 1, not " + gib);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int mibBlocks = (1 << 20) / EmbeddedFcpReads.BLOCK;
        EmbeddedFcpReads run = new EmbeddedFcpReads(1);
        System.out.printf("soak: %d GiB of 1 MiB READ(10)s host -> switch -> array, max heap %d MiB%n", gib,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%6s %14s %14s %12s%n", "GiB", "heap-after-GC", "pending-tasks", "MB/s");
        long start = System.nanoTime();
        long lastMark = start;
        long firstHeap = -1;
        long lastHeap = 0;
        long lba = 0;
        for (int g = 1; g <= gib; g++) {
            for (int i = 0; i < 1024; i++) {
                FcpResult r = run.read(lba, mibBlocks);
                if (r.status() != 0 || r.data().length != 1 << 20) {
                    throw new IllegalStateException("read at LBA " + lba + " ended with status " + r.status()
                            + " and " + r.data().length + " bytes");
                }
                lba = (lba + mibBlocks) % EmbeddedFcpReads.LUN_BLOCKS;
            }
            long now = System.nanoTime();
            System.gc();
            long heap = memory.getHeapMemoryUsage().getUsed();
            firstHeap = firstHeap < 0 ? heap : firstHeap;
            lastHeap = heap;
            System.out.printf("%6d %10d KiB %14d %12.0f%n", g, heap >> 10, run.scheduler.pendingTasks(),
                    (1 << 30) / ((now - lastMark) / 1e9) / 1e6);
            lastMark = System.nanoTime();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("read %d GiB in %.1f s (%.0f MB/s incl. GC pauses); heap after GC %d KiB after the first"
                + " GiB, %d KiB after the last%n", gib, seconds, gib * (double) (1L << 30) / seconds / 1e6,
                firstHeap >> 10, lastHeap >> 10);
    }
}
