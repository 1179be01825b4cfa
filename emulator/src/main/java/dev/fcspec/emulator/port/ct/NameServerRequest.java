package dev.fcspec.emulator.port.ct;

import static dev.fcspec.emulator.port.ct.CtConstants.*;

import dev.fcspec.emulator.port.ct.CtDecodeException.Defect;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.InvalidWwnException;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Name-server (directory service, GS_TYPE 0xFC subtype 0x02) requests: the command payloads after the CT_IU
 * preamble (FC-GS; Linux {@code fc_ns.h}). Registrations: RFT_ID, RFF_ID, RNN_ID, RSPN_ID. Queries: GA_NXT,
 * GPN_ID, GNN_ID, GFT_ID, GSPN_ID, GFF_ID, GID_PN, GID_FT, GPN_FT.
 *
 * <p>Decoding is strict: a wrong payload length, an unknown command code, a command the standard defines but
 * this codec does not implement, or an invalid name each raise a {@link CtDecodeException} that carries the
 * FS_RJT reason a server answers with. Reserved bytes are ignored.
 */
public sealed interface NameServerRequest {

    /** The command code (e.g. {@link CtConstants#GID_FT}). */
    int commandCode();

    /** The payload after the preamble. */
    byte[] encodePayload();

    /** The whole CT_IU with a revision 1 preamble and no size limit. */
    default CtIu toCtIu() {
        return toCtIu(0);
    }

    /** The whole CT_IU with a revision 1 preamble asking for at most {@code maxSizeWords} words of accept payload. */
    default CtIu toCtIu(int maxSizeWords) {
        return new CtIu(CtPreamble.nameServerRequest(commandCode(), maxSizeWords), encodePayload());
    }

    // ---- queries by Port_ID ---------------------------------------------------------------------------

