/**
 * The cluster connection manager (CCM) of a clustered storage system: at boot, before its storage operating
 * system is up, each node opens a peer-to-peer session with its partner over the cluster interconnect (FC-VI,
 * package {@code vi}) and then gives its clients, the peer processes of the operating system, communication
 * ports and memory to their peers on the partner.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.ccm.CcmNode}: a cluster member's power, firmware (boot status variable,
 *       boot VI) and storage operating system start; it makes the manager of each boot.</li>
 *   <li>{@link dev.fcspec.emulator.ccm.ClusterConnectionManager}: the session state, the attempt token and
 *       the retries; its blocks, one file each as libfc splits lport/rport/disc:
 *       {@code BootHandshake} (the four RDMA steps, {@code enterX} per state), {@code SessionExchange} (peer
 *       and client information, ports, ready alerts), {@code ClientPortAllocator} (client ports and memory)
 *       and {@code BootViChannel} (descriptors on the boot VI, the status variable).</li>
 *   <li>{@link dev.fcspec.emulator.ccm.CcmProtocol}: the predetermined addresses, the status variable and
 *       the session message codecs; {@link dev.fcspec.emulator.ccm.CcmClient} what a client implements.</li>
 * </ul>
 *
 * Source: the handshake claims (the specifications in {@code features/handshake}); FC-VI for the transport.
 * The layouts and values in {@code CcmProtocol} are emulator-defined, as no public document gives them.
 *
 * <p>Everything runs on the node's scheduler: call nodes and managers from scheduler tasks, or, with a
 * {@code VirtualScheduler}, from the thread that drives it. Clients are told of a ready or lost partner in
 * a task of their own on that scheduler.
 */
package dev.fcspec.emulator.ccm;
