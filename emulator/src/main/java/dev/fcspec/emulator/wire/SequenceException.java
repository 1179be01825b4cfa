package dev.fcspec.emulator.wire;

/**
 * A frame that does not fit the sequence being reassembled; {@link #defect()} names what is wrong. The
 * reassembler's state is unchanged after it throws this.
 */
public final class SequenceException extends WireFormatException {

    /** What is wrong with a frame of a sequence, with the P_RJT reason (FC-FS) a Class 2 recipient would send. */
    public enum Defect {
        /** Frames are missing: the sequence ended (or timed out) without them. */
        GAP(0x0F),
        /** A frame with a SEQ_CNT already received. */
        DUPLICATE(0x0F),
        /** A SEQ_CNT ahead of the next expected one, where in-order delivery is required. */
        OUT_OF_ORDER(0x0F),
        /** A SEQ_CNT after the frame that ended the sequence. */
        BEYOND_END(0x0F),
        /** A relative offset (Parameter with F_CTL REL_OFF) that does not follow the bytes before it. */
        WRONG_RELATIVE_OFFSET(0x10),
        /** A data field larger than the negotiated receive data field size. */
        FRAME_TOO_LARGE(0x13),
        /** A SEQ_ID other than the sequence's. */
        SEQ_ID_MISMATCH(0x0D),
        /** A frame of another exchange (S_ID, D_ID or OX_ID differ). */
        EXCHANGE_MISMATCH(0x0B),
        /** More payload than the sequence may hold. */
        SEQUENCE_TOO_LONG(0x13),
        /** SOF/EOF that do not fit the frame's place in the sequence (SOFi not first, EOFt without End_Sequence, EOFa). */
        BAD_DELIMITER(0x06),
        /** Fill bytes on a frame that does not end the sequence. */
        MISPLACED_FILL(0x0A);

        private final int pRjtReason;

        Defect(int pRjtReason) {
            this.pRjtReason = pRjtReason;
        }

        /** The P_RJT / F_RJT reason code (FC-FS) for this defect. */
        public int pRjtReason() {
            return pRjtReason;
        }
    }

    private final Defect defect;

    public SequenceException(Defect defect, String message) {
        super(defect + ": " + message);
        this.defect = defect;
    }

    public Defect defect() {
        return defect;
    }
}
