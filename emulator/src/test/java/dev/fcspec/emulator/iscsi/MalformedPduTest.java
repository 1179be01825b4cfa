package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.LUN1;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.pattern;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.read10;
import static dev.fcspec.emulator.iscsi.TargetDataTransferTest.write10;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.Reject;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Malformed PDUs get the Reject or the connection drop RFC 7143 asks for, and other sessions keep working with
 * their data intact.
 */
class MalformedPduTest {

    /** A second session that writes a pattern before the fault and reads it back afterwards. */
    static final class Bystander implements AutoCloseable {
        final RawIscsiClient c;
        final byte[] content = pattern(8 * 512, 77);

        Bystander(TargetFixture f) throws Exception {
            c = f.client();
            c.isid = 0x023d0000bbL;
            c.login(TargetFixture.TARGET, "ImmediateData=Yes", "InitialR2T=No", "HeaderDigest=CRC32C", "DataDigest=CRC32C");
            c.headerDigest = true;
            c.dataDigest = true;
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 900, content.length, c.cmdSn++, c.expStatSn,
                    write10(600, 8), -1, ByteBuffer.wrap(content)));
            assertThat(((ScsiResponsePdu) c.receiveParsed()).status()).isZero();
        }

        void stillWorks() throws Exception {
            c.send(new ScsiCommandPdu(false, true, true, false, 1, LUN1, 901, content.length, c.cmdSn++, c.expStatSn,
                    read10(600, 8), -1, null));
            byte[] back = TargetDataTransferTest.data(TargetDataTransferTest.collect(c));
            assertThat(back).as("the other session reads its data back intact").containsExactly(content);
        }

        @Override
        public void close() throws Exception {
            c.close();
        }
    }

    private static void testUnitReadyWorks(RawIscsiClient c, int itt) throws Exception {
        c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, itt, 0, c.cmdSn++, c.expStatSn, new byte[6], -1, null));
        ScsiResponsePdu r = (ScsiResponsePdu) c.receiveParsed();
        assertThat(r.itt()).isEqualTo(itt);
        assertThat(r.status()).isZero();
    }

    @Test
    @DisplayName("an unknown opcode is rejected as Command not supported and the connection carries on")
    void unknownOpcode() throws Exception {
        try (TargetFixture f = new TargetFixture(); Bystander other = new Bystander(f); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            byte[] bhs = new byte[48];
            bhs[0] = 0x1D;
            bhs[1] = (byte) 0x80;
            Bhs.putInt(bhs, 16, 0x1234);
            c.send(Pdu.of(bhs));
            Reject r = (Reject) c.receiveParsed();
            assertThat(r.rejectReason()).isEqualTo(RejectReason.COMMAND_NOT_SUPPORTED);
            assertThat(r.rejectedHeader()).hasSize(48);
            assertThat(r.rejectedHeader()[0]).isEqualTo((byte) 0x1D);
            assertThat(Bhs.getInt(r.rejectedHeader(), 16)).isEqualTo(0x1234);
            testUnitReadyWorks(c, 2);
            other.stillWorks();
        }
    }

    @Test
    @DisplayName("a header digest error drops the connection; the other session keeps its data")
    void headerDigestError() throws Exception {
        try (TargetFixture f = new TargetFixture(); Bystander other = new Bystander(f); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "HeaderDigest=CRC32C");
            c.headerDigest = true;
            byte[] wire = c.encode(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 3, 0, c.cmdSn, c.expStatSn,
                    new byte[6], -1, null));
            wire[49] ^= 0x01;
            c.sendBytes(wire);
            assertThat(c.closedByPeer()).isTrue();
            assertThat(f.core.commands).noneMatch(cmd -> cmd.tag() == 3);
            other.stillWorks();
        }
    }

    @Test
    @DisplayName("a data digest error on Data-Out is rejected and the command ends with protocol service CRC error")
    void dataDigestErrorOnDataOut() throws Exception {
        try (TargetFixture f = new TargetFixture(); Bystander other = new Bystander(f); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "DataDigest=CRC32C", "InitialR2T=Yes", "ImmediateData=No");
            c.dataDigest = true;
            byte[] before = Arrays.copyOfRange(f.core.disks.get(1L), 0, 1024);
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 4, 1024, c.cmdSn++, c.expStatSn,
                    write10(0, 2), -1, null));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            byte[] first = c.encode(new DataOut(false, LUN1, 4, r2t.ttt(), c.expStatSn, 0, 0,
                    ByteBuffer.wrap(pattern(512, 1))));
            first[60] ^= 0x40;
            c.sendBytes(first);
            Reject rej = (Reject) c.receiveParsed();
            assertThat(rej.rejectReason()).isEqualTo(RejectReason.DATA_DIGEST_ERROR);
            assertThat(Bhs.getInt(rej.rejectedHeader(), 16)).isEqualTo(4);
            c.send(new DataOut(true, LUN1, 4, r2t.ttt(), c.expStatSn, 1, 512, ByteBuffer.wrap(pattern(512, 2))));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.status()).isEqualTo(2);
            assertThat(resp.sense()[2]).isEqualTo((byte) 0x0B);
            assertThat(resp.sense()[12]).isEqualTo((byte) 0x47);
            assertThat(resp.sense()[13]).isEqualTo((byte) 0x05);
            assertThat(Arrays.copyOfRange(f.core.disks.get(1L), 0, 1024)).as("nothing written").containsExactly(before);
            testUnitReadyWorks(c, 5);
            other.stillWorks();
        }
    }

    @Test
    @DisplayName("a command whose immediate data fails the digest is rejected and not executed; a retry runs")
    void dataDigestErrorOnImmediateData() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "DataDigest=CRC32C", "ImmediateData=Yes");
            c.dataDigest = true;
            byte[] content = pattern(512, 4);
            ScsiCommandPdu cmd = new ScsiCommandPdu(false, true, false, true, 1, LUN1, 6, 512, c.cmdSn, c.expStatSn,
                    write10(7, 1), -1, ByteBuffer.wrap(content));
            byte[] wire = c.encode(cmd);
            wire[48 + 100] ^= 1;
            c.sendBytes(wire);
            Reject rej = (Reject) c.receiveParsed();
            assertThat(rej.rejectReason()).isEqualTo(RejectReason.DATA_DIGEST_ERROR);
            assertThat(rej.expCmdSn()).as("the rejected command's CmdSN is not consumed").isEqualTo(c.cmdSn);
            assertThat(f.core.commands).isEmpty();
            c.send(cmd);
            c.cmdSn++;
            assertThat(((ScsiResponsePdu) c.receiveParsed()).status()).isZero();
            assertThat(Arrays.copyOfRange(f.core.disks.get(1L), 7 * 512, 8 * 512)).containsExactly(content);
        }
    }

    @Test
    @DisplayName("a data segment over MaxRecvDataSegmentLength is rejected as a protocol error and the connection dropped")
    void dataSegmentTooLong() throws Exception {
        TargetSettings s = new TargetSettings(8192, 262144, 65536, true, false, 1, 1, true, 128);
        try (TargetFixture f = new TargetFixture(s); Bystander other = new Bystander(f); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "ImmediateData=Yes", "FirstBurstLength=65536");
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 7, 16384, c.cmdSn++, c.expStatSn,
                    write10(0, 32), -1, ByteBuffer.wrap(new byte[16384])));
            Reject rej = (Reject) c.receiveParsed();
            assertThat(rej.rejectReason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
            assertThat(c.closedByPeer()).isTrue();
            other.stillWorks();
        }
    }

    @Test
    void dataSnOutOfOrderEndsTheCommandWithProtocolServiceCrcError() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No");
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 8, 1024, c.cmdSn++, c.expStatSn,
                    write10(0, 2), -1, null));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            c.send(new DataOut(false, LUN1, 8, r2t.ttt(), c.expStatSn, 1, 0, ByteBuffer.wrap(new byte[512])));
            c.send(new DataOut(true, LUN1, 8, r2t.ttt(), c.expStatSn, 0, 512, ByteBuffer.wrap(new byte[512])));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.status()).isEqualTo(2);
            assertThat(resp.sense()[12]).isEqualTo((byte) 0x47);
            assertThat(f.core.commands).isEmpty();
            testUnitReadyWorks(c, 9);
        }
    }

    @Test
    void dataOutBeyondTheR2tIsAnIncorrectAmountOfData() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No");
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 10, 512, c.cmdSn++, c.expStatSn,
                    write10(0, 1), -1, null));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            c.send(new DataOut(true, LUN1, 10, r2t.ttt(), c.expStatSn, 0, 0, ByteBuffer.wrap(new byte[1024])));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.status()).isEqualTo(2);
            assertThat(resp.sense()[12]).isEqualTo((byte) 0x0C);
            assertThat(resp.sense()[13]).isEqualTo((byte) 0x0D);
        }
    }

    @Test
    void unsolicitedDataWhenInitialR2tIsYesIsUnexpected() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No");
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 11, 512, c.cmdSn++, c.expStatSn,
                    write10(0, 1), -1, null));
            ReadyToTransfer r2t = (ReadyToTransfer) c.receiveParsed();
            c.send(new DataOut(true, LUN1, 11, -1, c.expStatSn, 0, 0, ByteBuffer.wrap(new byte[512])));
            c.send(new DataOut(true, LUN1, 11, r2t.ttt(), c.expStatSn, 0, 0, ByteBuffer.wrap(new byte[512])));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.sense()[12]).isEqualTo((byte) 0x0C);
            assertThat(resp.sense()[13]).isEqualTo((byte) 0x0C);
        }
    }

    @Test
    void dataOutForAnUnknownTaskIsAnInvalidPduField() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(new DataOut(true, LUN1, 0x777, 5, c.expStatSn, 0, 0, ByteBuffer.wrap(new byte[512])));
            Reject r = (Reject) c.receiveParsed();
            assertThat(r.rejectReason()).isEqualTo(RejectReason.INVALID_PDU_FIELD);
            testUnitReadyWorks(c, 12);
        }
    }

    @Test
    void anAhsThatDoesNotFitIsAnInvalidPduField() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            byte[] bhs = new ScsiCommandPdu(false, true, false, false, 1, LUN1, 13, 0, c.cmdSn, c.expStatSn,
                    new byte[6], -1, null).toPdu().bhs();
            c.send(new Pdu(bhs, new byte[] {0, 9, 1, 0}, ByteBuffer.allocate(0)));
            Reject r = (Reject) c.receiveParsed();
            assertThat(r.rejectReason()).isEqualTo(RejectReason.INVALID_PDU_FIELD);
            assertThat(r.expCmdSn()).isEqualTo(c.cmdSn);
        }
    }

    @Test
    void loginRequestInTheFullFeaturePhaseAndSnackAtErl0AreProtocolErrors() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(c.loginRequest(1, 0, 1, 3, true, RawIscsiClient.text("InitiatorName=" + RawIscsiClient.INITIATOR)));
            assertThat(((Reject) c.receiveParsed()).rejectReason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
            c.send(new IscsiPdu.SnackRequest(0, 0, 5, -1, c.expStatSn, 0, 0));
            assertThat(((Reject) c.receiveParsed()).rejectReason()).isEqualTo(RejectReason.PROTOCOL_ERROR);
            testUnitReadyWorks(c, 14);
        }
    }

    @Test
    void aReusedTaskTagIsRejectedAsTaskInProgress() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes");
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 15, 512, c.cmdSn++, c.expStatSn,
                    write10(0, 1), -1, null));
            c.receiveParsed();
            c.send(new ScsiCommandPdu(false, true, true, false, 1, LUN1, 15, 512, c.cmdSn++, c.expStatSn,
                    read10(0, 1), -1, null));
            assertThat(((Reject) c.receiveParsed()).rejectReason()).isEqualTo(RejectReason.TASK_IN_PROGRESS);
        }
    }

    @Test
    void dataInOfTheTargetCarriesValidDigestsWhenNegotiated() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "HeaderDigest=CRC32C", "DataDigest=CRC32C");
            c.headerDigest = true;
            c.dataDigest = true;
            c.send(new ScsiCommandPdu(false, true, true, false, 1, LUN1, 16, 1536, c.cmdSn++, c.expStatSn,
                    read10(0, 3), -1, null));
            DataIn d = (DataIn) c.receiveParsed();
            assertThat(d.data().remaining()).isEqualTo(1536);
        }
    }
}
