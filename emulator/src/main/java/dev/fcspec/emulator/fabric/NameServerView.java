package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.Optional;

/** Read-only view of a switch's name-server database. Every answer is a snapshot. */
public interface NameServerView {

    /** Every registered port, by ascending N_Port_ID. */
    List<NameServerEntry> entries();

    Optional<NameServerEntry> entry(FcId portId);

    Optional<NameServerEntry> entryByPortName(Wwn portName);

    /** The entries the port {@code requester} is shown (itself and the ports zoned with it). */
    List<NameServerEntry> visibleTo(FcId requester);
}
