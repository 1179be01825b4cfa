package dev.fcspec.emulator.iscsi;

/** Fixed-format sense data for the iSCSI conditions of RFC 7143 section 11.4.7.2 (sense key ABORTED COMMAND). */
final class IscsiSense {
    private IscsiSense() {
    }

    static byte[] abortedCommand(int ascAscq) {
        byte[] s = new byte[18];
        s[0] = 0x70;
        s[2] = (byte) IscsiConstants.SENSE_KEY_ABORTED_COMMAND;
        s[7] = 10;
        s[12] = (byte) (ascAscq >>> 8);
        s[13] = (byte) ascAscq;
        return s;
    }
}
