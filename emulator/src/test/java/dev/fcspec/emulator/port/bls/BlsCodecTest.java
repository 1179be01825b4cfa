package dev.fcspec.emulator.port.bls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.RCtl;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class BlsCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static void assertRejected(ThrowingCallable call, BlsDecodeException.Defect defect, int reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(BlsDecodeException.class, e -> {
            assertThat(e.defect()).isEqualTo(defect);
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.toBaRjt().reason()).isEqualTo(reason);
        });
    }

    @Test
    void baAccForAWholeExchangeHasNoSeqIdAndTheFullSeqCntRange() {
        BaAcc acc = BaAcc.wholeExchange(0x1234, 0x0042);
        assertThat(HEX.formatHex(acc.encode())).isEqualTo("00000000" + "12340042" + "0000ffff");
        assertThat(BlsCodec.decode(RCtl.BA_ACC, 0, acc.encode())).isEqualTo(acc);
    }

    @Test
    void baAccWithAValidSeqIdRoundTrips() {
        BaAcc acc = new BaAcc(true, 0x05, 0x0001, 0xFFFF, 3, 9);
        assertThat(HEX.formatHex(acc.encode(), 0, 2)).isEqualTo("8005");
        assertThat(BlsCodec.decode(RCtl.BA_ACC, 0, acc.encode())).isEqualTo(acc);
    }

    @Test
    void baRjtForAnUnknownExchangeIsLogicalErrorInvalidOxIdRxId() {
        BaRjt rjt = BaRjt.unknownExchange();
        assertThat(HEX.formatHex(rjt.encode())).isEqualTo("00030300");
        assertThat(BlsCodec.decode(RCtl.BA_RJT, 0, rjt.encode())).isEqualTo(rjt);
        assertThat(rjt.toString()).contains("invalid OX_ID-RX_ID combination");
    }

    @Test
    void abtsParameterBitZeroSelectsSequenceOrExchange() {
        assertThat(BlsCodec.decode(RCtl.BA_ABTS, 0, new byte[0])).isEqualTo(Abts.ABORT_EXCHANGE);
        assertThat(BlsCodec.decode(RCtl.BA_ABTS, 1, new byte[0])).isEqualTo(new Abts(true));
        assertThat(new Abts(true).parameter()).isEqualTo(1);
    }

    @Test
    void truncatedOversizedAndGarbagePayloadsAreTypedErrors() {
        assertRejected(() -> BlsCodec.decode(RCtl.BA_ACC, 0, new byte[11]), BlsDecodeException.Defect.TRUNCATED,
                BaRjtCodes.REASON_PROTOCOL_ERROR);
        assertRejected(() -> BlsCodec.decode(RCtl.BA_ACC, 0, new byte[16]), BlsDecodeException.Defect.OVERSIZED,
                BaRjtCodes.REASON_PROTOCOL_ERROR);
        assertRejected(() -> BlsCodec.decode(RCtl.BA_RJT, 0, new byte[3]), BlsDecodeException.Defect.TRUNCATED,
                BaRjtCodes.REASON_PROTOCOL_ERROR);
        assertRejected(() -> BlsCodec.decode(RCtl.BA_ABTS, 0, new byte[4]), BlsDecodeException.Defect.OVERSIZED,
                BaRjtCodes.REASON_PROTOCOL_ERROR);
        byte[] badValidity = BaAcc.wholeExchange(1, 2).encode();
        badValidity[0] = 0x42;
        assertRejected(() -> BlsCodec.decode(RCtl.BA_ACC, 0, badValidity), BlsDecodeException.Defect.INVALID_FIELD,
                BaRjtCodes.REASON_PROTOCOL_ERROR);
    }

    @Test
    void otherBasicLinkServicesAreInvalidCommandCodes() {
        for (int r : new int[] {RCtl.BA_NOP, RCtl.BA_RMC, RCtl.BA_PRMT, 0x8F}) {
            assertRejected(() -> BlsCodec.decode(r, 0, new byte[0]), BlsDecodeException.Defect.UNSUPPORTED_COMMAND,
                    BaRjtCodes.REASON_INVALID_COMMAND_CODE);
        }
    }

    @Test
    void aBlsRCtlOnAnotherTypeIsRejected() {
        Frame f = Frame.single(FrameHeader.of(RCtl.BA_ABTS, FcId.of(1, 1, 1), FcId.of(1, 1, 2), FcType.ELS,
                FCtl.END_SEQ | FCtl.SEQ_INIT, 1), new byte[0]);
        assertRejected(() -> BlsCodec.decode(f), BlsDecodeException.Defect.WRONG_TYPE, BaRjtCodes.REASON_PROTOCOL_ERROR);
    }
}
