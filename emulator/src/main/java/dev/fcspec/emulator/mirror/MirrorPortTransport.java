package dev.fcspec.emulator.mirror;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Mirror and policing messages in FC frames (TYPE {@link MirrorProtocol#TYPE}) through the exchanges of the
 * server's N_Ports: one route per peer, either a port cabled directly to the peer's port (a dedicated link)
 * or a port on the fabric that also carries the hosts' traffic (the shared network), to the peer's N_Port_ID.
 * Both ends must be logged in with each other (PLOGI), as for every FC-4.
 */
public final class MirrorPortTransport implements MirrorTransport {

    /** How this server reaches one peer: its own port and the peer port's N_Port_ID. */
    public record Route(LocalPort port, FcId remote) {
        public Route {
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(remote, "remote");
        }
    }

    private final Map<Integer, Route> routes = new LinkedHashMap<>();
    private Receiver receiver;
    private boolean started;

    /** Adds the route to peer {@code serverId}. */
    public MirrorPortTransport route(int serverId, LocalPort port, FcId remote) {
        if (started) {
            throw new IllegalStateException("routes are set before the transport starts");
        }
        routes.put(serverId, new Route(port, remote));
        return this;
    }

    public Map<Integer, Route> routes() {
        return Map.copyOf(routes);
    }

    @Override
    public void start(Receiver r) {
        receiver = Objects.requireNonNull(r, "receiver");
        started = true;
        for (LocalPort p : ports()) {
            p.registerFc4Handler(MirrorProtocol.TYPE, this::onExchange);
        }
    }

    @Override
    public void stop() {
        for (LocalPort p : ports()) {
            p.unregisterFc4Handler(MirrorProtocol.TYPE);
        }
        receiver = null;
    }

    /** How long {@link #reconnect} waits for a port to log in again, and how often it looks. */
    static final Duration LOGIN_WAIT = Duration.ofSeconds(10);
    private static final Duration LOOK_EVERY = Duration.ofNanos(100_000);

    /** Waits until each route's port is logged in again, then logs in (PLOGI) to each peer port not logged in. */
    @Override
    public void reconnect(Runnable then) {
        List<Route> rs = List.copyOf(routes.values());
        int[] pending = {rs.size()};
        if (rs.isEmpty()) {
            then.run();
            return;
        }
        for (Route r : rs) {
            LocalPort p = r.port();
            whenReady(p, LOGIN_WAIT.toNanos() / LOOK_EVERY.toNanos(), () -> {
                boolean in = p.remotePort(r.remote()).map(RemotePort::isLoggedIn).orElse(false);
                if (in || p.state() != LportState.READY) {
                    if (--pending[0] == 0) {
                        then.run();
                    }
                    return;
                }
                p.login(r.remote()).whenComplete((x, t) -> p.scheduler().execute(() -> {
                    if (--pending[0] == 0) {
                        then.run();
                    }
                }));
            });
        }
    }

    private static void whenReady(LocalPort p, long looksLeft, Runnable then) {
        if (p.state() == LportState.READY || looksLeft <= 0) {
            then.run();
            return;
        }
        p.scheduler().schedule(LOOK_EVERY, () -> whenReady(p, looksLeft - 1, then));
    }

    private Set<LocalPort> ports() {
        Set<LocalPort> s = new LinkedHashSet<>();
        routes.values().forEach(r -> s.add(r.port()));
        return s;
    }

    private int peerOf(LocalPort port, FcId remote) {
        for (Map.Entry<Integer, Route> e : routes.entrySet()) {
            if (e.getValue().port() == port && e.getValue().remote().equals(remote)) {
                return e.getKey();
            }
        }
        return -1;
    }

    private void onExchange(LocalPort port, RemotePort remote, Exchange ex, Sequence first) {
        Receiver r = receiver;
        if (r == null) {
            ex.close();
            return;
        }
        ex.setHandler(new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                // one request per exchange: anything after it is ignored
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                // the requester gave up; a late reply is not sent
            }
        });
        boolean[] replied = {false};
        r.onRequest(peerOf(port, ex.remoteId()), first.payload(), bytes -> {
            if (replied[0]) {
                throw new IllegalStateException("request on " + ex + " answered twice");
            }
            replied[0] = true;
            if (ex.state() == ExchangeState.OPEN) {
                ex.sendLast(MirrorProtocol.R_CTL_REPLY, bytes);
            }
        });
    }

    @Override
    public void request(int peer, byte[] payload, Duration timeout, Consumer<byte[]> onReply,
                        Consumer<Throwable> onFailure) {
        Route route = routes.get(peer);
        if (route == null) {
            onFailure.accept(new IllegalArgumentException("no route to server " + peer));
            return;
        }
        boolean[] ended = {false};
        Exchange ex = route.port().originate(route.remote(), MirrorProtocol.TYPE, new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                if (!ended[0]) {
                    ended[0] = true;
                    e.close();
                    onReply.accept(s.payload());
                }
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                if (!ended[0]) {
                    ended[0] = true;
                    onFailure.accept(cause);
                }
            }
        });
        ex.setTimeout(timeout);
        ex.send(MirrorProtocol.R_CTL_REQUEST, payload);
    }

    @Override
    public String toString() {
        return "mirror transport " + routes;
    }
}
