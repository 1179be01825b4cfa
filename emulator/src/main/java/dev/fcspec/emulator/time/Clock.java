package dev.fcspec.emulator.time;

/** The emulator's clock. Every timeout, heartbeat and delay in the emulator reads time from here. */
public interface Clock {

    /** Monotonic time in nanoseconds since an arbitrary origin (the start of the run for virtual time). */
    long nanoTime();

    default long millis() {
        return nanoTime() / 1_000_000L;
    }
}
