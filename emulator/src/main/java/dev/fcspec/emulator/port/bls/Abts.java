package dev.fcspec.emulator.port.bls;

import dev.fcspec.emulator.wire.RCtl;

/**
 * ABTS (Abort Sequence): no payload; it travels on the exchange being aborted. Parameter bit 0 says what is
 * aborted: 1 the sequence, 0 the whole exchange.
 */
public record Abts(boolean abortSequenceOnly) implements BlsPayload {
    public static final Abts ABORT_EXCHANGE = new Abts(false);

    @Override
    public int rCtl() {
        return RCtl.BA_ABTS;
    }

    /** The frame header's Parameter field. */
    public int parameter() {
        return abortSequenceOnly ? 1 : 0;
    }

    @Override
    public byte[] encode() {
        return new byte[0];
    }
}
