package dev.fcspec.emulator.iscsi;

/** CRC32C digest byte order on the wire. */
final class Crc {
    private Crc() {
    }

    /**
     * iSCSI sends the CRC32C digest least significant byte first (RFC 7143 section 13.1 and appendix B.4:
     * the digest of 32 zero bytes is sent as aa 36 91 8a). The decoder reads the four bytes big-endian, so
     * the value to compare with is the byte-swapped CRC.
     */
    static int toWire(long crc) {
        return Integer.reverseBytes((int) crc);
    }
}
