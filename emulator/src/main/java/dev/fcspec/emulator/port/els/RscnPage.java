package dev.fcspec.emulator.port.els;

import dev.fcspec.emulator.wire.FcId;
import java.util.Objects;

/**
 * One 4-byte RSCN affected N_Port_ID page: byte 0 bits 5:2 event qualifier, bits 1:0 address format;
 * bytes 1-3 the affected ID.
 */
public record RscnPage(int eventQualifier, int addressFormat, FcId affected) {
    public static final int LENGTH = 4;

    // Event qualifiers
    public static final int EVENT_UNSPECIFIED = 0;
    public static final int EVENT_NAME_SERVER_OBJECT = 1;
    public static final int EVENT_PORT_ATTRIBUTE = 2;
    public static final int EVENT_SERVICE_OBJECT = 3;
    public static final int EVENT_SWITCH_CONFIGURATION = 4;
    public static final int EVENT_REMOVED_OBJECT = 5;

    // Address formats
    public static final int FORMAT_PORT = 0;
    public static final int FORMAT_AREA = 1;
    public static final int FORMAT_DOMAIN = 2;
    public static final int FORMAT_FABRIC = 3;

    public RscnPage {
        if (eventQualifier < 0 || eventQualifier > 0xF) {
            throw new IllegalArgumentException("RSCN event qualifier " + eventQualifier + " is outside 0..15");
        }
        if (addressFormat < 0 || addressFormat > 3) {
            throw new IllegalArgumentException("RSCN address format " + addressFormat + " is outside 0..3");
        }
        Objects.requireNonNull(affected, "affected");
    }

    public static RscnPage port(int eventQualifier, FcId id) {
        return new RscnPage(eventQualifier, FORMAT_PORT, id);
    }

    /** True when {@code id} falls in this page's affected port, area, domain or fabric. */
    public boolean covers(FcId id) {
        return switch (addressFormat) {
            case FORMAT_PORT -> id.equals(affected);
            case FORMAT_AREA -> (id.value() & 0xFFFF00) == (affected.value() & 0xFFFF00);
            case FORMAT_DOMAIN -> (id.value() & 0xFF0000) == (affected.value() & 0xFF0000);
            default -> true;
        };
    }

    void writeTo(byte[] b, int off) {
        b[off] = (byte) (eventQualifier << 2 | addressFormat);
        affected.writeTo(b, off + 1);
    }

    static RscnPage readFrom(byte[] b, int off) {
        int x = ElsBytes.u8(b, off);
        return new RscnPage(x >>> 2 & 0xF, x & 3, ElsBytes.fcId(b, off + 1));
    }
}
