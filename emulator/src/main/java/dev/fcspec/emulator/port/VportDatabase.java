package dev.fcspec.emulator.port;

import dev.fcspec.emulator.wire.Wwn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The NPIV virtual ports of one physical N_Port, in creation order. */
public final class VportDatabase {
    private final NPort physical;
    private final List<VportEntry> entries = new ArrayList<>();
    private int nextIndex;

    VportDatabase(NPort physical) {
        this.physical = physical;
    }

    public List<VportEntry> entries() {
        return List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    public Optional<VportEntry> byPortName(Wwn wwpn) {
        return entries.stream().filter(e -> e.portName().equals(wwpn)).findFirst();
    }

    public List<VirtualPort> ports() {
        List<VirtualPort> l = new ArrayList<>(entries.size());
        for (VportEntry e : entries) {
            l.add(e.vport());
        }
        return l;
    }

    VportEntry add(Wwn wwpn, Wwn wwnn) {
        wwnn.asLong();
        checkPortName(wwpn, null);
        VportEntry e = new VportEntry(this, nextIndex++, wwpn, wwnn);
        entries.add(e);
        return e;
    }

    void remove(VportEntry e) {
        entries.remove(e);
    }

    void checkPortName(Wwn wwpn, VportEntry self) {
        wwpn.asLong();
        if (wwpn.equals(physical.portName())) {
            throw new IllegalArgumentException("WWPN " + wwpn + " is the physical port's own name");
        }
        for (VportEntry e : entries) {
            if (e != self && e.portName().equals(wwpn)) {
                throw new IllegalArgumentException("WWPN " + wwpn + " is already virtual port " + e.index()
                        + " of " + physical.portName());
            }
        }
    }
}
