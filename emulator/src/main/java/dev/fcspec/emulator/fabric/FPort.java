package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.link.LinkEnd;
import dev.fcspec.emulator.port.exchange.ExchangeManager;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.Optional;

/**
 * One F_Port of a {@link FabricSwitch}. Port {@code n} owns Area_ID {@code n}: its physical N_Port gets
 * N_Port_ID domain.n.00 and NPIV virtual ports domain.n.01 upwards.
 */
public final class FPort {

    private final FabricSwitch fabric;
    private final int number;
    private final Wwn portName;
    LinkEnd end;
    FPortState state = FPortState.OFFLINE;
    /** The exchanges of the switch's services with the N_Ports on this F_Port. */
    ExchangeManager exchanges;

    FPort(FabricSwitch fabric, int number, Wwn portName) {
        this.fabric = fabric;
        this.number = number;
        this.portName = portName;
    }

    public int number() {
        return number;
    }

    /** Area_ID of the N_Port_IDs assigned on this port. */
    public int area() {
        return number;
    }

    /** The F_Port's name (returned as port name in the FLOGI/FDISC LS_ACC). */
    public Wwn portName() {
        return portName;
    }

    public FPortState state() {
        return state;
    }

    /** The link end this port is attached to, if any. */
    public Optional<LinkEnd> linkEnd() {
        return Optional.ofNullable(end);
    }

    /** The exchange manager the switch's services use with the N_Ports on this F_Port. */
    public ExchangeManager exchangeManager() {
        return exchanges;
    }

    /** Logins on this port: the physical one first, then virtual ports by N_Port_ID. */
    public List<FabricLogin> logins() {
        return fabric.loginsOn(number);
    }

    public Optional<FabricLogin> physicalLogin() {
        return logins().stream().filter(l -> l.kind() == LoginKind.FLOGI).findFirst();
    }

    /** Takes the port offline (as a disabled port or a lost link): every login on it ends. */
    public void goOffline() {
        fabric.setOffline(number);
    }

    /** Brings an attached port back online, waiting for FLOGI. */
    public void goOnline() {
        fabric.setOnline(number);
    }

    @Override
    public String toString() {
        return "FPort[" + fabric.config().name() + "." + number + " " + state() + "]";
    }
}
