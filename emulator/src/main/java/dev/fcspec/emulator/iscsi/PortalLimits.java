package dev.fcspec.emulator.iscsi;

import java.time.Duration;
import java.util.Objects;

/**
 * What one portal lets its peers make it spend: connections, commands, buffered bytes and time. Each limit says
 * what a connection that reaches it gets (README, "iSCSI portal limits").
 *
 * @param maxConnections             TCP connections open at once on the portal; the next one is closed as soon
 *                                   as it is accepted
 * @param maxConnectionsPerInitiator connections of one InitiatorName (all its sessions); the next login gets
 *                                   status 0x0206 (too many connections)
 * @param maxCommandsPerSession      SCSI commands a session may have in the target at once (held for CmdSN
 *                                   order, collecting data-out, executing); the next gets TASK SET FULL
 * @param maxBufferedBytesPerSession data-out a session's commands may hold before the target solicits more (R2Ts
 *                                   wait), and data-in a connection may have queued before the target stops
 *                                   reading from it
 * @param maxBufferedBytes           data-out all sessions of the portal may hold; a write that would go beyond
 *                                   it gets BUSY
 * @param loginTimeout               time from the TCP connection to the end of the login; the connection is
 *                                   dropped when it runs out (zero: no limit)
 * @param idleTimeout                time a connection may go without sending a byte, in any phase; the
 *                                   connection is dropped when it runs out (zero: no limit)
 */
public record PortalLimits(int maxConnections, int maxConnectionsPerInitiator, int maxCommandsPerSession,
                           long maxBufferedBytesPerSession, long maxBufferedBytes, Duration loginTimeout,
                           Duration idleTimeout) {

    /** The defaults: generous for real initiators (open-iscsi, libiscsi, 16 parallel iscsi-perf), bounded for peers. */
    public static final PortalLimits DEFAULTS = new PortalLimits(1024, 64, 512, 64L << 20, 256L << 20,
            Duration.ofSeconds(15), Duration.ofSeconds(300));

    public PortalLimits {
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxConnections < 1 || maxConnectionsPerInitiator < 1 || maxCommandsPerSession < 1) {
            throw new IllegalArgumentException("connection and command limits must be >= 1: " + maxConnections + ", "
                    + maxConnectionsPerInitiator + ", " + maxCommandsPerSession);
        }
        if (maxBufferedBytesPerSession < 65536 || maxBufferedBytes < maxBufferedBytesPerSession) {
            throw new IllegalArgumentException("buffered bytes: per session at least 64 KiB and at most the portal's: "
                    + maxBufferedBytesPerSession + ", " + maxBufferedBytes);
        }
        if (loginTimeout.isNegative() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative: " + loginTimeout + ", " + idleTimeout);
        }
    }

    public PortalLimits withMaxConnections(int v) {
        return new PortalLimits(v, maxConnectionsPerInitiator, maxCommandsPerSession, maxBufferedBytesPerSession,
                maxBufferedBytes, loginTimeout, idleTimeout);
    }

    public PortalLimits withMaxConnectionsPerInitiator(int v) {
        return new PortalLimits(maxConnections, v, maxCommandsPerSession, maxBufferedBytesPerSession,
                maxBufferedBytes, loginTimeout, idleTimeout);
    }

    public PortalLimits withMaxCommandsPerSession(int v) {
        return new PortalLimits(maxConnections, maxConnectionsPerInitiator, v, maxBufferedBytesPerSession,
                maxBufferedBytes, loginTimeout, idleTimeout);
    }

    public PortalLimits withMaxBufferedBytes(long perSession, long portal) {
        return new PortalLimits(maxConnections, maxConnectionsPerInitiator, maxCommandsPerSession, perSession, portal,
                loginTimeout, idleTimeout);
    }

    public PortalLimits withLoginTimeout(Duration v) {
        return new PortalLimits(maxConnections, maxConnectionsPerInitiator, maxCommandsPerSession,
                maxBufferedBytesPerSession, maxBufferedBytes, v, idleTimeout);
    }

    public PortalLimits withIdleTimeout(Duration v) {
        return new PortalLimits(maxConnections, maxConnectionsPerInitiator, maxCommandsPerSession,
                maxBufferedBytesPerSession, maxBufferedBytes, loginTimeout, v);
    }
}
