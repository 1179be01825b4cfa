package dev.fcspec.emulator.vi;

import static dev.fcspec.emulator.vi.TwoPortBench.PTAG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FC-VI frames as tshark sees them")
class FcviTsharkTest {

    @TempDir
    Path dir;

    @Test
    void everyFcviFrameHasType0x58AGoodCrcAndIsNotMalformed() throws Exception {
        Path tshark = Path.of("/usr/bin/tshark");
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(tshark)) {
            assertThat(ci).as("tshark is required when CI=true").isFalse();
            Assumptions.assumeTrue(false, "tshark is not installed (apt-get install -y tshark)");
        }
        TwoPortBench bench = new TwoPortBench();
        VirtualInterface[] c = bench.connected(1, 2, ViAttributes.reliable(PTAG));
        MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
        MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
        bench.wire.clear();
        c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 13, dst.handle(), 0x100));
        c[0].post(new Descriptor.RdmaWrite(2, src.handle(), 0, 13, dst.handle(), 0x100, null));
        bench.run();
        c[0].disconnect();
        bench.run();
        assertThat(bench.wire).hasSize(6);

        Path pcap = dir.resolve("fcvi.pcap");
        writePcap(pcap, bench.wire);
        Process p = new ProcessBuilder(tshark.toString(), "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
                "-e", "fc.type", "-e", "fc.crc.status", "-e", "fc.r_ctl", "-e", "fc.ox_id", "-e", "_ws.malformed")
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(6);
        assertThat(lines).allSatisfy(l -> {
            String[] f = l.split(",", -1);
            assertThat(f[0]).isEqualTo("0x58");
            assertThat(f[1]).isEqualTo("1");
            assertThat(f[4]).as("malformed").isEmpty();
        });
        // READ_RQST is an unsolicited command, READ_RESP solicited data, WRITE_RESP command status.
        assertThat(lines).extracting(l -> l.split(",")[2])
                .containsExactly("0x06", "0x01", "0x06", "0x07", "0x02", "0x03");
    }

    /** LINKTYPE_FC_2_WITH_FRAME_DELIMS (225) capture of the frames, one microsecond apart. */
    static void writePcap(Path file, List<Frame> frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out)) {
            long t = 0;
            for (Frame f : frames) {
                pcap.write(t, f);
                t += 1_000;
            }
        }
    }
}
