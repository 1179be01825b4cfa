package dev.fcspec.emulator.iscsi;

import java.util.Locale;

/** iSCSI names (RFC 7143 section 4.2.7): iqn., eui. and naa. formats. */
public final class IscsiNames {
    private IscsiNames() {
    }

    /** True for a well-formed iSCSI name of at most 223 bytes. */
    public static boolean valid(String name) {
        if (name == null || name.isEmpty() || name.length() > 223) {
            return false;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("iqn.")) {
            return n.matches("iqn\\.\\d{4}-\\d{2}\\.[a-z0-9.\\-]+(:[^\\s]*)?");
        }
        if (n.startsWith("eui.")) {
            return n.matches("eui\\.[0-9a-f]{16}");
        }
        if (n.startsWith("naa.")) {
            return n.matches("naa\\.([0-9a-f]{16}|[0-9a-f]{32})");
        }
        return false;
    }

    /** @throws IllegalArgumentException naming the defect for an invalid name */
    public static void requireValid(String name) {
        if (!valid(name)) {
            throw new IllegalArgumentException("not a valid iSCSI name (iqn.yyyy-mm.domain[:id], eui.<16 hex>, naa.<16|32 hex>): " + name);
        }
    }
}
