package dev.fcspec.emulator.port.ct;

/**
 * FC-CT (Generic Services) and directory/name-server constants: CT_IU preamble values, name-server command
 * codes, FS_RJT reason codes and name-server reason explanations, port types and FC-4 feature bits
 * (FC-GS; Linux {@code fc_gs.h}, {@code fc_ns.h}; Wireshark {@code packet-fcct.h}, {@code packet-fcdns.h}).
 * The one place these numbers are written down.
 */
public final class CtConstants {

    private CtConstants() {
    }

    // ---- CT_IU preamble -------------------------------------------------------------------------------

    /** Length of the basic CT_IU preamble in bytes. */
    public static final int PREAMBLE_LENGTH = 16;
    /** Revision sent by Linux libfc ({@code FC_CT_REV}). */
    public static final int REVISION_1 = 0x01;
    /** Revision defined by FC-GS-4 and later (Broadcom OCS). */
    public static final int REVISION_3 = 0x03;

    /** GS_TYPE: directory service. */
    public static final int GS_TYPE_DIRECTORY = 0xFC;
    /** GS_TYPE: management service. */
    public static final int GS_TYPE_MANAGEMENT = 0xFA;
    /** GS_TYPE: time service. */
    public static final int GS_TYPE_TIME = 0xFB;
    /** GS_TYPE: alias service. */
    public static final int GS_TYPE_ALIAS = 0xF8;
    /** GS_TYPE: key distribution service. */
    public static final int GS_TYPE_KEY_DISTRIBUTION = 0xF7;

    /** GS_SUBTYPE of the directory service: name server (dNS). */
    public static final int GS_SUBTYPE_NAME_SERVER = 0x02;
    /** GS_SUBTYPE of the directory service: IP address server. */
    public static final int GS_SUBTYPE_IP_ADDRESS_SERVER = 0x03;

    /** Command/response code of a reject (CT_IU response "FS_RJT", Wireshark "MSG_RJT"). */
    public static final int FS_RJT = 0x8001;
    /** Command/response code of an accept (CT_IU response "FS_ACC", Wireshark "MSG_ACC"). */
    public static final int FS_ACC = 0x8002;

    // ---- Name-server command codes (FC-GS) ------------------------------------------------------------

    public static final int GA_NXT = 0x0100;
    public static final int GID_A = 0x0101;
    public static final int GPN_ID = 0x0112;
    public static final int GNN_ID = 0x0113;
    public static final int GCS_ID = 0x0114;
    public static final int GFT_ID = 0x0117;
    public static final int GSPN_ID = 0x0118;
    public static final int GPT_ID = 0x011A;
    public static final int GIPP_ID = 0x011B;
    public static final int GFPN_ID = 0x011C;
    public static final int GHA_ID = 0x011D;
    public static final int GFD_ID = 0x011E;
    public static final int GFF_ID = 0x011F;
    public static final int GID_PN = 0x0121;
    public static final int GIPP_PN = 0x012B;
    public static final int GID_NN = 0x0131;
    public static final int GPN_NN = 0x0132;
    public static final int GIP_NN = 0x0135;
    public static final int GIPA_NN = 0x0136;
    public static final int GSNN_NN = 0x0139;
    public static final int GNN_IP = 0x0153;
    public static final int GIPA_IP = 0x0156;
    public static final int GID_FT = 0x0171;
    public static final int GPN_FT = 0x0172;
    public static final int GNN_FT = 0x0173;
    public static final int GID_PT = 0x01A1;
    public static final int GID_IPP = 0x01B1;
    public static final int GPN_IPP = 0x01B2;
    public static final int GID_FF = 0x01F1;
    public static final int RPN_ID = 0x0212;
    public static final int RNN_ID = 0x0213;
    public static final int RCS_ID = 0x0214;
    public static final int RFT_ID = 0x0217;
    public static final int RSPN_ID = 0x0218;
    public static final int RPT_ID = 0x021A;
    public static final int RIPP_ID = 0x021B;
    public static final int RHA_ID = 0x021D;
    public static final int RFD_ID = 0x021E;
    public static final int RFF_ID = 0x021F;
    public static final int RIP_NN = 0x0235;
    public static final int RSNN_NN = 0x0239;
    public static final int DA_ID = 0x0300;

