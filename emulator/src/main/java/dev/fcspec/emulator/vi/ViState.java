package dev.fcspec.emulator.vi;

/** VI states of the VI Architecture: Idle, Connect Pending, Connected, Error. */
public enum ViState {
    /** Not connected; may be asked to connect, or accept a connection. */
    IDLE,
    /** A connection request was sent or accepted; the three-step setup is not finished. */
    CONNECT_PENDING,
    /** Connected to exactly one remote VI; descriptors are executed. */
    CONNECTED,
    /** The connection broke (transport or protection error on a reliable VI); only a disconnect leaves it. */
    ERROR
}
