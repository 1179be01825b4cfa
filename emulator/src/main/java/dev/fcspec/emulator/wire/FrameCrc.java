package dev.fcspec.emulator.wire;

import java.util.zip.CRC32;

/**
 * The FC frame CRC: IEEE 802.3 CRC-32 (as {@link CRC32}) over header, optional headers, payload and fill
 * bytes; stored least-significant byte first (as Linux {@code cpu_to_le32(~crc)} and Wireshark expect).
 */
public final class FrameCrc {

    private FrameCrc() {
    }

    public static int compute(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    public static void writeLittleEndian(int crc, byte[] dst, int offset) {
        dst[offset] = (byte) crc;
        dst[offset + 1] = (byte) (crc >>> 8);
        dst[offset + 2] = (byte) (crc >>> 16);
        dst[offset + 3] = (byte) (crc >>> 24);
    }

    public static int readLittleEndian(byte[] src, int offset) {
        return src[offset] & 0xFF | (src[offset + 1] & 0xFF) << 8 | (src[offset + 2] & 0xFF) << 16
                | (src[offset + 3] & 0xFF) << 24;
    }
}
