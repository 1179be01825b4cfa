package dev.fcspec.emulator.wire;

/** Frame TYPE values (FC-FS; Linux {@code enum fc_fh_type}). */
public final class FcType {
    public static final int BLS = 0x00;
    public static final int ELS = 0x01;
    public static final int IP = 0x05;
    public static final int FCP = 0x08;
    public static final int CT = 0x20;
    public static final int SW_ILS = 0x22;
    public static final int NVME = 0x28;
    /**
     * FC-VI. The commonly documented value; not confirmed in any public source read (Wireshark has no
     * dissector for it and shows "Unknown (0x58)").
     */
    public static final int VI = 0x58;
    public static final int VENDOR = 0xFF;

    private FcType() {
    }
}
