package dev.fcspec.emulator.port;

/**
 * Watches a local port. A listener on a physical {@link NPort} also hears the events of its virtual ports.
 * Called on the scheduler; must not block.
 */
@FunctionalInterface
public interface PortListener {
    void onEvent(PortEvent event);
}
