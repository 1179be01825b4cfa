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

    private MirrorEngine.Result engineWrite(String server, long lba, byte[] data) {
        MirrorEngine.Result[] r = new MirrorEngine.Result[1];
        group.server(server).engine().write(lba, data, x -> r[0] = x);
        assertThat(scheduler.runUntil(() -> r[0] != null, Duration.ofSeconds(30))).as("write completes").isTrue();
        return r[0];
    }

    private void offlineAndBack(MirrorGroup.Path path, NPort... ports) {
        settle(ports);
        await(group.start(List.of("ms1", "ms2"), path));
        dev.fcspec.emulator.fabric.FabricSwitch sw = bench.fabric("A");
        NPort ms1 = bench.nPort(new Endpoint("ms1", "0a"));
        assertThat(sw.nameServer().entryByPortName(ms1.portName())).as("ms1 registered").isPresent();
        byte[] one = new byte[512];
        Arrays.fill(one, (byte) 0x11);
        assertThat(engineWrite("ms1", 0, one).ok()).isTrue();

        group.server("ms1").goOffline();
        scheduler.runFor(Duration.ofMillis(1));
        assertThat(sw.loginByPortName(ms1.portName())).as("the switch logged ms1's port out").isEmpty();
        assertThat(sw.nameServer().entryByPortName(ms1.portName())).as("ms1's name-server entry").isEmpty();
        byte[] two = new byte[512];
        Arrays.fill(two, (byte) 0x22);
        assertThat(engineWrite("ms2", 0, two).ok()).as("ms2 goes on alone once the name server lost ms1").isTrue();
        assertThat(group.server("ms2").engine().tieBreak()).isEqualTo(MirrorEngine.TieBreak.PEER_GONE);

        boolean[] back = {false};
        group.server("ms1").comeBack(() -> back[0] = true);
        assertThat(scheduler.runUntil(() -> back[0], Duration.ofSeconds(30))).as("ms1 comes back").isTrue();
        assertThat(ms1.state()).isEqualTo(LportState.READY);
        assertThat(sw.nameServer().entryByPortName(ms1.portName())).as("ms1 registered again").isPresent();
        assertThat(group.server("ms1").device().inspect(0)).as("ms1 caught up").isEqualTo(two);
        byte[] three = new byte[512];
        Arrays.fill(three, (byte) 0x33);
        assertThat(engineWrite("ms1", 1, three).ok()).isTrue();
        assertThat(group.server("ms2").device().inspect(1)).as("copies reach ms2 again").isEqualTo(three);
        assertThat(group.server("ms1").engine().tieBreak()).isEqualTo(MirrorEngine.TieBreak.PEER_REACHABLE);
        assertThat(bench.nPort(new Endpoint("ms1", "d3")).state()).as("ms1's port to ms3, never enabled")
                .isEqualTo(LportState.DISABLED);
    }

    @Test
    void aServerGoingOfflineDropsOffTheFabricAndLogsInAgainWhenItComesBackOverTheSharedNetwork() {
        offlineAndBack(MirrorGroup.Path.SHARED_NETWORK, up("ms1", "0a"), up("ms2", "0a"));
    }

    @Test
    void aServerGoingOfflineDarkensItsDedicatedLinkAndLogsInAgainOverItWhenItComesBack() {
        offlineAndBack(MirrorGroup.Path.DEDICATED_LINK, up("ms1", "0a"), up("ms2", "0a"), up("ms1", "d2"),
                up("ms2", "d1"));
        String dedicated = bench.linkOf(new Endpoint("ms1", "d2")).orElseThrow().name();
        assertThat(capture.frames()).as("the point-to-point login again on the dedicated link")
                .filteredOn(f -> f.link().equals(dedicated) && f.frame().header().type() == 0x01
                        && f.frame().payload().length > 0 && f.frame().payload()[0] == 0x04).hasSizeGreaterThan(1);
    }
}
