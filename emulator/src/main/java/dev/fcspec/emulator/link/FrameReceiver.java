package dev.fcspec.emulator.link;

import dev.fcspec.emulator.wire.Frame;
import dev.fcspec.emulator.wire.FrameDecodeException;

/** What sits at the end of a link: an N_Port, an F_Port of a switch, an FCIP tunnel. */
public interface FrameReceiver {

    /** A frame that arrived intact. */
    void receive(Frame frame);

    /** Bytes that arrived but did not decode (a corrupted frame): the receiver counts and discards them. */
    default void discard(byte[] bytes, FrameDecodeException defect) {
    }
}
