package dev.fcspec.emulator.port.exchange;

import java.util.Objects;
import java.util.function.Function;

/**
 * How an FC-4 wants the exchange manager's duplicate-request cache to recognise a request it has answered:
 * by the identity of the request (from the remote port) and identical request bytes. A request recognised so
 * is answered with the reply already sent and never handed to the FC-4 again.
 *
 * @param identity what makes a request the same request: the OX_ID for an FC-4 whose requests are repeated
 *                 only by a link duplicating frames, or an identifier in the payload for one that retransmits
 *                 on a new exchange; null from the function means the request is not cached
 * @param capacity how many answered requests are remembered per port and FC-4 (the oldest is forgotten first)
 */
public record DuplicateRequests(Function<Sequence, Object> identity, int capacity) {

    public DuplicateRequests {
        Objects.requireNonNull(identity, "identity");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
    }

    /** Requests are the same when they come from the same remote port with the same OX_ID and bytes. */
    public static DuplicateRequests byExchange(int capacity) {
        return new DuplicateRequests(s -> s.firstHeader().oxId(), capacity);
    }
}
