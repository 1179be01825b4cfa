package dev.fcspec.emulator.vi;

/** VI Architecture reliability levels (vipl.h {@code VIP_SERVICE_*}); both ends of a connection must agree. */
public enum ReliabilityLevel {
    UNRELIABLE(FcviProtocol.VIP_SERVICE_UNRELIABLE),
    RELIABLE_DELIVERY(FcviProtocol.VIP_SERVICE_RELIABLE_DELIVERY),
    RELIABLE_RECEPTION(FcviProtocol.VIP_SERVICE_RELIABLE_RECEPTION);

    private final int code;

    ReliabilityLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** True when an error breaks the connection (VIA: reliable levels move the VI to the Error state). */
    public boolean isReliable() {
        return this != UNRELIABLE;
    }

    public static ReliabilityLevel fromCode(int code) {
        for (ReliabilityLevel r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new FcviDecodeException(FcviDecodeException.Defect.UNKNOWN_RELIABILITY_LEVEL,
                "reliability level " + code + " is not 1, 2 or 4");
    }
}
