package dev.fcspec.emulator.vi;

import static dev.fcspec.emulator.vi.TwoPortBench.PTAG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.PcapWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FC-VI frames as tshark sees them")
class FcviTsharkTest {

    @TempDir
    Path dir;

    @Test
    void everyFcviFrameHasType0x58AGoodCrcAndIsNotMalformed() throws Exception {
        Tshark tshark = Tshark.require();
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

        Path pcap = writePcap(dir.resolve("fcvi.pcap"), bench.wire);
        Tshark.Decoded d = tshark.decode(pcap, "fc.type", "fc.r_ctl", "fc.ox_id", "fc.rx_id");
        assertThat(d.check().clean()).as(d.check().messages().toString()).isTrue();
        assertThat(d.rows()).hasSize(6).allSatisfy(r -> assertThat(r.get("fc.type")).isEqualTo("0x58"));
        // READ_RQST is an unsolicited command, READ_RESP solicited data, WRITE_RESP command status.
        assertThat(d.rows()).extracting(r -> r.get("fc.r_ctl"))
                .containsExactly("0x06", "0x01", "0x06", "0x07", "0x02", "0x03");
        // each response answers in its request's exchange
        for (int i = 0; i < 6; i += 2) {
            assertThat(d.rows().get(i + 1).get("fc.ox_id")).isEqualTo(d.rows().get(i).get("fc.ox_id"));
            assertThat(d.rows().get(i).get("fc.rx_id")).isEqualTo("0xffff");
        }
    }

    @Test
    void aRequestAbortedAfterTheUlpTimeoutShowsAsAbtsAndBaRjtOnItsExchange() throws Exception {
        Tshark tshark = Tshark.require();
        TwoPortBench bench = new TwoPortBench();
        VirtualInterface[] c = bench.connected(1, 2, ViAttributes.reliable(PTAG));
        MemoryRegion src = bench.a.registerMemory(0, 64, MemoryAttributes.localOnly(PTAG));
        MemoryRegion dst = bench.b.registerMemory(0x100, 64, MemoryAttributes.readWrite(PTAG));
        bench.link.faults().dropNext(1, f -> FcviProtocol.isFcvi(f)
                && FcviProtocol.decode(f.payload()).code() == FcviProtocol.IU_READ_RESP);
        c[0].post(new Descriptor.RdmaRead(1, src.handle(), 0, 13, dst.handle(), 0x100));
        bench.run();

        Path pcap = writePcap(dir.resolve("fcvi-abts.pcap"), bench.wire);
        Tshark.Decoded d = tshark.decode(pcap, "fc.type", "fc.r_ctl", "fc.ox_id");
        assertThat(d.check().clean()).as(d.check().messages().toString()).isTrue();
        // the tap sees the READ_RESP the link then loses; ABTS and BA_RJT (B had ended its side) follow
        assertThat(d.rows()).extracting(r -> r.get("fc.r_ctl")).containsExactly("0x06", "0x01", "0x81", "0x85");
        assertThat(d.rows()).extracting(r -> r.get("fc.ox_id")).containsOnly(d.rows().get(0).get("fc.ox_id"));
    }

    /** LINKTYPE_FC_2_WITH_FRAME_DELIMS (225) capture of the frames, one microsecond apart. */
    static Path writePcap(Path file, List<Frame> frames) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out)) {
            long t = 0;
            for (Frame f : frames) {
                pcap.write(t, f);
                t += 1_000;
            }
        }
        return file;
    }
}
