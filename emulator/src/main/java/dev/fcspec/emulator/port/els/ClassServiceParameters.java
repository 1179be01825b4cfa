package dev.fcspec.emulator.port.els;

/**
 * One class service parameter block, 16 bytes (FC-LS; Linux {@code struct fc_els_cssp}). Class 3 sits at
 * login payload offset 68.
 *
 * @param serviceOptions           {@link #CLASS_VALID}, {@link #INTERMIX}, {@link #SEQUENTIAL_DELIVERY}...
 * @param initiatorControl         initiator control flags
 * @param recipientControl         recipient control flags
 * @param receiveDataFieldSize     receive data field size for this class
 * @param concurrentSequences      concurrent sequences
 * @param endToEndCredit           N_Port end-to-end credit (0 in Class 3)
 * @param openSequencesPerExchange open sequences per exchange
 */
public record ClassServiceParameters(int serviceOptions, int initiatorControl, int recipientControl,
                                     int receiveDataFieldSize, int concurrentSequences, int endToEndCredit,
                                     int openSequencesPerExchange) {

    public static final int CLASS_VALID = 0x8000;
    public static final int INTERMIX = 0x4000;
    public static final int SEQUENTIAL_DELIVERY = 0x0800;
    public static final int CAMP_ON = 0x0200;
    public static final int PRIORITY = 0x0080;

    /** A class the port does not support: all zero. */
    public static final ClassServiceParameters NOT_SUPPORTED = new ClassServiceParameters(0, 0, 0, 0, 0, 0, 0);

    public ClassServiceParameters {
        for (int v : new int[] {serviceOptions, initiatorControl, recipientControl, receiveDataFieldSize,
                concurrentSequences, endToEndCredit}) {
            if (v < 0 || v > 0xFFFF) {
                throw new IllegalArgumentException("class service parameter 0x" + Integer.toHexString(v)
                        + " does not fit 16 bits");
            }
        }
        if (openSequencesPerExchange < 0 || openSequencesPerExchange > 0xFF) {
            throw new IllegalArgumentException("open sequences per exchange " + openSequencesPerExchange);
        }
    }

    /** Class 3 as libfc advertises it: valid, sequential delivery, 255 concurrent sequences, 1 open sequence. */
    public static ClassServiceParameters class3(int receiveDataFieldSize) {
        return new ClassServiceParameters(CLASS_VALID | SEQUENTIAL_DELIVERY, 0, 0, receiveDataFieldSize, 255, 0, 1);
    }

    public boolean isValid() {
        return (serviceOptions & CLASS_VALID) != 0;
    }

    void writeTo(byte[] b, int off) {
        ElsBytes.put16(b, off, serviceOptions);
        ElsBytes.put16(b, off + 2, initiatorControl);
        ElsBytes.put16(b, off + 4, recipientControl);
        ElsBytes.put16(b, off + 6, receiveDataFieldSize);
        ElsBytes.put16(b, off + 8, concurrentSequences);
        ElsBytes.put16(b, off + 10, endToEndCredit);
        b[off + 13] = (byte) openSequencesPerExchange;
    }

    static ClassServiceParameters readFrom(byte[] b, int off, int command, int classNumber) {
        ClassServiceParameters c = new ClassServiceParameters(ElsBytes.u16(b, off), ElsBytes.u16(b, off + 2),
                ElsBytes.u16(b, off + 4), ElsBytes.u16(b, off + 6), ElsBytes.u16(b, off + 8),
                ElsBytes.u16(b, off + 10), ElsBytes.u8(b, off + 13));
        if (c.isValid()) {
            int size = c.receiveDataFieldSize;
            if (size < CommonServiceParameters.MIN_RECEIVE_DATA_FIELD_SIZE
                    || size > CommonServiceParameters.MAX_RECEIVE_DATA_FIELD_SIZE || size % 4 != 0) {
                throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_SERVICE_PARAMETER, command,
                        LsRjtReason.LOGICAL_ERROR, LsRjtExplanation.SP_RECEIVE_DATA_SIZE,
                        "class " + classNumber + " receive data field size " + size
                                + " is not a multiple of 4 within 256..2112");
            }
        }
        return c;
    }
}
