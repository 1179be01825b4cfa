package dev.fcspec.emulator.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

/** A target core with two LUNs and two initiators on two target ports, and CDB builders for tests. */
final class ScsiBench {
    static final int BS = 512;
    static final long BLOCKS = 2048;

    final TargetPort port1 = new TargetPort(TransportProtocol.ISCSI, "iqn.2024-01.dev.fcspec:t1,t,0x0001", 1);
    final TargetPort port2 = new TargetPort(TransportProtocol.ISCSI, "iqn.2024-01.dev.fcspec:t1,t,0x0002", 2);
    final ItNexus a = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI,
            "iqn.2024-01.dev.fcspec:host-a,i,0x00023d000001", "iqn.2024-01.dev.fcspec:host-a"), port1);
    final ItNexus b = new ItNexus(new InitiatorPort(TransportProtocol.ISCSI,
            "iqn.2024-01.dev.fcspec:host-b,i,0x00023d000002", "iqn.2024-01.dev.fcspec:host-b"), port1);
    final ItNexus a2 = new ItNexus(a.initiator(), port2);
    final LogicalUnit lu0;
    final LogicalUnit lu1;
    final TargetCore target;
    private long tag;

    /** The tag of the last command this bench sent. */
    long lastTag() {
        return tag;
    }

    ScsiBench() {
        this(LogicalUnit.builder("lu0", new SparseMemoryStore(BLOCKS * BS, BS)).build());
    }

    ScsiBench(LogicalUnit lu0) {
        this.lu0 = lu0;
        this.lu1 = LogicalUnit.builder("lu1", new SparseMemoryStore(1024 * 4096L, 4096)).blockSize(4096).build();
        this.target = TargetCore.builder("iqn.2024-01.dev.fcspec:t1").port(port1).port(port2)
                .portGroup(new TargetPortGroup(1, java.util.List.of(1), AsymmetricAccessState.ACTIVE_OPTIMIZED, true))
                .portGroup(new TargetPortGroup(2, java.util.List.of(2), AsymmetricAccessState.ACTIVE_NON_OPTIMIZED,
                        false))
                .unit(0, lu0).unit(1, lu1).build();
        clearUa(a);
        clearUa(b);
        clearUa(a2);
    }

    void clearUa(ItNexus n) {
        for (long lun : new long[]{0, 1}) {
            for (int i = 0; i < 20; i++) {
                if (exec(n, lun, cdb(0x00, 6), 0).status() == ScsiStatus.GOOD) {
                    break;
                }
            }
        }
    }

    ScsiResponse exec(ItNexus n, byte[] cdb, int expectedIn) {
        return exec(n, 0, cdb, expectedIn);
    }

    ScsiResponse exec(ItNexus n, long lun, byte[] cdb, int expectedIn) {
        return target.execute(n, new ScsiCommand(lun, cdb, TaskAttribute.SIMPLE, ++tag, new byte[0], expectedIn));
    }

    ScsiResponse write(ItNexus n, long lun, byte[] cdb, byte[] dataOut) {
        return target.execute(n, new ScsiCommand(lun, cdb, TaskAttribute.SIMPLE, ++tag, dataOut, 0));
    }

    ScsiResponse write(ItNexus n, byte[] cdb, byte[] dataOut) {
        return write(n, 0, cdb, dataOut);
    }

    static byte[] cdb(int opcode, int length, int... offsetValuePairs) {
        byte[] c = new byte[length];
        c[0] = (byte) opcode;
        for (int i = 0; i < offsetValuePairs.length; i += 2) {
            c[offsetValuePairs[i]] = (byte) offsetValuePairs[i + 1];
        }
        return c;
    }

    static byte[] rw10(int opcode, long lba, int blocks) {
        byte[] c = new byte[10];
        c[0] = (byte) opcode;
        Bytes.put32(c, 2, lba);
        Bytes.put16(c, 7, blocks);
        return c;
    }

    static byte[] rw16(int opcode, long lba, long blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) opcode;
        Bytes.put64(c, 2, lba);
        Bytes.put32(c, 10, blocks);
        return c;
    }

    static byte[] rw12(int opcode, long lba, long blocks) {
        byte[] c = new byte[12];
        c[0] = (byte) opcode;
        Bytes.put32(c, 2, lba);
        Bytes.put32(c, 6, blocks);
        return c;
    }

    static byte[] pattern(int blocks, int bs, int seed) {
        byte[] d = new byte[blocks * bs];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (seed * 31 + i * 7 + (i >>> 9));
        }
        return d;
    }

    static byte[] fill(int length, int value) {
        byte[] d = new byte[length];
        Arrays.fill(d, (byte) value);
        return d;
    }

    static void assertGood(ScsiResponse r) {
        assertThat(r.status()).as("status (sense %s)", r.sense().length > 0 ? r.senseData() : "none")
                .isEqualTo(ScsiStatus.GOOD);
    }

    static void assertCheck(ScsiResponse r, int senseKey, int ascAscq) {
        assertThat(r.status()).as("status").isEqualTo(ScsiStatus.CHECK_CONDITION);
        SenseData s = r.senseData();
        assertThat(s.senseKey()).as("sense key of %s", s).isEqualTo(senseKey);
        assertThat(s.ascAscq()).as("ASC/ASCQ of %s", s).isEqualTo(ascAscq);
    }

    /** CHECK CONDITION, ILLEGAL REQUEST, INVALID FIELD IN CDB with the field pointer at byte/bit. */
    static void assertInvalidField(ScsiResponse r, int byteOffset, int bit) {
        assertCheck(r, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_FIELD_IN_CDB);
        SenseData s = r.senseData();
        assertThat(s.hasSenseKeySpecific()).as("SKSV of %s", s).isTrue();
        assertThat(s.fieldPointerInCdb()).as("C/D of %s", s).isTrue();
        assertThat(s.fieldPointerByte()).as("field pointer of %s", s).isEqualTo(byteOffset);
        assertThat(s.fieldPointerBit()).as("bit pointer of %s", s).isEqualTo(bit);
    }
}
