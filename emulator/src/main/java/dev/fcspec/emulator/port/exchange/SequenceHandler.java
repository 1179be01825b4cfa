package dev.fcspec.emulator.port.exchange;

/** Receives the sequences of one exchange, on the scheduler. */
@FunctionalInterface
public interface SequenceHandler {

    /** A whole sequence arrived on {@code exchange}. */
    void onSequence(Exchange exchange, Sequence sequence);

    /** The exchange ended without completing (ABTS either way, timeout, sequence error). */
    default void onAborted(Exchange exchange, ExchangeException cause) {
    }
}
