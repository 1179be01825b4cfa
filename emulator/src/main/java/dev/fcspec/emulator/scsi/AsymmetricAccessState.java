package dev.fcspec.emulator.scsi;

/** ALUA asymmetric access states (SPC-4 5.15.2) with their codes in REPORT TARGET PORT GROUPS. */
public enum AsymmetricAccessState {
    ACTIVE_OPTIMIZED(ScsiConstants.ALUA_ACTIVE_OPTIMIZED),
    ACTIVE_NON_OPTIMIZED(ScsiConstants.ALUA_ACTIVE_NON_OPTIMIZED),
    STANDBY(ScsiConstants.ALUA_STANDBY),
    UNAVAILABLE(ScsiConstants.ALUA_UNAVAILABLE),
    TRANSITIONING(ScsiConstants.ALUA_TRANSITIONING);

    private final int code;

    AsymmetricAccessState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The state for a code, or null for a code the core does not support (e.g. LBA dependent, offline). */
    public static AsymmetricAccessState ofCode(int code) {
        for (AsymmetricAccessState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
