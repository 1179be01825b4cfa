package dev.fcspec.emulator.wire;

/** F_CTL bits (FC-FS; Linux {@code FC_FC_*}). A 24-bit field, byte 9 holding bits 23-16. */
public final class FCtl {
    /** Exchange Context: 0 originator, 1 responder. */
    public static final int EX_CTX = 0x800000;
    /** Sequence Context: 0 initiator, 1 recipient. */
    public static final int SEQ_CTX = 0x400000;
    public static final int FIRST_SEQ = 0x200000;
    public static final int LAST_SEQ = 0x100000;
    public static final int END_SEQ = 0x080000;
    public static final int END_CONN = 0x040000;
    /** CS_CTL/Priority enable: byte 4 is Priority, not CS_CTL. */
    public static final int PRIORITY = 0x020000;
    /** Sequence Initiative transferred. */
    public static final int SEQ_INIT = 0x010000;
    /** X_ID reassigned (bit 15, obsolete; Wireshark shows bits 15-14 as "Last Data Frame"). Send 0. */
    public static final int X_ID_REASSIGNED = 0x008000;
    /** Invalidate X_ID (bit 14, obsolete). Send 0. */
    public static final int INVALIDATE_X_ID = 0x004000;
    /** ACK_Form (bits 13-12): 00 none, 01 ACK_1, 10 ACK_N, 11 ACK_0 (Class 2 and 4). */
    public static final int ACK_FORM = 0x003000;
    public static final int RETRANSMITTED_SEQ = 0x000200;
    public static final int UNIDIRECTIONAL = 0x000100;
    public static final int CONTINUE_SEQ_COND = 0x0000C0;
    public static final int ABORT_SEQ_COND = 0x000030;
    /** Bit 2, reserved. */
    public static final int RESERVED_BIT_2 = 0x000004;
    /** Relative offset present: the Parameter field is the relative offset. */
    public static final int REL_OFF = 0x000008;
    /** Fill-data byte count (0-3 pad bytes at the end of the payload). */
    public static final int FILL = 0x000003;

    /** Single-frame request that opens an exchange (ELS, CT, FCP_CMND). */
    public static final int REQUEST = FIRST_SEQ | END_SEQ | SEQ_INIT;
    /** Single-frame final response (ELS ACC/RJT, CT ACC, FCP_RSP). */
    public static final int FINAL_RESPONSE = EX_CTX | LAST_SEQ | END_SEQ | SEQ_INIT;

    private FCtl() {
    }

    public static boolean isSet(int fCtl, int bit) {
        return (fCtl & bit) == bit;
    }

    public static int fill(int fCtl) {
        return fCtl & FILL;
    }
}
