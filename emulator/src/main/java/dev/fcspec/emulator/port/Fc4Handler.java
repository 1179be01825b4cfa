package dev.fcspec.emulator.port;

import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.Sequence;

/**
 * An FC-4 (FCP, FC-VI...) on a local port: receives the first sequence of every exchange a logged-in remote
 * port opens with frames of its TYPE. Register with {@link LocalPort#registerFc4Handler}. Called on the
 * scheduler. The handler answers on the exchange and sets {@link Exchange#setHandler} for later sequences.
 */
@FunctionalInterface
public interface Fc4Handler {
    void onExchange(LocalPort port, RemotePort remote, Exchange exchange, Sequence first);
}
