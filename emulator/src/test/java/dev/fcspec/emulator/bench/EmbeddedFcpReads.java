package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.fcp.FcpInitiator;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * FCP READs from an emulated host through one switch to an emulated array on virtual time: host h1 and array1
 * port 0a (one 64 MiB LUN of 512-byte blocks) on switch sw1, logged in with an FCP image pair and the LUN's
 * power-on unit attention already reported. Shared by the scheduler-queue test and the read soak.
 */
final class EmbeddedFcpReads {
    static final int BLOCK = 512;
    static final int LUN_BLOCKS = (64 << 20) / BLOCK;

    private static final String BENCH = """
            fabrics:
              - name: A
                switch: {name: sw1, domain_id: 3, wwn: 10:00:00:05:33:00:00:01}
            hosts:
              - name: h1
                hbas:
                  - {name: host1, wwnn: 20:00:00:00:c9:00:00:01, wwpn: 10:00:00:00:c9:00:00:01}
            storage:
              - name: array1
                ports:
                  - {name: 0a, wwnn: 50:0a:09:80:00:00:00:01, wwpn: 50:0a:09:81:00:00:00:01}
                luns:
                  - {id: 0, size: 64MiB}
            links:
              - {a: h1.host1, b: sw1.1}
              - {a: array1.0a, b: sw1.2}
            """;
    private static final Duration DEADLINE = Duration.ofMinutes(1);

    final VirtualScheduler scheduler;
    final EmbeddedBench bench;
    final FcpInitiator initiator;
    final FcId array;

    EmbeddedFcpReads(long seed) {
        scheduler = new VirtualScheduler(seed);
        bench = new EmbeddedBench(BenchLoader.parse(BENCH, "one-host-one-array"), scheduler);
        NPort host = bench.nPort(new Endpoint("h1", "host1"));
        NPort target = bench.nPort(new Endpoint("array1", "0a"));
        host.enable();
        target.enable();
        await(() -> host.state() == LportState.READY && target.state() == LportState.READY, "both ports READY");
        array = target.fcId();
        var login = host.login(array);
        await(login::isDone, "PLOGI and PRLI");
        login.join();
        initiator = bench.fcpInitiator(new Endpoint("h1", "host1"));
        read(0, 1); // takes the power-on unit attention
    }

    /** READ(10) of {@code blocks} blocks at {@code lba}; runs the scheduler until the command completes. */
    FcpResult read(long lba, int blocks) {
        byte[] cdb = {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
                (byte) (blocks >>> 8), (byte) blocks, 0};
        CompletableFuture<FcpResult> r = initiator.read(array, 0, cdb, blocks * BLOCK);
        await(r::isDone, "READ(10) of " + blocks + " blocks at " + lba);
        return r.join();
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        if (!scheduler.runUntil(condition, DEADLINE)) {
            throw new IllegalStateException(what + " did not happen within " + DEADLINE + " of virtual time");
        }
    }
}
