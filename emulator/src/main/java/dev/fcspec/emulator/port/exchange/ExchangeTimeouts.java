package dev.fcspec.emulator.port.exchange;

import java.time.Duration;
import java.util.Objects;

/**
 * The FC-FS timeouts an exchange manager uses.
 *
 * @param edTov E_D_TOV: the longest gap between frames of one sequence before it is a sequence error
 * @param raTov R_A_TOV: how long the X_IDs of an aborted exchange are held, and how long an ABTS waits
 */
public record ExchangeTimeouts(Duration edTov, Duration raTov) {
    public static final ExchangeTimeouts DEFAULT = new ExchangeTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10));

    public ExchangeTimeouts {
        Objects.requireNonNull(edTov, "edTov");
        Objects.requireNonNull(raTov, "raTov");
        if (edTov.isNegative() || edTov.isZero() || raTov.isNegative() || raTov.isZero()) {
            throw new IllegalArgumentException("E_D_TOV and R_A_TOV must be positive: " + edTov + ", " + raTov);
        }
    }

    /** ELS_TOV, the time an ELS or CT request waits for its reply: 2 x R_A_TOV (FC-LS). */
    public Duration elsTimeout() {
        return raTov.multipliedBy(2);
    }
}
