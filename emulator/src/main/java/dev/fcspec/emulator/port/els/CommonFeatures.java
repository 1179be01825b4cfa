package dev.fcspec.emulator.port.els;

/**
 * Common-feature bits of the common service parameters (login payload bytes 8-9; FC-LS, Linux
 * {@code FC_SP_FT_*}). Several bits mean different things in a request and in the fabric's LS_ACC.
 */
public final class CommonFeatures {
    /** PLOGI: continuously increasing relative offset. FLOGI/FDISC request: NPIV (multiple N_Port_IDs) supported. FLOGI LS_ACC: clean address. */
    public static final int CONTINUOUS_RELATIVE_OFFSET = 0x8000;
    /** FLOGI request: the N_Port supports multiple N_Port_IDs (NPIV). Same bit as {@link #CONTINUOUS_RELATIVE_OFFSET}. */
    public static final int NPIV_SUPPORTED = 0x8000;
    /** FLOGI LS_ACC: clean address. Same bit as {@link #CONTINUOUS_RELATIVE_OFFSET}. */
    public static final int CLEAN_ADDRESS = 0x8000;
    public static final int RANDOM_RELATIVE_OFFSET = 0x4000;
    /** PLOGI: valid vendor version level. */
    public static final int VENDOR_VERSION_VALID = 0x2000;
    /** FLOGI LS_ACC: the fabric supports NPIV (FDISC). Same bit as {@link #VENDOR_VERSION_VALID}. */
    public static final int NPIV_ASSIGNMENT = 0x2000;
    /** Set in the LS_ACC of a fabric F_Port; clear when an N_Port answers (point-to-point). */
    public static final int F_PORT = 0x1000;
    public static final int ALTERNATE_BB_CREDIT = 0x0800;
    public static final int E_D_TOV_NANOSECONDS = 0x0400;
    public static final int MULTICAST = 0x0200;
    public static final int BROADCAST = 0x0100;
    public static final int HUNT_GROUP = 0x0080;
    public static final int SIMPLEX = 0x0040;
    /** FC-SP authentication supported. */
    public static final int SECURITY = 0x0020;
    public static final int CLOCK_SYNC = 0x0010;
    public static final int R_T_TOV_MICROSECONDS = 0x0008;
    public static final int DYNAMIC_HALF_DUPLEX = 0x0004;
    public static final int CONTINUOUS_SEQ_CNT = 0x0002;
    /** The login payload is 256 bytes. */
    public static final int PAYLOAD_256 = 0x0001;

    private CommonFeatures() {
    }
}
