package dev.fcspec.emulator.iscsi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PduCodecTest {

    /** Collects what the decoder emits. */
    static final class Out implements ProtocolDecoderOutput {
        private final List<Object> queue = new ArrayList<>();

        @Override
        public void write(Object message) {
            queue.add(message);
        }

        @Override
        public void flush(org.apache.mina.core.filterchain.IoFilter.NextFilter next, IoSession session) {
        }

        List<Object> messages() {
            List<Object> l = new ArrayList<>(queue);
            queue.clear();
            return l;
        }
    }

    /** A session whose transport fragments the stream (TCP), so the cumulative decoder accumulates. */
    static IoSession tcpLikeSession() {
        DummySession s = new DummySession();
        s.setTransportMetadata(new org.apache.mina.core.service.DefaultTransportMetadata("test", "tcp", false, true,
                java.net.SocketAddress.class, org.apache.mina.core.session.IoSessionConfig.class, Object.class));
        return s;
    }

    private static List<Object> decode(IoSession s, PduDecoder d, byte[]... chunks) throws Exception {
        Out out = new Out();
        for (byte[] c : chunks) {
            d.decode(s, IoBuffer.wrap(c), out);
        }
        return out.messages();
    }

    private static byte[] bytes(IoBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private static byte[] digestOf32(byte[] data) {
        IscsiPdu nop = new NopOut(true, 0, 1, -1, 0, 0, ByteBuffer.wrap(data));
        byte[] wire = bytes(PduEncoder.encode(nop.toPdu(), false, true));
        byte[] d = new byte[4];
        System.arraycopy(wire, 48 + 32, d, 0, 4);
        return d;
    }

    @Test
    @DisplayName("CRC32C data digests match the test vectors of RFC 3720 appendix B.4 in wire byte order")
    void crc32cVectors() {
        byte[] zeros = new byte[32];
        byte[] ones = new byte[32];
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            ones[i] = (byte) 0xFF;
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        HexFormat h = HexFormat.of();
        assertThat(h.formatHex(digestOf32(zeros))).isEqualTo("aa36918a");
        assertThat(h.formatHex(digestOf32(ones))).isEqualTo("43aba862");
        assertThat(h.formatHex(digestOf32(up))).isEqualTo("4e79dd46");
        assertThat(h.formatHex(digestOf32(down))).isEqualTo("5cdb3f11");
    }

    @Test
    void encoderSetsLengthsAndPadsTheDataSegment() {
        IscsiPdu nop = new NopOut(true, 0, 7, -1, 3, 4, ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        byte[] wire = bytes(PduEncoder.encode(nop.toPdu(), false, false));
        assertThat(wire).hasSize(48 + 8);
        assertThat(wire[0]).isEqualTo((byte) 0x40);
        assertThat(wire[4]).isZero();
        assertThat(new byte[] {wire[5], wire[6], wire[7]}).containsExactly(0, 0, 5);
        assertThat(new byte[] {wire[53], wire[54], wire[55]}).containsExactly(0, 0, 0);
    }

    @Test
    void decoderReassemblesAPduDeliveredOneByteAtATimeWithDigests() throws Exception {
        IoSession s = tcpLikeSession();
        FramingState.of(s).digests(true, true);
        ScsiCommandPdu cmd = new ScsiCommandPdu(false, true, false, true, 1, Lun.toField(1), 9, 6, 1, 1,
                new byte[] {0x2A}, -1, ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5, 4}));
        byte[] wire = bytes(PduEncoder.encode(cmd.toPdu(), true, true));
        assertThat(wire).hasSize(48 + 4 + 8 + 4);
        PduDecoder d = new PduDecoder();
        List<Object> got = new ArrayList<>();
        Out out = new Out();
        for (byte b : wire) {
            d.decode(s, IoBuffer.wrap(new byte[] {b}), out);
            got.addAll(out.messages());
        }
        assertThat(got).hasSize(1);
        ScsiCommandPdu back = (ScsiCommandPdu) PduParser.parseFromInitiator((Pdu) got.get(0));
        assertThat(back.write()).isTrue();
        assertThat(back.itt()).isEqualTo(9);
        assertThat(Lun.toNumber(back.lun())).isEqualTo(1);
        assertThat(back.cdb()[0]).isEqualTo((byte) 0x2A);
        byte[] data = new byte[6];
        back.immediateData().duplicate().get(data);
        assertThat(data).containsExactly(9, 8, 7, 6, 5, 4);
    }

    @Test
    void headerDigestMismatchIsATypedFramingErrorAndTheRestOfTheStreamIsDiscarded() throws Exception {
        IoSession s = tcpLikeSession();
        FramingState.of(s).digests(true, false);
        byte[] good = bytes(PduEncoder.encode(new NopOut(true, 0, 1, -1, 1, 1, null).toPdu(), true, false));
        byte[] bad = good.clone();
        bad[20] ^= 1;
        List<Object> got = decode(s, new PduDecoder(), concat(bad, good));
        assertThat(got).hasSize(1);
        assertThat(((FramingError) got.get(0)).defect()).isInstanceOf(HeaderDigestException.class);
        assertThat(FramingState.of(s).broken()).isTrue();
    }

    @Test
    void dataDigestMismatchIsReportedAndTheNextPduStillDecodes() throws Exception {
        IoSession s = tcpLikeSession();
        FramingState.of(s).digests(false, true);
        byte[] withData = bytes(PduEncoder.encode(new DataOut(true, 0, 5, 6, 0, 0, 0,
                ByteBuffer.wrap(new byte[] {1, 2, 3})).toPdu(), false, true));
        withData[49] ^= 0x10;
        byte[] next = bytes(PduEncoder.encode(new NopOut(true, 0, 2, -1, 1, 1, null).toPdu(), false, true));
        List<Object> got = decode(s, new PduDecoder(), concat(withData, next));
        assertThat(got).hasSize(2);
        FramingError e = (FramingError) got.get(0);
        assertThat(e.defect()).isInstanceOf(DataDigestException.class);
        assertThat(e.defect().rejectReason()).isEqualTo(IscsiConstants.RejectReason.DATA_DIGEST_ERROR);
        assertThat(Bhs.getInt(e.bhs(), 16)).isEqualTo(5);
        assertThat(((Pdu) got.get(1)).itt()).isEqualTo(2);
    }

    @Test
    void dataSegmentLongerThanMaxRecvDataSegmentLengthIsRefusedBeforeBuffering() throws Exception {
        IoSession s = tcpLikeSession();
        byte[] header = bytes(PduEncoder.encode(new NopOut(true, 0, 1, -1, 1, 1, null).toPdu(), false, false));
        header[5] = 0x01; // DataSegmentLength 65536 > login limit 8192
        List<Object> got = decode(s, new PduDecoder(), header);
        assertThat(got).hasSize(1);
        IscsiProtocolException e = ((FramingError) got.get(0)).defect();
        assertThat(e).isInstanceOf(DataSegmentTooLongException.class);
        assertThat(((DataSegmentTooLongException) e).length()).isEqualTo(65536);
        assertThat(e.connectionFatal()).isTrue();
    }

    @Test
    void aZeroLengthDataSegmentIsAFullPduWithoutDataDigest() throws Exception {
        IoSession s = tcpLikeSession();
        FramingState.of(s).digests(false, true);
        byte[] wire = bytes(PduEncoder.encode(new NopOut(true, 0, 1, -1, 1, 1, null).toPdu(), false, true));
        assertThat(wire).hasSize(48);
        assertThat(decode(s, new PduDecoder(), wire)).hasSize(1).allMatch(o -> o instanceof Pdu);
    }

    @Test
    void extendedCdbTravelsInAnAdditionalHeaderSegment() {
        byte[] cdb = new byte[32];
        for (int i = 0; i < cdb.length; i++) {
            cdb[i] = (byte) (i + 1);
        }
        cdb[0] = 0x7F;
        ScsiCommandPdu c = new ScsiCommandPdu(false, true, true, false, 1, 0, 1, 512, 1, 1, cdb, 4096, null);
        Pdu p = c.toPdu();
        assertThat(p.ahs()).hasSize(20 + 8);
        ScsiCommandPdu back = (ScsiCommandPdu) PduParser.parseFromInitiator(p);
        assertThat(back.cdb()).containsExactly(cdb);
        assertThat(back.bidiReadLength()).isEqualTo(4096);
    }

    @Test
    void anAhsWhoseLengthOverrunsTotalAhsLengthIsAnInvalidField() {
        byte[] bhs = new ScsiCommandPdu(false, true, true, false, 1, 0, 1, 512, 1, 1, new byte[] {0x28}, -1, null)
                .toPdu().bhs();
        byte[] ahs = {0, 40, 1, 0};
        assertThatThrownBy(() -> PduParser.parseFromInitiator(new Pdu(bhs, ahs, ByteBuffer.allocate(0))))
                .isInstanceOf(InvalidPduFieldException.class).hasMessageContaining("AHSLength");
    }

    @Test
    void undefinedAndTargetOnlyOpcodesAreUnknownToATarget() {
        byte[] bhs = new byte[48];
        bhs[0] = 0x1C;
        assertThatThrownBy(() -> PduParser.parseFromInitiator(Pdu.of(bhs)))
                .isInstanceOf(UnknownOpcodeException.class).hasMessageContaining("0x1c");
        byte[] dataIn = new byte[48];
        dataIn[0] = 0x25;
        assertThatThrownBy(() -> PduParser.parseFromInitiator(Pdu.of(dataIn))).isInstanceOf(UnknownOpcodeException.class);
    }

    @Test
    void immediateDataWithoutTheWriteBitIsAProtocolError() {
        ScsiCommandPdu c = new ScsiCommandPdu(false, true, true, false, 1, 0, 1, 512, 1, 1, new byte[] {0x28}, -1,
                ByteBuffer.wrap(new byte[4]));
        assertThatThrownBy(() -> PduParser.parseFromInitiator(c.toPdu()))
                .isInstanceOf(InvalidPduFieldException.class)
                .matches(e -> ((InvalidPduFieldException) e).rejectReason() == IscsiConstants.RejectReason.PROTOCOL_ERROR);
    }

    @Test
    void immediateDataLongerThanTheExpectedTransferLengthIsAProtocolError() {
        ScsiCommandPdu c = new ScsiCommandPdu(false, true, false, true, 1, 0, 1, 2, 1, 1, new byte[] {0x2A}, -1,
                ByteBuffer.wrap(new byte[4]));
        assertThatThrownBy(() -> PduParser.parseFromInitiator(c.toPdu()))
                .isInstanceOf(InvalidPduFieldException.class).hasMessageContaining("ExpectedDataTransferLength");
    }

    @Test
    void lunFieldsUsePeripheralAndFlatAddressing() {
        assertThat(Lun.toField(1)).isEqualTo(0x0001_0000_0000_0000L);
        assertThat(Lun.toField(300)).isEqualTo(0x412C_0000_0000_0000L);
        assertThat(Lun.toNumber(Lun.toField(300))).isEqualTo(300);
        assertThat(Lun.toNumber(0xC101_0000_0000_0000L)).isEqualTo(0xC101_0000_0000_0000L);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
