package dev.fcspec.emulator.port.els;

import java.util.List;
import java.util.Optional;

/**
 * PRLI or PRLO request, or the LS_ACC of either: 4-byte header (command, page length 0x10, payload length)
 * followed by 16-byte service parameter pages.
 *
 * @param command {@link ElsCommand#PRLI}, {@link ElsCommand#PRLO} or {@link ElsCommand#LS_ACC}
 * @param pages   at least one page
 */
public record Prli(int command, List<ServiceParameterPage> pages) implements ElsPayload {
    public static final int HEADER_LENGTH = 4;

    public Prli {
        if (command != ElsCommand.PRLI && command != ElsCommand.PRLO && command != ElsCommand.LS_ACC) {
            throw new IllegalArgumentException("PRLI payload cannot carry " + ElsCommand.name(command));
        }
        pages = List.copyOf(pages);
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("PRLI/PRLO needs at least one service parameter page");
        }
        if (HEADER_LENGTH + 16 * pages.size() > 0xFFFF) {
            throw new IllegalArgumentException("too many service parameter pages: " + pages.size());
        }
    }

    public static Prli of(int command, ServiceParameterPage page) {
        return new Prli(command, List.of(page));
    }

    public Prli withCommand(int c) {
        return new Prli(c, pages);
    }

    /** The page for {@code type}, if present. */
    public Optional<ServiceParameterPage> page(int type) {
        return pages.stream().filter(p -> p.type() == type).findFirst();
    }

    @Override
    public byte[] encode() {
        byte[] b = new byte[HEADER_LENGTH + ServiceParameterPage.LENGTH * pages.size()];
        b[0] = (byte) command;
        b[1] = PrliConstants.PAGE_LENGTH;
        ElsBytes.put16(b, 2, b.length);
        for (int i = 0; i < pages.size(); i++) {
            pages.get(i).writeTo(b, HEADER_LENGTH + ServiceParameterPage.LENGTH * i);
        }
        return b;
    }

    /**
     * Decodes a PRLI/PRLO request or ACC whose byte 0 must be {@code expectedCommand}.
     *
     * @throws ElsDecodeException with LS_RJT 0x03/0x2D for a payload shorter than one page, a page length other
     *                            than 16, or a payload length field that disagrees with the payload
     */
    public static Prli decode(byte[] p, int expectedCommand) {
        String what = ElsCommand.name(expectedCommand);
        ElsBytes.requireCommand(p, expectedCommand, what);
        if (p.length < HEADER_LENGTH + ServiceParameterPage.LENGTH) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.TRUNCATED, expectedCommand,
                    what + " needs a 4-byte header and at least one 16-byte page, got " + p.length + " bytes");
        }
        int pageLength = ElsBytes.u8(p, 1);
        if (pageLength != PrliConstants.PAGE_LENGTH) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.BAD_LENGTH_FIELD, expectedCommand,
                    what + " page length is 0x" + Integer.toHexString(pageLength) + ", must be 0x10");
        }
        int payloadLength = ElsBytes.u16(p, 2);
        if (payloadLength != p.length) {
            throw ElsDecodeException.length(
                    payloadLength > p.length ? ElsDecodeException.Defect.TRUNCATED
                            : ElsDecodeException.Defect.BAD_LENGTH_FIELD,
                    expectedCommand, what + " payload length field says " + payloadLength + " bytes, payload has "
                            + p.length);
        }
        if ((p.length - HEADER_LENGTH) % ServiceParameterPage.LENGTH != 0) {
            throw ElsDecodeException.length(ElsDecodeException.Defect.BAD_LENGTH_FIELD, expectedCommand,
                    what + " payload length " + p.length + " is not 4 + 16n");
        }
        int n = (p.length - HEADER_LENGTH) / ServiceParameterPage.LENGTH;
        ServiceParameterPage[] pages = new ServiceParameterPage[n];
        for (int i = 0; i < n; i++) {
            pages[i] = ServiceParameterPage.readFrom(p, HEADER_LENGTH + ServiceParameterPage.LENGTH * i);
        }
        return new Prli(expectedCommand, List.of(pages));
    }
}
