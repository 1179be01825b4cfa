package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.scsi.ScsiTarget;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One iSCSI target served by a portal: its iSCSI name, the SCSI target core behind it, and who may log in.
 *
 * @param name              iSCSI target name (iqn. or eui. or naa.)
 * @param alias             TargetAlias, may be empty
 * @param core              the SCSI target core that executes commands
 * @param relativePortId    RELATIVE TARGET PORT IDENTIFIER of this target port in the core
 * @param chap              when present, initiators must authenticate with CHAP using this secret
 * @param mutualChap        when present, the target answers a mutual CHAP challenge with this secret
 * @param allowedInitiators initiator names allowed to log in; empty means every initiator
 */
public record IscsiTargetDefinition(String name, String alias, ScsiTarget core, int relativePortId,
                                    Optional<ChapSecret> chap, Optional<ChapSecret> mutualChap,
                                    Set<String> allowedInitiators) {
    public IscsiTargetDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(chap, "chap");
        Objects.requireNonNull(mutualChap, "mutualChap");
        allowedInitiators = Set.copyOf(allowedInitiators);
        IscsiNames.requireValid(name);
    }

    /** A target every initiator may log in to without authentication. */
    public static IscsiTargetDefinition open(String name, ScsiTarget core) {
        return new IscsiTargetDefinition(name, "", core, 1, Optional.empty(), Optional.empty(), Set.of());
    }
}
