package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.wire.RCtl;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.ByteBuffer;

/**
 * Constants and codec of the messages HBA I/O processors exchange: the one place where this FC-4 is defined.
 * The whole protocol is <b>emulator-defined</b>; no public standard describes it.
 *
 * <h2>Frame</h2>
 * One message per single-frame sequence. Frame TYPE {@link #TYPE} = 0xE0, the first value of the range
 * FC-FS leaves to vendor-unique FC-4s (E0h-FFh; the range is from general knowledge of FC-FS, not from a
 * source read here). 0xE0 rather than 0xFF because Wireshark 4.0 dissects TYPE 0xFF as Cisco MDS OHMS and
 * would misread these frames; it shows 0xE0 as an unknown FC-4 and keeps the payload as data (checked with
 * TShark 4.0.17). A request opens an exchange (R_CTL {@link #R_CTL_REQUEST}, unsolicited command); its
 * completion answers in the same exchange (R_CTL {@link #R_CTL_COMPLETION}, command status).
 *
 * <h2>Message layout (big-endian)</h2>
 * <pre>
 *  0  version (1)                    {@link #VERSION}
 *  1  kind (1)                       1 request, 2 completion
 *  2  command (2)                    COMMAND_*; a completion repeats its request's command
 *  4  message id (4)                 chosen by the initiator; a completion carries its request's id
 *  8  target node address (8)        node name (WWNN) of the node whose I/O processor must act
 * 16  initiating node address (8)    node name (WWNN) of the node whose I/O processor sent the request
 * 24  status (2)                     STATUS_*; 0 in requests
 * 26  reserved (2)
 * 28  parameter length (4)
 * 32  parameters                     per command, below
 * </pre>
 * Request parameters:
 * <pre>
 * DESIGNATE_REPLICA        source volume (4), replica volume (4), size in blocks (8), block size (4)
 * EXPAND_REPLICA           source volume (4), replica volume (4), new size in blocks (8)
 * REPLICATE_DATA           source volume (4), replica volume (4), first LBA (8), data (whole blocks)
 * TERMINATE_ASSOCIATION    source volume (4), replica volume (4)
 * REESTABLISH_ASSOCIATION  source volume (4), replica volume (4)
 * </pre>
 * Completions carry no parameters.
 */
public final class IopProtocol {

    /** FC-4 TYPE of I/O-processor messages (vendor-unique range, see the class comment). */
    public static final int TYPE = 0xE0;
    public static final int R_CTL_REQUEST = RCtl.DD_UNSOL_CMD;
    public static final int R_CTL_COMPLETION = RCtl.DD_CMD_STATUS;

    public static final int VERSION = 1;
    public static final int HEADER_LENGTH = 32;

    public static final int KIND_REQUEST = 1;
    public static final int KIND_COMPLETION = 2;

    public static final int COMMAND_DESIGNATE_REPLICA = 0x0010;
    public static final int COMMAND_EXPAND_REPLICA = 0x0011;
    public static final int COMMAND_REPLICATE_DATA = 0x0012;
    public static final int COMMAND_TERMINATE_ASSOCIATION = 0x0013;
    public static final int COMMAND_REESTABLISH_ASSOCIATION = 0x0014;

    public static final int STATUS_GOOD = 0x0000;
    public static final int STATUS_UNKNOWN_COMMAND = 0x0001;
    public static final int STATUS_INVALID_PARAMETERS = 0x0002;
    public static final int STATUS_NO_SUCH_VOLUME = 0x0003;
    public static final int STATUS_NO_ASSOCIATION = 0x0004;
    public static final int STATUS_ALREADY_DESIGNATED = 0x0005;
    public static final int STATUS_OUT_OF_RANGE = 0x0006;
    public static final int STATUS_ASSOCIATION_TERMINATED = 0x0007;
    public static final int STATUS_NOT_FOR_THIS_NODE = 0x0008;
    public static final int STATUS_STORAGE_ERROR = 0x0009;
    /** Never on the wire: the process asked with a message id that is still outstanding. */
    public static final int STATUS_DUPLICATE_MESSAGE_ID = 0x0100;
    /** Never on the wire: the remote I/O processor did not answer after every retransmission. */
    public static final int STATUS_REMOTE_TIMEOUT = 0x0101;

    /** Largest data of one REPLICATE_DATA message, so that a message fits the 2112-byte data field. */
    public static final int MAX_DATA = 2048;
    /** Largest parameter field. */
    public static final int MAX_PARAMETERS = 24 + MAX_DATA;

    private IopProtocol() {
    }

