package dev.fcspec.emulator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.BenchLoader;
import dev.fcspec.emulator.bench.EmbeddedBench;
import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fcp.FcpInitiator;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.time.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mirrored virtual SAN on the embedded bench")
class MirrorGroupTest {
    private final EmbeddedBench bench = new EmbeddedBench(
            BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml")), new VirtualScheduler(11));
    private final VirtualScheduler scheduler = bench.scheduler();
    private final CaptureTap capture = new CaptureTap();
    private final MirrorGroup group = bench.mirror("vsan1");

    MirrorGroupTest() {
        bench.links().forEach(capture::attach);
    }

    private NPort up(String node, String port) {
        NPort p = bench.nPort(new Endpoint(node, port));
        p.enable();
        return p;
    }

    private void settle(NPort... ports) {
        assertThat(scheduler.runUntil(() -> Arrays.stream(ports).allMatch(p -> p.state() == LportState.READY),
                Duration.ofSeconds(5))).as("ports logged in").isTrue();
    }

    private <T> T await(CompletableFuture<T> f) {
        assertThat(scheduler.runUntil(f::isDone, Duration.ofSeconds(60))).as("completes").isTrue();
        return f.join();
    }

    private FcpResult write(NPort host, NPort target, long lba, byte[] data) {
        FcpInitiator ini = bench.fcpInitiator(new Endpoint("h1", "host1"));
        await(host.login(target.fcId()));
        byte[] cdb = new byte[16];
        cdb[0] = (byte) 0x8A;
        cdb[9] = (byte) lba;
        cdb[13] = (byte) (data.length / 512);
        return await(ini.write(target.fcId(), group.lun(), cdb, data));
    }

    @Test
    void aHostWriteToOneServerIsMirroredOverTheDedicatedLink() {
        NPort h1 = up("h1", "host1");
        NPort a = up("ms1", "0a");
        NPort b = up("ms2", "0a");
        NPort d1 = up("ms1", "d2");
        NPort d2 = up("ms2", "d1");
        settle(h1, a, b, d1, d2);
        await(group.start(List.of("ms1", "ms2"), MirrorGroup.Path.DEDICATED_LINK));
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 0x3C);
        assertThat(write(h1, a, 8, data).status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(group.server("ms2").device().inspect(15)).isEqualTo(Arrays.copyOf(data, 512));
        String dedicated = bench.linkOf(new Endpoint("ms1", "d2")).orElseThrow().name();
        assertThat(capture.frames()).filteredOn(f -> f.frame().header().type() == MirrorProtocol.TYPE)
                .isNotEmpty().allMatch(f -> f.link().equals(dedicated));
    }

    @Test
    void overTheSharedNetworkTheCopiesCrossTheFabricSwitch() {
        NPort h1 = up("h1", "host1");
        NPort a = up("ms1", "0a");
        NPort b = up("ms2", "0a");
        settle(h1, a, b);
        await(group.start(List.of("ms1", "ms2"), MirrorGroup.Path.SHARED_NETWORK));
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0x44);
        assertThat(write(h1, a, 0, data).status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(group.server("ms2").device().inspect(0)).isEqualTo(data);
        String toSwitch = bench.linkOf(new Endpoint("ms1", "0a")).orElseThrow().name();
        assertThat(capture.frames()).filteredOn(f -> f.frame().header().type() == MirrorProtocol.TYPE)
                .anyMatch(f -> f.link().equals(toSwitch));
    }
}
