package dev.fcspec.emulator.wire;

import java.util.Locale;

/**
 * A Fibre Channel World Wide Name (node or port name). The Network Address Authority (NAA) is the top
 * nibble. FC name fields hold 8 bytes: NAA 1 (IEEE 48-bit), 2 (IEEE extended), 3 (locally assigned) and
 * 5 (IEEE registered). NAA 6 (IEEE registered extended) names are 16 bytes; they are accepted here for use
 * as SCSI designators and refused where an 8-byte field needs them ({@link #asLong()}).
 *
 * @param high the first 8 bytes, big-endian
 * @param low  the last 8 bytes of a 16-byte NAA 6 name, else 0
 * @param length 8 or 16
 */
public record Wwn(long high, long low, int length) implements Comparable<Wwn> {

    public Wwn {
        if (length != 8 && length != 16) {
            throw new InvalidWwnException("a WWN is 8 or 16 bytes, not " + length);
        }
        if (length == 8 && low != 0) {
            throw new InvalidWwnException(String.format(Locale.ROOT,
                    "an 8-byte WWN has no second half, but low = 0x%016x", low));
        }
        validate(high, low, length);
    }

    /** An 8-byte name from its 64-bit value. */
    public static Wwn of(long value) {
        return new Wwn(value, 0, 8);
    }

    /** Reads an 8-byte name, big-endian. */
    public static Wwn readFrom(byte[] src, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (src[offset + i] & 0xFFL);
        }
        return of(v);
    }

    /**
     * Parses a WWN written as colon- or dash-separated bytes ({@code 20:00:00:25:b5:00:00:01}), plain hex
     * ({@code 20000025b5000001}) or with a {@code 0x} prefix as Linux sysfs writes it. 16 hex digits for
     * NAA 1, 2, 3 and 5; 32 for NAA 6.
     */
    public static Wwn parse(String text) {
        if (text == null) {
            throw new InvalidWwnException("WWN is missing");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new InvalidWwnException("WWN is empty");
        }
        String hex;
        if (s.indexOf(':') >= 0 || s.indexOf('-') >= 0) {
            if (s.indexOf(':') >= 0 && s.indexOf('-') >= 0) {
                throw new InvalidWwnException("WWN '" + text + "' mixes ':' and '-' separators");
            }
            String[] parts = s.split("[:-]", -1);
            StringBuilder b = new StringBuilder(32);
            for (String p : parts) {
                if (p.length() != 2 || !isHex(p)) {
                    throw new InvalidWwnException("WWN '" + text + "': '" + p + "' is not a two-digit hex byte");
                }
                b.append(p);
            }
            hex = b.toString();
        } else {
            hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
            if (hex.isEmpty()) {
                throw new InvalidWwnException("WWN '" + text + "' has no hex digits");
            }
            if (!isHex(hex)) {
                throw new InvalidWwnException("WWN '" + text + "' contains characters that are not hex digits");
            }
        }
        if (hex.length() != 16 && hex.length() != 32) {
            throw new InvalidWwnException("WWN '" + text + "' has the wrong length: " + hex.length()
                    + " hex digits, where FC names have 16 (8 bytes: NAA 1, 2, 3, 5) or 32 (16 bytes: NAA 6)");
        }
        long high = Long.parseUnsignedLong(hex.substring(0, 16), 16);
        long low = hex.length() == 32 ? Long.parseUnsignedLong(hex.substring(16), 16) : 0;
        return new Wwn(high, low, hex.length() / 2);
    }

    /** True when {@link #parse} accepts {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidWwnException e) {
            return false;
        }
    }

    /** The NAA nibble. */
    public int naa() {
        return (int) (high >>> 60);
    }

    /** The IEEE OUI for NAA 1, 2, 5 and 6 names. */
    public int oui() {
        return switch (naa()) {
            case 1, 2 -> (int) (high >>> 24 & 0xFFFFFF);
            case 5, 6 -> (int) (high >>> 36 & 0xFFFFFF);
            default -> throw new IllegalStateException("NAA " + naa() + " names carry no OUI");
        };
    }

    /** The 64-bit value of an 8-byte name. */
    public long asLong() {
        if (length != 8) {
            throw new InvalidWwnException("NAA 6 name " + this + " is 16 bytes and does not fit an 8-byte FC name field");
        }
        return high;
    }

    public byte[] toBytes() {
        byte[] b = new byte[length];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
        }
        if (length == 16) {
            for (int i = 0; i < 8; i++) {
                b[8 + i] = (byte) (low >>> (56 - 8 * i));
            }
        }
        return b;
    }

    /** Writes an 8-byte name big-endian. */
    public void writeTo(byte[] dst, int offset) {
        long v = asLong();
        for (int i = 0; i < 8; i++) {
            dst[offset + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    /** Linux sysfs form, {@code 0x20000025b5000001}. */
    public String toSysfs() {
        return "0x" + (length == 8 ? String.format(Locale.ROOT, "%016x", high)
                : String.format(Locale.ROOT, "%016x%016x", high, low));
    }

    @Override
    public int compareTo(Wwn o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    /** Lower-case colon-separated bytes, as Wireshark prints FT_FCWWN. */
    @Override
    public String toString() {
        byte[] b = toBytes();
        StringBuilder s = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) {
                s.append(':');
            }
            s.append(Character.forDigit(b[i] >>> 4 & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return s.toString();
    }

    private static void validate(long high, long low, int length) {
        int naa = (int) (high >>> 60);
        String name = length == 8 ? String.format(Locale.ROOT, "%016x", high)
                : String.format(Locale.ROOT, "%016x%016x", high, low);
        switch (naa) {
            case 1 -> {
                requireLength(name, naa, length, 8);
                if ((high >>> 48 & 0xFFF) != 0) {
                    throw new InvalidWwnException("WWN " + name + ": NAA 1 (IEEE 48-bit) needs the 12 bits after the NAA nibble to be zero");
                }
            }
            case 2, 3, 5 -> requireLength(name, naa, length, 8);
            case 6 -> requireLength(name, naa, length, 16);
            case 0 -> throw new InvalidWwnException("WWN " + name + ": NAA 0 is not a valid name authority"
                    + (high == 0 && low == 0 ? " (all-zero name)" : ""));
            case 4 -> throw new InvalidWwnException("WWN " + name + ": NAA 4 (32-bit IP address) is not used for FC names");
            default -> throw new InvalidWwnException("WWN " + name + ": NAA " + naa + " is reserved");
        }
    }

    private static void requireLength(String name, int naa, int length, int required) {
        if (length != required) {
            throw new InvalidWwnException("WWN " + name + ": NAA " + naa + " names are " + required + " bytes, not " + length);
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
