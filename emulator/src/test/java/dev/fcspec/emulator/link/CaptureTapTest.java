package dev.fcspec.emulator.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameCodec;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.PcapWriter;
import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CaptureTap records the frames of its links and writes them as pcap")
class CaptureTapTest {

    @TempDir
    Path dir;

    /** A LOGO request (FC-LS: command 0x05, N_Port_ID, port name). */
    private static Frame logo(FcId d, FcId s, int oxId) {
        byte[] payload = new byte[16];
        payload[0] = 0x05;
        s.writeTo(payload, 5);
        Wwn.parse("10:00:00:00:c9:00:00:01").writeTo(payload, 8);
        return Frame.single(FrameHeader.of(RCtl.ELS_REQ, d, s, FcType.ELS, FCtl.REQUEST, oxId), payload);
    }

    /** Two links on one virtual scheduler: host <-> switch and switch <-> storage. */
    private static byte[] run(long seed, CaptureTap[] out) {
        VirtualScheduler s = new VirtualScheduler(seed);
        Link l1 = new Link(s, "host-switch", Duration.ofNanos(500));
        Link l2 = new Link(s, "switch-storage", Duration.ofNanos(700));
        CaptureTap tap = new CaptureTap().attach(l1, l2);
        out[0] = tap;
        // The "switch" forwards whatever arrives on l1 to l2 and answers nothing.
        l1.b().attach(f -> l2.a().send(f));
        l2.b().attach(f -> { });
        l1.a().attach(f -> { });
        FcId host = FcId.of(1, 2, 0);
        FcId storage = FcId.of(1, 3, 0);
        s.execute(() -> l1.a().send(logo(storage, host, 1)));
        s.schedule(Duration.ofNanos(100), () -> l1.a().send(logo(storage, host, 2)));
        s.schedule(Duration.ofNanos(2000), () -> l2.b().send(logo(host, storage, 3)));
        s.runUntilIdle();
        return tap.toPcap();
    }

    @Test
    void recordsEveryTransmittedFrameInTransmissionOrderWithItsClockTime() {
        CaptureTap[] tap = new CaptureTap[1];
        run(7, tap);

        List<CaptureTap.CapturedFrame> frames = tap[0].frames();
        assertThat(frames).extracting(f -> f.frame().header().oxId()).containsExactly(1, 2, 1, 2, 3);
        assertThat(frames).extracting(CaptureTap.CapturedFrame::timeNanos).containsExactly(0L, 100L, 500L, 600L, 2000L);
        assertThat(frames).extracting(CaptureTap.CapturedFrame::link)
                .containsExactly("host-switch", "host-switch", "switch-storage", "switch-storage", "switch-storage");
        assertThat(frames).extracting(CaptureTap.CapturedFrame::from)
                .containsExactly("host-switch:a", "host-switch:a", "switch-storage:a", "switch-storage:a",
                        "switch-storage:b");
    }

    @Test
    void thePcapHoldsOneRecordPerFrameWithTheEncodedBytesAndTimes() {
        CaptureTap[] tap = new CaptureTap[1];
        byte[] pcap = run(7, tap);

        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(PcapWriter.MAGIC_NANOSECONDS);
        assertThat(b.getInt(20)).isEqualTo(225);
        int at = 24;
        for (CaptureTap.CapturedFrame f : tap[0].frames()) {
            byte[] encoded = FrameCodec.encode(f.frame());
            assertThat((long) b.getInt(at) * 1_000_000_000L + b.getInt(at + 4)).isEqualTo(f.timeNanos());
            assertThat(b.getInt(at + 8)).isEqualTo(encoded.length);
            assertThat(Arrays.copyOfRange(pcap, at + 16, at + 16 + encoded.length)).isEqualTo(encoded);
            at += 16 + encoded.length;
        }
        assertThat(at).isEqualTo(pcap.length);
    }

    @Test
    void aDeterministicRunGivesTheSameBytes() {
        assertThat(run(42, new CaptureTap[1])).isEqualTo(run(42, new CaptureTap[1]));
    }

    @Test
    void framesTheLinkDropsOrCorruptsAreStillRecordedAsSent() {
        VirtualScheduler s = new VirtualScheduler(1);
        Link l = new Link(s, "l");
        CaptureTap tap = new CaptureTap().attach(l);
        l.faults().dropNext(1, f -> true).corruptNext(1, f -> true);
        Frame first = logo(FcId.of(1, 1, 1), FcId.of(1, 1, 2), 1);
        Frame second = logo(FcId.of(1, 1, 1), FcId.of(1, 1, 2), 2);
        l.a().send(first);
        l.a().send(second);
        s.runUntilIdle();

        assertThat(tap.frames()).extracting(CaptureTap.CapturedFrame::frame).containsExactly(first, second);
    }

    @Test
    void detachStopsRecordingAndClearForgets() {
        VirtualScheduler s = new VirtualScheduler(1);
        Link l = new Link(s, "l");
        CaptureTap tap = new CaptureTap().attach(l, l);
        l.a().send(logo(FcId.of(1, 1, 1), FcId.of(1, 1, 2), 1));
        assertThat(tap.size()).as("attached twice, recorded once").isEqualTo(1);

        tap.detach();
        l.a().send(logo(FcId.of(1, 1, 1), FcId.of(1, 1, 2), 2));
        assertThat(tap.size()).isEqualTo(1);

        tap.clear();
        assertThat(tap.size()).isZero();
        assertThat(tap.toPcap()).hasSize(PcapWriter.GLOBAL_HEADER_LENGTH);
    }

    @Test
    void aFrameLimitBoundsMemoryAndCountsTheRest() {
        VirtualScheduler s = new VirtualScheduler(1);
        Link l = new Link(s, "l");
        CaptureTap tap = new CaptureTap(2, 0).attach(l);
        for (int i = 0; i < 5; i++) {
            l.a().send(logo(FcId.of(1, 1, 1), FcId.of(1, 1, 2), i));
        }

        assertThat(tap.size()).isEqualTo(2);
        assertThat(tap.overflow()).isEqualTo(3);
    }

    @Test
    void tsharkReadsTheCaptureWithoutProblems() throws Exception {
        Tshark tshark = Tshark.require();
        Path file = dir.resolve("sub/capture.pcap");
        CaptureTap[] tap = new CaptureTap[1];
        run(3, tap);
        tap[0].writePcap(file);

        assertThat(Files.exists(file)).isTrue();
        Tshark.Decoded decoded = tshark.decode(file, "frame.time_epoch", "fc.ox_id", "fcels.opcode",
                "fc.crc.status");
        assertThat(decoded.rows()).extracting(r -> r.get("fc.ox_id"))
                .containsExactly("0x0001", "0x0002", "0x0001", "0x0002", "0x0003");
        assertThat(decoded.rows()).extracting(r -> r.get("frame.time_epoch")).containsExactly(
                "0.000000000", "0.000000100", "0.000000500", "0.000000600", "0.000002000");
        assertThat(decoded.rows()).extracting(r -> r.get("fcels.opcode")).containsOnly("0x05");
        Tshark.Check check = decoded.check();
        assertThat(check.frames()).isEqualTo(5);
        assertThat(check.clean()).as("%s", check.messages()).isTrue();
    }
}
