package dev.fcspec.emulator.wire;

import java.nio.ByteBuffer;

/**
 * Representative frames built by hand from the byte tables of the FC reference (FC-LS payloads, CT_IU
 * preamble, BLS, FCP_CMND), independently of the port and fabric layers' codecs, so that captures of them can
 * be checked against tshark.
 */
final class ReferenceFrames {

    static final Wwn HOST_WWPN = Wwn.parse("10:00:00:00:c9:12:34:56");
    static final Wwn HOST_WWNN = Wwn.parse("20:00:00:00:c9:12:34:56");
    static final Wwn TARGET_WWPN = Wwn.parse("50:0a:09:81:00:00:00:01");
    static final Wwn TARGET_WWNN = Wwn.parse("50:0a:09:80:00:00:00:01");
    static final Wwn FABRIC_PORT_WWN = Wwn.parse("20:01:00:05:33:9a:00:01");
    static final Wwn FABRIC_NAME = Wwn.parse("10:00:00:05:33:9a:00:00");

    static final FcId HOST = FcId.of(0x01, 0x02, 0x00);
    static final FcId TARGET = FcId.of(0x01, 0x03, 0x00);

    /** Receive data field size every login here advertises. */
    static final int RCV_SIZE = 2048;

    private ReferenceFrames() {
    }

    /**
     * A 116-byte FLOGI / FDISC / PLOGI / LS_ACC payload (FC-LS; reference §4.2-4.4).
     *
     * @param command  0x04 FLOGI, 0x51 FDISC, 0x03 PLOGI, 0x02 LS_ACC
     * @param features common features (CSP bytes 8-9)
     */
    static byte[] loginPayload(int command, int features, Wwn portName, Wwn nodeName) {
        ByteBuffer b = ByteBuffer.allocate(116);
        b.put(0, (byte) command);
        b.put(4, (byte) 0x20);                  // FC-PH version, highest
        b.put(5, (byte) 0x20);                  // FC-PH version, lowest
        b.putShort(6, (short) 10);              // BB_Credit
        b.putShort(8, (short) features);
        b.putShort(10, (short) RCV_SIZE);       // BB_SC_N 0, receive data field size
        b.putShort(12, (short) 255);            // total concurrent sequences
        b.putShort(14, (short) 0x001F);         // relative offset by info category
        b.putInt(16, 2000);                     // E_D_TOV, ms
        portName.writeTo(b.array(), 20);
        nodeName.writeTo(b.array(), 28);
        int c3 = 68;                            // Class 3 service parameters
        b.putShort(c3, (short) 0x8800);         // class valid, sequential delivery
        b.putShort(c3 + 6, (short) RCV_SIZE);
        b.putShort(c3 + 8, (short) 255);        // concurrent sequences
        b.put(c3 + 13, (byte) 1);               // open sequences per exchange
        return b.array();
    }

    /** LS_RJT (8 bytes): reason in byte 5, explanation in byte 6. */
    static byte[] lsRjt(int reason, int explanation) {
        return new byte[] {0x01, 0, 0, 0, 0, (byte) reason, (byte) explanation, 0};
    }

    /** The 16-byte CT_IU preamble for the name server (GS_TYPE 0xFC, GS_SUBTYPE 0x02). */
    static ByteBuffer ctPreamble(int length, int commandOrResponse, int maxSizeWords) {
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(0, (byte) 0x01);                  // revision
        b.put(4, (byte) 0xFC);                  // directory service
        b.put(5, (byte) 0x02);                  // name server
        b.putShort(8, (short) commandOrResponse);
        b.putShort(10, (short) maxSizeWords);
        return b;
    }

    /** GID_FT request for FC-4 TYPE {@code fc4Type}, every domain and area. */
    static byte[] gidFt(int fc4Type) {
        ByteBuffer b = ctPreamble(20, 0x0171, (RCV_SIZE - 16) / 4);
        b.put(16 + 3, (byte) fc4Type);
        return b.array();
    }

    /** GID_FT accept listing {@code ports} (the last entry flagged). */
    static byte[] gidFtAccept(FcId... ports) {
        ByteBuffer b = ctPreamble(16 + 4 * ports.length, 0x8002, 0);
        for (int i = 0; i < ports.length; i++) {
            ports[i].writeTo(b.array(), 16 + 4 * i + 1);
            if (i == ports.length - 1) {
                b.put(16 + 4 * i, (byte) 0x80);
            }
        }
        return b.array();
    }

    /** RFT_ID registering FCP (TYPE 8 sets bit 8 of word 0 of the FC-4 TYPEs bitmap). */
    static byte[] rftIdFcp(FcId port) {
        ByteBuffer b = ctPreamble(16 + 4 + 32, 0x0217, 0);
        port.writeTo(b.array(), 17);
        b.putInt(20, 0x00000100);
        return b.array();
    }

    /** CT accept with no payload (FS_ACC). */
    static byte[] ctAccept() {
        return ctPreamble(16, 0x8002, 0).array();
    }

    /** BA_ACC for an aborted exchange: SEQ_ID not valid, SEQ_CNT 0..0xFFFF. */
    static byte[] baAcc(int oxId, int rxId) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.putShort(4, (short) oxId);
        b.putShort(6, (short) rxId);
        b.putShort(8, (short) 0);
        b.putShort(10, (short) 0xFFFF);
        return b.array();
    }

    /** FCP_CMND for READ(10) of {@code blocks} 512-byte blocks at LBA 0 of LUN {@code lun} (< 256). */
    static byte[] fcpCmndRead10(int lun, int blocks) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put(1, (byte) lun);                   // FCP_LUN, single-level peripheral addressing
        b.put(11, (byte) 0x02);                 // RDDATA
        b.put(12, (byte) 0x28);                 // READ(10)
        b.putShort(12 + 7, (short) blocks);     // transfer length
        b.putInt(28, blocks * 512);             // FCP_DL
        return b.array();
    }

    /** FCP_RSP, GOOD status, no residual, sense or response info. */
    static byte[] fcpRspGood() {
        return new byte[24];
    }

    static FrameHeader header(int rCtl, FcId dId, FcId sId, int type, int fCtl, int oxId, int rxId) {
        return new FrameHeader(rCtl, dId, 0, sId, type, fCtl, 0, 0, 0, oxId, rxId, 0);
    }

    static Frame request(int rCtl, FcId dId, FcId sId, int type, int oxId, byte[] payload) {
        return Frame.single(header(rCtl, dId, sId, type, FCtl.REQUEST, oxId, FrameHeader.RX_ID_UNASSIGNED), payload);
    }

    static Frame reply(int rCtl, FcId dId, FcId sId, int type, int oxId, int rxId, byte[] payload) {
        return Frame.single(header(rCtl, dId, sId, type, FCtl.FINAL_RESPONSE, oxId, rxId), payload);
    }
}
