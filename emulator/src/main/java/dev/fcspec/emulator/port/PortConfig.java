package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.els.CommonServiceParameters;
import dev.fcspec.emulator.port.exchange.ExchangeTimeouts;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * How an N_Port (or an NPIV virtual port) behaves.
 *
 * @param portName             WWPN
 * @param nodeName             WWNN
 * @param receiveDataFieldSize largest data field this port receives (256..2112, multiple of 4)
 * @param timeouts             E_D_TOV and R_A_TOV until the fabric's FLOGI LS_ACC says otherwise
 * @param npiv                 ask for NPIV in FLOGI (multiple N_Port_IDs)
 * @param fcpInitiator         FCP initiator function (PRLI service parameters, RFF_ID features)
 * @param fcpTarget            FCP target function
 * @param registerWithFabric   after fabric login: register with the name server (RNN_ID, RSPN_ID, RFT_ID,
 *                             RFF_ID) and for state changes (SCR)
 * @param symbolicName         symbolic port name for RSPN_ID
 * @param maxRetries           retries of FLOGI, FDISC and PLOGI after a timeout or a busy reject
 * @param firstBurstLength     FCP first burst: bytes of write data an initiator sends with FCP_CMND, before any
 *                             FCP_XFER_RDY (0: none). A nonzero value sets WRITE FCP_XFER_RDY DISABLED in this
 *                             port's PRLI request or accept (FCP-4 6.3.3); a first burst happens only when both
 *                             ends of the image pair set it. FCP-4 takes the size from the Disconnect-Reconnect
 *                             mode page; here both ends are configured with it, as HBA drivers do (Linux lpfc
 *                             {@code lpfc_first_burst_size})
 * @param discovery            target discovery (Linux libfc {@code fc_disc}): once READY on a fabric, an FCP
 *                             initiator asks the name server for the FCP ports (GPN_FT) and logs in to each,
 *                             again after every RSCN; off by default
 */
public record PortConfig(Wwn portName, Wwn nodeName, int receiveDataFieldSize, ExchangeTimeouts timeouts,
                         boolean npiv, boolean fcpInitiator, boolean fcpTarget, boolean registerWithFabric,
                         String symbolicName, int maxRetries, int firstBurstLength, boolean discovery) {

    public static final int DEFAULT_RECEIVE_DATA_FIELD_SIZE = 2048;

    public PortConfig {
        Objects.requireNonNull(portName, "portName").asLong();
        Objects.requireNonNull(nodeName, "nodeName").asLong();
        if (receiveDataFieldSize < CommonServiceParameters.MIN_RECEIVE_DATA_FIELD_SIZE
                || receiveDataFieldSize > CommonServiceParameters.MAX_RECEIVE_DATA_FIELD_SIZE
                || receiveDataFieldSize % 4 != 0) {
            throw new IllegalArgumentException("receive data field size " + receiveDataFieldSize
                    + " is not a multiple of 4 within 256..2112");
        }
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(symbolicName, "symbolicName");
        if (symbolicName.length() > 255) {
            throw new IllegalArgumentException("symbolic name longer than 255 characters");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries " + maxRetries);
        }
        if (firstBurstLength < 0) {
            throw new IllegalArgumentException("first burst length " + firstBurstLength + " is negative");
        }
    }

    /** An FCP initiator with 2048-byte frames, default timeouts, NPIV, name-server registration, 3 retries. */
    public static PortConfig of(Wwn portName, Wwn nodeName) {
        return new PortConfig(portName, nodeName, DEFAULT_RECEIVE_DATA_FIELD_SIZE, ExchangeTimeouts.DEFAULT, true,
                true, false, true, "fcspec " + portName, 3, 0, false);
    }

    public PortConfig withNames(Wwn port, Wwn node) {
        return new PortConfig(port, node, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withReceiveDataFieldSize(int size) {
        return new PortConfig(portName, nodeName, size, timeouts, npiv, fcpInitiator, fcpTarget, registerWithFabric,
                symbolicName, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withTimeouts(ExchangeTimeouts t) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, t, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withNpiv(boolean v) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, v, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, maxRetries, firstBurstLength, discovery);
    }

    /** FCP functions offered in PRLI and registered with RFF_ID. */
    public PortConfig withFcpRoles(boolean initiator, boolean target) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, initiator, target,
                registerWithFabric, symbolicName, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withRegistration(boolean register) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                register, symbolicName, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withSymbolicName(String name) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, name, maxRetries, firstBurstLength, discovery);
    }

    public PortConfig withMaxRetries(int n) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, n, firstBurstLength, discovery);
    }

    /** The first burst this port offers in PRLI (0: write data only when solicited by FCP_XFER_RDY). */
    public PortConfig withFirstBurstLength(int bytes) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, maxRetries, bytes, discovery);
    }

    /** Target discovery after fabric login and after each RSCN (GPN_FT, then PLOGI and PRLI to each port found). */
    public PortConfig withDiscovery(boolean on) {
        return new PortConfig(portName, nodeName, receiveDataFieldSize, timeouts, npiv, fcpInitiator, fcpTarget,
                registerWithFabric, symbolicName, maxRetries, firstBurstLength, on);
    }

    public boolean hasFcpRole() {
        return fcpInitiator || fcpTarget;
    }
}
