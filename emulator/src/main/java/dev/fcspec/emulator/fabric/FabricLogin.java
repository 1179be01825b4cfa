package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * One N_Port_ID the login server handed out.
 *
 * @param fcId                 the assigned N_Port_ID
 * @param portName             WWPN from the FLOGI/FDISC
 * @param nodeName             WWNN from the FLOGI/FDISC
 * @param fPort                number of the F_Port the login came in on
 * @param kind                 FLOGI (physical) or FDISC (NPIV virtual)
 * @param receiveDataFieldSize the largest data field the N_Port receives (from its service parameters)
 */
public record FabricLogin(FcId fcId, Wwn portName, Wwn nodeName, int fPort, LoginKind kind,
                          int receiveDataFieldSize) {

    public FabricLogin {
        Objects.requireNonNull(fcId, "fcId");
        Objects.requireNonNull(portName, "portName");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean isVirtual() {
        return kind == LoginKind.FDISC;
    }
}
