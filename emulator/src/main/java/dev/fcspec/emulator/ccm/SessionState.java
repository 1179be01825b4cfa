package dev.fcspec.emulator.ccm;

/**
 * States of the cluster connection manager's peer-to-peer session with its partner.
 *
 * <pre>
 * DOWN -start-> CONNECTING -> FIRST_READ -> FIRST_WRITE -> SECOND_READ -> SECOND_WRITE --+
 *                  ^   (initiator: each step only after the previous one succeeded)        |
 *                  |                                                                       v
 * WAITING_FOR_PARTNER <-- any failure: teardown, retry later --  EXCHANGING_PEER_INFO -> EXCHANGING_CLIENT_INFO
 *    |                                                              ^                    -> CREATING_PORTS
 *    | retries exhausted, or versions without common ground         | (responder)        -> AWAITING_PARTNER_READY
 *    v                                                    AWAITING_CONFIRMATION          -> READY
 * FAILED
 * </pre>
 */
public enum SessionState {
    /** The connection manager has not started (its storage operating system is not initialising yet). */
    DOWN,
    /** No session; the next attempt is scheduled. */
    WAITING_FOR_PARTNER,
    /** Connecting the boot VI to the partner's predetermined FC_ID and VI number. */
    CONNECTING,
    /** First RDMA read of the partner's boot status variable. */
    FIRST_READ,
    /** First RDMA write (hello) into the partner's status variable. */
    FIRST_WRITE,
    /** Second RDMA read: waiting for the partner to acknowledge the hello. */
    SECOND_READ,
    /** Second RDMA write (confirm). */
    SECOND_WRITE,
    /** Responder: acknowledged the partner's hello, waiting for its confirm. */
    AWAITING_CONFIRMATION,
    EXCHANGING_PEER_INFO,
    EXCHANGING_CLIENT_INFO,
    CREATING_PORTS,
    /** Ports created and connected, this side's ready alert sent; waiting for the partner's. */
    AWAITING_PARTNER_READY,
    /** Session up; clients were alerted that the partner is ready. */
    READY,
    /** Gave up: partner unreachable after every retry, or no common version. Only a restart leaves it. */
    FAILED;

    /** True while an attempt or a session is in progress (a teardown has something to undo). */
    public boolean isLive() {
        return this != DOWN && this != WAITING_FOR_PARTNER && this != FAILED;
    }
}
