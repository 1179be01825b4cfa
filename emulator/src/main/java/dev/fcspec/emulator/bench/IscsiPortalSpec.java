package dev.fcspec.emulator.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The iSCSI portal of a storage array: where it listens and the target name it serves its LUNs under.
 *
 * @param host           listening address (127.0.0.1 unless the bench says otherwise)
 * @param port           TCP port; 0 picks a free one (the emulate command reports the real one)
 * @param target         iSCSI target name
 * @param portalGroupTag target portal group tag
 * @param nopIn          NOP-In pings the portal sends on every connection, if any
 */
public record IscsiPortalSpec(String host, int port, String target, int portalGroupTag, Optional<NopIn> nopIn) {
    public IscsiPortalSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(nopIn, "nopIn");
    }

    public IscsiPortalSpec(String host, int port, String target, int portalGroupTag) {
        this(host, port, target, portalGroupTag, Optional.empty());
    }

    /** A ping every {@code interval}; a connection that leaves one unanswered for {@code timeout} is dropped. */
    public record NopIn(Duration interval, Duration timeout) {
        public NopIn {
            if (interval.isZero() || interval.isNegative() || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("nop_in interval and timeout must be positive");
            }
        }
    }
}
