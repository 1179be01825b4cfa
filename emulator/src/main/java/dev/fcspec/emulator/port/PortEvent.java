package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.ct.NameServerReply.PortIdAndName;
import dev.fcspec.emulator.port.els.LsRjt;
import dev.fcspec.emulator.port.els.Rscn;
import dev.fcspec.emulator.wire.FcId;
import java.util.List;
import java.util.Optional;

/** Something that happened at a local port, for {@link PortListener}s. Delivered on the scheduler. */
public sealed interface PortEvent {

    /** The local port (physical or virtual) the event is about. */
    LocalPort port();

    /** The login state machine moved. */
    record StateChanged(LocalPort port, LportState from, LportState to) implements PortEvent {
    }

    /** An NPIV virtual port's sysfs state changed; {@code reject} is the LS_RJT that caused a failure. */
    record VportStateChanged(VirtualPort port, VportState from, VportState to, Optional<LsRjt> reject)
            implements PortEvent {
    }

    /** The port took an N_Port_ID: from the fabric (FLOGI/FDISC LS_ACC) or point-to-point. */
    record AddressAssigned(LocalPort port, FcId fcId, boolean fabric) implements PortEvent {
    }

    /** A remote port's login state machine moved. */
    record RemotePortStateChanged(LocalPort port, RemotePort remote, RportState from, RportState to)
            implements PortEvent {
    }

    /** An RSCN arrived (and was answered with LS_ACC). */
    record RscnReceived(LocalPort port, FcId from, Rscn rscn) implements PortEvent {
    }

    /** This port answered a request with LS_RJT. */
    record ElsRejected(LocalPort port, FcId from, int command, LsRjt reject) implements PortEvent {
    }

    /** The fabric logged this port out (LOGO from FFFFFE). */
    record FabricLogout(LocalPort port) implements PortEvent {
    }

    /** Target discovery moved (see {@link Discovery}). */
    record DiscoveryStateChanged(LocalPort port, DiscoveryState from, DiscoveryState to) implements PortEvent {
    }

    /** Discovery started: GPN_FT goes to the name server. */
    record DiscoveryStarted(LocalPort port) implements PortEvent {
    }

    /**
     * Discovery finished: the ports the name server listed (other than this one) and, of those, the FCP
     * targets now logged in.
     */
    record DiscoveryFinished(LocalPort port, List<PortIdAndName> found, List<FcId> loggedInTargets)
            implements PortEvent {
        public DiscoveryFinished {
            found = List.copyOf(found);
            loggedInTargets = List.copyOf(loggedInTargets);
        }
    }

    /** Discovery gave up after its retries. */
    record DiscoveryFailed(LocalPort port, DiscoveryFailedException cause) implements PortEvent {
    }
}
