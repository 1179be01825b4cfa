/**
 * A mirrored virtual SAN: servers that each hold a full copy of one shared logical unit on their own mass storage
 * device and present it to hosts as one storage node. The mirror protocol (frame TYPE 0xE1, emulator-defined,
 * {@link dev.fcspec.emulator.mirror.MirrorProtocol}) is an FC-4 of the servers' N_Ports and runs through the port
 * layer's exchange manager, over a dedicated link between two servers or over the fabric that also carries the
 * hosts' traffic. No public standard describes it; the behaviour follows the mirrored-SAN claims the @mirror
 * features reproduce, and the block-device semantics of SBC-3 that the hosts see.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.mirror.MirrorGroup}, {@link dev.fcspec.emulator.mirror.MirrorServer}: the group
 *       and its servers, built from a bench; a server's ports, device, target core and power.</li>
 *   <li>{@link dev.fcspec.emulator.mirror.IoDriver}: the SCSI side of a server, which turns host reads and writes
 *       into mirror engine operations.</li>
 *   <li>{@link dev.fcspec.emulator.mirror.MirrorEngine}: a server's state and its host reads and writes; beside it
 *       {@code MirrorChannel} (codec, message ids and reply matching over a
 *       {@link dev.fcspec.emulator.mirror.MirrorTransport}), {@code MirrorRequestHandler} (one method per opcode),
 *       {@code TieBreaker} (two-server groups, with a {@link dev.fcspec.emulator.mirror.TieBreakWitness} such as the
 *       fabric's name server) and {@code Resynchroniser} (a server catching up after being away).</li>
 *   <li>{@link dev.fcspec.emulator.mirror.PolicingModule}: write priority per region (Lamport timestamps, ties to
 *       the lower server id) so that concurrent writes are executed in one order on every server.</li>
 *   <li>{@link dev.fcspec.emulator.mirror.MirrorPortTransport}: the messages in FC exchanges of the servers'
 *       N_Ports (request: unsolicited command; reply: command status ending the exchange; timeouts are the
 *       exchange's own).</li>
 * </ul>
 *
 * <p>Threading: everything runs on the scheduler of the SAN the servers belong to. Call the group, servers and
 * engines from scheduler tasks, or, with a {@code VirtualScheduler}, from the thread that drives it; callbacks
 * and completions run on the scheduler. Nothing here locks: threads are crossed only where real I/O hands work
 * to the scheduler (the iSCSI portal's MINA handlers, the real-time scheduler of {@code fcspec emulate}).
 */
package dev.fcspec.emulator.mirror;
