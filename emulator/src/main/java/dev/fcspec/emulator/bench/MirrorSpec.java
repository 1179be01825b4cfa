package dev.fcspec.emulator.bench;

import java.util.List;
import java.util.Objects;

/**
 * A mirrored virtual SAN: storage entries of the bench that are its servers. Each server lists the shared
 * LUN among its LUNs (its own mass storage device, same size and block size on every server); the servers'
 * ports cabled to a fabric are on the shared network, ports cabled straight to another server's port are
 * dedicated links to that server.
 *
 * @param name         the virtual SAN's name (also the shared logical unit's name)
 * @param servers      the storage entries that are its servers (two or more)
 * @param lun          the shared LUN
 * @param regionBlocks blocks per region the policing protocol grants write priority for
 */
public record MirrorSpec(String name, List<String> servers, long lun, int regionBlocks) {
    public MirrorSpec {
        Objects.requireNonNull(name, "name");
        servers = List.copyOf(servers);
        if (regionBlocks < 1) {
            throw new IllegalArgumentException("a region has at least one block, not " + regionBlocks);
        }
    }
}
