package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Test vector from the FC reference: ABTS header, CRC stored least-significant byte first. */
    @Test
    void abtsFrameCarriesTheReferenceCrcLeastSignificantByteFirst() {
        FrameHeader h = FrameHeader.readFrom(HEX.parseHex("81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 12 34 ff ff 00 00 00 00"), 0);
        byte[] bytes = FrameCodec.encode(Frame.of(Sof.SOFI3, h, new byte[0], Eof.EOFT));

        assertThat(HEX.formatHex(bytes, 28, 32)).isEqualTo("b8 83 ae d8");
        assertThat(HEX.formatHex(bytes, 0, 4)).isEqualTo("bc b5 56 56");
        assertThat(FrameCodec.decode(bytes).header()).isEqualTo(h);
    }

    @Test
    void aFlippedBitIsReportedAsBadCrc() {
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, FcId.FABRIC_LOGIN_SERVER, FcId.UNASSIGNED, FcType.ELS, FCtl.REQUEST, 1);
        byte[] bytes = FrameCodec.encode(Frame.single(h, new byte[] {4, 0, 0, 0, 1}));
        bytes[30] ^= 0x10;

        assertThatThrownBy(() -> FrameCodec.decode(bytes))
                .isInstanceOf(FrameDecodeException.class)
                .satisfies(e -> assertThat(((FrameDecodeException) e).defect()).isEqualTo(FrameDecodeException.Defect.BAD_CRC));
    }

    @Test
    void payloadsThatAreNotWholeWordsRoundTripThroughFillBytes() {
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, FcId.of(1, 2, 3), FcId.of(1, 2, 4), FcType.ELS, FCtl.REQUEST, 7);
        Frame f = Frame.single(h, new byte[] {0x10, 1, 2, 3, 4, 5, 6});
        Frame back = FrameCodec.decode(FrameCodec.encode(f));

        assertThat(back.header().fCtl() & FCtl.FILL).isEqualTo(1);
        assertThat(back.payload()).containsExactly(0x10, 1, 2, 3, 4, 5, 6);
        assertThat(back).isEqualTo(f);
    }
}
