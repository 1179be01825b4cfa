package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.ct.Fc4Types;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;

/**
 * One port object of the name server, as the fabric holds it. Immutable: the name server replaces an entry on
 * every registration.
 *
 * @param portId           N_Port_ID
 * @param portType         port type (0x01 N_Port)
 * @param portName         WWPN (from the login)
 * @param nodeName         WWNN (from the login, replaced by RNN_ID)
 * @param fc4Types         FC-4 TYPEs registered with RFT_ID (empty until then)
 * @param fc4Features      FC-4 features by TYPE registered with RFF_ID
 * @param symbolicPortName registered with RSPN_ID ("" until then)
 * @param classOfService   class-of-service bits (Class 3 = 0x08)
 * @param fabricPortName   name of the F_Port the N_Port is attached to
 * @param fPort            number of that F_Port
 * @param kind             FLOGI (physical) or FDISC (virtual)
 */
public record NameServerEntry(FcId portId, int portType, Wwn portName, Wwn nodeName, Fc4Types fc4Types,
                              Map<Integer, Integer> fc4Features, String symbolicPortName, int classOfService,
                              Wwn fabricPortName, int fPort, LoginKind kind) {

    public NameServerEntry {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(fc4Types, "fc4Types");
        fc4Features = Map.copyOf(fc4Features);
        Objects.requireNonNull(symbolicPortName, "symbolicPortName");
        Objects.requireNonNull(fabricPortName, "fabricPortName");
        Objects.requireNonNull(kind, "kind");
    }

    /** FC-4 TYPE codes registered, ascending. */
    public SortedSet<Integer> fc4TypeCodes() {
        return fc4Types.types();
    }

    /** Features registered for {@code fc4Type}, 0 when none. */
    public int fc4FeaturesOf(int fc4Type) {
        return fc4Features.getOrDefault(fc4Type, 0);
    }

    NameServerEntry withFc4Types(Fc4Types t) {
        return new NameServerEntry(portId, portType, portName, nodeName, t, fc4Features, symbolicPortName,
                classOfService, fabricPortName, fPort, kind);
    }

    NameServerEntry withFc4Features(Map<Integer, Integer> f) {
        return new NameServerEntry(portId, portType, portName, nodeName, fc4Types, f, symbolicPortName,
                classOfService, fabricPortName, fPort, kind);
    }

    NameServerEntry withNodeName(Wwn n) {
        return new NameServerEntry(portId, portType, portName, n, fc4Types, fc4Features, symbolicPortName,
                classOfService, fabricPortName, fPort, kind);
    }

    NameServerEntry withSymbolicPortName(String s) {
        return new NameServerEntry(portId, portType, portName, nodeName, fc4Types, fc4Features, s,
                classOfService, fabricPortName, fPort, kind);
    }
}
