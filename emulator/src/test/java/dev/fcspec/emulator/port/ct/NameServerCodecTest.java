package dev.fcspec.emulator.port.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.port.ct.CtDecodeException.Defect;
import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.ct.NameServerRequest.GaNxt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GffId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GftId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidFt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GidPn;
import dev.fcspec.emulator.port.ct.NameServerRequest.GnnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GpnFt;
import dev.fcspec.emulator.port.ct.NameServerRequest.GpnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.GspnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RffId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RftId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RnnId;
import dev.fcspec.emulator.port.ct.NameServerRequest.RspnId;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("FC-CT name-server codec")
class NameServerCodecTest {

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");
    private static final FcId PORT = FcId.of(0x01, 0x02, 0x00);
    private static final Wwn WWPN = Wwn.parse("10:00:00:00:c9:12:34:56");
    private static final Wwn WWNN = Wwn.parse("20:00:00:00:c9:12:34:56");

    static Stream<NameServerRequest> everyRequest() {
        return Stream.of(new GaNxt(PORT), new GpnId(PORT), new GnnId(PORT), new GftId(PORT), new GspnId(PORT),
                new GffId(PORT), new GidPn(WWPN), GidFt.of(8), new GidFt(1, 2, 8), GpnFt.of(8),
                new RftId(PORT, Fc4Types.of(8, 0x20)), new RffId(PORT, CtConstants.FC4_FEATURE_INITIATOR, 8),
                new RnnId(PORT, WWNN), new RspnId(PORT, "fcspec host0 port1"), new RspnId(PORT, ""));
    }

    @ParameterizedTest
    @MethodSource("everyRequest")
    void everyRequestSurvivesEncodingAndDecoding(NameServerRequest request) {
        byte[] bytes = request.toCtIu().encode();

        NameServerRequest back = NameServerRequest.decode(CtIu.decode(bytes));

        assertThat(back).isEqualTo(request);
        assertThat(bytes.length % 4).as("CT_IU fills whole words").isZero();
    }

    @Nested
    @DisplayName("wire layout as FC-GS and Linux libfc define it")
    class Layout {

        @Test
        void gidFtForFcpIsPreambleRevision1DirectoryNameServerThenScopeAndType() {
            byte[] bytes = GidFt.of(8).toCtIu().encode();

            assertThat(HEX.formatHex(bytes)).isEqualTo(
                    "01 00 00 00 fc 02 00 00 01 71 00 00 00 00 00 00 00 00 00 08");
        }

        @Test
        void rftIdPutsTheFcpBitAtByte22OfTheCtIu() {
            byte[] bytes = new RftId(FcId.of(1, 2, 3), Fc4Types.of(8)).toCtIu().encode();

            assertThat(bytes).hasSize(16 + 36);
            assertThat(HEX.formatHex(bytes, 16, 24)).isEqualTo("00 01 02 03 00 00 01 00");
            assertThat(bytes[22]).isEqualTo((byte) 0x01);
        }

        @Test
        void rffIdCarriesFeaturesInByte6AndTypeInByte7() {
            byte[] payload = new RffId(FcId.of(1, 2, 3), CtConstants.FC4_FEATURE_TARGET, 8).encodePayload();

            assertThat(HEX.formatHex(payload)).isEqualTo("00 01 02 03 00 00 01 08");
        }

        @Test
        void rspnIdIsPortIdLengthAndNamePaddedToAWord() {
            byte[] payload = new RspnId(FcId.of(1, 2, 3), "abc").encodePayload();

            assertThat(HEX.formatHex(payload)).isEqualTo("00 01 02 03 03 61 62 63");
        }

        @Test
        void gidFtAcceptFlagsTheLastEntryWithBit7() {
            NameServerReply.PortIds acc = new NameServerReply.PortIds(List.of(FcId.of(1, 0, 0), FcId.of(1, 1, 0)));

            assertThat(HEX.formatHex(acc.encodePayload())).isEqualTo("00 01 00 00 80 01 01 00");
        }

