package dev.fcspec.emulator.port.els;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ElsCodecTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Wwn WWPN = Wwn.parse("10:00:00:00:c9:12:34:56");
    private static final Wwn WWNN = Wwn.parse("20:00:00:00:c9:12:34:56");

    static void assertRejected(ThrowingCallable call, ElsDecodeException.Defect defect, int reason, int explanation) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ElsDecodeException.class, e -> {
            assertThat(e.defect()).as("defect").isEqualTo(defect);
            assertThat(e.reason()).as("LS_RJT reason").isEqualTo(reason);
            assertThat(e.explanation()).as("LS_RJT explanation").isEqualTo(explanation);
            assertThat(e.toLsRjt()).isEqualTo(LsRjt.of(reason, explanation));
        });
    }

    static void assertBadLength(ThrowingCallable call, ElsDecodeException.Defect defect) {
        assertRejected(call, defect, LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PAYLOAD_LENGTH);
    }

    @Nested
    @DisplayName("login parameters (PLOGI, FLOGI, FDISC, PDISC and their LS_ACC)")
    class Login {
        @Test
        void plogiPutsEveryFieldAtTheOffsetFcLsDefines() {
            byte[] b = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();

            assertThat(b).hasSize(116);
            assertThat(b[0]).isEqualTo((byte) 0x03);
            assertThat(HEX.formatHex(b, 4, 20)).isEqualTo("2020000a88000800" + "00ff001f" + "000007d0");
            assertThat(HEX.formatHex(b, 20, 28)).isEqualTo("10000000c9123456");
            assertThat(HEX.formatHex(b, 28, 36)).isEqualTo("20000000c9123456");
            assertThat(HEX.formatHex(b, 36, 68)).isEqualTo("00".repeat(32));
            assertThat(HEX.formatHex(b, 68, 84)).isEqualTo("8800" + "0000" + "0000" + "0800" + "00ff" + "0000" + "0001" + "0000");
        }

        @Test
        void everyLoginCommandRoundTrips() {
            for (int c : new int[] {ElsCommand.PLOGI, ElsCommand.FLOGI, ElsCommand.FDISC, ElsCommand.PDISC}) {
                LoginParameters l = LoginParameters.flogi(WWPN, WWNN, 2112, 2000, true).withCommand(c);
                assertThat(ElsCodec.decodeRequest(l.encode())).isEqualTo(l);
                LoginParameters acc = l.withCommand(ElsCommand.LS_ACC);
                assertThat(ElsCodec.decodeReply(c, acc.encode())).isEqualTo(acc);
            }
        }

        @Test
        void fabricAccCarriesRaTovFPortAndNpivBits() {
            LoginParameters acc = LoginParameters.fabricAcc(Wwn.parse("20:01:00:05:33:9a:00:01"),
                    Wwn.parse("10:00:00:05:33:9a:00:00"), 2112, 10_000, 2000, true);
            byte[] b = acc.encode();

            assertThat(HEX.formatHex(b, 12, 16)).isEqualTo("00002710");
            LoginParameters back = (LoginParameters) ElsCodec.decodeReply(ElsCommand.FLOGI, b);
            assertThat(back.common().raTov()).isEqualTo(10_000);
            assertThat(back.common().has(CommonFeatures.F_PORT)).isTrue();
            assertThat(back.common().has(CommonFeatures.NPIV_ASSIGNMENT)).isTrue();
            assertThat(back.common().receiveDataFieldSize()).isEqualTo(2112);
        }

        @Test
        void vendorVersionAndClassesSurviveARoundTrip() {
            byte[] vendor = new byte[16];
            Arrays.fill(vendor, (byte) 0x5A);
            LoginParameters l = new LoginParameters(ElsCommand.PLOGI, CommonServiceParameters.forPlogi(1024, 2000),
                    WWPN, WWNN, ClassServiceParameters.NOT_SUPPORTED, ClassServiceParameters.class3(1024),
                    ClassServiceParameters.class3(512), ClassServiceParameters.NOT_SUPPORTED, vendor);
            LoginParameters back = LoginParameters.decode(l.encode(), ElsCommand.PLOGI);

            assertThat(back).isEqualTo(l);
            assertThat(back.vendorVersion()).isEqualTo(vendor);
            assertThat(back.maxReceiveDataFieldSize()).isEqualTo(512);
        }

        @Test
        void truncatedAndOversizedLoginsAreInvalidPayloadLength() {
            byte[] good = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(good, 115)), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(good, 4)), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(good, 256)), ElsDecodeException.Defect.OVERSIZED);
        }

        @Test
        void aReceiveDataFieldSizeOutsideTheStandardIsAServiceParameterError() {
            for (int size : new int[] {0, 128, 2116, 2050}) {
                byte[] b = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();
                b[10] = (byte) (size >>> 8);
                b[11] = (byte) size;
                assertRejected(() -> ElsCodec.decodeRequest(b), ElsDecodeException.Defect.INVALID_SERVICE_PARAMETER,
                        LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_RECEIVE_DATA_SIZE);
            }
            byte[] b = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();
            b[68 + 6] = 0;
            b[68 + 7] = 16;
            assertRejected(() -> ElsCodec.decodeRequest(b), ElsDecodeException.Defect.INVALID_SERVICE_PARAMETER,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_RECEIVE_DATA_SIZE);
        }

        @Test
        void invalidNamesAreRejectedWithTheNameExplanation() {
            byte[] zeroPort = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();
            Arrays.fill(zeroPort, 20, 28, (byte) 0);
            assertRejected(() -> ElsCodec.decodeRequest(zeroPort), ElsDecodeException.Defect.INVALID_PORT_NAME,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PORT_NAME);

            byte[] reservedNode = LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode();
            reservedNode[28] = (byte) 0xF0;
            assertRejected(() -> ElsCodec.decodeRequest(reservedNode), ElsDecodeException.Defect.INVALID_NODE_NAME,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_NODE_NAME);
        }
    }

    @Nested
    @DisplayName("command codes")
    class Commands {
        @Test
        void anUndefinedCodeIsInvalidCommandCode() {
            byte[] garbage = new byte[116];
            Arrays.fill(garbage, (byte) 0xEE);
            assertRejected(() -> ElsCodec.decodeRequest(garbage), ElsDecodeException.Defect.INVALID_COMMAND_CODE,
                    LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE);
        }

        @Test
        void aDefinedButUnimplementedCodeIsCommandNotSupported() {
            for (int c : new int[] {ElsCommand.RCS, ElsCommand.RNID, ElsCommand.RRQ, ElsCommand.FAN, ElsCommand.AUTH_ELS}) {
                assertRejected(() -> ElsCodec.decodeRequest(new byte[] {(byte) c, 0, 0, 0, 0, 0, 0, 0}),
                        ElsDecodeException.Defect.UNSUPPORTED_COMMAND, LsRjtReason.COMMAND_NOT_SUPPORTED,
                        LsRjtExplanation.NONE);
            }
        }

        @Test
        void repliesSentAsRequestsAreInvalidCommandCodes() {
            assertRejected(() -> ElsCodec.decodeRequest(new byte[] {2, 0, 0, 0}),
                    ElsDecodeException.Defect.INVALID_COMMAND_CODE, LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE);
            assertRejected(() -> ElsCodec.decodeRequest(LsRjt.of(9, 0).encode()),
                    ElsDecodeException.Defect.INVALID_COMMAND_CODE, LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE);
        }

        @Test
        void anEmptyPayloadIsInvalidPayloadLength() {
            assertBadLength(() -> ElsCodec.decodeRequest(new byte[0]), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeReply(ElsCommand.PLOGI, new byte[0]), ElsDecodeException.Defect.TRUNCATED);
        }

        @Test
        void aReplyMustBeAccOrRjt() {
            assertRejected(() -> ElsCodec.decodeReply(ElsCommand.PLOGI, LoginParameters.plogi(WWPN, WWNN, 2048, 2000).encode()),
                    ElsDecodeException.Defect.INVALID_COMMAND_CODE, LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE);
        }

        @Test
        void namesComeFromTheFcLsTable() {
            assertThat(ElsCommand.name(0x51)).isEqualTo("FDISC");
            assertThat(ElsCommand.name(0xEE)).isEqualTo("0xee");
        }
    }

    @Nested
    @DisplayName("LS_RJT and LS_ACC")
    class Replies {
        @Test
        void lsRjtPutsReasonAndExplanationInBytesFiveAndSix() {
            LsRjt r = new LsRjt(LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.N_PORT_LOGIN_REQUIRED, 0x7F);
            assertThat(HEX.formatHex(r.encode())).isEqualTo("01000000" + "00091e7f");
            assertThat(ElsCodec.decodeReply(ElsCommand.PRLI, r.encode())).isEqualTo(r);
            assertThat(r.toString()).contains("N_Port login required");
        }

        @Test
        void lsRjtAndPlainAccRejectWrongLengths() {
            assertBadLength(() -> ElsCodec.decodeReply(ElsCommand.PLOGI, new byte[] {1, 0, 0, 0, 0, 9}),
                    ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeReply(ElsCommand.PLOGI, Arrays.copyOf(LsRjt.of(9, 0).encode(), 12)),
                    ElsDecodeException.Defect.OVERSIZED);
        }

        @Test
        void plainAccAnswersLogoScrAndRscn() {
            for (int c : new int[] {ElsCommand.LOGO, ElsCommand.SCR, ElsCommand.RSCN}) {
                assertThat(ElsCodec.decodeReply(c, LsAcc.INSTANCE.encode())).isEqualTo(LsAcc.INSTANCE);
                assertBadLength(() -> ElsCodec.decodeReply(c, new byte[] {2, 0, 0, 0, 0, 0, 0, 0}),
                        ElsDecodeException.Defect.OVERSIZED);
                assertBadLength(() -> ElsCodec.decodeReply(c, new byte[] {2, 0}), ElsDecodeException.Defect.TRUNCATED);
            }
        }
    }

    @Nested
    @DisplayName("LOGO")
    class LogoTests {
        @Test
        void logoCarriesPortIdAndPortName() {
            Logo l = new Logo(FcId.of(1, 2, 3), WWPN);
            assertThat(HEX.formatHex(l.encode())).isEqualTo("05000000" + "00010203" + "10000000c9123456");
            assertThat(ElsCodec.decodeRequest(l.encode())).isEqualTo(l);
        }

        @Test
        void logoRejectsBadLengthsAndNames() {
            byte[] b = new Logo(FcId.of(1, 2, 3), WWPN).encode();
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(b, 12)), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(b, 20)), ElsDecodeException.Defect.OVERSIZED);
            Arrays.fill(b, 8, 16, (byte) 0);
            assertRejected(() -> ElsCodec.decodeRequest(b), ElsDecodeException.Defect.INVALID_PORT_NAME,
                    LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.INVALID_PORT_NAME);
        }
    }

    @Nested
    @DisplayName("PRLI / PRLO with the FCP service parameter page")
    class PrliTests {
        @Test
        void initiatorPrliMatchesTheReferenceLayout() {
            Prli p = Prli.of(ElsCommand.PRLI, ServiceParameterPage.fcpRequest(true, false));
            assertThat(HEX.formatHex(p.encode())).isEqualTo("20100014" + "08002000" + "00000000" + "00000000" + "00000022");
            assertThat(ElsCodec.decodeRequest(p.encode())).isEqualTo(p);
        }

        @Test
        void targetAccCarriesResponseCodeOneAndTargetFunction() {
            Prli acc = Prli.of(ElsCommand.LS_ACC, ServiceParameterPage.fcpAccept(PrliConstants.RESPONSE_EXECUTED, false, true));
            byte[] b = acc.encode();
            assertThat(b[6]).isEqualTo((byte) 0x21);
            assertThat(HEX.formatHex(b, 16, 20)).isEqualTo("00000012");
            Prli back = (Prli) ElsCodec.decodeReply(ElsCommand.PRLI, b);
            ServiceParameterPage page = back.page(FcType.FCP).orElseThrow();
            assertThat(page.responseCode()).isEqualTo(PrliConstants.RESPONSE_EXECUTED);
            assertThat(page.establishImagePair()).isTrue();
            assertThat(page.targetFunction()).isTrue();
            assertThat(page.initiatorFunction()).isFalse();
        }

        @Test
        void prloAndMultiplePagesRoundTrip() {
            Prli p = new Prli(ElsCommand.PRLO, List.of(ServiceParameterPage.fcpRequest(true, true),
                    new ServiceParameterPage(0x05, 0, 0, 0, 0, 0)));
            byte[] b = p.encode();
            assertThat(HEX.formatHex(b, 0, 4)).isEqualTo("21100024");
            assertThat(ElsCodec.decodeRequest(b)).isEqualTo(p);
            assertThat(ElsCodec.decodeReply(ElsCommand.PRLO, p.withCommand(ElsCommand.LS_ACC).encode()))
                    .isEqualTo(p.withCommand(ElsCommand.LS_ACC));
        }

        @Test
        void badPageLengthPayloadLengthAndTruncationAreInvalidPayloadLength() {
            byte[] good = Prli.of(ElsCommand.PRLI, ServiceParameterPage.fcpRequest(true, false)).encode();

            byte[] pageLen = good.clone();
            pageLen[1] = 0x14;
            assertBadLength(() -> ElsCodec.decodeRequest(pageLen), ElsDecodeException.Defect.BAD_LENGTH_FIELD);

            byte[] saysMore = good.clone();
            saysMore[3] = 0x24;
            assertBadLength(() -> ElsCodec.decodeRequest(saysMore), ElsDecodeException.Defect.TRUNCATED);

            byte[] saysLess = Arrays.copyOf(good, 24);
            assertBadLength(() -> ElsCodec.decodeRequest(saysLess), ElsDecodeException.Defect.BAD_LENGTH_FIELD);

            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(good, 4)), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(good, 19)), ElsDecodeException.Defect.TRUNCATED);
        }
    }

    @Nested
    @DisplayName("ADISC, ECHO, SCR, RSCN, RLS, RTV")
    class Others {
        @Test
        void adiscRequestAndAccShareTheLayout() {
            Adisc a = new Adisc(ElsCommand.ADISC, FcId.UNASSIGNED, WWPN, WWNN, FcId.of(1, 2, 3));
            byte[] b = a.encode();
            assertThat(HEX.formatHex(b)).isEqualTo("52000000" + "00000000" + "10000000c9123456" + "20000000c9123456" + "00010203");
            assertThat(ElsCodec.decodeRequest(b)).isEqualTo(a);
            assertThat(ElsCodec.decodeReply(ElsCommand.ADISC, a.withCommand(ElsCommand.LS_ACC).encode()))
                    .isEqualTo(a.withCommand(ElsCommand.LS_ACC));
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(b, 27)), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(b, 32)), ElsDecodeException.Defect.OVERSIZED);
        }

        @Test
        void echoReturnsItsData() {
            Echo e = new Echo(ElsCommand.ECHO, "hello fabric".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            Echo back = (Echo) ElsCodec.decodeRequest(e.encode());
            assertThat(back).isEqualTo(e);
            assertThat(ElsCodec.decodeReply(ElsCommand.ECHO, back.accept().encode())).isEqualTo(e.accept());
            assertThat(e.accept().data()).isEqualTo(e.data());
            byte[] tooLong = new byte[2116];
            tooLong[0] = ElsCommand.ECHO;
            assertBadLength(() -> ElsCodec.decodeRequest(tooLong), ElsDecodeException.Defect.OVERSIZED);
            assertBadLength(() -> ElsCodec.decodeRequest(new byte[] {ElsCommand.ECHO, 0}), ElsDecodeException.Defect.TRUNCATED);
        }

        @Test
        void scrCarriesTheRegistrationFunction() {
            assertThat(HEX.formatHex(new Scr(Scr.FULL).encode())).isEqualTo("6200000000000003");
            assertThat(ElsCodec.decodeRequest(new Scr(Scr.FULL).encode())).isEqualTo(new Scr(Scr.FULL));
            byte[] bad = new Scr(Scr.FULL).encode();
            bad[7] = 7;
            assertRejected(() -> ElsCodec.decodeRequest(bad), ElsDecodeException.Defect.INVALID_FIELD,
                    LsRjtReason.UNABLE_TO_PERFORM, LsRjtExplanation.NONE);
            assertBadLength(() -> ElsCodec.decodeRequest(Arrays.copyOf(bad, 4)), ElsDecodeException.Defect.TRUNCATED);
        }

        @Test
        void rscnPagesCarryEventQualifierAndAddressFormat() {
            Rscn r = Rscn.of(RscnPage.port(RscnPage.EVENT_NAME_SERVER_OBJECT, FcId.of(1, 2, 3)),
                    new RscnPage(RscnPage.EVENT_SWITCH_CONFIGURATION, RscnPage.FORMAT_DOMAIN, FcId.of(7, 0, 0)));
            byte[] b = r.encode();
            assertThat(HEX.formatHex(b)).isEqualTo("6104000c" + "04010203" + "12070000");
            Rscn back = (Rscn) ElsCodec.decodeRequest(b);
            assertThat(back).isEqualTo(r);
            assertThat(back.pages().get(1).covers(FcId.of(7, 9, 9))).isTrue();
            assertThat(back.pages().get(0).covers(FcId.of(1, 2, 4))).isFalse();
        }

        @Test
        void rscnRejectsBadLengths() {
            byte[] b = Rscn.of(RscnPage.port(0, FcId.of(1, 2, 3))).encode();
            byte[] pageLen = b.clone();
            pageLen[1] = 8;
            assertBadLength(() -> ElsCodec.decodeRequest(pageLen), ElsDecodeException.Defect.BAD_LENGTH_FIELD);
            byte[] saysMore = b.clone();
            saysMore[3] = 12;
            assertBadLength(() -> ElsCodec.decodeRequest(saysMore), ElsDecodeException.Defect.TRUNCATED);
            assertBadLength(() -> ElsCodec.decodeRequest(new byte[] {0x61, 4, 0, 4}), ElsDecodeException.Defect.TRUNCATED);
            byte[] ragged = Arrays.copyOf(b, 10);
            ragged[3] = 10;
            assertBadLength(() -> ElsCodec.decodeRequest(ragged), ElsDecodeException.Defect.BAD_LENGTH_FIELD);
        }

        @Test
        void rlsAndItsAccCarryTheLinkErrorStatusBlock() {
            Rls r = new Rls(FcId.of(1, 2, 3));
            assertThat(HEX.formatHex(r.encode())).isEqualTo("0f00000000010203");
            assertThat(ElsCodec.decodeRequest(r.encode())).isEqualTo(r);
            RlsAcc acc = new RlsAcc(1, 2, 3, 4, 5, 6);
            assertThat(HEX.formatHex(acc.encode())).isEqualTo("02000000" + "00000001" + "00000002" + "00000003"
                    + "00000004" + "00000005" + "00000006");
            assertThat(ElsCodec.decodeReply(ElsCommand.RLS, acc.encode())).isEqualTo(acc);
            assertBadLength(() -> ElsCodec.decodeReply(ElsCommand.RLS, Arrays.copyOf(acc.encode(), 24)),
                    ElsDecodeException.Defect.TRUNCATED);
        }

        @Test
        void rtvAndItsAccCarryTheTimeouts() {
            assertThat(ElsCodec.decodeRequest(new Rtv().encode())).isEqualTo(new Rtv());
            RtvAcc acc = new RtvAcc(10_000, 2_000, 0);
            assertThat(HEX.formatHex(acc.encode())).isEqualTo("02000000" + "00002710" + "000007d0" + "00000000");
            assertThat(ElsCodec.decodeReply(ElsCommand.RTV, acc.encode())).isEqualTo(acc);
            assertBadLength(() -> ElsCodec.decodeRequest(new byte[] {0x0E, 0, 0, 0, 0}), ElsDecodeException.Defect.OVERSIZED);
        }
    }
}
