package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.transport.socket.nio.NioSocketConnector;

/**
 * An iSCSI initiator on Apache MINA: logs in to targets (normal and discovery sessions), then runs SCSI
 * commands and task management through {@link InitiatorSession}. The network bridge to real appliances and
 * the tests against tgt use it. Close it to release its I/O threads.
 */
public final class IscsiInitiator implements AutoCloseable {
    private static final AttributeKey SESSION = new AttributeKey(IscsiInitiator.class, "session");

    /** One target found by SendTargets. */
    public record DiscoveredTarget(String name, List<String> addresses) {
    }

    private final String initiatorName;
    private final RandomGenerator random;
    private final NioSocketConnector connector;
    private int nextIsidQualifier = 1;

    public IscsiInitiator(String initiatorName) {
        this(initiatorName, new SecureRandom());
    }

    /**
     * @param initiatorName the iSCSI name of this initiator
     * @param random        source of CHAP challenges and initial sequence numbers
     */
    public IscsiInitiator(String initiatorName, RandomGenerator random) {
        IscsiNames.requireValid(initiatorName);
        this.initiatorName = initiatorName;
        this.random = Objects.requireNonNull(random);
        connector = new NioSocketConnector(1);
        connector.setConnectTimeoutMillis(10_000);
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.getSessionConfig().setMaxReadBufferSize(1 << 20);
        connector.getFilterChain().addLast("iscsi", new ProtocolCodecFilter(new PduEncoder(), new PduDecoder()));
        connector.setHandler(new Handler());
    }

    public String initiatorName() {
        return initiatorName;
    }

    /** Logs in to a normal session with {@code targetName} on {@code portal}. */
    public CompletableFuture<InitiatorSession> login(InetSocketAddress portal, String targetName, InitiatorOptions options) {
        IscsiNames.requireValid(targetName);
        return connect(portal, targetName, options);
    }

    /** Logs in to a normal session with the default options and a fresh ISID. */
    public CompletableFuture<InitiatorSession> login(InetSocketAddress portal, String targetName) {
        return login(portal, targetName, InitiatorOptions.defaults().withIsid(newIsid()));
    }

    /** Runs a discovery session: login, SendTargets=All, logout. */
    public CompletableFuture<List<DiscoveredTarget>> discover(InetSocketAddress portal) {
        return connect(portal, null, InitiatorOptions.defaults().withIsid(newIsid()))
                .thenCompose(s -> s.sendTargets("All").thenCompose(pairs -> s.logout().handle((v, e) -> pairs)))
                .thenApply(IscsiInitiator::targets);
    }

    static List<DiscoveredTarget> targets(List<Pair> pairs) {
        List<DiscoveredTarget> out = new ArrayList<>();
        String name = null;
        List<String> addresses = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.key().equals("TargetName")) {
                if (name != null) {
                    out.add(new DiscoveredTarget(name, List.copyOf(addresses)));
                }
                name = p.value();
                addresses.clear();
            } else if (p.key().equals("TargetAddress") && name != null) {
                addresses.add(p.value());
            }
        }
        if (name != null) {
            out.add(new DiscoveredTarget(name, List.copyOf(addresses)));
        }
        return out;
    }

    private synchronized long newIsid() {
        // ISID type 10b (random): T=2, A and B from our random source, D a counter
        long isid = (0x80L << 40) | ((long) random.nextInt(1 << 22) << 16) | (nextIsidQualifier++ & 0xFFFF);
        return isid;
    }

    private CompletableFuture<InitiatorSession> connect(InetSocketAddress portal, String targetName, InitiatorOptions options) {
        CompletableFuture<InitiatorSession> result = new CompletableFuture<>();
        ConnectFuture cf = connector.connect(portal);
        cf.addListener(f -> {
            ConnectFuture c = (ConnectFuture) f;
            if (!c.isConnected()) {
                Throwable cause = c.getException();
                result.completeExceptionally(cause != null ? cause
                        : new IscsiConnectionLostException("cannot connect to " + portal));
                return;
            }
            IoSession io = c.getSession();
            int itt = random.nextInt() & 0x7FFFFFFF;
            int cmdSn = random.nextInt();
            InitiatorLogin login = new InitiatorLogin(initiatorName, targetName, options, random, itt, cmdSn);
            InitiatorSession s = new InitiatorSession(io, login, itt, cmdSn);
            io.setAttribute(SESSION, s);
            s.start().whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        });
        return result;
    }

    @Override
    public void close() {
        for (IoSession io : connector.getManagedSessions().values()) {
            io.closeNow();
        }
        connector.dispose(true);
    }

    private static final class Handler extends IoHandlerAdapter {
        @Override
        public void messageReceived(IoSession io, Object message) {
            InitiatorSession s = (InitiatorSession) io.getAttribute(SESSION);
            if (s != null) {
                s.received(message);
            }
        }

        @Override
        public void sessionClosed(IoSession io) {
            InitiatorSession s = (InitiatorSession) io.getAttribute(SESSION);
            if (s != null) {
                s.closed();
            }
        }

        @Override
        public void exceptionCaught(IoSession io, Throwable cause) {
            io.closeNow();
        }
    }
}
