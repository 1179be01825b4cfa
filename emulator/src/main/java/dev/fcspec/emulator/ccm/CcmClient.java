package dev.fcspec.emulator.ccm;

/**
 * A cluster connection client: a peer process of the storage operating system (mirroring, failover
 * monitoring...) that requests services from the cluster connection manager: a number of communication
 * ports to its peer on the partner, and an amount of memory there.
 */
public interface CcmClient {

    /** Name shared with the peer process on the partner. */
    String name();

    int portsRequired();

    /** Bytes of memory this client requests on the partner (for its RDMA). */
    int memoryRequested();

    /** The partner is ready: the session's ports and memory for this client. */
    void partnerReady(ClientSession session);

    /** The session ended (partner lost, restarted, or refused); the ports are gone. */
    default void partnerLost(String reason) {
    }
}
