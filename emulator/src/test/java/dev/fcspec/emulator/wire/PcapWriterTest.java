package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PcapWriter writes LINKTYPE_FC_2_WITH_FRAME_DELIMS captures with nanosecond time stamps")
class PcapWriterTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static Frame abts() {
        FrameHeader h = FrameHeader.readFrom(
                HEX.parseHex("81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 12 34 ff ff 00 00 00 00"), 0);
        return Frame.of(Sof.SOFI3, h, new byte[0], Eof.EOFT);
    }

    @Test
    void globalHeaderIsLittleEndianNanosecondPcapVersion24WithLinkType225() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out);

        // pcap-savefile: magic, major, minor, thiszone, sigfigs, snaplen, network
        assertThat(HEX.formatHex(out.toByteArray()))
                .isEqualTo("4d 3c b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 e1 00 00 00");
    }

    @Test
    void aRecordHoldsSecondsNanosecondsLengthsAndTheDelimitedFrame() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out);
        w.write(3_000_000_123L, abts());

        byte[] file = out.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(24)).isEqualTo(3);
        assertThat(b.getInt(28)).isEqualTo(123);
        assertThat(b.getInt(32)).isEqualTo(36);
        assertThat(b.getInt(36)).isEqualTo(36);
        // The ABTS test vector of the FC reference: SOFi3, header, CRC b8 83 ae d8, EOFt
        assertThat(HEX.formatHex(Arrays.copyOfRange(file, 40, 76))).isEqualTo(
                "bc b5 56 56 81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 12 34 ff ff 00 00 00 00 "
                        + "b8 83 ae d8 bc 95 75 75");
        assertThat(file).hasSize(76);
        assertThat(w.records()).isEqualTo(1);
    }

    @Test
    void theEpochIsAddedToTheClockTime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out, 1_700_000_000_000_000_000L).write(1_500_000_000L, abts());

        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(24)).isEqualTo(1_700_000_001);
        assertThat(b.getInt(28)).isEqualTo(500_000_000);
    }

    @Test
    void rawBytesAreWrittenUnchangedSoCorruptedFramesCanBeRecorded() {
        byte[] corrupted = FrameCodec.encode(abts());
        corrupted[30] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out).writeEncoded(0, corrupted);

        assertThat(Arrays.copyOfRange(out.toByteArray(), 40, 76)).isEqualTo(corrupted);
    }

    @Test
    void sameFramesAndTimesGiveTheSameBytes() {
        byte[] one = PcapWriter.toPcap(new long[] {1, 2}, abts(), abts());
        byte[] two = PcapWriter.toPcap(new long[] {1, 2}, abts(), abts());

        assertThat(one).isEqualTo(two).hasSize(24 + 2 * (16 + 36));
    }

    @Test
    void negativeTimesAndTimeStampsPast2106AreRefused() {
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream());

        assertThatThrownBy(() -> w.write(-1, abts())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> w.write(0x1_0000_0000L * 1_000_000_000L, abts()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2106");
        assertThatThrownBy(() -> new PcapWriter(new ByteArrayOutputStream(), -5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
