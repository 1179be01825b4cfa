package dev.fcspec.emulator.port.exchange;

/** Receives the first sequence of every exchange a remote port opens with this port. */
@FunctionalInterface
public interface UnsolicitedHandler {

    /**
     * The first sequence of a new exchange, on which this port is the responder. The handler answers on the
     * exchange (now or later) and may set {@link Exchange#setHandler} for its further sequences.
     *
     * @return false to discard the exchange (no port takes it); its RX_ID is freed at once
     */
    boolean onUnsolicited(Exchange exchange, Sequence first);
}
