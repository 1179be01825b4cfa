package dev.fcspec.emulator.port;

import dev.fcspec.emulator.wire.Wwn;

/**
 * One entry of a physical port's vport database: the node name and port name fields of a virtual port.
 * The fields can be changed (a failover sets them to a failed port's WWNN/WWPN); the virtual port logs in
 * with the new names at its next FDISC ({@link VirtualPort#relogin()}).
 */
public final class VportEntry {
    private final VportDatabase database;
    private final int index;
    private Wwn nodeName;
    private Wwn portName;
    private VirtualPort vport;

    VportEntry(VportDatabase database, int index, Wwn portName, Wwn nodeName) {
        this.database = database;
        this.index = index;
        this.portName = portName;
        this.nodeName = nodeName;
    }

    void attach(VirtualPort v) {
        this.vport = v;
    }

    /** Position in the database, in creation order (never reused). */
    public int index() {
        return index;
    }

    public Wwn nodeName() {
        return nodeName;
    }

    public Wwn portName() {
        return portName;
    }

    public VirtualPort vport() {
        return vport;
    }

    public VportState state() {
        return vport.vportState();
    }

    public void setNodeName(Wwn wwnn) {
        setNames(portName, wwnn);
    }

    /** @throws IllegalArgumentException when the WWPN belongs to the physical port or another entry */
    public void setPortName(Wwn wwpn) {
        setNames(wwpn, nodeName);
    }

    public void setNames(Wwn wwpn, Wwn wwnn) {
        wwnn.asLong();
        database.checkPortName(wwpn, this);
        this.portName = wwpn;
        this.nodeName = wwnn;
    }

    @Override
    public String toString() {
        return "VportEntry[" + index + " wwpn=" + portName + " wwnn=" + nodeName + "]";
    }
}
