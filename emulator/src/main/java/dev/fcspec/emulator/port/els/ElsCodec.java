package dev.fcspec.emulator.port.els;

/**
 * Decodes ELS payloads. Requests decode on their own; replies need the command of the request they answer,
 * because an LS_ACC's layout depends on it.
 */
public final class ElsCodec {
    private ElsCodec() {
    }

    /**
     * Decodes an ELS request (R_CTL 0x22).
     *
     * @throws ElsDecodeException whose {@link ElsDecodeException#toLsRjt()} is the answer to send: 0x01/0x00 for an
     *                            undefined command code (and for LS_ACC/LS_RJT sent as a request), 0x0B/0x00 for a
     *                            defined command this emulator does not implement, 0x03/0x2D for a bad length,
     *                            and the command's own codes for bad fields
     */
    public static ElsPayload decodeRequest(byte[] p) {
        if (p == null || p.length == 0) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, -1, "ELS request payload is empty");
        }
        int c = p[0] & 0xFF;
        return switch (c) {
            case ElsCommand.PLOGI, ElsCommand.FLOGI, ElsCommand.FDISC, ElsCommand.PDISC ->
                    LoginParameters.decode(p, c);
            case ElsCommand.LOGO -> Logo.decode(p);
            case ElsCommand.PRLI, ElsCommand.PRLO -> Prli.decode(p, c);
            case ElsCommand.ADISC -> Adisc.decode(p, c);
            case ElsCommand.ECHO -> Echo.decode(p, c);
            case ElsCommand.SCR -> Scr.decode(p);
            case ElsCommand.RSCN -> Rscn.decode(p);
            case ElsCommand.RLS -> Rls.decode(p);
            case ElsCommand.RTV -> Rtv.decode(p);
            case ElsCommand.LS_ACC, ElsCommand.LS_RJT -> throw new ElsDecodeException(
                    ElsDecodeException.Defect.INVALID_COMMAND_CODE, c, LsRjtReason.INVALID_COMMAND_CODE,
                    LsRjtExplanation.NONE, ElsCommand.name(c) + " is a reply, not a request");
            default -> throw ElsCommand.isDefined(c)
                    ? new ElsDecodeException(ElsDecodeException.Defect.UNSUPPORTED_COMMAND, c,
                            LsRjtReason.COMMAND_NOT_SUPPORTED, LsRjtExplanation.NONE,
                            "command is not supported")
                    : new ElsDecodeException(ElsDecodeException.Defect.INVALID_COMMAND_CODE, c,
                            LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE,
                            String.format("0x%02x is not an ELS command code", c));
        };
    }

    /**
     * Decodes a reply (R_CTL 0x23) to a request with command code {@code requestCommand}: an {@link LsRjt}, or the
     * LS_ACC layout that command defines ({@link LoginParameters}, {@link Prli}, {@link Adisc}, {@link Echo},
     * {@link RlsAcc}, {@link RtvAcc}, else a 4-byte {@link LsAcc}).
     */
    public static ElsPayload decodeReply(int requestCommand, byte[] p) {
        if (p == null || p.length == 0) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, -1, "ELS reply payload is empty");
        }
        int c = p[0] & 0xFF;
        if (c == ElsCommand.LS_RJT) {
            return LsRjt.decode(p);
        }
        if (c != ElsCommand.LS_ACC) {
            throw new ElsDecodeException(ElsDecodeException.Defect.INVALID_COMMAND_CODE, c,
                    LsRjtReason.INVALID_COMMAND_CODE, LsRjtExplanation.NONE,
                    "a reply must be LS_ACC or LS_RJT, found " + ElsCommand.name(c));
        }
        return switch (requestCommand) {
            case ElsCommand.PLOGI, ElsCommand.FLOGI, ElsCommand.FDISC, ElsCommand.PDISC ->
                    LoginParameters.decode(p, ElsCommand.LS_ACC);
            case ElsCommand.PRLI, ElsCommand.PRLO -> Prli.decode(p, ElsCommand.LS_ACC);
            case ElsCommand.ADISC -> Adisc.decode(p, ElsCommand.LS_ACC);
            case ElsCommand.ECHO -> Echo.decode(p, ElsCommand.LS_ACC);
            case ElsCommand.RLS -> RlsAcc.decode(p);
            case ElsCommand.RTV -> RtvAcc.decode(p);
            default -> LsAcc.decode(p);
        };
    }
}
