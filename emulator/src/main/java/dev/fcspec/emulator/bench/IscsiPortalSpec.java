package dev.fcspec.emulator.bench;

import java.util.Objects;

/**
 * The iSCSI portal of a storage array: where it listens and the target name it serves its LUNs under.
 *
 * @param host           listening address (127.0.0.1 unless the bench says otherwise)
 * @param port           TCP port; 0 picks a free one (the emulate command reports the real one)
 * @param target         iSCSI target name
 * @param portalGroupTag target portal group tag
 */
public record IscsiPortalSpec(String host, int port, String target, int portalGroupTag) {
    public IscsiPortalSpec {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(target, "target");
    }
}
