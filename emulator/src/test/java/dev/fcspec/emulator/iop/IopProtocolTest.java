package dev.fcspec.emulator.iop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.Wwn;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("I/O processor message codec (emulator-defined)")
class IopProtocolTest {
    private static final Wwn N1 = Wwn.parse("20:00:00:00:0a:00:00:01");
    private static final Wwn N2 = Wwn.parse("20:00:00:00:0a:00:00:02");

    @Test
    void aRequestIsLaidOutWithTargetNodeInitiatingNodeCommandAndMessageId() {
        IopMessage m = IopMessage.request(IopProtocol.COMMAND_TERMINATE_ASSOCIATION, 7, N2, N1,
                new IopParameters.Terminate(1, 9).encode());
        assertThat(HexFormat.of().formatHex(IopProtocol.encode(m))).isEqualTo(
                "01" + "01" + "0013" + "00000007" + "200000000a000002" + "200000000a000001" + "0000" + "0000"
                        + "00000008" + "00000001" + "00000009");
    }

    @Test
    void aCompletionOfARequestCarriesItsMessageIdAndCommandAndGoesBackToTheInitiator() {
        IopMessage rq = IopMessage.request(IopProtocol.COMMAND_REPLICATE_DATA, 0xFFFFFFF0, N2, N1,
                new IopParameters.Replicate(1, 2, 3, new byte[512]).encode());
        IopMessage c = rq.completedWith(IopProtocol.STATUS_OUT_OF_RANGE);
        assertThat(c.messageId()).isEqualTo(0xFFFFFFF0);
        assertThat(c.command()).isEqualTo(IopProtocol.COMMAND_REPLICATE_DATA);
        assertThat(c.targetNode()).isEqualTo(N1);
        assertThat(c.initiatingNode()).isEqualTo(N2);
        assertThat(IopProtocol.decode(IopProtocol.encode(c))).isEqualTo(c);
        assertThat(IopProtocol.decode(IopProtocol.encode(rq))).isEqualTo(rq);
        assertThat(HexFormat.of().formatHex(IopProtocol.encode(c), 0, 8)).isEqualTo("01" + "02" + "0012" + "fffffff0");
    }

    @Test
    void everyParameterBlockRoundTrips() {
        IopParameters[] all = {
                new IopParameters.Designate(1, 2, 1000, 512), new IopParameters.Expand(1, 2, 4000),
                new IopParameters.Replicate(1, 2, 77, new byte[] {1, 2, 3, 4}), new IopParameters.Terminate(1, 2),
                new IopParameters.Reestablish(1, 2)};
        for (IopParameters p : all) {
            assertThat(IopParameters.decode(p.command(), p.encode())).isEqualTo(p);
        }
    }

    @Test
    void anUnknownCommandStillDecodesSoThatItCanBeAnswered() {
        IopMessage m = IopMessage.request(0x7777, 1, N2, N1, new byte[] {1});
        assertThat(IopProtocol.decode(IopProtocol.encode(m)).commandName()).isEqualTo("UNKNOWN_0x7777");
    }

    @Test
    void malformedMessagesAreRefusedWithTheirDefect() {
        byte[] ok = IopProtocol.encode(IopMessage.request(IopProtocol.COMMAND_TERMINATE_ASSOCIATION, 1, N2, N1,
                new IopParameters.Terminate(1, 2).encode()));
        assertDefect(new byte[31], IopDecodeException.Defect.TRUNCATED);
        byte[] v = ok.clone();
        v[0] = 2;
        assertDefect(v, IopDecodeException.Defect.UNKNOWN_VERSION);
        byte[] k = ok.clone();
        k[1] = 3;
        assertDefect(k, IopDecodeException.Defect.UNKNOWN_KIND);
        byte[] l = ok.clone();
        l[31] = 9;
        assertDefect(l, IopDecodeException.Defect.LENGTH_MISMATCH);
    }

    @Test
    void parametersOfTheWrongSizeAreRefused() {
        assertThatThrownBy(() -> IopParameters.decode(IopProtocol.COMMAND_TERMINATE_ASSOCIATION, new byte[7]))
                .isInstanceOf(IopDecodeException.class).hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> IopParameters.decode(IopProtocol.COMMAND_REPLICATE_DATA, new byte[16]))
                .isInstanceOf(IopDecodeException.class);
    }

    private static void assertDefect(byte[] p, IopDecodeException.Defect d) {
        assertThatThrownBy(() -> IopProtocol.decode(p)).isInstanceOf(IopDecodeException.class)
                .satisfies(e -> assertThat(((IopDecodeException) e).defect()).isEqualTo(d));
    }
}
