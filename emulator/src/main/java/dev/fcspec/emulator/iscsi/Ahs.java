package dev.fcspec.emulator.iscsi;

import java.io.ByteArrayOutputStream;

/** Additional Header Segments of a SCSI Command (RFC 7143 section 11.2.2): Extended CDB and bidi read length. */
final class Ahs {
    static final int TYPE_EXTENDED_CDB = 1;
    static final int TYPE_BIDI_READ_LENGTH = 2;

    private Ahs() {
    }

    /** The AHS bytes for a CDB longer than 16 bytes and/or a bidirectional read length (-1 for none). */
    static byte[] encode(byte[] cdb, int bidiReadLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (cdb.length > IscsiConstants.BHS_CDB_LENGTH) {
            int ext = cdb.length - IscsiConstants.BHS_CDB_LENGTH;
            int ahsLength = ext + 1;
            out.write(ahsLength >>> 8);
            out.write(ahsLength);
            out.write(TYPE_EXTENDED_CDB);
            out.write(0);
            out.write(cdb, IscsiConstants.BHS_CDB_LENGTH, ext);
            for (int i = (4 + ext) % 4; i != 0 && i < 4; i++) {
                out.write(0);
            }
        }
        if (bidiReadLength >= 0) {
            out.write(0);
            out.write(5);
            out.write(TYPE_BIDI_READ_LENGTH);
            out.write(0);
            byte[] v = new byte[4];
            Bhs.putInt(v, 0, bidiReadLength);
            out.write(v, 0, 4);
        }
        return out.toByteArray();
    }

    /** The decoded AHS of a SCSI command. */
    record Decoded(byte[] cdb, int bidiReadLength) {
    }

    /**
     * Decodes the AHS list of a SCSI Command whose BHS carries {@code bhsCdb}.
     *
     * @throws InvalidPduFieldException for an AHS that overruns the segment, a repeated or unknown AHSType
     */
    static Decoded decode(byte[] bhsCdb, byte[] ahs) {
        byte[] cdb = bhsCdb;
        int bidi = -1;
        boolean seenCdb = false;
        int pos = 0;
        while (pos < ahs.length) {
            if (ahs.length - pos < 4) {
                throw new InvalidPduFieldException("AHSLength", "truncated AHS at offset " + pos);
            }
            int ahsLength = Bhs.getShort(ahs, pos);
            int type = ahs[pos + 2] & 0xFF;
            int total = 3 + ahsLength;
            total = (total + 3) & ~3;
            if (ahsLength == 0 || pos + total > ahs.length) {
                throw new InvalidPduFieldException("AHSLength",
                        "AHSLength " + ahsLength + " at offset " + pos + " does not fit TotalAHSLength " + ahs.length);
            }
            switch (type) {
                case TYPE_EXTENDED_CDB: {
                    if (seenCdb) {
                        throw new InvalidPduFieldException("AHSType", "two Extended CDB AHS");
                    }
                    seenCdb = true;
                    int ext = ahsLength - 1;
                    cdb = new byte[IscsiConstants.BHS_CDB_LENGTH + ext];
                    System.arraycopy(bhsCdb, 0, cdb, 0, IscsiConstants.BHS_CDB_LENGTH);
                    System.arraycopy(ahs, pos + 4, cdb, IscsiConstants.BHS_CDB_LENGTH, ext);
                    break;
                }
                case TYPE_BIDI_READ_LENGTH: {
                    if (ahsLength != 5) {
                        throw new InvalidPduFieldException("AHSLength", "bidirectional read length AHS must be 5, not " + ahsLength);
                    }
                    if (bidi >= 0) {
                        throw new InvalidPduFieldException("AHSType", "two bidirectional read length AHS");
                    }
                    bidi = Bhs.getInt(ahs, pos + 4);
                    if (bidi < 0) {
                        throw new InvalidPduFieldException("ExpectedBidirectionalReadDataLength", "larger than 2^31-1");
                    }
                    break;
                }
                default:
                    throw new InvalidPduFieldException("AHSType", "unknown AHS type " + type);
            }
            pos += total;
        }
        return new Decoded(cdb, bidi);
    }
}
