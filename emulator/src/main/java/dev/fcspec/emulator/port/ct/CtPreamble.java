package dev.fcspec.emulator.port.ct;

import dev.fcspec.emulator.wire.FcId;
import java.util.Objects;

/**
 * The 16-byte basic CT_IU preamble (FC-GS; Linux {@code struct fc_ct_hdr}).
 *
 * @param revision         revision (1 or 3)
 * @param inId             IN_ID (000000 except for proxied requests)
 * @param gsType           GS_TYPE, e.g. {@link CtConstants#GS_TYPE_DIRECTORY}
 * @param gsSubtype        GS_SUBTYPE, e.g. {@link CtConstants#GS_SUBTYPE_NAME_SERVER}
 * @param options          options byte
 * @param commandResponse  command code of a request, or {@link CtConstants#FS_ACC} / {@link CtConstants#FS_RJT}
 * @param maxResidualSize  request: maximum size of the accept payload in words (0 = no limit); accept: residual words not returned
 * @param fragmentId       byte 12 (reserved in FC-GS-3, fragment ID later)
 * @param reasonCode       FS_RJT reason code (0 otherwise)
 * @param explanation      FS_RJT reason code explanation (0 otherwise)
 * @param vendorUnique     vendor unique byte
 */
public record CtPreamble(int revision, FcId inId, int gsType, int gsSubtype, int options, int commandResponse,
                         int maxResidualSize, int fragmentId, int reasonCode, int explanation, int vendorUnique) {

    public CtPreamble {
        Objects.requireNonNull(inId, "inId");
        requireByte("revision", revision);
        requireByte("GS_TYPE", gsType);
        requireByte("GS_SUBTYPE", gsSubtype);
        requireByte("options", options);
        requireRange("command/response code", commandResponse, 0xFFFF);
        requireRange("max/residual size", maxResidualSize, 0xFFFF);
        requireByte("fragment ID", fragmentId);
        requireByte("reason code", reasonCode);
        requireByte("reason code explanation", explanation);
        requireByte("vendor unique", vendorUnique);
    }

    /** A name-server request preamble, revision 1, no size limit. */
    public static CtPreamble nameServerRequest(int commandCode) {
        return nameServerRequest(commandCode, 0);
    }

    /** A name-server request preamble, revision 1, with a limit on the accept's size in words. */
    public static CtPreamble nameServerRequest(int commandCode, int maxSizeWords) {
        return new CtPreamble(CtConstants.REVISION_1, FcId.UNASSIGNED, CtConstants.GS_TYPE_DIRECTORY,
                CtConstants.GS_SUBTYPE_NAME_SERVER, 0, commandCode, maxSizeWords, 0, 0, 0, 0);
    }

    /** The FS_ACC preamble answering this request (same revision, GS_TYPE and subtype). */
    public CtPreamble accept(int residualWords) {
        return new CtPreamble(revision, inId, gsType, gsSubtype, options, CtConstants.FS_ACC, residualWords, 0, 0, 0, 0);
    }

    /** The FS_RJT preamble answering this request. */
    public CtPreamble reject(int reason, int explanation) {
        return new CtPreamble(revision, inId, gsType, gsSubtype, options, CtConstants.FS_RJT, 0, 0, reason, explanation, 0);
    }

    public boolean isAccept() {
        return commandResponse == CtConstants.FS_ACC;
    }

    public boolean isReject() {
        return commandResponse == CtConstants.FS_RJT;
    }

    /** True for request codes (below 0x8000). */
    public boolean isRequest() {
        return commandResponse < 0x8000;
    }

    public void writeTo(byte[] dst, int offset) {
        dst[offset] = (byte) revision;
        inId.writeTo(dst, offset + 1);
        dst[offset + 4] = (byte) gsType;
        dst[offset + 5] = (byte) gsSubtype;
        dst[offset + 6] = (byte) options;
        dst[offset + 7] = 0;
        dst[offset + 8] = (byte) (commandResponse >>> 8);
        dst[offset + 9] = (byte) commandResponse;
        dst[offset + 10] = (byte) (maxResidualSize >>> 8);
        dst[offset + 11] = (byte) maxResidualSize;
        dst[offset + 12] = (byte) fragmentId;
        dst[offset + 13] = (byte) reasonCode;
        dst[offset + 14] = (byte) explanation;
        dst[offset + 15] = (byte) vendorUnique;
    }

    /**
     * Decodes the preamble at the start of {@code src}. Any revision is returned as read; {@link CtIu#decode}
     * checks it.
     *
     * @throws CtDecodeException TRUNCATED_PREAMBLE when fewer than 16 bytes are present
     */
    public static CtPreamble readFrom(byte[] src) {
        if (src.length < CtConstants.PREAMBLE_LENGTH) {
            throw new CtDecodeException(CtDecodeException.Defect.TRUNCATED_PREAMBLE,
                    "CT_IU of " + src.length + " bytes is shorter than the 16-byte preamble");
        }
        return new CtPreamble(
                src[0] & 0xFF,
                FcId.readFrom(src, 1),
                src[4] & 0xFF,
                src[5] & 0xFF,
                src[6] & 0xFF,
                (src[8] & 0xFF) << 8 | src[9] & 0xFF,
                (src[10] & 0xFF) << 8 | src[11] & 0xFF,
                src[12] & 0xFF,
                src[13] & 0xFF,
                src[14] & 0xFF,
                src[15] & 0xFF);
    }

    @Override
    public String toString() {
        return String.format("CtPreamble[rev=%d GS_TYPE=%02x/%02x cmd=%s size=%d reason=%02x expl=%02x]",
                revision, gsType, gsSubtype, CtConstants.commandName(commandResponse), maxResidualSize,
                reasonCode, explanation);
    }

    private static void requireByte(String what, int v) {
        requireRange(what, v, 0xFF);
    }

    private static void requireRange(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(String.format("%s 0x%x is outside 0..0x%x", what, v, max));
        }
    }
}
