package dev.fcspec.emulator.wire;

/** R_CTL values (FC-FS; Linux {@code enum fc_rctl}). Routing in bits 7:4, information category in 3:0. */
public final class RCtl {
    // FC-4 Device_Data
    public static final int DD_UNCAT = 0x00;
    public static final int DD_SOL_DATA = 0x01;
    public static final int DD_UNSOL_CTL = 0x02;
    public static final int DD_SOL_CTL = 0x03;
    public static final int DD_UNSOL_DATA = 0x04;
    public static final int DD_DATA_DESC = 0x05;
    public static final int DD_UNSOL_CMD = 0x06;
    public static final int DD_CMD_STATUS = 0x07;
    // Extended Link_Data
    public static final int ELS_REQ = 0x22;
    public static final int ELS_REP = 0x23;
    // FC-4 Link_Data
    public static final int ELS4_REQ = 0x32;
    public static final int ELS4_REP = 0x33;
    // Extended headers
    public static final int VFTH = 0x50;
    // Basic Link_Data
    public static final int BA_NOP = 0x80;
    public static final int BA_ABTS = 0x81;
    public static final int BA_RMC = 0x82;
    public static final int BA_ACC = 0x84;
    public static final int BA_RJT = 0x85;
    public static final int BA_PRMT = 0x86;
    // Link_Control
    public static final int ACK_1 = 0xC0;
    public static final int ACK_0 = 0xC1;
    public static final int P_RJT = 0xC2;
    public static final int F_RJT = 0xC3;
    public static final int P_BSY = 0xC4;
    public static final int F_BSY = 0xC5;

    // Aliases by FC-4 use (FCP information units, CT)
    public static final int FCP_CMND = DD_UNSOL_CMD;
    public static final int FCP_XFER_RDY = DD_DATA_DESC;
    public static final int FCP_DATA = DD_SOL_DATA;
    public static final int FCP_RSP = DD_CMD_STATUS;
    public static final int CT_REQ = DD_UNSOL_CTL;
    public static final int CT_REP = DD_SOL_CTL;

    private RCtl() {
    }

    /** The routing nibble (bits 7:4). */
    public static int routing(int rCtl) {
        return rCtl >>> 4 & 0xF;
    }

    public static boolean isLinkControl(int rCtl) {
        return routing(rCtl) == 0xC;
    }

    public static boolean isBasicLinkService(int rCtl) {
        return routing(rCtl) == 0x8;
    }
}
