package dev.fcspec.emulator.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.mirror.MirrorDecodeException.Defect;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Mirror and policing message codec (emulator-defined, FC-4 TYPE 0xE1)")
class MirrorProtocolTest {

    @Test
    void aPriorityRequestIsLaidOutAsTheProtocolSays() {
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 7, 2,
                new MirrorProtocol.PriorityRequest(3, 2, 0x11).encode());
        assertThat(HexFormat.of().formatHex(MirrorProtocol.encode(m))).isEqualTo(
                "01" + "01" + "00" + "00" + "00000007" + "00000002" + "00000014"
                        + "0000000000000003" + "00000002" + "0000000000000011");
    }

    @Test
    void aReplyCarriesItsRequestsOpcodeWithTheReplyBitAndItsMessageId() {
        MirrorMessage rq = MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 0xFFFFFFF0, 1,
                new MirrorProtocol.WriteCopy(8, 512, new byte[1024]).encode());
        MirrorMessage reply = rq.reply(2, MirrorProtocol.STATUS_OUT_OF_RANGE, new byte[0]);
        assertThat(reply.opcode()).isEqualTo(0x82);
        assertThat(reply.operation()).isEqualTo(MirrorProtocol.OP_WRITE_COPY);
        assertThat(reply.messageId()).isEqualTo(0xFFFFFFF0);
        assertThat(reply.serverId()).isEqualTo(2);
        assertThat(MirrorProtocol.decode(MirrorProtocol.encode(reply))).isEqualTo(reply);
        assertThat(MirrorProtocol.decode(MirrorProtocol.encode(rq))).isEqualTo(rq);
        assertThat(reply.toString()).contains("WRITE_COPY_REPLY", "OUT_OF_RANGE");
    }

    @Test
    void everyParameterBlockRoundTrips() {
        byte[] data = new byte[1536];
        Arrays.fill(data, (byte) 0x5A);
        MirrorProtocol.WriteCopy w = new MirrorProtocol.WriteCopy(100, 512, data);
        MirrorMessage mw = MirrorProtocol.decode(MirrorProtocol.encode(
                MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 1, 1, w.encode())));
        MirrorProtocol.WriteCopy w2 = MirrorProtocol.WriteCopy.decode(mw);
        assertThat(w2.lba()).isEqualTo(100);
        assertThat(w2.blocks()).isEqualTo(3);
        assertThat(w2.data()).isEqualTo(data);

        MirrorProtocol.ReadCopy r = new MirrorProtocol.ReadCopy(5, 4, 512);
        assertThat(MirrorProtocol.ReadCopy.decode(MirrorMessage.request(MirrorProtocol.OP_READ_COPY, 2, 1, r.encode())))
                .isEqualTo(r);
        MirrorProtocol.PriorityRequest p = new MirrorProtocol.PriorityRequest(9, 1, 42);
        assertThat(MirrorProtocol.PriorityRequest.decode(
                MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 3, 1, p.encode()))).isEqualTo(p);
    }

    @Test
    void theRegionsARejoiningServerMissedRoundTripAndAMiscountIsRefused() {
        MirrorProtocol.MissedRegions r = new MirrorProtocol.MissedRegions(java.util.List.of(0L, 7L));
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_REJOIN, 4, 1, new byte[0])
                .reply(2, MirrorProtocol.STATUS_GOOD, r.encode());
        assertThat(MirrorProtocol.MissedRegions.decode(MirrorProtocol.decode(MirrorProtocol.encode(m)))).isEqualTo(r);
        byte[] bad = r.encode();
        bad[3] = 3;
        MirrorMessage wrong = new MirrorMessage(0x84, 0, 4, 2, bad);
        assertThatThrownBy(() -> MirrorProtocol.MissedRegions.decode(wrong))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.PARAMETER_LENGTH));
    }

    @Test
    void aPayloadShorterThanTheHeaderIsTruncated() {
        assertDefect(new byte[15], Defect.TRUNCATED);
    }

    @Test
    void anotherVersionIsRefusedWithItsOpcodeAndMessageId() {
        byte[] p = valid();
        p[0] = 2;
        MirrorDecodeException e = decodeFails(p);
        assertThat(e.defect()).isEqualTo(Defect.UNKNOWN_VERSION);
        assertThat(e.opcode()).isEqualTo(MirrorProtocol.OP_PRIORITY_REQUEST);
        assertThat(e.messageId()).isEqualTo(7);
        assertThat(MirrorProtocol.statusFor(e.defect())).isEqualTo(MirrorProtocol.STATUS_VERSION_NOT_SUPPORTED);
    }

    @Test
    void anUnknownOpcodeIsRefused() {
        byte[] p = valid();
        p[1] = 0x09;
        assertDefect(p, Defect.UNKNOWN_OPCODE);
        assertThat(MirrorProtocol.statusFor(Defect.UNKNOWN_OPCODE)).isEqualTo(MirrorProtocol.STATUS_UNKNOWN_OPCODE);
    }

    @Test
    void aParameterLengthThatDisagreesWithThePayloadIsRefused() {
        byte[] p = valid();
        ByteBuffer.wrap(p).putInt(12, 21);
        assertDefect(p, Defect.LENGTH_MISMATCH);
        assertDefect(Arrays.copyOf(valid(), valid().length + 1), Defect.LENGTH_MISMATCH);
        byte[] huge = valid();
        ByteBuffer.wrap(huge).putInt(12, -1);
        assertDefect(huge, Defect.LENGTH_MISMATCH);
    }

    @Test
    void parametersOfTheWrongSizeForTheOpcodeAreRefused() {
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 1, 1, new byte[19]);
        assertThatThrownBy(() -> MirrorProtocol.PriorityRequest.decode(m)).isInstanceOf(MirrorDecodeException.class)
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.PARAMETER_LENGTH));
        MirrorMessage r = MirrorMessage.request(MirrorProtocol.OP_READ_COPY, 1, 1, new byte[17]);
        assertThatThrownBy(() -> MirrorProtocol.ReadCopy.decode(r))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.PARAMETER_LENGTH));
        MirrorMessage w = MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 1, 1, new byte[11]);
        assertThatThrownBy(() -> MirrorProtocol.WriteCopy.decode(w))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.PARAMETER_LENGTH));
    }

    @Test
    void writeCopyDataThatIsNotWholeBlocksIsRefused() {
        byte[] params = ByteBuffer.allocate(12 + 700).putLong(0).putInt(512).array();
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 1, 1, params);
        assertThatThrownBy(() -> MirrorProtocol.WriteCopy.decode(m))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.PARTIAL_BLOCK));
    }

    @Test
    void aBlockSizeThatIsNotAPowerOfTwoFrom512IsRefused() {
        byte[] params = ByteBuffer.allocate(12 + 600).putLong(0).putInt(600).array();
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_WRITE_COPY, 1, 1, params);
        assertThatThrownBy(() -> MirrorProtocol.WriteCopy.decode(m))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.BAD_BLOCK_SIZE));
        MirrorMessage r = MirrorMessage.request(MirrorProtocol.OP_READ_COPY, 1, 1,
                new MirrorProtocol.ReadCopy(0, 1, 256).encode());
        assertThatThrownBy(() -> MirrorProtocol.ReadCopy.decode(r))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.BAD_BLOCK_SIZE));
    }

    @Test
    void aZeroCountOrNegativeRegionIsRefused() {
        byte[] p = ByteBuffer.allocate(20).putLong(-1).putInt(1).putLong(0).array();
        MirrorMessage m = MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 1, 1, p);
        assertThatThrownBy(() -> MirrorProtocol.PriorityRequest.decode(m))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.BAD_COUNT));
        MirrorMessage r = MirrorMessage.request(MirrorProtocol.OP_READ_COPY, 1, 1,
                new MirrorProtocol.ReadCopy(0, 0, 512).encode());
        assertThatThrownBy(() -> MirrorProtocol.ReadCopy.decode(r))
                .satisfies(e -> assertThat(((MirrorDecodeException) e).defect()).isEqualTo(Defect.BAD_COUNT));
    }

    private static byte[] valid() {
        return MirrorProtocol.encode(MirrorMessage.request(MirrorProtocol.OP_PRIORITY_REQUEST, 7, 1,
                new MirrorProtocol.PriorityRequest(0, 1, 1).encode()));
    }

    private static MirrorDecodeException decodeFails(byte[] p) {
        try {
            MirrorProtocol.decode(p);
        } catch (MirrorDecodeException e) {
            return e;
        }
        throw new AssertionError("decoded " + HexFormat.of().formatHex(p));
    }

    private static void assertDefect(byte[] p, Defect d) {
        assertThat(decodeFails(p).defect()).isEqualTo(d);
    }
}
