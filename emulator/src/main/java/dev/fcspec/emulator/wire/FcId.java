package dev.fcspec.emulator.wire;

import java.util.Locale;

/**
 * A 24-bit N_Port_ID (FC_ID): Domain_ID, Area_ID, Port_ID (FC-FS). Printed as Wireshark does,
 * {@code dd.aa.pp} in hex.
 */
public record FcId(int value) implements Comparable<FcId> {

    /** "No address yet": the S_ID of FLOGI and FDISC. */
    public static final FcId UNASSIGNED = new FcId(0x000000);
    public static final FcId BROADCAST = new FcId(0xFFFFFF);
    /** F_Port login server, destination of FLOGI and FDISC. */
    public static final FcId FABRIC_LOGIN_SERVER = new FcId(0xFFFFFE);
    /** Fabric controller: SCR destination, RSCN source. */
    public static final FcId FABRIC_CONTROLLER = new FcId(0xFFFFFD);
    /** Directory server (name server). */
    public static final FcId DIRECTORY_SERVER = new FcId(0xFFFFFC);
    public static final FcId TIME_SERVER = new FcId(0xFFFFFB);
    public static final FcId MANAGEMENT_SERVER = new FcId(0xFFFFFA);

    public FcId {
        if ((value & ~0xFFFFFF) != 0) {
            throw new InvalidFcIdException(String.format("FC_ID 0x%x does not fit in 24 bits", value));
        }
    }

    public static FcId of(int domain, int area, int port) {
        checkByte("domain", domain);
        checkByte("area", area);
        checkByte("port", port);
        return new FcId(domain << 16 | area << 8 | port);
    }

    /**
     * Parses {@code 01.02.03}, {@code 01:02:03}, {@code 0x010203} or {@code 010203} (hex).
     */
    public static FcId parse(String text) {
        if (text == null) {
            throw new InvalidFcIdException("FC_ID is missing");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new InvalidFcIdException("FC_ID is empty");
        }
        if (s.indexOf('.') >= 0 || s.indexOf(':') >= 0) {
            String[] parts = s.split("[.:]", -1);
            if (parts.length != 3) {
                throw new InvalidFcIdException("FC_ID '" + text + "' must have three bytes (domain.area.port), found "
                        + parts.length + " parts");
            }
            int v = 0;
            for (String p : parts) {
                if (p.length() != 2 || !isHex(p)) {
                    throw new InvalidFcIdException("FC_ID '" + text + "': '" + p + "' is not a two-digit hex byte");
                }
                v = v << 8 | Integer.parseInt(p, 16);
            }
            return new FcId(v);
        }
        String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        if (hex.length() != 6 || !isHex(hex)) {
            throw new InvalidFcIdException("FC_ID '" + text + "' must be six hex digits (e.g. 010203 or 0x010203)");
        }
        return new FcId(Integer.parseInt(hex, 16));
    }

    public int domain() {
        return value >>> 16;
    }

    public int area() {
        return value >>> 8 & 0xFF;
    }

    public int port() {
        return value & 0xFF;
    }

    /** True for the well-known addresses FFFFF0..FFFFFF. */
    public boolean isWellKnown() {
        return value >= 0xFFFFF0;
    }

    /** True for a domain controller address FFFCxx. */
    public boolean isDomainController() {
        return (value & 0xFFFF00) == 0xFFFC00;
    }

    /** Big-endian 3 bytes into {@code dst} at {@code offset}. */
    public void writeTo(byte[] dst, int offset) {
        dst[offset] = (byte) (value >>> 16);
        dst[offset + 1] = (byte) (value >>> 8);
        dst[offset + 2] = (byte) value;
    }

    /** Reads a big-endian 3-byte N_Port_ID. */
    public static FcId readFrom(byte[] src, int offset) {
        return new FcId((src[offset] & 0xFF) << 16 | (src[offset + 1] & 0xFF) << 8 | src[offset + 2] & 0xFF);
    }

    @Override
    public int compareTo(FcId o) {
        return Integer.compare(value, o.value);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%02x.%02x.%02x", domain(), area(), port());
    }

    private static void checkByte(String what, int v) {
        if (v < 0 || v > 0xFF) {
            throw new InvalidFcIdException(what + " " + v + " is outside 0..255");
        }
    }

    /** ASCII hex digits only ({@link Character#digit} would also accept other scripts' digits). */
    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