        @Test
        void acceptAndRejectCarryTheResponseCodesInThePreamble() {
            CtPreamble request = CtPreamble.nameServerRequest(CtConstants.GPN_ID);

            byte[] acc = new NameServerReply.PortName(WWPN).toCtIu(request).encode();
            byte[] rjt = new NameServerReply.Rejected(0x09, 0x01).toCtIu(request).encode();

            assertThat(HEX.formatHex(acc, 8, 10)).isEqualTo("80 02");
            assertThat(HEX.formatHex(rjt, 8, 16)).isEqualTo("80 01 00 00 00 09 01 00");
            assertThat(rjt).hasSize(16);
        }

        @Test
        void fc4FeaturesOfFcpSitInTheLowNibbleOfByte7() {
            Fc4Features f = Fc4Features.of(Map.of(8, CtConstants.FC4_FEATURE_INITIATOR));
            byte[] b = new byte[Fc4Features.LENGTH];
            f.writeTo(b, 0);

            assertThat(b[7]).isEqualTo((byte) 0x02);
            assertThat(Fc4Features.readFrom(b, 0).featuresOf(8)).isEqualTo(2);
            assertThat(Fc4Features.of(Map.of(9, 0xF)).featuresOf(9)).isEqualTo(0xF);
        }
    }

    @Nested
    @DisplayName("accepts round-trip")
    class Accepts {

        @Test
        void everyAcceptDecodesToWhatWasEncoded() {
            CtPreamble rq = CtPreamble.nameServerRequest(0);
            Map<Integer, NameServerReply> replies = Map.of(
                    CtConstants.RFT_ID, new NameServerReply.Accepted(),
                    CtConstants.GID_FT, new NameServerReply.PortIds(List.of(PORT, FcId.of(1, 2, 1)), 3),
                    CtConstants.GPN_FT, new NameServerReply.PortIdsAndNames(List.of(new PortIdAndName(PORT, WWPN))),
                    CtConstants.GPN_ID, new NameServerReply.PortName(WWPN),
                    CtConstants.GNN_ID, new NameServerReply.NodeName(WWNN),
                    CtConstants.GID_PN, new NameServerReply.PortId(PORT),
                    CtConstants.GFT_ID, new NameServerReply.Types(Fc4Types.of(8)),
                    CtConstants.GFF_ID, new NameServerReply.Features(Fc4Features.of(Map.of(8, 3))),
                    CtConstants.GSPN_ID, new NameServerReply.SymbolicPortName("host port"),
                    CtConstants.GA_NXT, new NameServerReply.PortObject(CtConstants.PORT_TYPE_N_PORT, PORT, WWPN,
                            "sym", WWNN, "", CtConstants.COS_CLASS_3, Fc4Types.of(8),
                            Wwn.parse("20:01:00:05:33:9a:00:01")));
            replies.forEach((command, reply) -> {
                byte[] bytes = reply.toCtIu(rq).encode();
                assertThat(NameServerReply.decode(command, CtIu.decode(bytes))).as(CtConstants.commandName(command))
                        .isEqualTo(reply);
            });
        }

        @Test
        void aRejectDecodesWithReasonAndExplanationWhateverTheCommand() {
            byte[] bytes = new NameServerReply.Rejected(0x09, 0x07).toCtIu(CtPreamble.nameServerRequest(
                    CtConstants.GID_FT)).encode();

            assertThat(NameServerReply.decode(CtConstants.GID_FT, CtIu.decode(bytes)))
                    .isEqualTo(new NameServerReply.Rejected(0x09, 0x07, 0));
        }

        @Test
        void theGaNxtObjectIs620BytesWithTheNodeNameAt268() {
            byte[] p = new NameServerReply.PortObject(1, PORT, WWPN, "", WWNN, "", 8, Fc4Types.of(8), WWPN)
                    .encodePayload();

            assertThat(p).hasSize(620);
            assertThat(Wwn.readFrom(p, 268)).isEqualTo(WWNN);
            assertThat(p[563]).as("FCP bit of the FC-4 TYPEs at 560").isEqualTo((byte) 0);
            assertThat(p[562]).isEqualTo((byte) 1);
        }

