package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.wire.FcId;
import java.util.Objects;

/** Where a VI lives: the FC_ID of its port and its VI number. */
public record ViAddress(FcId fcId, int viNumber) implements Comparable<ViAddress> {
    public ViAddress {
        Objects.requireNonNull(fcId, "fcId");
        if (viNumber < 0 || viNumber > 0xFFFF) {
            throw new IllegalArgumentException("VI number " + viNumber + " outside 0..65535");
        }
    }

    @Override
    public int compareTo(ViAddress o) {
        int c = fcId.compareTo(o.fcId);
        return c != 0 ? c : Integer.compare(viNumber, o.viNumber);
    }

    @Override
    public String toString() {
        return fcId + "/vi" + viNumber;
    }
}
