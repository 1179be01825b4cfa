package dev.fcspec.emulator.link;

import dev.fcspec.emulator.wire.Frame;

/** Watches the frames a link carries, as an analyzer on the wire would (captures, steps that check traffic). */
@FunctionalInterface
public interface FrameTap {

    /**
     * Called once per frame transmitted on the link, at transmission time, with the frame as its sender
     * put it on the wire (before any fault the link injects).
     */
    void onFrame(long timeNanos, LinkEnd from, Frame frame);
}
