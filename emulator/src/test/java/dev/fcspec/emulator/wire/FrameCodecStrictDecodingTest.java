package dev.fcspec.emulator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.FrameDecodeException.Defect;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("FrameCodec decodes strictly and names each defect")
class FrameCodecStrictDecodingTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final FrameHeader ELS = FrameHeader.of(RCtl.ELS_REQ, FcId.of(1, 2, 3), FcId.of(1, 2, 4), FcType.ELS,
            FCtl.REQUEST, 0x42);

    private static byte[] encoded(int payloadLength) {
        byte[] p = new byte[payloadLength];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 7 + 1);
        }
        return FrameCodec.encode(Frame.single(ELS, p));
    }

    /** Recomputes the CRC of delimited frame bytes after a test changed them, as a sender would have. */
    private static byte[] withGoodCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 4, b.length - 12);
        ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(b.length - 8, (int) crc.getValue());
        return b;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertDefect(byte[] bytes, Defect defect) {
        return assertThatThrownBy(() -> FrameCodec.decode(bytes))
                .isInstanceOfSatisfying(FrameDecodeException.class, e -> assertThat(e.defect()).isEqualTo(defect))
                .hasMessageStartingWith(defect.name() + ": ");
    }

    @Nested
    @DisplayName("CRC-32")
    class Crc {

        @Test
        void isTheIeee8023CrcWithTheStandardCheckValue() {
            byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

            assertThat(FrameCrc.compute(check, 0, check.length)).isEqualTo(0xCBF43926);
        }

        @Test
        void theAbtsVectorHasCrcD8ae83b8StoredLeastSignificantByteFirst() {
            byte[] header = HEX.parseHex("81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 12 34 ff ff 00 00 00 00");

            assertThat(FrameCrc.compute(header, 0, header.length)).isEqualTo(0xD8AE83B8);
            byte[] frame = FrameCodec.encode(Frame.of(Sof.SOFI3, FrameHeader.readFrom(header, 0), new byte[0], Eof.EOFT));
            assertThat(HEX.formatHex(frame)).isEqualTo("bc b5 56 56 " + HEX.formatHex(header) + " b8 83 ae d8 bc 95 75 75");
        }

        /**
         * The FCIP test vector of the reference (RFC 3643 encapsulation of the same ABTS): after the 28-byte
         * encapsulation header come the SOF word {@code 2e 2e d1 d1}, the frame header, the CRC and the EOF word
         * {@code 42 42 bd bd}. The header and CRC are exactly our delimited frame without its ordered sets, and
         * the one-byte codes are those of SOFi3 and EOFt.
         */
        @Test
        void theFcipVectorCarriesOurHeaderAndCrcBetweenTheOneByteDelimiters() {
            byte[] fcip = HEX.parseHex("01 01 fe fe 01 01 fe fe 00 00 ff ff 00 10 ff ef "
                    + "00 00 00 00 00 00 00 00 00 00 00 00 2e 2e d1 d1 "
                    + "81 01 02 00 00 01 01 00 00 09 00 00 00 00 00 00 "
                    + "12 34 ff ff 00 00 00 00 b8 83 ae d8 42 42 bd bd");
            Frame abts = Frame.of(Sof.SOFI3, FrameHeader.readFrom(fcip, 32), new byte[0], Eof.EOFT);
            byte[] ours = FrameCodec.encode(abts);

            assertThat(Arrays.copyOfRange(fcip, 32, 60)).isEqualTo(Arrays.copyOfRange(ours, 4, 32));
            int sof = fcip[28] & 0xFF;
            int eof = fcip[60] & 0xFF;
            assertThat(Sof.fromFcipCode(sof)).isEqualTo(Sof.SOFI3);
            assertThat(Eof.fromFcipCode(eof)).isEqualTo(Eof.EOFT);
            assertThat(fcip[30] & 0xFF).isEqualTo(~sof & 0xFF);
            assertThat(fcip[62] & 0xFF).isEqualTo(~eof & 0xFF);
            // frame length in words (bits 9:0 of bytes 12-13) counts the whole encapsulated frame
            assertThat(((fcip[12] & 0x03) << 8 | fcip[13] & 0xFF) * 4).isEqualTo(fcip.length);
        }

        @Test
        void frameAndStoredCrcLeaveTheStandardResidue() {
            byte[] frame = encoded(100);
            CRC32 crc = new CRC32();
            crc.update(frame, 4, frame.length - 8);

            assertThat((int) crc.getValue()).isEqualTo(0x2144DF1C);
        }

        @Test
        void coversHeaderPayloadAndFillButNotTheDelimiters() {
            byte[] frame = encoded(5); // 3 fill bytes
            CRC32 crc = new CRC32();
            crc.update(frame, 4, 24 + 8);

            assertThat(FrameCrc.readLittleEndian(frame, 4 + 24 + 8)).isEqualTo((int) crc.getValue());
        }

        @Test
        void everyFlippedBitOfHeaderPayloadOrCrcIsABadCrc() {
            byte[] good = encoded(13);
            for (int at = 4; at < good.length - 4; at++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] bad = good.clone();
                    bad[at] ^= (byte) (1 << bit);
                    assertDefect(bad, Defect.BAD_CRC).hasMessageContaining("computed");
                }
            }
        }

        @Test
        void aCrcStoredBigEndianIsBad() {
            byte[] frame = encoded(8);
            int crcAt = frame.length - 8;
            int crc = FrameCrc.readLittleEndian(frame, crcAt);
            ByteBuffer.wrap(frame).putInt(crcAt, crc);

            assertDefect(frame, Defect.BAD_CRC);
        }
    }

    @Nested
    @DisplayName("lengths")
    class Lengths {

        @Test
        void everyLengthBelowTheSmallestFrameIsTruncated() {
            assertThat(FrameCodec.MIN_LENGTH).isEqualTo(36);
            byte[] smallest = encoded(0);
            assertThat(smallest).hasSize(36);
            for (int n = 0; n < FrameCodec.MIN_LENGTH; n++) {
                assertDefect(Arrays.copyOf(smallest, n), Defect.TRUNCATED).hasMessageContaining(n + " bytes");
            }
            assertDefect(null, Defect.TRUNCATED);
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {37, 38, 39, 41, 101, 2147})
        void lengthsThatAreNotWholeWordsAreRejected(int n) {
            byte[] b = Arrays.copyOf(encoded(2112), n);

            assertDefect(b, Defect.NOT_WORD_ALIGNED).hasMessageContaining(n + " bytes");
        }

        @Test
        void theLargestPayloadDecodes() {
            byte[] max = encoded(Frame.MAX_PAYLOAD);

            assertThat(max).hasSize(FrameCodec.MAX_LENGTH).hasSize(2148);
            assertThat(FrameCodec.decode(max).payloadLength()).isEqualTo(2112);
        }

        @Test
        void aDataFieldOver2112BytesIsRejected() {
            byte[] max = encoded(Frame.MAX_PAYLOAD);
            byte[] over = new byte[max.length + 4];
            System.arraycopy(max, 0, over, 0, max.length - 8);
            System.arraycopy(max, max.length - 4, over, over.length - 4, 4);

            assertDefect(withGoodCrc(over), Defect.PAYLOAD_TOO_LONG).hasMessageContaining("2116");
            assertDefect(new byte[64 * 1024], Defect.PAYLOAD_TOO_LONG);
        }

        @Test
        void aFrameCannotBeBuiltWithMoreThan2112Bytes() {
            assertThatThrownBy(() -> Frame.single(ELS, new byte[2113]))
                    .isInstanceOfSatisfying(FrameDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(Defect.PAYLOAD_TOO_LONG))
                    .hasMessageContaining("2113");
        }
    }

    @Nested
    @DisplayName("delimiters")
    class Delimiters {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "SOFF,  bc b5 58 58, 0x28",
                "SOFI2, bc b5 55 55, 0x2D",
                "SOFN2, bc b5 35 35, 0x35",
                "SOFI3, bc b5 56 56, 0x2E",
                "SOFN3, bc b5 36 36, 0x36",
                "SOFI4, bc b5 59 59, 0x29",
                "SOFN4, bc b5 39 39, 0x31",
                "SOFC4, bc b5 19 19, 0x39"})
        void everySofHasItsOrderedSetAndFcipCode(Sof sof, String orderedSet, String code) {
            byte[] b = FrameCodec.encode(Frame.of(sof, ELS, new byte[4], Eof.EOFN));

            assertThat(HEX.formatHex(b, 0, 4)).isEqualTo(orderedSet);
            assertThat(FrameCodec.decode(b).sof()).isEqualTo(sof);
            assertThat(sof.fcipCode()).isEqualTo(Integer.decode(code));
            assertThat(Sof.fromFcipCode(Integer.decode(code))).isEqualTo(sof);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "EOFN,  bc 95 d5 d5, bc b5 d5 d5, 0x41",
                "EOFT,  bc 95 75 75, bc b5 75 75, 0x42",
                "EOFNI, bc 8a d5 d5, bc aa d5 d5, 0x49",
                "EOFA,  bc 95 f5 f5, bc b5 f5 f5, 0x50"})
        void everyEofHasItsOrderedSetsAndFcipCode(Eof eof, String negative, String positive, String code) {
            byte[] b = FrameCodec.encode(Frame.of(Sof.SOFN3, ELS, new byte[4], eof));

            assertThat(HEX.formatHex(b, b.length - 4, b.length)).isEqualTo(negative);
            assertThat(FrameCodec.decode(b).eof()).isEqualTo(eof);
            byte[] plus = b.clone();
            System.arraycopy(HEX.parseHex(positive), 0, plus, plus.length - 4, 4);
            assertThat(FrameCodec.decode(plus).eof()).as("positive running disparity").isEqualTo(eof);
            assertThat(FrameCodec.encode(FrameCodec.decode(plus))).as("re-encoded with negative disparity")
                    .isEqualTo(b);
            assertThat(eof.fcipCode()).isEqualTo(Integer.decode(code));
            assertThat(Eof.fromFcipCode(Integer.decode(code))).isEqualTo(eof);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "00 00 00 00",
                "bc b5 57 57", // SOFi1: Class 1 is not supported
                "bc b5 56 36", // the two data characters disagree
                "bc 95 56 56", // wrong second character
                "3c b5 56 56", // not K28.5
                "bc b5 75 75"}) // an EOF where the SOF belongs
        void unknownSofIsRejected(String sof) {
            byte[] b = encoded(8);
            System.arraycopy(HEX.parseHex(sof), 0, b, 0, 4);

            assertDefect(b, Defect.UNKNOWN_SOF).hasMessageContaining(sof);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
                "00 00 00 00",
                "bc 95 95 95", // EOFdt: Class 1 is not supported
                "bc 95 75 d5", // the two data characters disagree
                "bc 8a 75 75", // EOFt with the EOFni disparity characters
                "bc b5 56 56", // a SOF where the EOF belongs
                "3c 95 75 75"})
        void unknownEofIsRejected(String eof) {
            byte[] b = encoded(8);
            System.arraycopy(HEX.parseHex(eof), 0, b, b.length - 4, 4);

            assertDefect(b, Defect.UNKNOWN_EOF).hasMessageContaining(eof);
        }

        @Test
        void unknownFcipCodesAreRejected() {
            assertThatThrownBy(() -> Sof.fromFcipCode(0x42)).isInstanceOfSatisfying(FrameDecodeException.class,
                    e -> assertThat(e.defect()).isEqualTo(Defect.UNKNOWN_SOF));
            assertThatThrownBy(() -> Eof.fromFcipCode(0x2E)).isInstanceOfSatisfying(FrameDecodeException.class,
                    e -> assertThat(e.defect()).isEqualTo(Defect.UNKNOWN_EOF));
        }

        @Test
        void orderedSetsNeedFourBytes() {
            assertThatThrownBy(() -> Sof.fromOrderedSet(new byte[3], 0)).isInstanceOfSatisfying(
                    FrameDecodeException.class, e -> assertThat(e.defect()).isEqualTo(Defect.TRUNCATED));
            assertThatThrownBy(() -> Eof.fromOrderedSet(new byte[8], 6)).isInstanceOfSatisfying(
                    FrameDecodeException.class, e -> assertThat(e.defect()).isEqualTo(Defect.TRUNCATED));
        }

        @Test
        void sequenceDelimiterPredicates() {
            assertThat(Sof.SOFI3.initiatesSequence()).isTrue();
            assertThat(Sof.SOFI2.initiatesSequence()).isTrue();
            assertThat(Sof.SOFN3.initiatesSequence()).isFalse();
            assertThat(Sof.SOFF.initiatesSequence()).isFalse();
            assertThat(Eof.EOFT.terminatesSequence()).isTrue();
            assertThat(Eof.EOFN.terminatesSequence()).isFalse();
        }
    }

    @Nested
    @DisplayName("fill bytes")
    class Fill {

        @ParameterizedTest(name = "{0} payload bytes")
        @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 2109, 2110, 2111, 2112})
        void payloadsOfEveryLengthRoundTripWithTheRightFillCount(int n) {
            byte[] bytes = encoded(n);
            Frame f = FrameCodec.decode(bytes);

            assertThat(bytes.length % 4).isZero();
            assertThat(f.payloadLength()).isEqualTo(n);
            assertThat(FCtl.fill(f.header().fCtl())).isEqualTo((4 - n % 4) % 4);
            assertThat(FrameCodec.encode(f)).isEqualTo(bytes);
        }

        @Test
        void aFillCountLargerThanTheDataFieldIsRejected() {
            byte[] b = encoded(0);
            b[4 + 11] |= 3; // F_CTL fill = 3, no data field at all

            assertDefect(withGoodCrc(b), Defect.BAD_FILL).hasMessageContaining("3 fill bytes");
        }

        @Test
        void fillBytesThatAreNotZeroAreRejected() {
            byte[] b = encoded(5); // 3 fill bytes at data field offsets 5..7
            b[4 + 24 + 6] = 0x5A;

            assertDefect(withGoodCrc(b), Defect.BAD_FILL).hasMessageContaining("0x5a");
        }

        @Test
        void theEncoderOverridesAWrongFillCountInTheHeader() {
            Frame f = Frame.of(Sof.SOFI3, ELS.withFCtl(FCtl.REQUEST | 3), new byte[8], Eof.EOFT);

            assertThat(FCtl.fill(f.header().fCtl())).isZero();
        }
    }

    @Test
    void checksComeInTheDocumentedOrder() {
        byte[] b = encoded(8);
        b[0] = 0;                 // unknown SOF
        b[b.length - 1] = 0;      // unknown EOF
        b[10] ^= 1;               // bad CRC
        assertDefect(b, Defect.UNKNOWN_SOF);
        assertDefect(Arrays.copyOf(b, b.length - 1), Defect.NOT_WORD_ALIGNED);
        byte[] c = encoded(8);
        c[c.length - 1] = 0;
        c[10] ^= 1;
        assertDefect(c, Defect.UNKNOWN_EOF);
    }

    @ParameterizedTest
    @EnumSource(Defect.class)
    void everyDefectIsAWireFormatError(Defect d) {
        FrameDecodeException e = new FrameDecodeException(d, "x");

        assertThat(e).isInstanceOf(WireFormatException.class).hasMessage(d + ": x");
        assertThat(e.defect()).isEqualTo(d);
    }

    @Test
    void aDecodedFrameEqualsTheOneEncoded() {
        FrameHeader h = new FrameHeader(RCtl.FCP_DATA, FcId.of(1, 2, 3), 0x11, FcId.of(4, 5, 6), FcType.FCP,
                FCtl.EX_CTX | FCtl.REL_OFF, 7, 0, 3, 0x1234, 0x5678, 4096);
        Frame f = Frame.of(Sof.SOFN3, h, encoded(0), Eof.EOFN);
        Frame back = FrameCodec.decode(FrameCodec.encode(f));

        assertThat(back).isEqualTo(f).hasSameHashCodeAs(f);
        assertThat(back.payload()).isEqualTo(f.payload());
        assertThat(back.payloadByte(0)).isEqualTo(0xbc);
    }
}
