package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.TargetLogin.SessionType;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.time.RealTimeScheduler;
import dev.fcspec.emulator.time.Scheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * An iSCSI target portal (RFC 7143) on Apache MINA: one TCP listening address serving one or more targets,
 * each backed by a SCSI target. Binds 127.0.0.1 unless told otherwise; runs until {@link #close()}. MINA's
 * I/O thread runs the iSCSI state machines and hands everything SCSI to the targets' scheduler
 * ({@link Builder#coreScheduler}), so a target stays confined to its scheduler as on an FC port.
 */
public final class IscsiTargetPortal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IscsiTargetPortal.class.getName());
    private static final AttributeKeyHolder CONNECTION = new AttributeKeyHolder();

    private final InetSocketAddress bindAddress;
    private final int portalGroupTag;
    private final TargetSettings settings;
    private final Map<String, IscsiTargetDefinition> targets;
    private final RandomGenerator random;
    private final NopInPings pings;
    private final PortalLimits limits;
    private final Scheduler timers;
    /** The scheduler the targets' SCSI cores are confined to; null: the portal runs its own from start to close. */
    private final Scheduler givenCoreScheduler;
    private volatile Scheduler coreScheduler;
    private RealTimeScheduler ownCoreScheduler;
    private final Map<Integer, TargetSession> sessions = new ConcurrentHashMap<>();
    /** Connections per InitiatorName admitted by a login (for {@link PortalLimits#maxConnectionsPerInitiator}). */
    private final Map<String, Integer> initiatorConnections = new ConcurrentHashMap<>();
    /** Data-out bytes held by all sessions (for {@link PortalLimits#maxBufferedBytes}). */
    private final AtomicLong buffered = new AtomicLong();
    private final Object tsihLock = new Object();
    private int nextTsih = 1;
    private NioSocketAcceptor acceptor;
    private InetSocketAddress localAddress;

    private IscsiTargetPortal(Builder b) {
        this.bindAddress = b.bindAddress;
        this.portalGroupTag = b.portalGroupTag;
        this.settings = b.settings;
        this.targets = new LinkedHashMap<>(b.targets);
        this.random = b.random;
        this.pings = b.pings;
        this.limits = b.limits;
        this.timers = b.timers;
        this.givenCoreScheduler = b.coreScheduler;
    }

    /**
     * Target-initiated NOP-In pings (RFC 7143 section 11.19): every {@code interval} of the scheduler's time a
     * logged-in connection gets a NOP-In with a Target Transfer Tag, and one not answered by a NOP-Out with that
     * tag within {@code responseTimeout} is dropped, as Linux LIO does with {@code nopin_timeout} and
     * {@code nopin_response_timeout}.
     */
    public record NopInPings(Scheduler scheduler, Duration interval, Duration responseTimeout) {
        public NopInPings {
            Objects.requireNonNull(scheduler, "scheduler");
            if (interval.isZero() || interval.isNegative() || responseTimeout.isZero() || responseTimeout.isNegative()) {
                throw new IllegalArgumentException("NOP-In interval and response timeout must be positive: "
                        + interval + ", " + responseTimeout);
            }
        }
    }

    /** The pings this portal sends, if any. */
    public Optional<NopInPings> nopInPings() {
        return Optional.ofNullable(pings);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts listening. */
    public synchronized IscsiTargetPortal start() {
        if (acceptor != null) {
            throw new IllegalStateException("already started");
        }
        if (givenCoreScheduler != null) {
            coreScheduler = givenCoreScheduler;
        } else {
            ownCoreScheduler = new RealTimeScheduler("iscsi-scsi-target", random.nextLong());
            coreScheduler = ownCoreScheduler;
        }
        // One I/O processor per core: a connection stays on one processor, so the PDUs of a connection are handled
        // in order; a failure on one connection closes that connection only (ContainFailures)
        NioSocketAcceptor a = new NioSocketAcceptor(Math.max(2, Runtime.getRuntime().availableProcessors()));
        a.setReuseAddress(true);
        // unbind must not wait for every connection to close (close() closes them itself, with a deadline)
        a.setCloseOnDeactivation(false);
        if (!limits.idleTimeout().isZero()) {
            a.getSessionConfig().setIdleTime(IdleStatus.READER_IDLE, (int) Math.max(1, limits.idleTimeout().toSeconds()));
        }
        a.getSessionConfig().setTcpNoDelay(true);
        a.getSessionConfig().setReceiveBufferSize(1 << 20);
        a.getSessionConfig().setSendBufferSize(1 << 20);
        // MINA writes at most 1.5 x MaxReadBufferSize bytes per session per I/O loop turn: large enough for a
        // whole 256 KiB Data-In burst in one turn
        a.getSessionConfig().setMaxReadBufferSize(1 << 20);
        a.getSessionConfig().setReadBufferSize(256 * 1024);
        a.getFilterChain().addLast("contain", new ContainFailures());
        a.getFilterChain().addLast("iscsi", new ProtocolCodecFilter(new PduEncoder(), new PduDecoder()));
        a.setHandler(new Handler());
        try {
            a.bind(bindAddress);
        } catch (IOException e) {
            a.dispose(true);
            closeOwnCoreScheduler();
            throw new UncheckedIOException("cannot bind iSCSI portal to " + bindAddress, e);
        }
        acceptor = a;
        localAddress = (InetSocketAddress) a.getLocalAddress();
        LOG.log(System.Logger.Level.INFO, "iSCSI portal listening on {0}", localAddress);
        return this;
    }

    /** The address the portal listens on (with the real port when bound to port 0). */
    public InetSocketAddress localAddress() {
        if (localAddress == null) {
            throw new IllegalStateException("not started");
        }
        return localAddress;
    }

    public int portalGroupTag() {
        return portalGroupTag;
    }

    public TargetSettings settings() {
        return settings;
    }

    public PortalLimits limits() {
        return limits;
    }

    /** TCP connections open on the portal (in any phase). */
    public int connectionCount() {
        NioSocketAcceptor a = acceptor;
        return a == null ? 0 : a.getManagedSessionCount();
    }

    /** Data-out bytes the portal's sessions hold (R2Ts granted, unsolicited data kept). */
    public long bufferedBytes() {
        return buffered.get();
    }

    void buffered(long delta) {
        buffered.addAndGet(delta);
    }

    /** Counts a connection against its initiator's limit; false when the initiator has as many as it may. */
    boolean admitInitiator(TargetConnection c, String initiatorName) {
        boolean[] ok = {false};
        initiatorConnections.compute(initiatorName, (k, n) -> {
            int have = n == null ? 0 : n;
            if (have >= limits.maxConnectionsPerInitiator()) {
                return n;
            }
            ok[0] = true;
            return have + 1;
        });
        if (ok[0]) {
            c.admitted(initiatorName);
        } else {
            LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: {1} already has {2} connections; login refused",
                    c.peer(), initiatorName, limits.maxConnectionsPerInitiator());
        }
        return ok[0];
    }

    void initiatorConnectionClosed(String initiatorName) {
        initiatorConnections.computeIfPresent(initiatorName, (k, n) -> n <= 1 ? null : n - 1);
    }

    public List<IscsiTargetDefinition> targets() {
        return List.copyOf(targets.values());
    }

    /** The number of sessions in the Full Feature Phase (discovery and normal). */
    public int sessionCount() {
        return sessions.size();
    }

    /** The iSCSI target port name of a target on this portal: {@code name,t,0xTPGT} (RFC 7143 section 4.2.7.1). */
    public static TargetPort targetPort(IscsiTargetDefinition t, int portalGroupTag) {
        return targetPort(t.name(), t.relativePortId(), portalGroupTag);
    }

    /** The target port a SCSI core must know for a target name served under a portal group tag. */
    public static TargetPort targetPort(String targetName, int relativePortId, int portalGroupTag) {
        return new TargetPort(TransportProtocol.ISCSI, String.format("%s,t,0x%04x", targetName, portalGroupTag),
                relativePortId);
    }

    /** The iSCSI initiator port name: {@code name,i,0xISID} (RFC 7143 section 4.2.7.1). */
    public static InitiatorPort initiatorPort(String initiatorName, long isid) {
        return new InitiatorPort(TransportProtocol.ISCSI, String.format("%s,i,0x%012x", initiatorName, isid),
                initiatorName);
    }

    /** How long {@link #close()} waits for the I/O processors to stop. */
    private static final long CLOSE_DEADLINE_MILLIS = 3000;

    /**
     * Stops listening, ends every session (the cores hear of each lost nexus), closes every connection and stops
     * the I/O processors, waiting for them at most a few seconds whatever state the connections are in.
     */
    @Override
    public synchronized void close() {
        if (acceptor == null) {
            return;
        }
        NioSocketAcceptor a = acceptor;
        acceptor = null;
        for (TargetSession s : new ArrayList<>(sessions.values())) {
            try {
                s.end();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "iSCSI portal " + localAddress + ": ending a session failed", e);
            }
        }
        a.unbind();
        for (IoSession io : a.getManagedSessions().values()) {
            io.closeNow();
        }
        Thread disposer = new Thread(() -> a.dispose(true), "iscsi-portal-close");
        disposer.setDaemon(true);
        disposer.start();
        try {
            disposer.join(CLOSE_DEADLINE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (disposer.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "iSCSI portal {0}: I/O processors still busy after {1} ms; leaving them",
                    localAddress, CLOSE_DEADLINE_MILLIS);
        }
        closeOwnCoreScheduler();
    }

    private void closeOwnCoreScheduler() {
        if (ownCoreScheduler != null) {
            ownCoreScheduler.close();
            ownCoreScheduler = null;
        }
    }

    /**
     * The scheduler the targets' SCSI cores are confined to: connections hand every command, task management
     * function and nexus loss to it, and the target completes them there.
     */
    Scheduler coreScheduler() {
        return coreScheduler;
    }

    // ------------------------------------------------------------ used by connections

    TargetLogin.Context loginContext(TargetConnection connection) {
        return new TargetLogin.Context() {
            private boolean admitted;

            @Override
            public boolean admitInitiator(String initiatorName) {
                if (!admitted) {
                    admitted = IscsiTargetPortal.this.admitInitiator(connection, initiatorName);
                }
                return admitted;
            }

            @Override
            public TargetSettings settings() {
                return settings;
            }

            @Override
            public int portalGroupTag() {
                return portalGroupTag;
            }

            @Override
            public Optional<IscsiTargetDefinition> findTarget(String name) {
                return Optional.ofNullable(targets.get(name));
            }

            @Override
            public Optional<TargetLogin.JoinedSession> findSession(String initiatorName, long isid, int tsih) {
                TargetSession s = sessions.get(tsih);
                if (s == null || s.ended() || !s.initiatorName.equals(initiatorName) || s.isid != isid) {
                    return Optional.empty();
                }
                return Optional.of(new TargetLogin.JoinedSession(s.parameters, s.expCmdSn(), s.maxCmdSn(),
                        s.connections.size()));
            }

            @Override
            public int newTsih() {
                synchronized (tsihLock) {
                    while (true) {
                        int t = nextTsih;
                        nextTsih = nextTsih == 0xFFFF ? 1 : nextTsih + 1;
                        if (!sessions.containsKey(t)) {
                            return t;
                        }
                    }
                }
            }

            @Override
            public RandomGenerator random() {
                return random;
            }
        };
    }

    /** Creates or joins the session of a connection whose login just completed. */
    TargetSession loginComplete(TargetConnection conn, TargetLogin login) {
        if (login.joining()) {
            TargetSession s = sessions.get(login.tsih());
            for (TargetConnection old : s.connections) {
                if (old.cid == login.cid()) {
                    s.connections.remove(old);
                    old.close();
                }
            }
            s.connections.add(conn);
            return s;
        }
        for (TargetSession old : new ArrayList<>(sessions.values())) {
            if (old.initiatorName.equals(login.initiatorName()) && old.isid == login.isid()
                    && old.type == login.sessionType() && Objects.equals(old.target, login.target())) {
                LOG.log(System.Logger.Level.DEBUG, "session reinstatement of TSIH {0}", old.tsih);
                old.end();
            }
        }
        ItNexus nexus = login.sessionType() == SessionType.NORMAL
                ? new ItNexus(initiatorPort(login.initiatorName(), login.isid()), targetPort(login.target(), portalGroupTag))
                : null;
        TargetSession s = new TargetSession(this, login, nexus, settings.commandWindow());
        s.connections.add(conn);
        sessions.put(s.tsih, s);
        return s;
    }

    void sessionEnded(TargetSession s) {
        sessions.remove(s.tsih, s);
    }

    /** Aborts the front-end tasks of every session of a target for a LUN (null: every LUN). */
    void abortTasks(IscsiTargetDefinition target, Long lun) {
        for (TargetSession s : sessions.values()) {
            if (s.target == target) {
                s.abortTasks(lun);
            }
        }
    }

    /** Ends every session of a target (TARGET COLD RESET). */
    void closeSessions(IscsiTargetDefinition target) {
        for (TargetSession s : new ArrayList<>(sessions.values())) {
            if (s.target == target) {
                s.end();
            }
        }
    }

    private final class Handler extends IoHandlerAdapter {
        @Override
        public void sessionCreated(IoSession io) {
            NioSocketAcceptor a = acceptor;
            int open = a == null ? 0 : a.getManagedSessionCount();
            if (open > limits.maxConnections()) {
                LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: the portal has {1} connections (limit {2}); closing "
                        + "the new one", io.getRemoteAddress(), open - 1, limits.maxConnections());
                io.closeNow();
                return;
            }
            TargetConnection c = new TargetConnection(io, IscsiTargetPortal.this);
            io.setAttribute(CONNECTION.key, c);
            if (timers != null && !limits.loginTimeout().isZero()) {
                c.startLoginTimer(timers, limits.loginTimeout());
            }
        }

        @Override
        public void messageReceived(IoSession io, Object message) {
            TargetConnection c = (TargetConnection) io.getAttribute(CONNECTION.key);
            if (c != null) {
                c.received(message);
            }
        }

        @Override
        public void messageSent(IoSession io, Object message) {
            TargetConnection c = (TargetConnection) io.getAttribute(CONNECTION.key);
            if (c != null) {
                c.checkQueuedDataIn();
            }
        }

        @Override
        public void sessionIdle(IoSession io, IdleStatus status) {
            TargetConnection c = (TargetConnection) io.getAttribute(CONNECTION.key);
            LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: nothing received for {1} (in state {2}); dropping the "
                    + "connection", c == null ? io.getRemoteAddress() : c.peer(), limits.idleTimeout(),
                    c == null ? "-" : c.state());
            if (c != null) {
                c.close();
            }
            io.closeNow();
        }

        @Override
        public void sessionClosed(IoSession io) {
            TargetConnection c = (TargetConnection) io.getAttribute(CONNECTION.key);
            if (c != null) {
                c.closed();
            }
        }

        @Override
        public void exceptionCaught(IoSession io, Throwable cause) {
            TargetConnection c = (TargetConnection) io.getAttribute(CONNECTION.key);
            if (cause instanceof IOException) {
                // the peer reset the connection: nothing for the operator
                LOG.log(System.Logger.Level.DEBUG, "iSCSI {0}: {1}", io.getRemoteAddress(), cause.toString());
            } else {
                LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: closing the connection after {1}",
                        c == null ? io.getRemoteAddress() : c.peer(), cause.toString());
                LOG.log(System.Logger.Level.DEBUG, "stack trace", cause);
            }
            io.closeNow();
        }
    }

    /**
     * First in the filter chain: an Error or exception anywhere below (codec, handler, target core) on one
     * connection closes that connection and never reaches the I/O processor's thread, which serves every other
     * connection of the processor (MINA rethrows Errors after exceptionCaught, and the thread would die).
     */
    private static final class ContainFailures extends IoFilterAdapter {
        @Override
        public void messageReceived(NextFilter next, IoSession io, Object message) {
            try {
                next.messageReceived(io, message);
            } catch (Throwable t) {
                contain(io, t);
            }
        }

        @Override
        public void messageSent(NextFilter next, IoSession io, WriteRequest request) {
            try {
                next.messageSent(io, request);
            } catch (Throwable t) {
                contain(io, t);
            }
        }

        @Override
        public void sessionIdle(NextFilter next, IoSession io, IdleStatus status) {
            try {
                next.sessionIdle(io, status);
            } catch (Throwable t) {
                contain(io, t);
            }
        }

        @Override
        public void sessionClosed(NextFilter next, IoSession io) {
            try {
                next.sessionClosed(io);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: cleaning up a closed connection failed: {1}",
                        io.getRemoteAddress(), t.toString());
            }
        }

        private static void contain(IoSession io, Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: {1}; closing this connection", io.getRemoteAddress(),
                    t.toString());
            io.closeNow();
        }
    }

    private static final class AttributeKeyHolder {
        final org.apache.mina.core.session.AttributeKey key =
                new org.apache.mina.core.session.AttributeKey(TargetConnection.class, "connection");
    }

    /** Builds a portal. */
    public static final class Builder {
        private InetSocketAddress bindAddress = new InetSocketAddress("127.0.0.1", IscsiConstants.DEFAULT_PORT);
        private int portalGroupTag = 1;
        private TargetSettings settings = TargetSettings.DEFAULTS;
        private final Map<String, IscsiTargetDefinition> targets = new LinkedHashMap<>();
        private RandomGenerator random = new SecureRandom();
        private NopInPings pings;
        private PortalLimits limits = PortalLimits.DEFAULTS;
        private Scheduler timers;
        private Scheduler coreScheduler;

        private Builder() {
        }

        /** The portal's limits (default {@link PortalLimits#DEFAULTS}). */
        public Builder limits(PortalLimits l) {
            this.limits = Objects.requireNonNull(l);
            return this;
        }

        /** The scheduler that times logins out (default: none, logins are not timed). */
        public Builder timers(Scheduler s) {
            this.timers = Objects.requireNonNull(s);
            return this;
        }

        /** The address to listen on (default 127.0.0.1:3260; port 0 picks a free port). */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address);
            return this;
        }

        public Builder bind(String host, int port) {
            return bind(new InetSocketAddress(host, port));
        }

        public Builder portalGroupTag(int tag) {
            if (tag < 0 || tag > 0xFFFF) {
                throw new IllegalArgumentException("portal group tag out of range 0..65535: " + tag);
            }
            this.portalGroupTag = tag;
            return this;
        }

        public Builder settings(TargetSettings s) {
            this.settings = Objects.requireNonNull(s);
            return this;
        }

        public Builder target(IscsiTargetDefinition t) {
            if (targets.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("target " + t.name() + " is already on this portal");
            }
            return this;
        }

        /** The source of CHAP challenges (default: SecureRandom). */
        /** Sends NOP-In pings on every logged-in connection (default: none, as tgt). */
        public Builder nopInPings(Scheduler scheduler, Duration interval, Duration responseTimeout) {
            this.pings = new NopInPings(scheduler, interval, responseTimeout);
            return this;
        }

        /**
         * The scheduler the targets' SCSI cores run on (the bench's, for a target that is part of one); by
         * default the portal runs one event thread of its own for them.
         */
        public Builder coreScheduler(Scheduler scheduler) {
            this.coreScheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        public Builder random(RandomGenerator r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        public IscsiTargetPortal build() {
            if (targets.isEmpty()) {
                throw new IllegalStateException("a portal needs at least one target");
            }
            return new IscsiTargetPortal(this);
        }
    }
}
