package dev.fcspec.emulator.port.ct;

import static dev.fcspec.emulator.port.ct.CtConstants.*;

import dev.fcspec.emulator.port.ct.CtDecodeException.Defect;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.InvalidWwnException;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Name-server responses: an FS_ACC with the accept payload of the request's command, or an FS_RJT with its
 * reason code and explanation (FC-GS; Linux {@code fc_ns.h}). The accept payload layout depends on the
 * request, so decoding takes the request's command code.
 */
public sealed interface NameServerReply {

    /** The payload after the preamble. */
    byte[] encodePayload();

    /** The response CT_IU answering a request with {@code request} as its preamble. */
    default CtIu toCtIu(CtPreamble request) {
        return new CtIu(request.accept(0), encodePayload());
    }

    /** FS_ACC of a registration (RFT_ID, RFF_ID, RNN_ID, RSPN_ID): no payload. */
    record Accepted() implements NameServerReply {
        public byte[] encodePayload() {
            return new byte[0];
        }
    }

    /** FS_RJT: reason code, explanation and vendor unique byte travel in the preamble; no payload. */
    record Rejected(int reason, int explanation, int vendorUnique) implements NameServerReply {
        public Rejected {
            if (reason < 0 || reason > 0xFF || explanation < 0 || explanation > 0xFF || vendorUnique < 0
                    || vendorUnique > 0xFF) {
                throw new IllegalArgumentException("FS_RJT fields are bytes");
            }
        }

        public Rejected(int reason, int explanation) {
            this(reason, explanation, 0);
        }

        public byte[] encodePayload() {
            return new byte[0];
        }

        @Override
        public CtIu toCtIu(CtPreamble request) {
            return new CtIu(new CtPreamble(request.revision(), request.inId(), request.gsType(), request.gsSubtype(),
                    request.options(), FS_RJT, 0, 0, reason, explanation, vendorUnique), new byte[0]);
        }

        @Override
        public String toString() {
            return String.format("Rejected[reason=0x%02x explanation=0x%02x]", reason, explanation);
        }
    }

    /**
     * FS_ACC of GID_FT: Port_IDs, the last flagged with control bit 7. A list cut short by the requester's
     * maximum size carries the words left out as {@code residualWords} in the preamble.
     */
    record PortIds(List<FcId> portIds, int residualWords) implements NameServerReply {
        public PortIds {
            portIds = List.copyOf(portIds);
            if (portIds.isEmpty()) {
                throw new IllegalArgumentException("a GID_FT accept lists at least one Port_ID");
            }
        }

        public PortIds(List<FcId> portIds) {
            this(portIds, 0);
        }

        public byte[] encodePayload() {
            byte[] b = new byte[4 * portIds.size()];
            for (int i = 0; i < portIds.size(); i++) {
                portIds.get(i).writeTo(b, 4 * i + 1);
            }
            b[4 * (portIds.size() - 1)] = (byte) ENTRY_LAST;
            return b;
        }

        @Override
        public CtIu toCtIu(CtPreamble request) {
            return new CtIu(request.accept(residualWords), encodePayload());
        }
    }

    /** One GPN_FT accept entry. */
    record PortIdAndName(FcId portId, Wwn portName) {
        public PortIdAndName {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(portName, "portName");
        }
    }

    /** FS_ACC of GPN_FT: 16-byte entries (control + Port_ID, reserved word, port name). */
    record PortIdsAndNames(List<PortIdAndName> entries, int residualWords) implements NameServerReply {
        public PortIdsAndNames {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a GPN_FT accept lists at least one port");
            }
        }

        public PortIdsAndNames(List<PortIdAndName> entries) {
            this(entries, 0);
        }

        public byte[] encodePayload() {
            byte[] b = new byte[16 * entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                entries.get(i).portId().writeTo(b, 16 * i + 1);
                entries.get(i).portName().writeTo(b, 16 * i + 8);
            }
            b[16 * (entries.size() - 1)] = (byte) ENTRY_LAST;
            return b;
        }

