package dev.fcspec.emulator.ccm;

/**
 * Misbehaviour a node's connection manager can be given, to show what its partner does about it
 * ({@link CcmNode#injectFault}).
 */
public enum CcmFault {
    /**
     * The manager sees hellos land in its status variable but never acknowledges them (a partner hung between
     * the first write and the second read): the initiator's second reads never succeed.
     */
    HELLO_UNACKNOWLEDGED
}
