package dev.fcspec.emulator.fabric;

import dev.fcspec.emulator.port.els.RscnPage;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FrameHeader;
import dev.fcspec.emulator.wire.Wwn;
import java.util.List;
import java.util.Optional;

/** Something that happened in a switch, reported to {@link FabricListener}s. */
public sealed interface FabricEvent {

    /** The login server accepted a FLOGI or FDISC. */
    record LoggedIn(FabricLogin login) implements FabricEvent {
    }

    /** A login ended: LOGO, implicit logout, port offline. */
    record LoggedOut(FabricLogin login, LogoutCause cause) implements FabricEvent {
    }

    /**
     * The login server answered a request with LS_RJT.
     *
     * @param fPort    F_Port the request came in on
     * @param command  ELS command code of the request (-1 when the payload was empty)
     * @param portName WWPN of the request, when it could be decoded
     */
    record LoginRejected(int fPort, int command, Optional<Wwn> portName, int reason, int explanation)
            implements FabricEvent {
    }

    /**
     * The fabric controller (LS_RJT) or the name server (FS_RJT, or LS_RJT to an ELS) refused a request.
     *
     * @param fPort     F_Port the request came in on
     * @param service   the service's address (FFFFFD or FFFFFC)
     * @param requester the request's S_ID
     * @param command   ELS command code, or CT command code (-1 when the CT_IU was too short to have one)
     */
    record ServiceRejected(int fPort, FcId service, FcId requester, int command, int reason, int explanation)
            implements FabricEvent {
    }

    /** A port registered with the name server (RFT_ID, RFF_ID, RNN_ID, RSPN_ID); {@code command} is its code. */
    record NameServerRegistration(FcId portId, int command) implements FabricEvent {
    }

    /** A port registered for RSCNs with SCR ({@code function} 1, 2, 3) or cleared its registration (0xFF). */
    record ScrRegistration(FcId portId, int function) implements FabricEvent {
    }

    /** The fabric controller sent an RSCN. */
    record RscnSent(FcId destination, int oxId, List<RscnPage> pages) implements FabricEvent {
        public RscnSent {
            pages = List.copyOf(pages);
        }
    }

    /** The switch dropped a frame; the header is absent for a frame that arrived corrupted. */
    record FrameDiscarded(int fPort, DiscardReason reason, Optional<FrameHeader> header) implements FabricEvent {
    }

    /** The active zone set or the default-zone policy changed. */
    record ZoningChanged(Optional<ZoneSet> activeZoneSet, DefaultZone defaultZone) implements FabricEvent {
    }

    /** An F_Port came online (link attached, port enabled) or went offline. */
    record PortStateChanged(int fPort, FPortState state) implements FabricEvent {
    }
}
