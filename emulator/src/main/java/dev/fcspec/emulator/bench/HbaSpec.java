package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * One HBA port of a host: a physical N_Port.
 *
 * @param name          the port's name on its host ({@code host1} as Linux numbers SCSI hosts, or any name)
 * @param wwnn          node name
 * @param wwpn          port name
 * @param maxNpivVports how many virtual ports the HBA can create on this port (Linux {@code max_npiv_vports})
 * @param firstBurst    FCP first burst in bytes the port offers in PRLI (0: none; Linux lpfc
 *                      {@code lpfc_first_burst_size})
 * @param discovery     target discovery after fabric login and each RSCN (GPN_FT, then PLOGI and PRLI to every
 *                      FCP port found, as Linux libfc does); bench key {@code discovery}, default off
 */
public record HbaSpec(String name, Wwn wwnn, Wwn wwpn, int maxNpivVports, int firstBurst, boolean discovery) {
    public HbaSpec(String name, Wwn wwnn, Wwn wwpn, int maxNpivVports) {
        this(name, wwnn, wwpn, maxNpivVports, 0);
    }

    public HbaSpec(String name, Wwn wwnn, Wwn wwpn, int maxNpivVports, int firstBurst) {
        this(name, wwnn, wwpn, maxNpivVports, firstBurst, false);
    }

    public HbaSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wwnn, "wwnn");
        Objects.requireNonNull(wwpn, "wwpn");
        if (maxNpivVports < 0 || maxNpivVports > 65535) {
            throw new IllegalArgumentException("max_npiv_vports must be within 0..65535, not " + maxNpivVports);
        }
        if (firstBurst < 0) {
            throw new IllegalArgumentException("first_burst must not be negative, not " + firstBurst);
        }
    }
}