        @Test
        void aGidFtAcceptWithoutALastFlagIsRejected() {
            byte[] bytes = new CtIu(CtPreamble.nameServerRequest(0).accept(0), HEX.parseHex("00 01 02 03")).encode();

            assertThatThrownBy(() -> NameServerReply.decode(CtConstants.GID_FT, CtIu.decode(bytes)))
                    .isInstanceOfSatisfying(CtDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(Defect.BAD_FIELD));
        }

        @Test
        void aGidFtAcceptWithEntriesAfterTheLastIsRejected() {
            byte[] bytes = new CtIu(CtPreamble.nameServerRequest(0).accept(0),
                    HEX.parseHex("80 01 02 03 00 01 02 04")).encode();

            assertThatThrownBy(() -> NameServerReply.decode(CtConstants.GID_FT, CtIu.decode(bytes)))
                    .isInstanceOfSatisfying(CtDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(Defect.BAD_FIELD));
        }

        @Test
        void aRequestCodeWhereAResponseBelongsIsNotAResponse() {
            CtIu iu = new GpnId(PORT).toCtIu();

            assertThatThrownBy(() -> NameServerReply.decode(CtConstants.GPN_ID, iu))
                    .isInstanceOfSatisfying(CtDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(Defect.NOT_A_RESPONSE));
        }

        @Test
        void aTruncatedGpnIdAcceptIsRejected() {
            CtIu iu = new CtIu(CtPreamble.nameServerRequest(0).accept(0), new byte[7]);

            assertThatThrownBy(() -> NameServerReply.decode(CtConstants.GPN_ID, iu))
                    .isInstanceOfSatisfying(CtDecodeException.class,
                            e -> assertThat(e.defect()).isEqualTo(Defect.BAD_PAYLOAD_LENGTH));
        }
    }

    @Nested
    @DisplayName("bad requests carry the FS_RJT a server answers with")
    class BadRequests {

        private CtDecodeException decodeFailure(byte[] bytes) {
            try {
                NameServerRequest.decode(CtIu.decode(bytes));
            } catch (CtDecodeException e) {
                return e;
            }
            throw new AssertionError("decoding " + HEX.formatHex(bytes) + " succeeded");
        }

