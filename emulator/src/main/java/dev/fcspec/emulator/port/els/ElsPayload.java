package dev.fcspec.emulator.port.els;

/**
 * A decoded ELS payload (request, LS_ACC or LS_RJT). Immutable; {@link #encode()} gives the bytes of the
 * frame's data field. Decode with {@link ElsCodec}.
 */
public sealed interface ElsPayload permits LoginParameters, LsAcc, LsRjt, Logo, Prli, Adisc, Echo, Scr, Rscn, Rls,
        RlsAcc, Rtv, RtvAcc {

    /** Payload byte 0: the ELS command code, or LS_ACC (0x02) / LS_RJT (0x01) for replies. */
    int command();

    byte[] encode();
}
