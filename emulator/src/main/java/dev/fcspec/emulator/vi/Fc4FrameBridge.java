package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.ExchangeState;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.wire.FCtl;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameHeader;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Carries a frame-level FC-4 (one that builds its own frames and keeps its own exchange identifiers, as a
 * protocol engine written for a direct link does) over the exchanges of a port-layer N_Port or NPIV port.
 *
 * <p>Frames the engine sends are mapped to exchanges: a first sequence opens one ({@link LocalPort#originate}),
 * later sequences continue it, an answer goes on the exchange the remote port opened
 * ({@link LocalPort#registerFc4Handler}) and a Last_Sequence ends it. Sequences arriving on those exchanges
 * are handed to the engine as the single frame it would have seen on a direct link, with its own OX_ID.
 * Only logged-in remote ports reach the engine (the port layer's rule for FC-4s).
 */
public final class Fc4FrameBridge {

    private final LocalPort port;
    private final int type;
    private Consumer<Frame> engine;
    /** Exchanges this side opened, by the provider's OX_ID. */
    private final Map<Integer, Exchange> originated = new HashMap<>();
    private final Map<Exchange, Integer> providerIds = new IdentityHashMap<>();
    /** Exchanges remote ports opened, by (remote, OX_ID). */
    private final Map<Key, Exchange> answering = new HashMap<>();
    private long dropped;

    private record Key(FcId remote, int oxId) {
    }

    /** A bridge for FC-4 {@code type} on {@code port}. */
    public Fc4FrameBridge(LocalPort port, int type) {
        this.port = Objects.requireNonNull(port, "port");
        this.type = type;
    }

    public LocalPort port() {
        return port;
    }

    /** Starts handing arriving sequences of the FC-4 to {@code engine}. */
    public void start(Consumer<Frame> engineReceiver) {
        if (engine != null) {
            throw new IllegalStateException("TYPE 0x" + Integer.toHexString(type) + " is already served on " + port);
        }
        engine = Objects.requireNonNull(engineReceiver, "engineReceiver");
        port.registerFc4Handler(type, this::onExchange);
    }

    /** Stops serving the FC-4 on the port (exchanges in progress are left to the exchange manager). */
    public void stop() {
        port.unregisterFc4Handler(type);
    }

    /** Frames the engine sent on an exchange that had already ended (nothing was transmitted for them). */
    public synchronized long dropped() {
        return dropped;
    }

    // ------------------------------------------------------------------ engine -> port

    /** Sends a frame of the engine through the port: the engine's transmitter. */
    public void transmit(Frame f) {
        FrameHeader h = f.header();
        byte[] payload = f.payload();
        if (!h.fromResponder()) {
            if (h.has(FCtl.FIRST_SEQ)) {
                int providerId = h.oxId();
                Exchange ex = port.originate(h.dId(), type, new SequenceHandler() {
                    @Override
                    public void onSequence(Exchange e, Sequence s) {
                        deliver(s, providerId, e);
                    }

                    @Override
                    public void onAborted(Exchange e, ExchangeException cause) {
                        forget(e);
                    }
                });
                synchronized (this) {
                    originated.put(providerId, ex);
                    providerIds.put(ex, providerId);
                }
                ex.send(h.rCtl(), payload);
                return;
            }
            Exchange ex;
            synchronized (this) {
                ex = originated.get(h.oxId());
            }
            sendOn(ex, h, payload);
            return;
        }
        Key k = new Key(h.dId(), h.oxId());
        Exchange ex;
        synchronized (this) {
            ex = answering.get(k);
        }
        sendOn(ex, h, payload);
        if (h.has(FCtl.LAST_SEQ)) {
            synchronized (this) {
                answering.remove(k);
            }
        }
    }

    private void sendOn(Exchange ex, FrameHeader h, byte[] payload) {
        if (ex == null || ex.state() != ExchangeState.OPEN) {
            synchronized (this) {
                dropped++;
            }
            return;
        }
        if (h.has(FCtl.LAST_SEQ)) {
            ex.sendLast(h.rCtl(), payload);
        } else {
            ex.send(h.rCtl(), payload);
        }
    }

    // ------------------------------------------------------------------ port -> engine

    private void onExchange(LocalPort p, RemotePort remote, Exchange ex, Sequence first) {
        synchronized (this) {
            answering.put(new Key(ex.remoteId(), ex.oxId()), ex);
        }
        ex.setHandler(new SequenceHandler() {
            @Override
            public void onSequence(Exchange e, Sequence s) {
                deliver(s, null, e);
            }

            @Override
            public void onAborted(Exchange e, ExchangeException cause) {
                synchronized (Fc4FrameBridge.this) {
                    answering.remove(new Key(e.remoteId(), e.oxId()));
                }
            }
        });
        deliver(first, null, ex);
    }

    /** Hands a whole sequence to the engine as the single frame it would have seen on a direct link. */
    private void deliver(Sequence s, Integer providerId, Exchange ex) {
        FrameHeader fh = s.firstHeader();
        int ox = providerId != null ? providerId : fh.oxId();
        int fCtl = s.lastHeader().fCtl() & ~(FCtl.REL_OFF | FCtl.FILL) | FCtl.END_SEQ;
        FrameHeader h = new FrameHeader(s.rCtl(), port.fcId(), 0, s.sourceId(), type, fCtl, fh.seqId(), 0,
                0, ox, fh.rxId(), 0);
        if (providerId != null && s.lastHeader().has(FCtl.LAST_SEQ)) {
            forget(ex);
        }
        engine.accept(Frame.single(h, s.payload()));
    }

    private synchronized void forget(Exchange e) {
        Integer id = providerIds.remove(e);
        if (id != null) {
            originated.remove(id);
        }
    }

    @Override
    public String toString() {
        return "Fc4FrameBridge[TYPE 0x" + Integer.toHexString(type) + " on " + port + "]";
    }
}
