package dev.fcspec.emulator.port.els;

import java.util.Map;

/**
 * ELS command codes (FC-LS; Linux {@code enum fc_els_cmd}), payload byte 0. Every ELS frame has TYPE 0x01 and
 * R_CTL 0x22 (request) or 0x23 (reply).
 */
public final class ElsCommand {
    public static final int LS_RJT = 0x01;
    public static final int LS_ACC = 0x02;
    public static final int PLOGI = 0x03;
    public static final int FLOGI = 0x04;
    public static final int LOGO = 0x05;
    public static final int ABTX = 0x06;
    public static final int RCS = 0x07;
    public static final int RES = 0x08;
    public static final int RSS = 0x09;
    public static final int RSI = 0x0A;
    public static final int ESTS = 0x0B;
    public static final int ESTC = 0x0C;
    public static final int ADVC = 0x0D;
    public static final int RTV = 0x0E;
    public static final int RLS = 0x0F;
    public static final int ECHO = 0x10;
    public static final int TEST = 0x11;
    public static final int RRQ = 0x12;
    public static final int REC = 0x13;
    public static final int SRR = 0x14;
    public static final int FPIN = 0x16;
    public static final int EDC = 0x17;
    public static final int RDP = 0x18;
    public static final int RDF = 0x19;
    public static final int PRLI = 0x20;
    public static final int PRLO = 0x21;
    public static final int SCN = 0x22;
    public static final int TPLS = 0x23;
    public static final int TPRLO = 0x24;
    public static final int LCLM = 0x25;
    public static final int GAID = 0x30;
    public static final int FACT = 0x31;
    public static final int FDACDT = 0x32;
    public static final int NACT = 0x33;
    public static final int NDACT = 0x34;
    public static final int QOSR = 0x40;
    public static final int RVCS = 0x41;
    public static final int PDISC = 0x50;
    public static final int FDISC = 0x51;
    public static final int ADISC = 0x52;
    public static final int RNC = 0x53;
    public static final int FARP_REQ = 0x54;
    public static final int FARP_REPLY = 0x55;
    public static final int RPS = 0x56;
    public static final int RPL = 0x57;
    public static final int RPBC = 0x58;
    public static final int FAN = 0x60;
    public static final int RSCN = 0x61;
    public static final int SCR = 0x62;
    public static final int RNFT = 0x63;
    public static final int CSR = 0x68;
    public static final int CSU = 0x69;
    public static final int LINIT = 0x70;
    public static final int LSTS = 0x72;
    public static final int RNID = 0x78;
    public static final int RLIR = 0x79;
    public static final int LIRR = 0x7A;
    public static final int SRL = 0x7B;
    public static final int SBRP = 0x7C;
    public static final int RPSC = 0x7D;
    public static final int QSA = 0x7E;
    public static final int EVFP = 0x7F;
    public static final int LKA = 0x80;
    public static final int AUTH_ELS = 0x90;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(LS_RJT, "LS_RJT"), Map.entry(LS_ACC, "LS_ACC"), Map.entry(PLOGI, "PLOGI"),
            Map.entry(FLOGI, "FLOGI"), Map.entry(LOGO, "LOGO"), Map.entry(ABTX, "ABTX"), Map.entry(RCS, "RCS"),
            Map.entry(RES, "RES"), Map.entry(RSS, "RSS"), Map.entry(RSI, "RSI"), Map.entry(ESTS, "ESTS"),
            Map.entry(ESTC, "ESTC"), Map.entry(ADVC, "ADVC"), Map.entry(RTV, "RTV"), Map.entry(RLS, "RLS"),
            Map.entry(ECHO, "ECHO"), Map.entry(TEST, "TEST"), Map.entry(RRQ, "RRQ"), Map.entry(REC, "REC"),
            Map.entry(SRR, "SRR"), Map.entry(FPIN, "FPIN"), Map.entry(EDC, "EDC"), Map.entry(RDP, "RDP"),
            Map.entry(RDF, "RDF"), Map.entry(PRLI, "PRLI"), Map.entry(PRLO, "PRLO"), Map.entry(SCN, "SCN"),
            Map.entry(TPLS, "TPLS"), Map.entry(TPRLO, "TPRLO"), Map.entry(LCLM, "LCLM"), Map.entry(GAID, "GAID"),
            Map.entry(FACT, "FACT"), Map.entry(FDACDT, "FDACDT"), Map.entry(NACT, "NACT"),
            Map.entry(NDACT, "NDACT"), Map.entry(QOSR, "QOSR"), Map.entry(RVCS, "RVCS"), Map.entry(PDISC, "PDISC"),
            Map.entry(FDISC, "FDISC"), Map.entry(ADISC, "ADISC"), Map.entry(RNC, "RNC"),
            Map.entry(FARP_REQ, "FARP-REQ"), Map.entry(FARP_REPLY, "FARP-REPLY"), Map.entry(RPS, "RPS"),
            Map.entry(RPL, "RPL"), Map.entry(RPBC, "RPBC"), Map.entry(FAN, "FAN"), Map.entry(RSCN, "RSCN"),
            Map.entry(SCR, "SCR"), Map.entry(RNFT, "RNFT"), Map.entry(CSR, "CSR"), Map.entry(CSU, "CSU"),
            Map.entry(LINIT, "LINIT"), Map.entry(LSTS, "LSTS"), Map.entry(RNID, "RNID"), Map.entry(RLIR, "RLIR"),
            Map.entry(LIRR, "LIRR"), Map.entry(SRL, "SRL"), Map.entry(SBRP, "SBRP"), Map.entry(RPSC, "RPSC"),
            Map.entry(QSA, "QSA"), Map.entry(EVFP, "EVFP"), Map.entry(LKA, "LKA"), Map.entry(AUTH_ELS, "AUTH_ELS"));

    private ElsCommand() {
    }

    /** True for a code FC-LS defines (whether or not this emulator implements it). */
    public static boolean isDefined(int code) {
        return NAMES.containsKey(code);
    }

    /** The command's name, e.g. "PLOGI", or "0x%02x" for an undefined code. */
    public static String name(int code) {
        String n = NAMES.get(code);
        return n != null ? n : String.format("0x%02x", code);
    }
}
