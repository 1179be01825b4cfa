package dev.fcspec.emulator.scsi;

import java.util.List;
import java.util.Objects;

/**
 * A target port group (SPC-4 5.15): target ports that share an asymmetric access state for every logical
 * unit of the target.
 *
 * @param id              TARGET PORT GROUP (1..65535)
 * @param relativePortIds RELATIVE TARGET PORT IDENTIFIERs of the member ports
 * @param initialState    state at power on
 * @param preferred       PREF bit
 */
public record TargetPortGroup(int id, List<Integer> relativePortIds, AsymmetricAccessState initialState,
                              boolean preferred) {
    public TargetPortGroup {
        Objects.requireNonNull(relativePortIds, "relativePortIds");
        Objects.requireNonNull(initialState, "initialState");
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("target port group id out of range 0..65535: " + id);
        }
        relativePortIds = List.copyOf(relativePortIds);
    }
}
