package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** INQUIRY (SPC-4 6.6): standard data with version descriptors, and the vital product data pages. */
final class Inquiry {
    private static final int[] VPD_PAGES = {VPD_SUPPORTED_VPD_PAGES, VPD_UNIT_SERIAL_NUMBER,
            VPD_DEVICE_IDENTIFICATION, VPD_EXTENDED_INQUIRY_DATA, VPD_BLOCK_LIMITS, VPD_BLOCK_DEVICE_CHARACTERISTICS,
            VPD_LOGICAL_BLOCK_PROVISIONING};

    private Inquiry() {
    }

    static byte[] inquiry(Task t) {
        boolean evpd = (t.cdb[1] & 0x01) != 0;
        int page = t.cdb[2] & 0xFF;
        int alloc = Bytes.u16(t.cdb, 3);
        if (!evpd && page != 0) {
            throw new CheckConditionException.InvalidFieldInCdb(2, 7, "PAGE CODE set without EVPD");
        }
        byte[] data;
        if (t.lu == null) {
            // no logical unit: peripheral qualifier 011b, device type 1Fh (SPC-4 6.6.2)
            if (evpd) {
                throw new CheckConditionException.LogicalUnitNotSupported(t.lun);
            }
            data = standard(t, null);
        } else if (!evpd) {
            data = standard(t, t.lu);
        } else {
            data = vpd(t, page);
        }
        return Task.allocation(data, alloc);
    }

    static byte[] standard(Task t, LogicalUnit lu) {
        byte[] b = new byte[96];
        if (lu == null) {
            b[0] = (byte) (PERIPHERAL_QUALIFIER_NOT_CAPABLE << 5 | PERIPHERAL_DEVICE_TYPE_UNKNOWN);
        } else {
            b[0] = PERIPHERAL_DEVICE_TYPE_DISK;
            b[1] = (byte) (lu.removable() ? 0x80 : 0);
        }
        b[2] = 0x06; // VERSION: SPC-4
        b[3] = 0x10 | 0x02; // HISUP, RESPONSE DATA FORMAT 2
        b[4] = (byte) (b.length - 5);
        b[5] = (byte) (0x30 | 0x08); // TPGS 11b: implicit and explicit ALUA; 3PC: EXTENDED COPY
        b[6] = 0x10; // MULTIP
        b[7] = 0x02; // CMDQUE
        Bytes.putAscii(b, 8, 8, lu == null ? "FCSPEC" : lu.vendor());
        Bytes.putAscii(b, 16, 16, lu == null ? "NO LOGICAL UNIT" : lu.product());
        Bytes.putAscii(b, 32, 4, lu == null ? "0100" : lu.revision());
        int p = 58;
        for (int v : new int[]{VERSION_SAM_5, VERSION_SPC_4, VERSION_SBC_3,
                t.nexus.target().protocol() == TransportProtocol.FCP ? VERSION_FCP_4 : VERSION_ISCSI}) {
            Bytes.put16(b, p, v);
            p += 2;
        }
        return b;
    }

    private static byte[] vpd(Task t, int page) {
        LogicalUnit lu = t.lu;
        return switch (page) {
            case VPD_SUPPORTED_VPD_PAGES -> {
                byte[] b = header(page, VPD_PAGES.length);
                for (int i = 0; i < VPD_PAGES.length; i++) {
                    b[4 + i] = (byte) VPD_PAGES[i];
                }
                yield b;
            }
            case VPD_UNIT_SERIAL_NUMBER -> {
                byte[] s = lu.serial().getBytes(StandardCharsets.US_ASCII);
                byte[] b = header(page, s.length);
                System.arraycopy(s, 0, b, 4, s.length);
                yield b;
            }
            case VPD_DEVICE_IDENTIFICATION -> deviceIdentification(t);
            case VPD_EXTENDED_INQUIRY_DATA -> {
                byte[] b = header(page, 0x3C);
                b[5] = 0x07; // HEADSUP, ORDSUP, SIMPSUP
                b[6] = 0x01; // V_SUP (LUICLR would be bit 0 of byte 7)
                yield b;
            }
            case VPD_BLOCK_LIMITS -> blockLimits(lu);
            case VPD_BLOCK_DEVICE_CHARACTERISTICS -> {
                byte[] b = header(page, 0x3C);
                Bytes.put16(b, 4, 0x0001); // MEDIUM ROTATION RATE: non-rotating medium
                yield b;
            }
            case VPD_LOGICAL_BLOCK_PROVISIONING -> {
                byte[] b = header(page, 4);
                if (lu.thinProvisioning()) {
                    b[5] = (byte) (0x80 | 0x40 | 0x20 | 0x04); // LBPU LBPWS LBPWS10 LBPRZ
                    b[6] = 0x02; // PROVISIONING TYPE: thin
                } else {
                    b[5] = 0x04; // LBPRZ
                }
                yield b;
            }
            default -> throw new CheckConditionException.InvalidFieldInCdb(2, 7,
                    String.format("VPD page %02Xh not supported", page));
        };
    }