        @Override
        public CtIu toCtIu(CtPreamble request) {
            return new CtIu(request.accept(residualWords), encodePayload());
        }
    }

    /** FS_ACC of GPN_ID. */
    record PortName(Wwn portName) implements NameServerReply {
        public PortName {
            Objects.requireNonNull(portName, "portName");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[8];
            portName.writeTo(b, 0);
            return b;
        }
    }

    /** FS_ACC of GNN_ID. */
    record NodeName(Wwn nodeName) implements NameServerReply {
        public NodeName {
            Objects.requireNonNull(nodeName, "nodeName");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[8];
            nodeName.writeTo(b, 0);
            return b;
        }
    }

    /** FS_ACC of GID_PN. */
    record PortId(FcId portId) implements NameServerReply {
        public PortId {
            Objects.requireNonNull(portId, "portId");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[4];
            portId.writeTo(b, 1);
            return b;
        }
    }

    /** FS_ACC of GFT_ID. */
    record Types(Fc4Types types) implements NameServerReply {
        public Types {
            Objects.requireNonNull(types, "types");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[Fc4Types.LENGTH];
            types.writeTo(b, 0);
            return b;
        }
    }

    /** FS_ACC of GFF_ID. */
    record Features(Fc4Features features) implements NameServerReply {
        public Features {
            Objects.requireNonNull(features, "features");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[Fc4Features.LENGTH];
            features.writeTo(b, 0);
            return b;
        }
    }

    /** FS_ACC of GSPN_ID: length byte and name, zero-padded to a whole word. */
    record SymbolicPortName(String name) implements NameServerReply {
        public SymbolicPortName {
            SymbolicNames.check(name);
        }

        public byte[] encodePayload() {
            byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
            byte[] b = new byte[(1 + n.length + 3) & ~3];
            b[0] = (byte) n.length;
            System.arraycopy(n, 0, b, 1, n.length);
            return b;
        }
    }

    /**
     * FS_ACC of GA_NXT: the 620-byte port object (FC-GS; Wireshark {@code dissect_fcdns_ganxt}). IP fields,
     * the initial process associator and the hard address are carried as zeros.
     */
    record PortObject(int portType, FcId portId, Wwn portName, String symbolicPortName, Wwn nodeName,
                      String symbolicNodeName, int classOfService, Fc4Types types, Wwn fabricPortName)
            implements NameServerReply {

        public static final int LENGTH = 620;

        public PortObject {
            if (portType < 0 || portType > 0xFF) {
                throw new IllegalArgumentException("port type is a byte");
            }
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(portName, "portName");
            SymbolicNames.check(symbolicPortName);
            Objects.requireNonNull(nodeName, "nodeName");
            SymbolicNames.check(symbolicNodeName);
            Objects.requireNonNull(types, "types");
            Objects.requireNonNull(fabricPortName, "fabricPortName");
        }

        public byte[] encodePayload() {
            byte[] b = new byte[LENGTH];
            b[0] = (byte) portType;
            portId.writeTo(b, 1);
            portName.writeTo(b, 4);
            writeName(b, 12, symbolicPortName);
            nodeName.writeTo(b, 268);
            writeName(b, 276, symbolicNodeName);
            b[556] = (byte) (classOfService >>> 24);
            b[557] = (byte) (classOfService >>> 16);
            b[558] = (byte) (classOfService >>> 8);
            b[559] = (byte) classOfService;
            types.writeTo(b, 560);
            fabricPortName.writeTo(b, 608);
            return b;
        }

        private static void writeName(byte[] b, int offset, String name) {
            byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
            b[offset] = (byte) n.length;
            System.arraycopy(n, 0, b, offset + 1, n.length);
        }
    }

    // ---- decoding -------------------------------------------------------------------------------------

    /**
     * Decodes the response to a request with command code {@code requestCommand}.
     *
     * @throws CtDecodeException NOT_A_RESPONSE when the code is neither FS_ACC nor FS_RJT, BAD_PAYLOAD_LENGTH
     *     or BAD_FIELD for a malformed accept, COMMAND_NOT_SUPPORTED for a command this codec cannot decode
     */
    static NameServerReply decode(int requestCommand, CtIu iu) {
        CtPreamble p = iu.preamble();
        if (p.isReject()) {
            return new Rejected(p.reasonCode(), p.explanation(), p.vendorUnique());
        }
        if (!p.isAccept()) {
            throw new CtDecodeException(Defect.NOT_A_RESPONSE,
                    String.format("response code 0x%04x is neither FS_ACC nor FS_RJT", p.commandResponse()));
        }
        byte[] b = iu.payloadUnsafe();
        String cmd = commandName(requestCommand);
        return switch (requestCommand) {
            case RFT_ID, RFF_ID, RNN_ID, RSPN_ID -> {
                requireLength(cmd, b, 0);
                yield new Accepted();
            }
            case GID_FT -> decodePortIds(b, p.maxResidualSize());
            case GPN_FT -> decodePortIdsAndNames(b, p.maxResidualSize());
            case GPN_ID -> {
                requireLength(cmd, b, 8);
                yield new PortName(wwn(cmd, b, 0));
            }
            case GNN_ID -> {
                requireLength(cmd, b, 8);
                yield new NodeName(wwn(cmd, b, 0));
            }
            case GID_PN -> {
                requireLength(cmd, b, 4);
                yield new PortId(FcId.readFrom(b, 1));
            }
            case GFT_ID -> {
                requireLength(cmd, b, Fc4Types.LENGTH);
                yield new Types(Fc4Types.readFrom(b, 0));
            }
            case GFF_ID -> {
                requireLength(cmd, b, Fc4Features.LENGTH);
                yield new Features(Fc4Features.readFrom(b, 0));
            }
            case GSPN_ID -> {
                if (b.length < 1 || 1 + (b[0] & 0xFF) > b.length) {
                    throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                            "GSPN_ID accept of " + b.length + " bytes is shorter than its name length says");
                }
                yield new SymbolicPortName(new String(b, 1, b[0] & 0xFF, StandardCharsets.ISO_8859_1));
            }
            case GA_NXT -> decodePortObject(b);
            default -> throw new CtDecodeException(Defect.COMMAND_NOT_SUPPORTED,
                    "no accept decoder for " + cmd);
        };
    }

    private static PortIds decodePortIds(byte[] b, int residual) {
        if (b.length == 0 || b.length % 4 != 0) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                    "GID_FT accept of " + b.length + " bytes is not a whole number of 4-byte entries");
        }
        List<FcId> ids = new ArrayList<>();
        for (int o = 0; o < b.length; o += 4) {
            ids.add(FcId.readFrom(b, o + 1));
            if ((b[o] & ENTRY_LAST) != 0) {
                if (o + 4 != b.length) {
                    throw new CtDecodeException(Defect.BAD_FIELD, "GID_FT accept flags entry " + o / 4
                            + " as last but carries " + (b.length - o - 4) / 4 + " more");
                }
                return new PortIds(ids, residual);
            }
        }
        throw new CtDecodeException(Defect.BAD_FIELD, "GID_FT accept has no entry flagged as last");
    }

    private static PortIdsAndNames decodePortIdsAndNames(byte[] b, int residual) {
        if (b.length == 0 || b.length % 16 != 0) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                    "GPN_FT accept of " + b.length + " bytes is not a whole number of 16-byte entries");
        }
        List<PortIdAndName> entries = new ArrayList<>();
        for (int o = 0; o < b.length; o += 16) {
            entries.add(new PortIdAndName(FcId.readFrom(b, o + 1), wwn("GPN_FT", b, o + 8)));
            if ((b[o] & ENTRY_LAST) != 0) {
                if (o + 16 != b.length) {
                    throw new CtDecodeException(Defect.BAD_FIELD, "GPN_FT accept flags entry " + o / 16
                            + " as last but carries " + (b.length - o - 16) / 16 + " more");
                }
                return new PortIdsAndNames(entries, residual);
            }
        }
        throw new CtDecodeException(Defect.BAD_FIELD, "GPN_FT accept has no entry flagged as last");
    }

    private static PortObject decodePortObject(byte[] b) {
        requireLength("GA_NXT", b, PortObject.LENGTH);
        int cos = (b[556] & 0xFF) << 24 | (b[557] & 0xFF) << 16 | (b[558] & 0xFF) << 8 | b[559] & 0xFF;
        return new PortObject(b[0] & 0xFF, FcId.readFrom(b, 1), wwn("GA_NXT", b, 4), name(b, 12), wwn("GA_NXT", b, 268),
                name(b, 276), cos, Fc4Types.readFrom(b, 560), wwn("GA_NXT", b, 608));
    }

    private static String name(byte[] b, int offset) {
        return new String(b, offset + 1, b[offset] & 0xFF, StandardCharsets.ISO_8859_1);
    }

    private static void requireLength(String cmd, byte[] b, int expected) {
        if (b.length != expected) {
            throw new CtDecodeException(Defect.BAD_PAYLOAD_LENGTH,
                    cmd + " accept payload is " + b.length + " bytes, expected " + expected);
        }
    }

    private static Wwn wwn(String cmd, byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[offset + i] & 0xFFL);
        }
        try {
            return Wwn.of(v);
        } catch (InvalidWwnException e) {
            throw new CtDecodeException(Defect.BAD_FIELD, cmd + " accept carries an invalid WWN: " + e.getMessage());
        }
    }
}
