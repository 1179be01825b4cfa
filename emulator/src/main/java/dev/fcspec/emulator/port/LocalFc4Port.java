package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeManager;
import dev.fcspec.emulator.port.exchange.Fc4Port;
import dev.fcspec.emulator.port.exchange.Fc4Service;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;

/**
 * A local port as seen by an FC-4: exchanges it opens are cut to the remote port's receive data field size,
 * and only logged-in remote ports reach the FC-4 (the port's rule for every FC-4).
 */
final class LocalFc4Port implements Fc4Port {

    private final LocalPort port;

    LocalFc4Port(LocalPort port) {
        this.port = port;
    }

    @Override
    public Scheduler scheduler() {
        return port.scheduler();
    }

    @Override
    public FcId localId() {
        return port.fcId();
    }

    @Override
    public ExchangeManager exchangeManager() {
        return port.exchangeManager();
    }

    @Override
    public Exchange originate(FcId remote, int type, SequenceHandler handler) {
        return port.originate(remote, type, handler);
    }

    @Override
    public void serve(int type, Fc4Service service) {
        port.registerFc4Handler(type, (p, remote, exchange, first) -> {
            if (!service.onRequest(exchange, first)) {
                exchange.close();
            }
        });
        port.exchangeManager().attach(port.fcId(), type, service);
    }

    @Override
    public void stopServing(int type) {
        port.unregisterFc4Handler(type);
        port.exchangeManager().detach(port.fcId(), type);
    }

    @Override
    public String toString() {
        return port.toString();
    }
}