    /** Every command code FC-GS defines for the name server (known, whether or not implemented). */
    private static final int[] NAME_SERVER_COMMANDS = {
        GA_NXT, GID_A, GPN_ID, GNN_ID, GCS_ID, GFT_ID, GSPN_ID, GPT_ID, GIPP_ID, GFPN_ID, GHA_ID, GFD_ID, GFF_ID,
        GID_PN, GIPP_PN, GID_NN, GPN_NN, GIP_NN, GIPA_NN, GSNN_NN, GNN_IP, GIPA_IP, GID_FT, GPN_FT, GNN_FT, GID_PT,
        GID_IPP, GPN_IPP, GID_FF, RPN_ID, RNN_ID, RCS_ID, RFT_ID, RSPN_ID, RPT_ID, RIPP_ID, RHA_ID, RFD_ID, RFF_ID,
        RIP_NN, RSNN_NN, DA_ID,
    };

    /** True when FC-GS defines {@code code} as a name-server command. */
    public static boolean isNameServerCommand(int code) {
        for (int c : NAME_SERVER_COMMANDS) {
            if (c == code) {
                return true;
            }
        }
        return false;
    }

    /** The standard's name of a name-server command code, or {@code 0x....} when unknown. */
    public static String commandName(int code) {
        return switch (code) {
            case GA_NXT -> "GA_NXT";
            case GID_A -> "GID_A";
            case GPN_ID -> "GPN_ID";
            case GNN_ID -> "GNN_ID";
            case GCS_ID -> "GCS_ID";
            case GFT_ID -> "GFT_ID";
            case GSPN_ID -> "GSPN_ID";
            case GPT_ID -> "GPT_ID";
            case GIPP_ID -> "GIPP_ID";
            case GFPN_ID -> "GFPN_ID";
            case GHA_ID -> "GHA_ID";
            case GFD_ID -> "GFD_ID";
            case GFF_ID -> "GFF_ID";
            case GID_PN -> "GID_PN";
            case GIPP_PN -> "GIPP_PN";
            case GID_NN -> "GID_NN";
            case GPN_NN -> "GPN_NN";
            case GIP_NN -> "GIP_NN";
            case GIPA_NN -> "GIPA_NN";
            case GSNN_NN -> "GSNN_NN";
            case GNN_IP -> "GNN_IP";
            case GIPA_IP -> "GIPA_IP";
            case GID_FT -> "GID_FT";
            case GPN_FT -> "GPN_FT";
            case GNN_FT -> "GNN_FT";
            case GID_PT -> "GID_PT";
            case GID_IPP -> "GID_IPP";
            case GPN_IPP -> "GPN_IPP";
            case GID_FF -> "GID_FF";
            case RPN_ID -> "RPN_ID";
            case RNN_ID -> "RNN_ID";
            case RCS_ID -> "RCS_ID";
            case RFT_ID -> "RFT_ID";
            case RSPN_ID -> "RSPN_ID";
            case RPT_ID -> "RPT_ID";
            case RIPP_ID -> "RIPP_ID";
            case RHA_ID -> "RHA_ID";
            case RFD_ID -> "RFD_ID";
            case RFF_ID -> "RFF_ID";
            case RIP_NN -> "RIP_NN";
            case RSNN_NN -> "RSNN_NN";
            case DA_ID -> "DA_ID";
            case FS_ACC -> "FS_ACC";
            case FS_RJT -> "FS_RJT";
            default -> String.format("0x%04x", code);
        };
    }

    // ---- FS_RJT reason codes (CT_IU preamble byte 13) -------------------------------------------------

