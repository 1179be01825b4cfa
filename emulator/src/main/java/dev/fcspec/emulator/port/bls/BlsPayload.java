package dev.fcspec.emulator.port.bls;

/** A decoded Basic Link Service frame (TYPE 0x00): ABTS, BA_ACC or BA_RJT. Decode with {@link BlsCodec}. */
public sealed interface BlsPayload permits Abts, BaAcc, BaRjt {

    /** The R_CTL the frame carries. */
    int rCtl();

    /** The frame's data field. */
    byte[] encode();
}
