package dev.fcspec.emulator.scsi;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A TransportID (SPC-4 7.6.4): names an initiator port (FCP N_Port name; iSCSI name with ISID) or, for iSCSI
 * format 00b, an initiator device (every port of that iSCSI name).
 *
 * @param protocol   transport
 * @param deviceName canonical device name (FCP: 16 lower-case hex digits; iSCSI: lower-case iSCSI name)
 * @param portName   canonical port name, or null when the TransportID names the whole device
 */
record TransportId(TransportProtocol protocol, String deviceName, String portName) {

    /** Thrown for a TransportID that cannot be parsed; carries the offending byte within the TransportID. */
    static final class BadTransportId extends Exception {
        private static final long serialVersionUID = 1L;
        final int byteOffset;

        BadTransportId(int byteOffset, String what) {
            super(what, null, false, false);
            this.byteOffset = byteOffset;
        }
    }

    static TransportId of(InitiatorPort port) {
        return new TransportId(port.protocol(), canonical(port.protocol(), port.deviceName()),
                canonical(port.protocol(), port.name()));
    }

    /** Canonical form of a port or device name: WWNs as bare lower-case hex, iSCSI names lower-cased. */
    static String canonical(TransportProtocol protocol, String name) {
        if (protocol == TransportProtocol.FCP) {
            StringBuilder s = new StringBuilder(16);
            for (char c : name.toCharArray()) {
                if (Character.digit(c, 16) >= 0) {
                    s.append(Character.toLowerCase(c));
                }
            }
            return s.toString();
        }
        return name.toLowerCase(Locale.ROOT);
    }

    boolean matches(InitiatorPort port) {
        if (port.protocol() != protocol) {
            return false;
        }
        if (portName != null) {
            return portName.equals(canonical(protocol, port.name()));
        }
        return deviceName.equals(canonical(protocol, port.deviceName()));
    }

    /** Encoded length of a TransportID starting at {@code off}, or throws when it is malformed. */
    static int length(byte[] b, int off, int end) throws BadTransportId {
        if (off + 4 > end) {
            throw new BadTransportId(0, "TransportID truncated");
        }
        int proto = b[off] & 0x0F;
        if (proto == TransportProtocol.FCP.protocolIdentifier()) {
            return 24;
        }
        if (proto == TransportProtocol.ISCSI.protocolIdentifier()) {
            return 4 + Bytes.u16(b, off + 2);
        }
        throw new BadTransportId(0, "unsupported TransportID protocol identifier " + proto);
    }

    static TransportId decode(byte[] b, int off, int end) throws BadTransportId {
        int len = length(b, off, end);
        if (off + len > end) {
            throw new BadTransportId(2, "TransportID overruns the parameter list");
        }
        int format = (b[off] >>> 6) & 0x3;
        int proto = b[off] & 0x0F;
        if (proto == TransportProtocol.FCP.protocolIdentifier()) {
            if (format != 0) {
                throw new BadTransportId(0, "FCP TransportID format " + format);
            }
            StringBuilder s = new StringBuilder();
            for (int i = 8; i < 16; i++) {
                s.append(String.format("%02x", b[off + i] & 0xFF));
            }
            return new TransportId(TransportProtocol.FCP, s.toString(), s.toString());
        }
        if (format > 1) {
            throw new BadTransportId(0, "iSCSI TransportID format " + format);
        }
        if (len < 8 || (len - 4) % 4 != 0) {
            throw new BadTransportId(2, "iSCSI TransportID additional length " + (len - 4)
                    + " is not a multiple of 4");
        }
        int strEnd = off + 4;
        while (strEnd < off + len && b[strEnd] != 0) {
            strEnd++;
        }
        String s = new String(b, off + 4, strEnd - off - 4, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new BadTransportId(4, "empty iSCSI name in TransportID");
        }
        if (format == 0) {
            if (s.contains(",i,0x")) {
                throw new BadTransportId(4, "iSCSI TransportID format 00b carries an ISID");
            }
            return new TransportId(TransportProtocol.ISCSI, s, null);
        }
        int sep = s.indexOf(",i,0x");
        if (sep <= 0) {
            throw new BadTransportId(4, "iSCSI TransportID format 01b without ,i,0x<ISID>");
        }
        return new TransportId(TransportProtocol.ISCSI, s.substring(0, sep), s);
    }

    byte[] encode() {
        if (protocol == TransportProtocol.FCP) {
            byte[] b = new byte[24];
            b[0] = (byte) TransportProtocol.FCP.protocolIdentifier();
            for (int i = 0; i < 8 && 2 * i + 2 <= deviceName.length(); i++) {
                b[8 + i] = (byte) Integer.parseInt(deviceName.substring(2 * i, 2 * i + 2), 16);
            }
            return b;
        }
        String s = portName != null ? portName : deviceName;
        byte[] str = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.max(20, (str.length + 1 + 3) & ~3);
        byte[] b = new byte[4 + n];
        b[0] = (byte) ((portName != null ? 0x40 : 0) | TransportProtocol.ISCSI.protocolIdentifier());
        Bytes.put16(b, 2, n);
        System.arraycopy(str, 0, b, 4, str.length);
        return b;
    }
}