    public static final int RJT_INVALID_COMMAND_CODE = 0x01;
    public static final int RJT_INVALID_VERSION_LEVEL = 0x02;
    public static final int RJT_LOGICAL_ERROR = 0x03;
    public static final int RJT_INVALID_CT_IU_SIZE = 0x04;
    public static final int RJT_LOGICAL_BUSY = 0x05;
    public static final int RJT_PROTOCOL_ERROR = 0x07;
    public static final int RJT_UNABLE_TO_PERFORM = 0x09;
    public static final int RJT_COMMAND_NOT_SUPPORTED = 0x0B;
    public static final int RJT_VENDOR_UNIQUE = 0xFF;

    // ---- Name-server reason code explanations (CT_IU preamble byte 14) --------------------------------

    public static final int EXPL_NONE = 0x00;
    public static final int EXPL_PORT_ID_NOT_REGISTERED = 0x01;
    public static final int EXPL_PORT_NAME_NOT_REGISTERED = 0x02;
    public static final int EXPL_NODE_NAME_NOT_REGISTERED = 0x03;
    public static final int EXPL_CLASS_OF_SERVICE_NOT_REGISTERED = 0x04;
    public static final int EXPL_NODE_IP_ADDRESS_NOT_REGISTERED = 0x05;
    public static final int EXPL_IPA_NOT_REGISTERED = 0x06;
    public static final int EXPL_FC4_TYPES_NOT_REGISTERED = 0x07;
    public static final int EXPL_SYMBOLIC_PORT_NAME_NOT_REGISTERED = 0x08;
    public static final int EXPL_SYMBOLIC_NODE_NAME_NOT_REGISTERED = 0x09;
    public static final int EXPL_PORT_TYPE_NOT_REGISTERED = 0x0A;
    public static final int EXPL_PORT_IP_ADDRESS_NOT_REGISTERED = 0x0B;
    public static final int EXPL_FABRIC_PORT_NAME_NOT_REGISTERED = 0x0C;
    public static final int EXPL_HARD_ADDRESS_NOT_REGISTERED = 0x0D;
    public static final int EXPL_FC4_DESCRIPTORS_NOT_REGISTERED = 0x0E;
    public static final int EXPL_FC4_FEATURES_NOT_REGISTERED = 0x0F;
    public static final int EXPL_ACCESS_DENIED = 0x10;
    public static final int EXPL_UNACCEPTABLE_PORT_ID = 0x11;
    public static final int EXPL_DATABASE_EMPTY = 0x12;
    public static final int EXPL_NO_OBJECTS_REGISTERED_IN_SCOPE = 0x13;

    // ---- Port types (GA_NXT, GPT_ID) ------------------------------------------------------------------

    public static final int PORT_TYPE_UNIDENTIFIED = 0x00;
    public static final int PORT_TYPE_N_PORT = 0x01;
    public static final int PORT_TYPE_NL_PORT = 0x02;
    public static final int PORT_TYPE_F_NL_PORT = 0x03;
    public static final int PORT_TYPE_NX_PORT = 0x7F;
    public static final int PORT_TYPE_F_PORT = 0x81;
    public static final int PORT_TYPE_FL_PORT = 0x82;
    public static final int PORT_TYPE_E_PORT = 0x84;
    public static final int PORT_TYPE_B_PORT = 0x85;

    // ---- FC-4 features (RFF_ID, GFF_ID) for FCP -------------------------------------------------------

    /** FC-4 feature bit: the port is an FCP target. */
    public static final int FC4_FEATURE_TARGET = 0x01;
    /** FC-4 feature bit: the port is an FCP initiator. */
    public static final int FC4_FEATURE_INITIATOR = 0x02;

    // ---- Class of service word (bit n = class n, bit 0 = class F) --------------------------------------

    public static final int COS_CLASS_F = 0x01;
    public static final int COS_CLASS_2 = 0x04;
    public static final int COS_CLASS_3 = 0x08;

    // ---- GID_FT / GPN_FT entry control byte -----------------------------------------------------------

    /** Control byte bit 7 of a GID_FT/GPN_FT accept entry: last entry of the list. */
    public static final int ENTRY_LAST = 0x80;

    /** Largest symbolic name (port or node) in bytes. */
    public static final int MAX_SYMBOLIC_NAME = 255;
}
