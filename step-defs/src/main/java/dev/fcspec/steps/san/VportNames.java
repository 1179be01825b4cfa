package dev.fcspec.steps.san;

import dev.fcspec.emulator.wire.Wwn;

/**
 * Names for the virtual ports scenarios create, derived from the physical port's names the way HBA
 * management tools usually suggest them: NAA 2 (IEEE extended) names keeping the physical name's 48-bit
 * IEEE address, with the virtual port's number in the 12-bit vendor-specific field. The node name also sets
 * the top bit of that field, so a virtual port's node name never equals its port name.
 *
 * <p>Virtual port 1 of a port named {@code 10:00:00:00:c9:00:01:01} (node {@code 20:00:00:00:c9:00:01:01})
 * is {@code 20:01:00:00:c9:00:01:01}, node {@code 28:01:00:00:c9:00:01:01}.
 */
public final class VportNames {

    /** Virtual port numbers fit the 11 bits left in the vendor field. */
    public static final int MAX_NUMBER = 0x7FF;

    private VportNames() {
    }

    public static Wwn portName(Wwn physicalPortName, int number) {
        return derive(physicalPortName, number);
    }

    public static Wwn nodeName(Wwn physicalNodeName, int number) {
        return derive(physicalNodeName, 0x800 | number);
    }

    private static Wwn derive(Wwn base, int vendorField) {
        if ((vendorField & 0x7FF) < 1 || (vendorField & 0x7FF) > MAX_NUMBER) {
            throw new IllegalArgumentException("virtual port numbers are 1.." + MAX_NUMBER);
        }
        long ieee = base.asLong() & 0xFFFF_FFFF_FFFFL;
        return Wwn.of(0x2L << 60 | (long) vendorField << 48 | ieee);
    }
}
