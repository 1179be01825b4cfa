package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * One FC target port of a storage array.
 *
 * @param firstBurst FCP first burst in bytes the port allows an initiator to send unsolicited (0: none)
 * @param maxBurst   most write data one FCP_XFER_RDY asks for (0: all that is left of FCP_DL)
 */
public record StoragePortSpec(String name, Wwn wwnn, Wwn wwpn, int firstBurst, int maxBurst) {
    public StoragePortSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wwnn, "wwnn");
        Objects.requireNonNull(wwpn, "wwpn");
        if (firstBurst < 0 || maxBurst < 0) {
            throw new IllegalArgumentException("first_burst and max_burst must not be negative");
        }
    }

    public StoragePortSpec(String name, Wwn wwnn, Wwn wwpn) {
        this(name, wwnn, wwpn, 0, 0);
    }
}
