/**
 * The I/O processor of a host bus adapter and its messaging with the I/O processors of remote adapters: the
 * FC-4 of TYPE 0xE0 (a vendor-unique TYPE) of a port, for volume replication between two nodes.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.iop.IoProcessor}: takes requests of the node's processes
 *       ({@link dev.fcspec.emulator.iop.HostRequest}, told back as
 *       {@link dev.fcspec.emulator.iop.HostCompletion}), performs the local operation on its
 *       {@link dev.fcspec.emulator.iop.StorageSet}, then sends the request to the remote adapter and performs
 *       the requests remote adapters send it. It runs on an N_Port of a fabric
 *       ({@link dev.fcspec.emulator.iop.IopOverPort}, after login) or on a port at a fixed address of a
 *       dedicated link alike: each request and its completion form one exchange of the port's exchange manager
 *       ({@code port/exchange}), which times the completion out (ABTS), and whose duplicate-request cache
 *       answers a request seen before (same initiating node, message id and content) with the completion
 *       already sent.</li>
 *   <li>Blocks, one file each: {@code ProcessRequests} (the process side and the source of each replication
 *       association, with its dirty regions and resynchronisation), {@code RemoteCall} (one request to a remote
 *       adapter with its retransmissions), {@code RemoteRequests} (the requests of remote adapters and the
 *       replica side); {@link dev.fcspec.emulator.iop.IopProtocol} and
 *       {@link dev.fcspec.emulator.iop.IopParameters} are the codec, apart from them.</li>
 *   <li>Faults (lost, duplicated, unknown and unmatched messages) are reported as
 *       {@link dev.fcspec.emulator.iop.IopEvent}s.</li>
 * </ul>
 *
 * <p>Source: no public standard; the protocol is emulator-defined and documented in
 * {@link dev.fcspec.emulator.iop.IopProtocol}. Exchanges, sequences and ABTS follow FC-FS through the port
 * layer.
 *
 * <p>Threading: confined to the scheduler of the port it runs on: call the I/O processor, its storage and
 * its associations from scheduler tasks (with a {@code VirtualScheduler}, from the thread that drives it);
 * processes and event listeners are called on the scheduler.
 */
package dev.fcspec.emulator.iop;