    /** GA_NXT: all attributes of the next registered port after {@code portId}. */
    record GaNxt(FcId portId) implements NameServerRequest {
        public GaNxt {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GA_NXT;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    /** GPN_ID: port name of {@code portId}. */
    record GpnId(FcId portId) implements NameServerRequest {
        public GpnId {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GPN_ID;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    /** GNN_ID: node name of {@code portId}. */
    record GnnId(FcId portId) implements NameServerRequest {
        public GnnId {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GNN_ID;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    /** GFT_ID: FC-4 TYPEs of {@code portId}. */
    record GftId(FcId portId) implements NameServerRequest {
        public GftId {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GFT_ID;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    /** GSPN_ID: symbolic port name of {@code portId}. */
    record GspnId(FcId portId) implements NameServerRequest {
        public GspnId {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GSPN_ID;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    /** GFF_ID: FC-4 features of {@code portId}. */
    record GffId(FcId portId) implements NameServerRequest {
        public GffId {
            Objects.requireNonNull(portId, "portId");
        }

        public int commandCode() {
            return GFF_ID;
        }

        public byte[] encodePayload() {
            return portIdPayload(portId);
        }
    }

    // ---- queries by name or type ----------------------------------------------------------------------

    /** GID_PN: Port_ID of the port named {@code portName}. */
    record GidPn(Wwn portName) implements NameServerRequest {
        public GidPn {
            Objects.requireNonNull(portName, "portName");
        }

        public int commandCode() {
            return GID_PN;
        }

        public byte[] encodePayload() {
            byte[] b = new byte[8];
            portName.writeTo(b, 0);
            return b;
        }
    }

    /**
     * GID_FT: Port_IDs of the ports that registered FC-4 TYPE {@code fc4Type}, within a domain (0 = every
     * domain) and area (0 = every area of the domain).
     */
    record GidFt(int domainScope, int areaScope, int fc4Type) implements NameServerRequest {
        public GidFt {
            checkScope(domainScope, areaScope, fc4Type);
        }

        /** Every port of TYPE {@code fc4Type} in the fabric. */
        public static GidFt of(int fc4Type) {
            return new GidFt(0, 0, fc4Type);
        }

        public int commandCode() {
            return GID_FT;
        }

        public byte[] encodePayload() {
            return new byte[] {0, (byte) domainScope, (byte) areaScope, (byte) fc4Type};
        }
    }

    /** GPN_FT: Port_IDs and port names of the ports that registered FC-4 TYPE {@code fc4Type}. */
    record GpnFt(int domainScope, int areaScope, int fc4Type) implements NameServerRequest {
        public GpnFt {
            checkScope(domainScope, areaScope, fc4Type);
        }

        public static GpnFt of(int fc4Type) {
            return new GpnFt(0, 0, fc4Type);
        }

        public int commandCode() {
            return GPN_FT;
        }

        public byte[] encodePayload() {
            return new byte[] {0, (byte) domainScope, (byte) areaScope, (byte) fc4Type};
        }
    }

    // ---- registrations --------------------------------------------------------------------------------

    /** RFT_ID: register the FC-4 TYPEs of {@code portId}. */
    record RftId(FcId portId, Fc4Types types) implements NameServerRequest {
        public RftId {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(types, "types");
        }

        public int commandCode() {
            return RFT_ID;
        }

        public byte[] encodePayload() {
            byte[] b = new byte[4 + Fc4Types.LENGTH];
            portId.writeTo(b, 1);
            types.writeTo(b, 4);
            return b;
        }
    }

    /** RFF_ID: register the FC-4 features of {@code portId} for FC-4 TYPE {@code fc4Type}. */
    record RffId(FcId portId, int features, int fc4Type) implements NameServerRequest {
        public RffId {
            Objects.requireNonNull(portId, "portId");
            if (features < 0 || features > 0xFF) {
                throw new IllegalArgumentException("FC-4 features 0x" + Integer.toHexString(features) + " do not fit a byte");
            }
            if (fc4Type < 0 || fc4Type > 0xFF) {
                throw new IllegalArgumentException("FC-4 TYPE " + fc4Type + " is outside 0..255");
            }
        }

        public int commandCode() {
            return RFF_ID;
        }

        public byte[] encodePayload() {
            byte[] b = new byte[8];
            portId.writeTo(b, 1);
            b[6] = (byte) features;
            b[7] = (byte) fc4Type;
            return b;
        }
    }

    /** RNN_ID: register the node name of {@code portId}. */
    record RnnId(FcId portId, Wwn nodeName) implements NameServerRequest {
        public RnnId {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(nodeName, "nodeName");
        }

        public int commandCode() {
            return RNN_ID;
        }

        public byte[] encodePayload() {
            byte[] b = new byte[12];
            portId.writeTo(b, 1);
            nodeName.writeTo(b, 4);
            return b;
        }
    }

    /** RSPN_ID: register the symbolic port name of {@code portId} (at most 255 bytes, ISO-8859-1). */
    record RspnId(FcId portId, String symbolicName) implements NameServerRequest {
        public RspnId {
            Objects.requireNonNull(portId, "portId");
            SymbolicNames.check(symbolicName);
        }

        public int commandCode() {
            return RSPN_ID;
        }

        /** Port_ID, length byte, name, zero-padded to a whole word. */
        public byte[] encodePayload() {
            byte[] name = symbolicName.getBytes(StandardCharsets.ISO_8859_1);
            byte[] b = new byte[(5 + name.length + 3) & ~3];
            portId.writeTo(b, 1);
            b[4] = (byte) name.length;
            System.arraycopy(name, 0, b, 5, name.length);
            return b;
        }
    }

    // ---- decoding -------------------------------------------------------------------------------------

    /**
     * Decodes a name-server request.
     *
     * @throws CtDecodeException UNSUPPORTED_SERVICE for another GS_TYPE/subtype, INVALID_COMMAND_CODE for a
     *     code that is not a name-server request, COMMAND_NOT_SUPPORTED for a name-server command this codec
     *     does not implement, BAD_PAYLOAD_LENGTH, BAD_FIELD
     */
    static NameServerRequest decode(CtIu iu) {
        CtPreamble p = iu.preamble();
        if (p.gsType() != GS_TYPE_DIRECTORY || p.gsSubtype() != GS_SUBTYPE_NAME_SERVER) {
            throw new CtDecodeException(Defect.UNSUPPORTED_SERVICE, String.format(
                    "GS_TYPE 0x%02x subtype 0x%02x is not the name server (0xfc/0x02)", p.gsType(), p.gsSubtype()));
        }
        int code = p.commandResponse();
        if (!p.isRequest() || !isNameServerCommand(code)) {
            throw new CtDecodeException(Defect.INVALID_COMMAND_CODE,
                    String.format("0x%04x is not a name-server request", code));
        }
        byte[] b = iu.payloadUnsafe();
        return switch (code) {
            case GA_NXT -> new GaNxt(portIdOf(code, b));
            case GPN_ID -> new GpnId(portIdOf(code, b));
            case GNN_ID -> new GnnId(portIdOf(code, b));
            case GFT_ID -> new GftId(portIdOf(code, b));
            case GSPN_ID -> new GspnId(portIdOf(code, b));
            case GFF_ID -> new GffId(portIdOf(code, b));
            case GID_PN -> {
                requireLength(code, b, 8);
                yield new GidPn(wwnOf(code, "port name", b, 0, EXPL_PORT_NAME_NOT_REGISTERED));
            }
            case GID_FT -> {
                requireLength(code, b, 4);
                checkWireScope(code, b);
                yield new GidFt(b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
            }
            case GPN_FT -> {
                requireLength(code, b, 4);
                checkWireScope(code, b);
                yield new GpnFt(b[1] & 0xFF, b[2] & 0xFF, b[3] & 0xFF);
            }
            case RFT_ID -> {
                requireLength(code, b, 4 + Fc4Types.LENGTH);
                yield new RftId(FcId.readFrom(b, 1), Fc4Types.readFrom(b, 4));
            }
            case RFF_ID -> {
                requireLength(code, b, 8);
                yield new RffId(FcId.readFrom(b, 1), b[6] & 0xFF, b[7] & 0xFF);
            }
            case RNN_ID -> {
                requireLength(code, b, 12);
                yield new RnnId(FcId.readFrom(b, 1), wwnOf(code, "node name", b, 4, EXPL_NONE));
            }
            case RSPN_ID -> decodeRspnId(b);
            default -> throw new CtDecodeException(Defect.COMMAND_NOT_SUPPORTED,
                    commandName(code) + " is a name-server command this name server does not support");
        };
    }

    private static RspnId decodeRspnId(byte[] b) {
        if (b.length < 5) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                    "RSPN_ID payload of " + b.length + " bytes is shorter than Port_ID and name length (5)");
        }
        if (b.length > 4 + 1 + MAX_SYMBOLIC_NAME) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                    "RSPN_ID payload of " + b.length + " bytes exceeds Port_ID, length and 255-byte name (260)");
        }
        int len = b[4] & 0xFF;
        if (5 + len > b.length) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH, "RSPN_ID name length " + len
                    + " overruns the payload (" + (b.length - 5) + " name bytes present)");
        }
        return new RspnId(FcId.readFrom(b, 1), new String(b, 5, len, StandardCharsets.ISO_8859_1));
    }

    private static FcId portIdOf(int code, byte[] b) {
        requireLength(code, b, 4);
        return FcId.readFrom(b, 1);
    }

    private static void requireLength(int code, byte[] b, int expected) {
        if (b.length != expected) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH, commandName(code) + " payload is " + b.length
                    + " bytes, expected " + expected);
        }
    }

    private static Wwn wwnOf(int code, String what, byte[] b, int offset, int explanation) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[offset + i] & 0xFFL);
        }
        try {
            return Wwn.of(v);
        } catch (InvalidWwnException e) {
            throw new CtDecodeException(Defect.BAD_FIELD, explanation,
                    commandName(code) + " " + what + " is not a valid WWN: " + e.getMessage());
        }
    }

    private static void checkWireScope(int code, byte[] b) {
        if ((b[1] & 0xFF) == 0 && (b[2] & 0xFF) != 0) {
            throw new CtDecodeException(Defect.BAD_FIELD, commandName(code) + " gives area scope 0x"
                    + Integer.toHexString(b[2] & 0xFF) + " without a domain scope");
        }
    }

    private static byte[] portIdPayload(FcId id) {
        byte[] b = new byte[4];
        id.writeTo(b, 1);
        return b;
    }

    private static void checkScope(int domain, int area, int type) {
        if (domain < 0 || domain > 0xFF || area < 0 || area > 0xFF || type < 0 || type > 0xFF) {
            throw new IllegalArgumentException("domain scope, area scope and FC-4 TYPE are bytes: "
                    + domain + ", " + area + ", " + type);
        }
        if (domain == 0 && area != 0) {
            throw new IllegalArgumentException("an area scope needs a domain scope");
        }
    }

}
