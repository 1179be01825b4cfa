package dev.fcspec.emulator.scsi;

import java.util.Objects;

/** An I_T nexus: the relationship between one initiator port and one target port (SAM-5). */
public record ItNexus(InitiatorPort initiator, TargetPort target) {
    public ItNexus {
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(target, "target");
    }
}