        @Test
        void aCtIuShorterThanThePreambleIsAnInvalidCtIuSize() {
            CtDecodeException e = decodeFailure(HEX.parseHex("01 00 00 00 fc 02 00 00 01 71 00 00"));

            assertThat(e.defect()).isEqualTo(Defect.TRUNCATED_PREAMBLE);
            assertThat(e.reason()).isEqualTo(CtConstants.RJT_INVALID_CT_IU_SIZE);
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 2, 4, 0xFF})
        void revisionsOtherThan1And3AreAnInvalidVersionLevel(int revision) {
            byte[] bytes = GidFt.of(8).toCtIu().encode();
            bytes[0] = (byte) revision;

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.UNSUPPORTED_REVISION);
            assertThat(e.reason()).isEqualTo(0x02);
        }

        @Test
        void revision3IsAccepted() {
            byte[] bytes = GidFt.of(8).toCtIu().encode();
            bytes[0] = 3;

            assertThat(NameServerRequest.decode(CtIu.decode(bytes))).isEqualTo(GidFt.of(8));
        }

        @Test
        void anUnknownCommandCodeIsAnInvalidCommandCode() {
            byte[] bytes = GidFt.of(8).toCtIu().encode();
            bytes[8] = 0x07;
            bytes[9] = 0x77;

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.INVALID_COMMAND_CODE);
            assertThat(e.reason()).isEqualTo(0x01);
        }

        @Test
        void anAcceptSentAsARequestIsAnInvalidCommandCode() {
            byte[] bytes = new CtIu(CtPreamble.nameServerRequest(CtConstants.FS_ACC), new byte[4]).encode();

            assertThat(decodeFailure(bytes).reason()).isEqualTo(0x01);
        }

        @Test
        void aDefinedButUnimplementedCommandIsNotSupported() {
            byte[] bytes = new CtIu(CtPreamble.nameServerRequest(CtConstants.GID_A), new byte[4]).encode();

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.COMMAND_NOT_SUPPORTED);
            assertThat(e.reason()).isEqualTo(0x0B);
        }

        @Test
        void anotherServiceIsNotSupportedByTheNameServer() {
            byte[] bytes = GidFt.of(8).toCtIu().encode();
            bytes[4] = (byte) 0xFA;

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.UNSUPPORTED_SERVICE);
            assertThat(e.reason()).isEqualTo(0x0B);
        }

        static Stream<NameServerRequest> fixedLengthRequests() {
            return everyRequest().filter(r -> !(r instanceof RspnId));
        }

        @ParameterizedTest
        @MethodSource("fixedLengthRequests")
        void aPayloadOneWordShortIsAnInvalidCtIuSize(NameServerRequest request) {
            byte[] bytes = request.toCtIu().encode();

            CtDecodeException e = decodeFailure(Arrays.copyOf(bytes, bytes.length - 4));

            assertThat(e.defect()).isEqualTo(Defect.BAD_PAYLOAD_LENGTH);
            assertThat(e.reason()).isEqualTo(0x04);
        }

        @ParameterizedTest
        @MethodSource("fixedLengthRequests")
        void aPayloadOneWordLongIsAnInvalidCtIuSize(NameServerRequest request) {
            byte[] bytes = request.toCtIu().encode();

            CtDecodeException e = decodeFailure(Arrays.copyOf(bytes, bytes.length + 4));

            assertThat(e.reason()).isEqualTo(0x04);
        }

        @Test
        void anRspnIdNameLengthThatOverrunsThePayloadIsAnInvalidCtIuSize() {
            byte[] bytes = new RspnId(PORT, "abc").toCtIu().encode();
            bytes[20] = 9;

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.BAD_PAYLOAD_LENGTH);
            assertThat(e.reason()).isEqualTo(0x04);
        }

        @Test
        void anRspnIdWithoutTheLengthByteIsAnInvalidCtIuSize() {
            byte[] bytes = Arrays.copyOf(new RspnId(PORT, "").toCtIu().encode(), 20);

            assertThat(decodeFailure(bytes).reason()).isEqualTo(0x04);
        }

        @Test
        void aGidPnWithAnAllZeroPortNameIsALogicalError() {
            byte[] bytes = new GidPn(WWPN).toCtIu().encode();
            Arrays.fill(bytes, 16, 24, (byte) 0);

            CtDecodeException e = decodeFailure(bytes);

            assertThat(e.defect()).isEqualTo(Defect.BAD_FIELD);
            assertThat(e.reason()).isEqualTo(CtConstants.RJT_LOGICAL_ERROR);
            assertThat(e.explanation()).isEqualTo(CtConstants.EXPL_PORT_NAME_NOT_REGISTERED);
        }

        @Test
        void anRnnIdWithAReservedNaaIsALogicalError() {
            byte[] bytes = new RnnId(PORT, WWNN).toCtIu().encode();
            bytes[20] = (byte) 0x70;

            assertThat(decodeFailure(bytes).reason()).isEqualTo(CtConstants.RJT_LOGICAL_ERROR);
        }

        @Test
        void aGidFtAreaScopeWithoutDomainScopeIsALogicalError() {
            byte[] bytes = GidFt.of(8).toCtIu().encode();
            bytes[18] = 5;

            assertThat(decodeFailure(bytes).defect()).isEqualTo(Defect.BAD_FIELD);
        }
    }

    @Test
    void fc4TypesSetBitTModulo32OfWordTDividedBy32() {
        Fc4Types t = Fc4Types.of(8, 0x20, 0xFF);
        byte[] b = new byte[32];
        t.writeTo(b, 0);

        assertThat(HEX.formatHex(b, 0, 8)).isEqualTo("00 00 01 00 00 00 00 01");
        assertThat(b[28]).isEqualTo((byte) 0x80);
        assertThat(Fc4Types.readFrom(b, 0).types()).containsExactly(8, 0x20, 0xFF);
        assertThat(t.contains(5)).isFalse();
        assertThatThrownBy(() -> Fc4Types.of(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void symbolicNamesLongerThan255AreRefusedWhenBuilt() {
        assertThatThrownBy(() -> new RspnId(PORT, "x".repeat(256)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }
}