    public static String commandName(int command) {
        return switch (command) {
            case COMMAND_DESIGNATE_REPLICA -> "DESIGNATE_REPLICA";
            case COMMAND_EXPAND_REPLICA -> "EXPAND_REPLICA";
            case COMMAND_REPLICATE_DATA -> "REPLICATE_DATA";
            case COMMAND_TERMINATE_ASSOCIATION -> "TERMINATE_ASSOCIATION";
            case COMMAND_REESTABLISH_ASSOCIATION -> "REESTABLISH_ASSOCIATION";
            default -> String.format("UNKNOWN_0x%04x", command);
        };
    }

    public static boolean isKnownCommand(int command) {
        return command >= COMMAND_DESIGNATE_REPLICA && command <= COMMAND_REESTABLISH_ASSOCIATION;
    }

    public static String statusName(int status) {
        return switch (status) {
            case STATUS_GOOD -> "GOOD";
            case STATUS_UNKNOWN_COMMAND -> "UNKNOWN_COMMAND";
            case STATUS_INVALID_PARAMETERS -> "INVALID_PARAMETERS";
            case STATUS_NO_SUCH_VOLUME -> "NO_SUCH_VOLUME";
            case STATUS_NO_ASSOCIATION -> "NO_ASSOCIATION";
            case STATUS_ALREADY_DESIGNATED -> "ALREADY_DESIGNATED";
            case STATUS_OUT_OF_RANGE -> "OUT_OF_RANGE";
            case STATUS_ASSOCIATION_TERMINATED -> "ASSOCIATION_TERMINATED";
            case STATUS_NOT_FOR_THIS_NODE -> "NOT_FOR_THIS_NODE";
            case STATUS_STORAGE_ERROR -> "STORAGE_ERROR";
            case STATUS_DUPLICATE_MESSAGE_ID -> "DUPLICATE_MESSAGE_ID";
            case STATUS_REMOTE_TIMEOUT -> "REMOTE_TIMEOUT";
            default -> String.format("STATUS_0x%04x", status);
        };
    }

    /** Encodes a message into a frame payload. */
    public static byte[] encode(IopMessage m) {
        byte[] params = m.parameters();
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + params.length);
        b.put((byte) VERSION).put((byte) (m.isRequest() ? KIND_REQUEST : KIND_COMPLETION));
        b.putShort((short) m.command()).putInt(m.messageId());
        b.putLong(m.targetNode().asLong()).putLong(m.initiatingNode().asLong());
        b.putShort((short) m.status()).putShort((short) 0).putInt(params.length).put(params);
        return b.array();
    }

    /**
     * Decodes a frame payload. Unknown commands decode (the receiver answers them with
     * {@link #STATUS_UNKNOWN_COMMAND}); a bad version, kind or length does not.
     *
     * @throws IopDecodeException naming the defect
     */
    public static IopMessage decode(byte[] p) {
        if (p.length < HEADER_LENGTH) {
            throw new IopDecodeException(IopDecodeException.Defect.TRUNCATED,
                    "I/O processor message needs " + HEADER_LENGTH + " header bytes, payload has " + p.length);
        }
        ByteBuffer b = ByteBuffer.wrap(p);
        int version = b.get() & 0xFF;
        int kind = b.get() & 0xFF;
        int command = b.getShort() & 0xFFFF;
        int id = b.getInt();
        Wwn target = Wwn.of(b.getLong());
        Wwn initiator = Wwn.of(b.getLong());
        int status = b.getShort() & 0xFFFF;
        b.getShort();
        int length = b.getInt();
        if (version != VERSION) {
            throw new IopDecodeException(IopDecodeException.Defect.UNKNOWN_VERSION,
                    "message version " + version + ", this emulator speaks " + VERSION);
        }
        if (kind != KIND_REQUEST && kind != KIND_COMPLETION) {
            throw new IopDecodeException(IopDecodeException.Defect.UNKNOWN_KIND, "message kind " + kind
                    + " is neither request (1) nor completion (2)");
        }
        if (length < 0 || length > MAX_PARAMETERS || HEADER_LENGTH + length != p.length) {
            throw new IopDecodeException(IopDecodeException.Defect.LENGTH_MISMATCH, "parameter length "
                    + Integer.toUnsignedString(length) + " disagrees with the " + (p.length - HEADER_LENGTH)
                    + " bytes after the header");
        }
        byte[] params = new byte[length];
        b.get(params);
        return kind == KIND_REQUEST
                ? IopMessage.request(command, id, target, initiator, params)
                : IopMessage.completion(command, id, target, initiator, status);
    }
}
