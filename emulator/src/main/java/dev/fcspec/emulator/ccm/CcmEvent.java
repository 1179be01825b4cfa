package dev.fcspec.emulator.ccm;

/**
 * One entry of a connection manager's timeline.
 *
 * @param timeNanos when, on the scheduler clock
 * @param kind      what happened
 * @param state     the session state after it
 * @param attempt   the attempt it belongs to (0 before the first)
 * @param detail    a readable account
 */
public record CcmEvent(long timeNanos, Kind kind, SessionState state, int attempt, String detail) {

    public enum Kind {
        STARTED,
        STATE_CHANGED,
        STEP_STARTED,
        STEP_SUCCEEDED,
        STEP_FAILED,
        /** Responder: the partner's hello was acknowledged in the status variable. */
        HELLO_ACKNOWLEDGED,
        /** A hello that crossed ours was left unanswered: the lower node name keeps the initiator role. */
        HELLO_IGNORED,
        PEER_INFO_SENT,
        PEER_INFO_RECEIVED,
        VERSION_NEGOTIATED,
        VERSION_REFUSED,
        CLIENT_INFO_COLLECTED,
        CLIENT_INFO_SENT,
        CLIENT_INFO_RECEIVED,
        PORTS_CREATED,
        PORTS_CONNECTED,
        PARTNER_ALERTED,
        PARTNER_READY_RECEIVED,
        CLIENTS_ALERTED,
        ATTEMPT_FAILED,
        TEARDOWN,
        GAVE_UP,
        PROTOCOL_ERROR
    }
}
