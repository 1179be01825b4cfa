package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcType;

/**
 * One 16-byte PRLI/PRLO service parameter page (FC-LS; for FCP the layout of FCP-4). Byte 2 holds the page
 * flags (bits 7:4) and, in an ACC, the response code (bits 3:0).
 *
 * @param type                 FC-4 TYPE (0x08 FCP)
 * @param typeExtension        TYPE code extension
 * @param flags                byte 2: {@link PrliConstants} FLAG_* bits and the ACC response code
 * @param originatorPa         originator process associator
 * @param responderPa          responder process associator
 * @param serviceParameters    FC-4 service parameters (FCP: {@link PrliConstants} FCP_* bits)
 */
public record ServiceParameterPage(int type, int typeExtension, int flags, int originatorPa, int responderPa,
                                   int serviceParameters) {
    public static final int LENGTH = 16;

    public ServiceParameterPage {
        if ((type & ~0xFF) != 0 || (typeExtension & ~0xFF) != 0 || (flags & ~0xFF) != 0) {
            throw new IllegalArgumentException("TYPE, TYPE extension and flags are single bytes");
        }
    }

    /** An FCP PRLI request page: establish image pair, initiator and/or target function, read XFER_RDY disabled. */
    public static ServiceParameterPage fcpRequest(boolean initiator, boolean target) {
        return fcpRequest(initiator, target, false);
    }

    /** An FCP PRLI request page that also asks for a first burst when {@code writeXferRdyDisabled}. */
    public static ServiceParameterPage fcpRequest(boolean initiator, boolean target, boolean writeXferRdyDisabled) {
        return new ServiceParameterPage(FcType.FCP, 0, PrliConstants.FLAG_ESTABLISH_IMAGE_PAIR, 0, 0,
                fcpFunctions(initiator, target, writeXferRdyDisabled));
    }

    /** An FCP PRLI ACC page with a response code; the image pair is established when the code says executed. */
    public static ServiceParameterPage fcpAccept(int responseCode, boolean initiator, boolean target) {
        return fcpAccept(responseCode, initiator, target, false);
    }

    /** An FCP PRLI ACC page that also grants a first burst when {@code writeXferRdyDisabled}. */
    public static ServiceParameterPage fcpAccept(int responseCode, boolean initiator, boolean target,
                                                 boolean writeXferRdyDisabled) {
        boolean established = responseCode == PrliConstants.RESPONSE_EXECUTED
                || responseCode == PrliConstants.RESPONSE_EXECUTED_CONDITIONALLY;
        return new ServiceParameterPage(FcType.FCP, 0,
                (established ? PrliConstants.FLAG_ESTABLISH_IMAGE_PAIR : 0) | responseCode & 0x0F, 0, 0,
                fcpFunctions(initiator, target, writeXferRdyDisabled));
    }

    private static int fcpFunctions(boolean initiator, boolean target, boolean writeXferRdyDisabled) {
        return (initiator ? PrliConstants.FCP_INITIATOR_FUNCTION : 0)
                | (target ? PrliConstants.FCP_TARGET_FUNCTION : 0) | PrliConstants.FCP_READ_XFER_RDY_DISABLED
                | (writeXferRdyDisabled ? PrliConstants.FCP_WRITE_XFER_RDY_DISABLED : 0);
    }

    /** The same page with its service parameters replaced (what an image pair agreed, say). */
    public ServiceParameterPage withServiceParameters(int parameters) {
        return new ServiceParameterPage(type, typeExtension, flags, originatorPa, responderPa, parameters);
    }

    /** ACC response code (bits 3:0 of byte 2). */
    public int responseCode() {
        return flags & PrliConstants.FLAG_RESPONSE_CODE_MASK;
    }

    public boolean establishImagePair() {
        return (flags & PrliConstants.FLAG_ESTABLISH_IMAGE_PAIR) != 0;
    }

    public boolean initiatorFunction() {
        return (serviceParameters & PrliConstants.FCP_INITIATOR_FUNCTION) != 0;
    }

    public boolean targetFunction() {
        return (serviceParameters & PrliConstants.FCP_TARGET_FUNCTION) != 0;
    }

    /** WRITE FCP_XFER_RDY DISABLED: a request asks for a first burst of write data, an ACC grants it. */
    public boolean writeXferRdyDisabled() {
        return (serviceParameters & PrliConstants.FCP_WRITE_XFER_RDY_DISABLED) != 0;
    }

    void writeTo(byte[] b, int off) {
        b[off] = (byte) type;
        b[off + 1] = (byte) typeExtension;
        b[off + 2] = (byte) flags;
        ElsBytes.put32(b, off + 4, originatorPa);
        ElsBytes.put32(b, off + 8, responderPa);
        ElsBytes.put32(b, off + 12, serviceParameters);
    }

    static ServiceParameterPage readFrom(byte[] b, int off) {
        return new ServiceParameterPage(ElsBytes.u8(b, off), ElsBytes.u8(b, off + 1), ElsBytes.u8(b, off + 2),
                ElsBytes.u32(b, off + 4), ElsBytes.u32(b, off + 8), ElsBytes.u32(b, off + 12));
    }
}
