package dev.fcspec.emulator.port.exchange;

import dev.fcspec.emulator.link.FrameReceiver;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Frame;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A port at a fixed N_Port_ID at one end of a dedicated link that carries only FC-4 traffic (a cluster
 * interconnect cabled port to port): no fabric or port login, its own exchange manager. Frames addressed to
 * another N_Port_ID are counted and discarded. Attach it to the link end as its {@link FrameReceiver}.
 */
public final class DedicatedLinkPort implements Fc4Port, FrameReceiver {

    private final FcId localId;
    private final ExchangeManager exchanges;
    private final Map<Integer, Fc4Service> services = new HashMap<>();
    private long framesIgnored;

    /** @param transmitter puts a frame on the link (the link end's {@code send}) */
    public DedicatedLinkPort(Scheduler scheduler, FcId localId, Consumer<Frame> transmitter,
                             ExchangeTimeouts timeouts) {
        this.localId = Objects.requireNonNull(localId, "localId");
        this.exchanges = new ExchangeManager(scheduler, transmitter, timeouts);
        this.exchanges.setUnsolicitedHandler((e, s) -> {
            Fc4Service svc = services.get(s.type());
            return svc != null && svc.onRequest(e, s);
        });
    }

    public DedicatedLinkPort(Scheduler scheduler, FcId localId, Consumer<Frame> transmitter) {
        this(scheduler, localId, transmitter, ExchangeTimeouts.DEFAULT);
    }

    @Override
    public Scheduler scheduler() {
        return exchanges.scheduler();
    }

    @Override
    public FcId localId() {
        return localId;
    }

    @Override
    public ExchangeManager exchangeManager() {
        return exchanges;
    }

    @Override
    public Exchange originate(FcId remote, int type, SequenceHandler handler) {
        return exchanges.originate(localId, remote, type, handler);
    }

    @Override
    public void serve(int type, Fc4Service service) {
        Objects.requireNonNull(service, "service");
        if (services.containsKey(type)) {
            throw new IllegalStateException("TYPE 0x" + Integer.toHexString(type) + " is already served on " + this);
        }
        services.put(type, service);
        exchanges.attach(localId, type, service);
    }

    @Override
    public void stopServing(int type) {
        services.remove(type);
        exchanges.detach(localId, type);
    }

    @Override
    public void receive(Frame frame) {
        if (!frame.header().dId().equals(localId)) {
            framesIgnored++;
            return;
        }
        exchanges.receive(frame);
    }

    /** Frames that arrived for another N_Port_ID. */
    public long framesIgnored() {
        return framesIgnored;
    }

    @Override
    public String toString() {
        return "DedicatedLinkPort[" + localId + "]";
    }
}
