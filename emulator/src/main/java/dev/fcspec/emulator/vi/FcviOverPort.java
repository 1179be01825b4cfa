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
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * FC-VI as an FC-4 of a port-layer N_Port (or NPIV virtual port): the VI provider's IUs travel in exchanges
 * of the port's exchange manager, so the interconnect can be an FC fabric (the partner is a logged-in remote
 * port) as well as a direct link, and FC-VI shares the port with ELS and other FC-4s.
 *
 * <p>The {@link FcviPort} keeps its own exchange identifiers; this binding maps them to the exchanges the
 * port opens ({@link LocalPort#originate}) and to those remote ports open ({@link LocalPort#registerFc4Handler}
 * for TYPE 0x58). Only logged-in remote ports reach the VI provider (the port layer's rule for FC-4s).
 */
public final class FcviOverPort {

    private final LocalPort port;
    private FcviPort provider;
    /** Exchanges this side opened, by the provider's OX_ID. */
    private final Map<Integer, Exchange> originated = new HashMap<>();
    private final Map<Exchange, Integer> providerIds = new IdentityHashMap<>();
    /** Exchanges remote ports opened, by (remote, OX_ID). */
    private final Map<Key, Exchange> answering = new HashMap<>();
    private long dropped;

    private record Key(FcId remote, int oxId) {
    }

    public FcviOverPort(LocalPort port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    /**
     * Creates the VI provider on the port (which must have its FC_ID, i.e. be logged in to the fabric or
     * to its point-to-point peer) and starts serving FC-VI exchanges.
     */
    public FcviPort start(HostMemory memory, Duration ulpTimeout) {
        if (provider != null) {
            throw new IllegalStateException("FC-VI is already started on " + port);
        }
        if (port.fcId() == null || port.fcId().equals(FcId.UNASSIGNED)) {
            throw new IllegalStateException(port + " has no N_Port_ID yet: log it in first");
        }
        provider = new FcviPort(port.scheduler(), port.fcId(), memory, this::transmit, ulpTimeout);
        port.registerFc4Handler(FcviProtocol.TYPE, this::onExchange);
        return provider;
    }

    public FcviPort start(HostMemory memory) {
        return start(memory, FcviPort.DEFAULT_ULP_TIMEOUT);
    }

    /** Stops serving FC-VI on the port (exchanges in progress are left to the exchange manager). */
    public void stop() {
        port.unregisterFc4Handler(FcviProtocol.TYPE);
    }

    public FcviPort provider() {
        return provider;
    }

    /** IUs the provider sent on an exchange that had already ended (their peer was told by the port layer). */
    public synchronized long dropped() {
        return dropped;
    }

    // ------------------------------------------------------------------ provider -> port

    private void transmit(Frame f) {
        FrameHeader h = f.header();
        byte[] payload = f.payload();
        if (!h.fromResponder()) {
            if (h.has(FCtl.FIRST_SEQ)) {
                int providerId = h.oxId();
                Exchange ex = port.originate(h.dId(), FcviProtocol.TYPE, new SequenceHandler() {
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

    // ------------------------------------------------------------------ port -> provider

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
                synchronized (FcviOverPort.this) {
                    answering.remove(new Key(e.remoteId(), e.oxId()));
                }
            }
        });
        deliver(first, null, ex);
    }

    /** Hands a whole sequence to the provider as the single frame it would have seen on a direct link. */
    private void deliver(Sequence s, Integer providerId, Exchange ex) {
        FrameHeader fh = s.firstHeader();
        int ox = providerId != null ? providerId : fh.oxId();
        int fCtl = s.lastHeader().fCtl() & ~(FCtl.REL_OFF | FCtl.FILL) | FCtl.END_SEQ;
        FrameHeader h = new FrameHeader(s.rCtl(), port.fcId(), 0, s.sourceId(), FcviProtocol.TYPE, fCtl, fh.seqId(), 0,
                0, ox, fh.rxId(), 0);
        if (providerId != null && s.lastHeader().has(FCtl.LAST_SEQ)) {
            forget(ex);
        }
        provider.receive(Frame.single(h, s.payload()));
    }

    private synchronized void forget(Exchange e) {
        Integer id = providerIds.remove(e);
        if (id != null) {
            originated.remove(id);
        }
    }

    @Override
    public String toString() {
        return "FcviOverPort[" + port + "]";
    }
}
