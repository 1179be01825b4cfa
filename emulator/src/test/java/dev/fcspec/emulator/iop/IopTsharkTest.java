package dev.fcspec.emulator.iop;

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

@DisplayName("I/O-processor frames as tshark sees them")
class IopTsharkTest {

    @TempDir
    Path dir;

    @Test
    void aLostCompletionShowsAsRequestAbtsRetransmissionOnANewExchangeAndTheCompletionAgain() throws Exception {
        Tshark tshark = Tshark.require();
        TwoNodeIopBench bench = new TwoNodeIopBench();
        bench.storage1.create(1, 512, 64);
        bench.submit1(HostRequest.designate(1, 1, TwoNodeIopBench.NODE2, 9));
        bench.wire.clear();
        bench.link.faults().dropNext(1, f -> f.header().type() == IopProtocol.TYPE
                && IopProtocol.decode(f.payload()).isCompletion());
        bench.submit1(HostRequest.replicate(2, 1, 0, TwoNodeIopBench.blocks(1, 7)));

        Path pcap = writePcap(dir.resolve("iop.pcap"), bench.wire);
        Tshark.Decoded d = tshark.decode(pcap, "fc.type", "fc.r_ctl", "fc.ox_id");
        assertThat(d.check().clean()).as(d.check().messages().toString()).isTrue();
        // request, its completion (seen by the tap, lost by the link), ABTS, the request again on a new exchange,
        // BA_RJT (adapter 2 had ended its side of the first), the completion again from adapter 2's cache
        assertThat(d.rows()).extracting(r -> r.get("fc.r_ctl"))
                .containsExactly("0x06", "0x07", "0x81", "0x06", "0x85", "0x07");
        assertThat(d.rows()).extracting(r -> r.get("fc.type"))
                .containsExactly("0xe0", "0xe0", "0x00", "0xe0", "0x00", "0xe0");
        String first = d.rows().get(0).get("fc.ox_id");
        String again = d.rows().get(3).get("fc.ox_id");
        assertThat(again).isNotEqualTo(first);
        assertThat(d.rows()).extracting(r -> r.get("fc.ox_id")).containsExactly(first, first, first, again, first, again);
    }

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
