package dev.fcspec.emulator.iscsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.iscsi.IscsiPdu.DataIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SCSI commands over a target connection: Data-In, R2T, Data-Out, residuals and StatSN. */
class TargetDataTransferTest {
    static final long LUN1 = Lun.toField(1);

    static byte[] read10(int lba, int blocks) {
        return new byte[] {0x28, 0, (byte) (lba >>> 24), (byte) (lba >>> 16), (byte) (lba >>> 8), (byte) lba, 0,
            (byte) (blocks >>> 8), (byte) blocks, 0};
    }

    static byte[] write10(int lba, int blocks) {
        byte[] c = read10(lba, blocks);
        c[0] = 0x2A;
        return c;
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static ScsiCommandPdu read(RawIscsiClient c, int itt, int edtl, byte[] cdb) {
        return new ScsiCommandPdu(false, true, true, false, 1, LUN1, itt, edtl, c.cmdSn++, c.expStatSn, cdb, -1, null);
    }

    /** Reads Data-In PDUs up to the one with status (or a SCSI Response), collecting the data. */
    static List<IscsiPdu> collect(RawIscsiClient c) throws Exception {
        List<IscsiPdu> out = new ArrayList<>();
        while (true) {
            IscsiPdu p = c.receiveParsed();
            out.add(p);
            if (p instanceof DataIn d && d.statusPresent()) {
                c.expStatSn = d.statSn() + 1;
                return out;
            }
            if (p instanceof ScsiResponsePdu) {
                return out;
            }
        }
    }

    static byte[] data(List<IscsiPdu> pdus) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (IscsiPdu p : pdus) {
            if (p instanceof DataIn d) {
                byte[] x = new byte[d.data().remaining()];
                d.data().duplicate().get(x);
                b.write(x, 0, x.length);
            }
        }
        return b.toByteArray();
    }

