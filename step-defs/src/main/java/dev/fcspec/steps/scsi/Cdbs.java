package dev.fcspec.steps.scsi;

/** CDBs the steps send, built as SBC-3 and SPC-4 lay them out. */
public final class Cdbs {
    private Cdbs() {
    }

    public static byte[] read16(long lba, int blocks) {
        return rw16(0x88, lba, blocks);
    }

    public static byte[] write16(long lba, int blocks) {
        return rw16(0x8A, lba, blocks);
    }

    private static byte[] rw16(int op, long lba, int blocks) {
        byte[] c = new byte[16];
        c[0] = (byte) op;
        for (int i = 0; i < 8; i++) {
            c[2 + i] = (byte) (lba >>> (56 - 8 * i));
        }
        c[10] = (byte) (blocks >>> 24);
        c[11] = (byte) (blocks >>> 16);
        c[12] = (byte) (blocks >>> 8);
        c[13] = (byte) blocks;
        return c;
    }

    static byte[] testUnitReady() {
        return new byte[6];
    }

    static byte[] inquiry(boolean evpd, int page, int allocation) {
        return new byte[] {0x12, (byte) (evpd ? 1 : 0), (byte) page, (byte) (allocation >>> 8), (byte) allocation, 0};
    }

    static byte[] reportLuns(int allocation) {
        byte[] c = new byte[12];
        c[0] = (byte) 0xA0;
        c[6] = (byte) (allocation >>> 24);
        c[7] = (byte) (allocation >>> 16);
        c[8] = (byte) (allocation >>> 8);
        c[9] = (byte) allocation;
        return c;
    }

    static byte[] readCapacity16() {
        byte[] c = new byte[16];
        c[0] = (byte) 0x9E;
        c[1] = 0x10;
        c[13] = 32;
        return c;
    }

    static byte[] reserve6() {
        return new byte[] {0x16, 0, 0, 0, 0, 0};
    }

    static byte[] release6() {
        return new byte[] {0x17, 0, 0, 0, 0, 0};
    }

    /** PERSISTENT RESERVE OUT with a 24-byte parameter list. */
    static byte[] persistentReserveOut(int serviceAction, int type) {
        return new byte[] {0x5F, (byte) serviceAction, (byte) type, 0, 0, 0, 0, 0, 24, 0};
    }

    static byte[] prOutParameters(long key, long serviceActionKey) {
        byte[] p = new byte[24];
        for (int i = 0; i < 8; i++) {
            p[i] = (byte) (key >>> (56 - 8 * i));
            p[8 + i] = (byte) (serviceActionKey >>> (56 - 8 * i));
        }
        return p;
    }
}
