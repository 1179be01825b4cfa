package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.wire.FcId;

/**
 * Something a VI provider reports outside any completion queue (VIA asynchronous errors and connection
 * events): why a frame was refused, a connection lost, a duplicate detected.
 *
 * @param timeNanos when, on the scheduler's clock
 * @param kind      what happened
 * @param vi        the local VI concerned (VI number may name a VI that does not exist)
 * @param remote    the remote port, when the event came from a frame
 * @param detail    a readable explanation
 */
public record ViEvent(long timeNanos, Kind kind, ViAddress vi, FcId remote, String detail) {

    public enum Kind {
        /** A state change of a VI (detail names the old and new state). */
        STATE_CHANGED,
        /** An RDMA or send arrived for a VI that is not connected to the sender. */
        NOT_CONNECTED,
        /** An RDMA was refused: unknown handle, out of bounds, not enabled, protection tags differ. */
        RDMA_PROTECTION,
        /** A send or RDMA write with immediate data found no receive descriptor. */
        NO_RECEIVE_DESCRIPTOR,
        /** The peer of a connected VI asked to connect again: it lost the connection (restart). */
        CONNECTION_LOST,
        /** A request arrived twice: the cached response was sent again, nothing was applied twice. */
        DUPLICATE_REQUEST,
        /** A response matched no outstanding request (late, duplicated, or for an abandoned descriptor). */
        UNMATCHED_RESPONSE,
        /** A frame with TYPE 0x58 whose IU did not decode. */
        MALFORMED_IU,
        /** No answer within the FCVI_ULP_TIMEOUT. */
        TIMEOUT
    }
}
