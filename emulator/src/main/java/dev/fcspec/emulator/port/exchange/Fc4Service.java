package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.wire.Frame;

/**
 * An FC-4 served on a port (libfc's {@code fc4_prov}/{@code fc_exch_recv_req} model): the exchange manager
 * hands it the first sequence of every exchange a remote port opens with frames of its TYPE, answers
 * duplicates of requests it answered before from the one duplicate-request cache, and tells it of replies that
 * arrive for none of its open exchanges. Called on the scheduler.
 */
@FunctionalInterface
public interface Fc4Service {

    /**
     * The first sequence of a new exchange, on which this port is the responder. The service answers on the
     * exchange (now or later) and sets {@link Exchange#setHandler} for its further sequences.
     *
     * @return false to discard the exchange; its RX_ID is freed at once
     */
    boolean onRequest(Exchange exchange, Sequence first);

    /**
     * How the exchange manager recognises a request sent again (a duplicated frame, or a retransmission on a
     * new exchange), which it then answers with the reply already sent instead of handing it to
     * {@link #onRequest}; null when the FC-4 keeps no reply cache.
     */
    default DuplicateRequests duplicateRequests() {
        return null;
    }

    /** A request recognised by {@link #duplicateRequests()} arrived again and was answered with the reply sent. */
    default void onAnsweredAgain(Sequence request) {
    }

    /**
     * A frame of this FC-4 from an exchange responder that belongs to no open exchange of the port (a reply
     * after its exchange ended, or on an exchange this port never opened). The manager has discarded it; the
     * FC-4 may report it.
     */
    default void onStray(Frame frame) {
    }
}