    private static byte[] header(int page, int length) {
        byte[] b = new byte[4 + length];
        b[0] = PERIPHERAL_DEVICE_TYPE_DISK;
        b[1] = (byte) page;
        Bytes.put16(b, 2, length);
        return b;
    }

    private static byte[] blockLimits(LogicalUnit lu) {
        byte[] b = header(VPD_BLOCK_LIMITS, 0x3C);
        b[5] = (byte) lu.maxCompareAndWriteLength;
        Bytes.put16(b, 6, 1); // OPTIMAL TRANSFER LENGTH GRANULARITY
        Bytes.put32(b, 8, lu.maxTransferLength);
        Bytes.put32(b, 12, lu.optimalTransferLength);
        Bytes.put32(b, 16, lu.maxTransferLength); // MAXIMUM PREFETCH LENGTH
        if (lu.thinProvisioning()) {
            Bytes.put32(b, 20, lu.maxUnmapLbaCount);
            Bytes.put32(b, 24, lu.maxUnmapDescriptors);
            Bytes.put32(b, 28, 1L << lu.physicalBlockExponent); // OPTIMAL UNMAP GRANULARITY
            Bytes.put32(b, 32, 0x80000000L); // UGAVALID, alignment 0
        }
        Bytes.put64(b, 36, lu.maxWriteSameLength);
        Bytes.put32(b, 44, lu.maxAtomicTransferLength); // MAXIMUM ATOMIC TRANSFER LENGTH
        Bytes.put32(b, 48, 1); // ATOMIC ALIGNMENT
        Bytes.put32(b, 52, 1); // ATOMIC TRANSFER LENGTH GRANULARITY
        return b;
    }

    private static byte[] deviceIdentification(Task t) {
        LogicalUnit lu = t.lu;
        TargetPort port = t.nexus.target();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // logical unit: NAA IEEE Registered Extended
        designator(out, 0, CODE_SET_BINARY, false, ASSOCIATION_LOGICAL_UNIT, DESIGNATOR_NAA, lu.naaRaw());
        // logical unit: T10 vendor ID based
        byte[] t10 = new byte[8 + lu.serial().length()];
        Bytes.putAscii(t10, 0, 8, lu.vendor());
        Bytes.putAscii(t10, 8, lu.serial().length(), lu.serial());
        designator(out, 0, CODE_SET_ASCII, false, ASSOCIATION_LOGICAL_UNIT, DESIGNATOR_T10_VENDOR_ID, t10);
        int proto = port.protocol().protocolIdentifier();
        // target port: name
        if (port.protocol() == TransportProtocol.FCP) {
            designator(out, proto, CODE_SET_BINARY, true, ASSOCIATION_TARGET_PORT, DESIGNATOR_NAA, wwn(port.name()));
        } else {
            designator(out, proto, CODE_SET_UTF8, true, ASSOCIATION_TARGET_PORT, DESIGNATOR_SCSI_NAME_STRING,
                    nameString(port.name()));
        }
        // target port: relative target port identifier
        byte[] rel = new byte[4];
        Bytes.put16(rel, 2, port.relativePortId());
        designator(out, proto, CODE_SET_BINARY, true, ASSOCIATION_TARGET_PORT, DESIGNATOR_RELATIVE_TARGET_PORT, rel);
        // target port: target port group
        TargetPortGroup g = t.target.alua().groupOf(port.relativePortId());
        if (g != null) {
            byte[] tpg = new byte[4];
            Bytes.put16(tpg, 2, g.id());
            designator(out, proto, CODE_SET_BINARY, true, ASSOCIATION_TARGET_PORT, DESIGNATOR_TARGET_PORT_GROUP, tpg);
        }
        // target device: name
        if (port.protocol() == TransportProtocol.ISCSI) {
            designator(out, proto, CODE_SET_UTF8, true, ASSOCIATION_TARGET_DEVICE, DESIGNATOR_SCSI_NAME_STRING,
                    nameString(t.target.name()));
        }
        byte[] body = out.toByteArray();
        byte[] b = header(VPD_DEVICE_IDENTIFICATION, body.length);
        System.arraycopy(body, 0, b, 4, body.length);
        return b;
    }

    private static void designator(ByteArrayOutputStream out, int protocol, int codeSet, boolean piv,
                                   int association, int type, byte[] value) {
        out.write(protocol << 4 | codeSet);
        out.write((piv ? 0x80 : 0) | association << 4 | type);
        out.write(0);
        out.write(value.length);
        out.write(value, 0, value.length);
    }

    /** A SCSI name string: UTF-8, NUL terminated, padded to a multiple of four. */
    private static byte[] nameString(String s) {
        byte[] str = s.getBytes(StandardCharsets.UTF_8);
        byte[] b = new byte[(str.length + 1 + 3) & ~3];
        System.arraycopy(str, 0, b, 0, str.length);
        return b;
    }

    /** An 8-byte NAA WWN from its text form (colons optional). */
    static byte[] wwn(String s) {
        String hex = TransportId.canonical(TransportProtocol.FCP, s);
        byte[] b = new byte[8];
        for (int i = 0; i < 8 && 2 * i + 2 <= hex.length(); i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
