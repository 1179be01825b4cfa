package dev.fcspec.emulator.bench;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a bench can observe or do beyond what any user of the devices can: the wire (captures, frame fields),
 * SCSI status and sense, and the fabric's name server are always there; these are not. A bench file lists the
 * ones it offers under {@code capabilities:} (all of them when the key is absent, as on the in-process bench,
 * which sees everything); a step that needs one asks the bench for it, and on a bench without it the scenario
 * is reported skipped with the capability named, rather than failed.
 */
public enum Capability {

    /**
     * Read what a node recorded about its own work: the commands an appliance node's virtual target module
     * received and which node served them, the events of a mirror engine and of its I/O driver, of a cluster
     * connection manager, of an HBA I/O processor and of its virtual interfaces.
     */
    OBSERVE_NODE_EVENTS("observe node events"),

    /**
     * Look at a storage node's own devices directly rather than through a host: their blocks, their read
     * and write counts, the persistent reservation a disk holds.
     */
    INSPECT_NODE_DEVICES("inspect node devices"),

    /**
     * Read a switch's own tables as its management interface shows them: which port is logged in where and
     * how (FLOGI or FDISC), its name-server entries, its RSCN registrations, its active zone set. A host learns
     * some of this from the name server over the wire; this is the switch's side of it.
     */
    OBSERVE_SWITCH_STATE("observe switch state");

    private final String label;

    Capability(String label) {
        this.label = label;
    }

    /** The name bench files, skip reasons and reports use, e.g. {@code observe node events}. */
    public String label() {
        return label;
    }

    /** Every capability: what a bench offers when its file does not say. */
    public static Set<Capability> all() {
        return Collections.unmodifiableSet(EnumSet.allOf(Capability.class));
    }

    /**
     * The capability with this name, as a bench file writes it.
     *
     * @throws IllegalArgumentException naming the capabilities there are
     */
    public static Capability byLabel(String label) {
        String wanted = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
        for (Capability c : values()) {
            if (c.label.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no capability '" + label + "'; there are: " + labels(all()));
    }

    /** Labels of some capabilities, in declaration order, comma separated. */
    public static String labels(Set<Capability> capabilities) {
        return Arrays.stream(values()).filter(capabilities::contains).map(Capability::label)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
