package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.iscsi.ChapSecret;
import dev.fcspec.emulator.iscsi.PortalLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * @param chap           the name and secret initiators must authenticate with (one-way CHAP), if any
 * @param mutualChap     the name and secret the target answers an initiator's challenge with (mutual CHAP)
 * @param initiators     the initiators that may log in, each with the LUNs it sees; empty: every initiator, every LUN
 * @param limits         what one peer can make the portal spend
 */
public record IscsiPortalSpec(String host, int port, String target, int portalGroupTag, Optional<NopIn> nopIn,
                              Optional<ChapSecret> chap, Optional<ChapSecret> mutualChap,
                              Map<String, List<Long>> initiators, PortalLimits limits) {
    public IscsiPortalSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(nopIn, "nopIn");
        Objects.requireNonNull(chap, "chap");
        Objects.requireNonNull(mutualChap, "mutualChap");
        Objects.requireNonNull(limits, "limits");
        initiators = Map.copyOf(initiators);
    }

    public IscsiPortalSpec(String host, int port, String target, int portalGroupTag) {
        this(host, port, target, portalGroupTag, Optional.empty());
    }

    public IscsiPortalSpec(String host, int port, String target, int portalGroupTag, Optional<NopIn> nopIn) {
        this(host, port, target, portalGroupTag, nopIn, Optional.empty(), Optional.empty(), Map.of(),
                PortalLimits.DEFAULTS);
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
