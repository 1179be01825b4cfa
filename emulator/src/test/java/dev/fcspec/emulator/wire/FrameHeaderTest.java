package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Frame_Header: 24 bytes, every field at its offset")
class FrameHeaderTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    /** Every field a different value, so a field written at the wrong offset shows. */
    private static final String DISTINCT =
            "a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 90 a1 b2 c3 d4 e5 f6 07 18";

    @Test
    void decodesEveryFieldFromItsOffset() {
        FrameHeader h = FrameHeader.readFrom(HEX.parseHex(DISTINCT), 0);

        assertThat(h.rCtl()).isEqualTo(0xa1);
        assertThat(h.dId()).isEqualTo(new FcId(0xb2c3d4));
        assertThat(h.csCtl()).isEqualTo(0xe5);
        assertThat(h.sId()).isEqualTo(new FcId(0xf60718));
        assertThat(h.type()).isEqualTo(0x29);
        assertThat(h.fCtl()).isEqualTo(0x3a4b5c);
        assertThat(h.seqId()).isEqualTo(0x6d);
        assertThat(h.dfCtl()).isEqualTo(0x7e);
        assertThat(h.seqCnt()).isEqualTo(0x8f90);
        assertThat(h.oxId()).isEqualTo(0xa1b2);
        assertThat(h.rxId()).isEqualTo(0xc3d4);
        assertThat(h.parameter()).isEqualTo(0xe5f60718);
    }

    @Test
    void encodesBackToTheSameBytes() {
        byte[] bytes = HEX.parseHex(DISTINCT);

        assertThat(FrameHeader.readFrom(bytes, 0).toBytes()).isEqualTo(bytes);
    }

    @Test
    void readsAndWritesAtAnOffset() {
        byte[] buf = new byte[30];
        FrameHeader h = FrameHeader.readFrom(HEX.parseHex(DISTINCT), 0);
        h.writeTo(buf, 3);

        assertThat(buf[2]).isZero();
        assertThat(buf[27]).isZero();
        assertThat(FrameHeader.readFrom(buf, 3)).isEqualTo(h);
    }

    @Test
    void extremeValuesRoundTrip() {
        FrameHeader max = new FrameHeader(0xFF, FcId.BROADCAST, 0xFF, FcId.BROADCAST, 0xFF, 0xFFFFFF, 0xFF, 0xFF,
                0xFFFF, 0xFFFF, 0xFFFF, -1);
        FrameHeader min = new FrameHeader(0, FcId.UNASSIGNED, 0, FcId.UNASSIGNED, 0, 0, 0, 0, 0, 0, 0, 0);

        assertThat(max.toBytes()).containsOnly(0xFF);
        assertThat(min.toBytes()).containsOnly(0);
        assertThat(FrameHeader.readFrom(max.toBytes(), 0)).isEqualTo(max);
        assertThat(FrameHeader.readFrom(min.toBytes(), 0)).isEqualTo(min);
    }

    static Stream<Arguments> fCtlBits() {
        return Stream.of(
                Arguments.of("EX_CTX", FCtl.EX_CTX, 23),
                Arguments.of("SEQ_CTX", FCtl.SEQ_CTX, 22),
                Arguments.of("FIRST_SEQ", FCtl.FIRST_SEQ, 21),
                Arguments.of("LAST_SEQ", FCtl.LAST_SEQ, 20),
                Arguments.of("END_SEQ", FCtl.END_SEQ, 19),
                Arguments.of("END_CONN", FCtl.END_CONN, 18),
                Arguments.of("PRIORITY", FCtl.PRIORITY, 17),
                Arguments.of("SEQ_INIT", FCtl.SEQ_INIT, 16),
                Arguments.of("X_ID_REASSIGNED", FCtl.X_ID_REASSIGNED, 15),
                Arguments.of("INVALIDATE_X_ID", FCtl.INVALIDATE_X_ID, 14),
                Arguments.of("ACK_FORM high", FCtl.ACK_FORM & 0x002000, 13),
                Arguments.of("ACK_FORM low", FCtl.ACK_FORM & 0x001000, 12),
                Arguments.of("RETRANSMITTED_SEQ", FCtl.RETRANSMITTED_SEQ, 9),
                Arguments.of("UNIDIRECTIONAL", FCtl.UNIDIRECTIONAL, 8),
                Arguments.of("CONTINUE_SEQ_COND high", FCtl.CONTINUE_SEQ_COND & 0x80, 7),
                Arguments.of("CONTINUE_SEQ_COND low", FCtl.CONTINUE_SEQ_COND & 0x40, 6),
                Arguments.of("ABORT_SEQ_COND high", FCtl.ABORT_SEQ_COND & 0x20, 5),
                Arguments.of("ABORT_SEQ_COND low", FCtl.ABORT_SEQ_COND & 0x10, 4),
                Arguments.of("REL_OFF", FCtl.REL_OFF, 3),
                Arguments.of("RESERVED_BIT_2", FCtl.RESERVED_BIT_2, 2),
                Arguments.of("FILL high", FCtl.FILL & 2, 1),
                Arguments.of("FILL low", FCtl.FILL & 1, 0));
    }

    @ParameterizedTest(name = "{0} is F_CTL bit {2}")
    @MethodSource("fCtlBits")
    void everyFCtlBitSitsWhereTheStandardPutsItAndRoundTrips(String name, int mask, int bit) {
        assertThat(mask).isEqualTo(1 << bit);
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, FcId.of(1, 2, 3), FcId.of(4, 5, 6), FcType.ELS, mask, 1);
        byte[] b = h.toBytes();

        // byte 9 holds bits 23-16, byte 10 bits 15-8, byte 11 bits 7-0
        int byteIndex = 9 + (23 - bit) / 8;
        assertThat(b[byteIndex] & 0xFF).isEqualTo(1 << (bit % 8));
        for (int i = 9; i <= 11; i++) {
            if (i != byteIndex) {
                assertThat(b[i]).isZero();
            }
        }
        FrameHeader back = FrameHeader.readFrom(b, 0);
        assertThat(back.fCtl()).isEqualTo(mask);
        assertThat(back.has(mask)).isTrue();
        assertThat(back.has(FCtl.EX_CTX)).isEqualTo(mask == FCtl.EX_CTX);
    }

    @Test
    void namedFCtlValuesAreTheUsualOnes() {
        assertThat(FCtl.REQUEST).isEqualTo(0x290000);
        assertThat(FCtl.FINAL_RESPONSE).isEqualTo(0x990000);
        assertThat(FCtl.fill(0x290003)).isEqualTo(3);
        assertThat(FCtl.isSet(0x990000, FCtl.EX_CTX | FCtl.END_SEQ)).isTrue();
        assertThat(FCtl.isSet(0x990000, FCtl.EX_CTX | FCtl.REL_OFF)).isFalse();
    }

    @Test
    void exchangeContextTellsWhoSent() {
        FrameHeader req = FrameHeader.of(RCtl.ELS_REQ, FcId.FABRIC_LOGIN_SERVER, FcId.UNASSIGNED, FcType.ELS,
                FCtl.REQUEST, 1);

        assertThat(req.fromResponder()).isFalse();
        assertThat(req.withFCtl(FCtl.FINAL_RESPONSE).fromResponder()).isTrue();
    }

    @Test
    void ofFillsTheUsualDefaults() {
        FrameHeader h = FrameHeader.of(RCtl.ELS_REQ, FcId.FABRIC_LOGIN_SERVER, FcId.UNASSIGNED, FcType.ELS,
                FCtl.REQUEST, 0x1234);

        assertThat(h.rxId()).isEqualTo(FrameHeader.RX_ID_UNASSIGNED).isEqualTo(0xFFFF);
        assertThat(h.csCtl()).isZero();
        assertThat(h.seqId()).isZero();
        assertThat(h.dfCtl()).isZero();
        assertThat(h.seqCnt()).isZero();
        assertThat(h.parameter()).isZero();
        assertThat(h.oxId()).isEqualTo(0x1234);
    }

    @Test
    void withersChangeOneFieldOnly() {
        FrameHeader h = FrameHeader.readFrom(HEX.parseHex(DISTINCT), 0);

        assertThat(h.withRCtl(1)).isEqualTo(new FrameHeader(1, h.dId(), h.csCtl(), h.sId(), h.type(), h.fCtl(),
                h.seqId(), h.dfCtl(), h.seqCnt(), h.oxId(), h.rxId(), h.parameter()));
        assertThat(h.withDId(FcId.BROADCAST).dId()).isEqualTo(FcId.BROADCAST);
        assertThat(h.withSId(FcId.UNASSIGNED).sId()).isEqualTo(FcId.UNASSIGNED);
        assertThat(h.withFCtl(7).fCtl()).isEqualTo(7);
        assertThat(h.withSeqId(9).seqId()).isEqualTo(9);
        assertThat(h.withSeqCnt(10).seqCnt()).isEqualTo(10);
        assertThat(h.withOxId(11).oxId()).isEqualTo(11);
        assertThat(h.withRxId(12).rxId()).isEqualTo(12);
        assertThat(h.withParameter(13).parameter()).isEqualTo(13);
        FrameHeader changed = h.withSeqCnt(10);
        assertThat(changed.withSeqCnt(h.seqCnt())).isEqualTo(h);
    }

    @Test
    void outOfRangeFieldsAreRejectedNamingTheField() {
        FcId a = FcId.of(1, 1, 1);
        assertThatThrownBy(() -> new FrameHeader(0x100, a, 0, a, 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("R_CTL");
        assertThatThrownBy(() -> new FrameHeader(0, a, -1, a, 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("CS_CTL");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0x100, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("TYPE");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0x1000000, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("F_CTL");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0, 0x100, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("SEQ_ID");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0, 0, 0x100, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("DF_CTL");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0, 0, 0, 0x10000, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("SEQ_CNT");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0, 0, 0, 0, -1, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("OX_ID");
        assertThatThrownBy(() -> new FrameHeader(0, a, 0, a, 0, 0, 0, 0, 0, 0, 0x10000, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("RX_ID");
        assertThatThrownBy(() -> new FrameHeader(0, null, 0, a, 0, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("D_ID");
    }

    @Test
    void aShortBufferIsTruncated() {
        for (int n = 0; n < FrameHeader.LENGTH; n++) {
            byte[] b = new byte[n];
            assertThatThrownBy(() -> FrameHeader.readFrom(b, 0))
                    .isInstanceOfSatisfying(FrameDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(FrameDecodeException.Defect.TRUNCATED))
                    .hasMessageContaining(n + " available");
        }
        assertThatThrownBy(() -> FrameHeader.readFrom(new byte[30], 7)).isInstanceOf(FrameDecodeException.class);
        assertThatThrownBy(() -> FrameHeader.readFrom(new byte[30], -1)).isInstanceOf(FrameDecodeException.class);
        assertThatThrownBy(() -> FrameHeader.readFrom(new byte[30], 40)).isInstanceOf(FrameDecodeException.class);
    }

    @Test
    void rCtlHelpersReadTheRoutingNibble() {
        assertThat(RCtl.routing(RCtl.ELS_REQ)).isEqualTo(2);
        assertThat(RCtl.isLinkControl(RCtl.P_RJT)).isTrue();
        assertThat(RCtl.isLinkControl(RCtl.BA_ACC)).isFalse();
        assertThat(RCtl.isBasicLinkService(RCtl.BA_ABTS)).isTrue();
        assertThat(RCtl.isBasicLinkService(RCtl.ELS_REP)).isFalse();
    }
}
