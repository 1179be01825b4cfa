package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * A network node's host bus adapter with its I/O processor and mass storage (package {@code iop}). Adapters
 * that name the same link share one FC link, two at most, and send each other I/O-processor messages.
 *
 * @param number   the adapter's number in specifications
 * @param node     the number of the network node it is in
 * @param nodeName the network node's name, what its messages carry as node address
 * @param fcId     the adapter's FC_ID on the link
 * @param link     the name of the FC link it is on
 */
public record AdapterSpec(int number, int node, Wwn nodeName, FcId fcId, String link) {
    public AdapterSpec {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(fcId, "fcId");
        Objects.requireNonNull(link, "link");
        if (number < 1 || node < 1) {
            throw new IllegalArgumentException("adapter and node numbers start at 1, not " + number + "/" + node);
        }
    }
}
