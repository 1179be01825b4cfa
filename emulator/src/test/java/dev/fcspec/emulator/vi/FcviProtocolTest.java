package dev.fcspec.emulator.vi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.vi.FcviIu.ConnectRequest;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse1;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse2;
import dev.fcspec.emulator.vi.FcviIu.ConnectResponse3;
import dev.fcspec.emulator.vi.FcviIu.DisconnectRequest;
import dev.fcspec.emulator.vi.FcviIu.DisconnectResponse;
import dev.fcspec.emulator.vi.FcviIu.ReadRequest;
import dev.fcspec.emulator.vi.FcviIu.ReadResponse;
import dev.fcspec.emulator.vi.FcviIu.SendRequest;
import dev.fcspec.emulator.vi.FcviIu.SendResponse;
import dev.fcspec.emulator.vi.FcviIu.WriteRequest;
import dev.fcspec.emulator.vi.FcviIu.WriteResponse;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("FC-VI IU codec (emulator-defined layout)")
class FcviProtocolTest {

    private static final HexFormat HEX = HexFormat.of();

    static List<FcviIu> everyIu() {
        return List.of(
                new ConnectRequest(1, 2, ReliabilityLevel.RELIABLE_DELIVERY, true, false, 2048),
                new ConnectResponse1(2, 1, ConnectResult.REJECTED_COLLISION, ReliabilityLevel.UNRELIABLE, false, true, 512),
                new ConnectResponse2(2, 1),
                new ConnectResponse3(1, 2),
                new DisconnectRequest(9, 3, FcviProtocol.DISCONNECT_ERROR),
                new DisconnectResponse(3, 9),
                new SendRequest(4, 5, 0x11223344, new byte[] {1, 2, 3}),
                new SendRequest(4, 5, null, new byte[0]),
                new SendResponse(5, 4, ViStatus.REMOTE_DESCRIPTOR_ERROR),
                new WriteRequest(1, 1, new MemoryHandle(0xCAFE), 0x1000, null, new byte[] {9, 8, 7, 6, 5}),
                new WriteRequest(1, 1, new MemoryHandle(0xCAFE), 0x1000, 77, new byte[2048]),
                new WriteResponse(1, 1, ViStatus.RDMA_PROTECTION_ERROR),
                new ReadRequest(1, 1, new MemoryHandle(0xBEEF), 0x2000, 64),
                new ReadResponse(1, 1, ViStatus.SUCCESS, new byte[] {42, 43}),
                new ReadResponse(1, 1, ViStatus.TRANSPORT_ERROR, new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("everyIu")
    void everyIuDecodesToWhatWasEncoded(FcviIu iu) {
        assertThat(FcviProtocol.decode(FcviProtocol.encode(iu))).isEqualTo(iu);
    }

    @Test
    void anRdmaReadRequestIsLaidOutAsDocumented() {
        byte[] p = FcviProtocol.encode(new ReadRequest(0x0102, 0x0304, new MemoryHandle(0xA0B0C0D0), 0x1122334455667788L, 64));
        // code 14, version 1, flags 0, rsvd | dst VI 0102 | src VI 0304 | status 0 | length 64
        // | handle a0b0c0d0 | rsvd | address 1122334455667788
        assertThat(HEX.formatHex(p)).isEqualTo("14010000" + "0102" + "0304" + "00000000" + "00000040"
                + "a0b0c0d0" + "00000000" + "1122334455667788");
    }

    @Test
    void anRdmaWriteWithImmediateDataSetsTheFlagAndCarriesTheDataLast() {
        byte[] p = FcviProtocol.encode(new WriteRequest(1, 2, new MemoryHandle(5), 0x40, 0x0A0B0C0D, new byte[] {(byte) 0xEE}));
        assertThat(HEX.formatHex(p)).isEqualTo("12010100" + "0001" + "0002" + "00000000" + "00000001"
                + "00000005" + "00000000" + "0000000000000040" + "0a0b0c0d" + "ee");
    }

    @Test
    void aResponseCarriesTheViArchitectureStatusCode() {
        byte[] p = FcviProtocol.encode(new WriteResponse(1, 2, ViStatus.RDMA_PROTECTION_ERROR));
        assertThat(HEX.formatHex(p, 8, 12)).isEqualTo("00000080");
    }

    @Test
    void requestsAndResponsesUseDistinctRCtl() {
        assertThat(FcviProtocol.rCtlOf(new ReadRequest(1, 1, new MemoryHandle(1), 0, 4))).isEqualTo(0x06);
        assertThat(FcviProtocol.rCtlOf(new ReadResponse(1, 1, ViStatus.SUCCESS, new byte[4]))).isEqualTo(0x01);
        assertThat(FcviProtocol.rCtlOf(new WriteResponse(1, 1, ViStatus.SUCCESS))).isEqualTo(0x07);
        assertThat(FcviProtocol.rCtlOf(new ConnectRequest(1, 1, ReliabilityLevel.UNRELIABLE, true, true, 8))).isEqualTo(0x02);
        assertThat(FcviProtocol.rCtlOf(new ConnectResponse1(1, 1, ConnectResult.ACCEPTED, ReliabilityLevel.UNRELIABLE,
                true, true, 8))).isEqualTo(0x03);
    }

    @Test
    void aPayloadShorterThanTheHeaderIsTruncated() {
        assertDefect(new byte[15], FcviDecodeException.Defect.TRUNCATED);
    }

    @Test
    void anUnknownIuCodeIsNamed() {
        byte[] p = FcviProtocol.encode(new ConnectResponse2(1, 1));
        p[0] = 0x7E;
        assertThatThrownBy(() -> FcviProtocol.decode(p)).isInstanceOf(FcviDecodeException.class)
                .hasMessageContaining("0x7e")
                .satisfies(e -> assertThat(((FcviDecodeException) e).defect()).isEqualTo(FcviDecodeException.Defect.UNKNOWN_IU));
    }

    @Test
    void anotherIuVersionIsRefused() {
        byte[] p = FcviProtocol.encode(new ConnectResponse2(1, 1));
        p[1] = 2;
        assertDefect(p, FcviDecodeException.Defect.UNKNOWN_VERSION);
    }

    @Test
    void aStatusThatIsNotAViArchitectureCodeIsRefused() {
        byte[] p = FcviProtocol.encode(new WriteResponse(1, 1, ViStatus.SUCCESS));
        p[11] = 0x03;
        assertDefect(p, FcviDecodeException.Defect.UNKNOWN_STATUS);
    }

    @Test
    void aLengthFieldThatDisagreesWithThePayloadIsRefused() {
        byte[] p = FcviProtocol.encode(new ReadResponse(1, 1, ViStatus.SUCCESS, new byte[8]));
        p[15] = 9;
        assertDefect(p, FcviDecodeException.Defect.TRUNCATED);
        p[15] = 7;
        assertDefect(p, FcviDecodeException.Defect.LENGTH_MISMATCH);
    }

    @Test
    void aTransferOverTheMaximumIsRefused() {
        byte[] p = FcviProtocol.encode(new ReadRequest(1, 1, new MemoryHandle(1), 0, 16));
        p[12] = 0x7F;
        assertDefect(p, FcviDecodeException.Defect.TRANSFER_TOO_LONG);
    }

    @Test
    void anUnknownReliabilityLevelOrConnectResultIsRefused() {
        byte[] rq = FcviProtocol.encode(new ConnectRequest(1, 1, ReliabilityLevel.UNRELIABLE, true, true, 64));
        rq[16] = 3;
        assertDefect(rq, FcviDecodeException.Defect.UNKNOWN_RELIABILITY_LEVEL);
        byte[] r1 = FcviProtocol.encode(new ConnectResponse1(1, 1, ConnectResult.ACCEPTED, ReliabilityLevel.UNRELIABLE,
                true, true, 64));
        r1[16] = 99;
        assertDefect(r1, FcviDecodeException.Defect.UNKNOWN_CONNECT_RESULT);
    }

    @Test
    void aDataTransferOverTheMaximumCannotBeBuilt() {
        assertThatThrownBy(() -> new SendRequest(1, 1, null, new byte[FcviProtocol.MAX_TRANSFER_SIZE + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2049");
    }

    private static void assertDefect(byte[] p, FcviDecodeException.Defect defect) {
        assertThatThrownBy(() -> FcviProtocol.decode(p)).isInstanceOf(FcviDecodeException.class)
                .satisfies(e -> assertThat(((FcviDecodeException) e).defect()).isEqualTo(defect));
    }
}