    @Test
    @DisplayName("a read returns its data with the status in the last Data-In (phase collapse) and counts the underflow")
    void readWithPhaseCollapseAndUnderflow() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            System.arraycopy(pattern(1024, 3), 0, f.core.disks.get(1L), 512 * 10, 1024);
            c.login(TargetFixture.TARGET, "MaxRecvDataSegmentLength=65536");
            int statSn = c.expStatSn;
            c.send(read(c, 1, 4096, read10(10, 2)));
            List<IscsiPdu> got = collect(c);
            assertThat(got).hasSize(1);
            DataIn d = (DataIn) got.get(0);
            assertThat(d.finalFlag()).isTrue();
            assertThat(d.status()).isZero();
            assertThat(d.residualUnderflow()).isTrue();
            assertThat(d.residualCount()).isEqualTo(4096 - 1024);
            assertThat(d.statSn()).isEqualTo(statSn);
            assertThat(d.dataSn()).isZero();
            assertThat(d.itt()).isEqualTo(1);
            assertThat(d.expCmdSn()).isEqualTo(2);
            assertThat(d.maxCmdSn()).isEqualTo(2 + 127);
            assertThat(data(got)).containsExactly(pattern(1024, 3));
        }
    }

    @Test
    @DisplayName("Data-In is split at the initiator's MaxRecvDataSegmentLength with F at each MaxBurstLength")
    void dataInSegmentsAndBursts() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            byte[] content = pattern(64 * 512, 9);
            System.arraycopy(content, 0, f.core.disks.get(1L), 0, content.length);
            c.login(TargetFixture.TARGET, "MaxRecvDataSegmentLength=4096", "MaxBurstLength=8192");
            c.send(read(c, 2, content.length, read10(0, 64)));
            List<IscsiPdu> got = collect(c);
            assertThat(got).hasSize(8);
            for (int i = 0; i < 8; i++) {
                DataIn d = (DataIn) got.get(i);
                assertThat(d.dataSn()).isEqualTo(i);
                assertThat(d.bufferOffset()).isEqualTo(i * 4096);
                assertThat(d.data().remaining()).isEqualTo(4096);
                assertThat(d.finalFlag()).as("F at the end of each 8 KiB burst").isEqualTo(i % 2 == 1);
                assertThat(d.statusPresent()).isEqualTo(i == 7);
            }
            assertThat(data(got)).containsExactly(content);
        }
    }

    @Test
    @DisplayName("a write takes immediate data, unsolicited Data-Out up to FirstBurstLength, then R2Ts of MaxBurstLength")
    void writeWithImmediateUnsolicitedAndSolicitedData() throws Exception {
        TargetSettings s = new TargetSettings(262144, 8192, 4096, true, false, 2, 4, true, 128);
        try (TargetFixture f = new TargetFixture(s); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=No", "ImmediateData=Yes", "MaxBurstLength=8192",
                    "FirstBurstLength=4096", "MaxOutstandingR2T=2");
            byte[] content = pattern(64 * 512, 5);
            int itt = 3;
            c.send(new ScsiCommandPdu(false, false, false, true, 1, LUN1, itt, content.length, c.cmdSn++, c.expStatSn,
                    write10(100, 64), -1, ByteBuffer.wrap(content, 0, 1024)));
            c.send(new DataOut(true, LUN1, itt, -1, c.expStatSn, 0, 1024, ByteBuffer.wrap(content, 1024, 3072)));
            List<ReadyToTransfer> r2ts = new ArrayList<>();
            r2ts.add((ReadyToTransfer) c.receiveParsed());
            r2ts.add((ReadyToTransfer) c.receiveParsed());
            assertThat(c.silentFor(300)).as("no more than MaxOutstandingR2T=2 R2Ts at a time").isTrue();
            int sent = 4096;
            int expectedR2tSn = 0;
            while (sent < content.length) {
                ReadyToTransfer r = r2ts.isEmpty() ? (ReadyToTransfer) c.receiveParsed() : r2ts.remove(0);
                assertThat(r.itt()).isEqualTo(itt);
                assertThat(r.r2tSn()).isEqualTo(expectedR2tSn++);
                assertThat(r.desiredDataTransferLength()).isLessThanOrEqualTo(8192);
                int off = r.bufferOffset();
                int end = off + r.desiredDataTransferLength();
                int dataSn = 0;
                while (off < end) {
                    int n = Math.min(4096, end - off);
                    c.send(new DataOut(off + n == end, LUN1, itt, r.ttt(), c.expStatSn, dataSn++, off,
                            ByteBuffer.wrap(content, off, n)));
                    off += n;
                }
                sent += r.desiredDataTransferLength();
            }
            assertThat(expectedR2tSn).isEqualTo(4);
            IscsiPdu last = c.receiveParsed();
            ScsiResponsePdu resp = (ScsiResponsePdu) last;
            assertThat(resp.status()).isZero();
            assertThat(resp.expDataSn()).as("R2Ts sent").isEqualTo(4);
            byte[] disk = f.core.disks.get(1L);
            assertThat(Arrays.copyOfRange(disk, 100 * 512, 164 * 512)).containsExactly(content);
        }
    }

    @Test
    void initialR2tYesAndNoImmediateDataSolicitEverything() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET, "InitialR2T=Yes", "ImmediateData=No");
            byte[] content = pattern(2048, 1);
            c.send(new ScsiCommandPdu(false, true, false, true, 1, LUN1, 4, 2048, c.cmdSn++, c.expStatSn,
                    write10(0, 4), -1, null));
            ReadyToTransfer r = (ReadyToTransfer) c.receiveParsed();
            assertThat(r.bufferOffset()).isZero();
            assertThat(r.desiredDataTransferLength()).isEqualTo(2048);
            assertThat(r.r2tSn()).isZero();
            c.send(new DataOut(true, LUN1, 4, r.ttt(), c.expStatSn, 0, 0, ByteBuffer.wrap(content)));
            ScsiResponsePdu resp = (ScsiResponsePdu) c.receiveParsed();
            assertThat(resp.status()).isZero();
            assertThat(Arrays.copyOfRange(f.core.disks.get(1L), 0, 2048)).containsExactly(content);
        }
    }

    @Test
    void checkConditionCarriesSenseInTheScsiResponse() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(read(c, 5, 512, read10(5000, 1)));
            ScsiResponsePdu r = (ScsiResponsePdu) c.receiveParsed();
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.sense()).hasSize(18);
            assertThat(r.sense()[2]).isEqualTo((byte) 5);
            assertThat(r.sense()[12]).isEqualTo((byte) 0x21);
        }
    }

    @Test
    void overflowIsReportedWhenTheCommandWantedMoreThanExpected() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(read(c, 6, 200, read10(0, 1)));
            DataIn d = (DataIn) collect(c).get(0);
            assertThat(d.data().remaining()).isEqualTo(200);
            assertThat(d.residualOverflow()).isTrue();
            assertThat(d.residualCount()).isEqualTo(312);
        }
    }

    @Test
    @DisplayName("CmdSN: commands outside [ExpCmdSN, MaxCmdSN] are ignored, a gap holds later commands until filled")
    void commandWindow() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            byte[] tur = new byte[6];
            c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 10, 0, 1 + 128, c.expStatSn, tur, -1, null));
            c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 11, 0, 0, c.expStatSn, tur, -1, null));
            assertThat(c.silentFor(300)).as("too high and too low CmdSN are dropped silently").isTrue();
            c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 12, 0, 2, c.expStatSn, tur, -1, null));
            assertThat(c.silentFor(300)).as("CmdSN 2 waits for CmdSN 1").isTrue();
            c.send(new ScsiCommandPdu(true, true, false, false, 1, LUN1, 13, 0, 1, c.expStatSn, tur, -1, null));
            ScsiResponsePdu imm = (ScsiResponsePdu) c.receiveParsed();
            assertThat(imm.itt()).as("an immediate command is not held").isEqualTo(13);
            assertThat(imm.expCmdSn()).isEqualTo(1);
            c.send(new ScsiCommandPdu(false, true, false, false, 1, LUN1, 14, 0, 1, c.expStatSn, tur, -1, null));
            ScsiResponsePdu a = (ScsiResponsePdu) c.receiveParsed();
            ScsiResponsePdu b = (ScsiResponsePdu) c.receiveParsed();
            assertThat(List.of(a.itt(), b.itt())).containsExactly(14, 12);
            assertThat(b.statSn()).isEqualTo(a.statSn() + 1);
            assertThat(b.expCmdSn()).isEqualTo(3);
            assertThat(b.maxCmdSn()).isEqualTo(3 + 127);
        }
    }

    @Test
    void nopOutPingIsEchoedAndANopOutAnsweringNothingGetsNoReply() throws Exception {
        try (TargetFixture f = new TargetFixture(); RawIscsiClient c = f.client()) {
            c.login(TargetFixture.TARGET);
            c.send(new IscsiPdu.NopOut(false, 0, 20, -1, c.cmdSn++, c.expStatSn, ByteBuffer.wrap(pattern(100, 2))));
            IscsiPdu.NopIn in = (IscsiPdu.NopIn) c.receiveParsed();
            assertThat(in.itt()).isEqualTo(20);
            assertThat(in.ttt()).isEqualTo(-1);
            byte[] echo = new byte[in.data().remaining()];
            in.data().duplicate().get(echo);
            assertThat(echo).containsExactly(pattern(100, 2));
            assertThat(in.expCmdSn()).isEqualTo(2);
            c.send(new IscsiPdu.NopOut(true, 0, -1, -1, c.cmdSn, c.expStatSn, null));
            assertThat(c.silentFor(300)).isTrue();
        }
    }
}
