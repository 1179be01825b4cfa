package dev.fcspec.emulator.time;

/** A scheduled task that can be cancelled before it runs. */
public interface Timer {

    /** Cancels the task; returns false when it already ran or was cancelled. */
    boolean cancel();

    boolean isPending();
}
