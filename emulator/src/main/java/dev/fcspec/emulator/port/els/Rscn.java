package dev.fcspec.emulator.port.els;

import java.util.List;

/**
 * RSCN (Registered State Change Notification): 4-byte header (command, page length 4, payload length)
 * followed by 4-byte affected N_Port_ID pages. Its answer is a plain {@link LsAcc}.
 */
public record Rscn(List<RscnPage> pages) implements ElsPayload {
    public static final int HEADER_LENGTH = 4;
    public static final int PAGE_LENGTH = 4;

    public Rscn {
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("RSCN needs at least one page");
        }
        if (HEADER_LENGTH + PAGE_LENGTH * pages.size() > 2112) {
            throw new IllegalArgumentException("RSCN with " + pages.size() + " pages exceeds 2112 bytes");
        }
    }

    public static Rscn of(RscnPage... pages) {
        return new Rscn(List.of(pages));
    }

    @Override
    public int command() {
        return ElsCommand.RSCN;
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[HEADER_LENGTH + PAGE_LENGTH * pages.size()];
        b[0] = ElsCommand.RSCN;
        b[1] = PAGE_LENGTH;
        ElsBytes.put16(b, 2, b.length);
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).writeTo(b, HEADER_LENGTH + PAGE_LENGTH * i);
        }
        return b;
    }

    /** @throws ElsDecodeException LS_RJT 0x03/0x2D for no page, a page length other than 4 or a bad length field */
    public static Rscn decode(byte[] p) {
        ElsBytes.requireCommand(p, ElsCommand.RSCN, "RSCN");
        if (p.length < HEADER_LENGTH + PAGE_LENGTH) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, ElsCommand.RSCN,
                    "RSCN needs a 4-byte header and at least one page, got " + p.length + " bytes");
        }
        if (p.length > 2112) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.OVERSIZED, ElsCommand.RSCN,
                    "RSCN payload of " + p.length + " bytes exceeds 2112");
        }
        int pageLength = ElsBytes.u8(p, 1);
        if (pageLength != PAGE_LENGTH) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.BAD_LENGTH_FIELD, ElsCommand.RSCN,
                    "RSCN page length is " + pageLength + ", must be 4");
        }
        int payloadLength = ElsBytes.u16(p, 2);
        if (payloadLength != p.length || p.length % PAGE_LENGTH != 0) {
            throw ElsDecodeException.length(
                    payloadLength > p.length ? ElsDecodeException.Defect.TRUNCATED
                            : ElsDecodeException.Defect.BAD_LENGTH_FIELD,
                    ElsCommand.RSCN, "RSCN payload length field says " + payloadLength + " bytes, payload has "
                            + p.length);
        }
        int n = (p.length - HEADER_LENGTH) / PAGE_LENGTH;
        RscnPage[] pages = new RscnPage[n];
        for (int i = 0; i < n; i++) {
            pages[i] = RscnPage.readFrom(p, HEADER_LENGTH + PAGE_LENGTH * i);
        }
        return new Rscn(List.of(pages));
    }
}
