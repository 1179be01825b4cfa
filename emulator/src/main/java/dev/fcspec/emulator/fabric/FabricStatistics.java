package dev.fcspec.emulator.fabric;

import java.util.Map;

/**
 * Frame counters of a switch since it was created.
 *
 * @param received           frames that arrived intact on any F_Port
 * @param routed             frames forwarded from one N_Port to another
 * @param serviceRequests    requests handled by the login server, fabric controller or name server
 * @param discarded          frames dropped, by reason (every reason present, zero when none)
 * @param rscnsSent          RSCN requests the fabric controller sent
 * @param rscnsAccepted      LS_ACCs received for them
 */
public record FabricStatistics(long received, long routed, long serviceRequests, Map<DiscardReason, Long> discarded,
                               long rscnsSent, long rscnsAccepted) {

    public FabricStatistics {
        discarded = Map.copyOf(discarded);
    }

    public long discarded(DiscardReason reason) {
        return discarded.getOrDefault(reason, 0L);
    }

    /** Frames dropped because source and destination share no zone. */
    public long discardedByZoning() {
        return discarded(DiscardReason.ZONING);
    }

    public long discardedTotal() {
        return discarded.values().stream().mapToLong(Long::longValue).sum();
    }
}
