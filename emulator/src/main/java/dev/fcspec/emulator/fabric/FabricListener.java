package dev.fcspec.emulator.fabric;

/**
 * Watches a switch. Called on the thread that runs the switch (the scheduler's), while the switch holds its
 * lock: read the event, do not block, and do not call back into the switch from another thread.
 */
@FunctionalInterface
public interface FabricListener {
    void onEvent(FabricEvent event);
}
