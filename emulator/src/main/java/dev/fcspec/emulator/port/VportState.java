package dev.fcspec.emulator.port;

/**
 * NPIV virtual port states, named as a Linux host shows them in {@code /sys/class/fc_vports/.../vport_state}
 * (scsi_transport_fc {@code fc_vport_state_names}).
 */
public enum VportState {
    UNKNOWN("Unknown"),
    ACTIVE("Active"),
    DISABLED("Disabled"),
    LINKDOWN("Linkdown"),
    INITIALIZING("Initializing"),
    NO_FABRIC_SUPPORT("No Fabric Support"),
    NO_FABRIC_RESOURCES("No Fabric Resources"),
    FABRIC_LOGOUT("Fabric Logout"),
    FABRIC_REJECTED_WWN("Fabric Rejected WWN"),
    FAILED("VPort Failed");

    private final String displayName;

    VportState(String displayName) {
        this.displayName = displayName;
    }

    /** The text a Linux host prints in sysfs. */
    public String displayName() {
        return displayName;
    }

    /** The state whose sysfs text is {@code text}. */
    public static VportState fromDisplayName(String text) {
        for (VportState s : values()) {
            if (s.displayName.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no vport state is shown as '" + text + "'");
    }

    @Override
    public String toString() {
        return displayName;
    }
}
