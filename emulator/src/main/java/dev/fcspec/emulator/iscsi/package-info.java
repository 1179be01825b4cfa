/**
 * iSCSI (RFC 7143) on Apache MINA: the PDU codec, the login and text negotiation, an initiator, and a target
 * portal in front of the SCSI target core.
 *
 * <ul>
 *   <li>Codec: {@link dev.fcspec.emulator.iscsi.PduDecoder} and {@link dev.fcspec.emulator.iscsi.PduEncoder}
 *       frame the byte stream (BHS, AHS, digests, padding; data segments bounded by MaxRecvDataSegmentLength),
 *       {@code PduParser} turns a frame into an immutable {@code IscsiPdu} or a typed
 *       {@link dev.fcspec.emulator.iscsi.IscsiProtocolException} that names the Reject reason.</li>
 *   <li>Target: {@link dev.fcspec.emulator.iscsi.IscsiTargetPortal} listens; each TCP connection is a
 *       {@code TargetConnection} (RFC 7143 section 8.1.3 states), logging in through {@code TargetLogin}
 *       (AuthMethod None or CHAP, one-way or mutual), then a {@code TargetSession} orders commands by CmdSN and
 *       a {@code TargetTask} collects each command's data-out, only as much as the CDB calls for
 *       ({@code ScsiTarget.dataOutLength}), as it arrives.</li>
 *   <li>Limits: {@link dev.fcspec.emulator.iscsi.PortalLimits} bounds what a peer can make the portal spend
 *       (connections, connections per initiator, commands and buffered bytes per session and portal, login and
 *       idle time); README, "iSCSI portal limits", says what a connection that reaches each gets.</li>
 * </ul>
 *
 * <p>Threading: MINA's I/O processors (one per core) deliver each connection's events on one thread; a
 * connection's login work is ordered by the connection, Full Feature Phase work by its session's
 * {@code processing} lock, and commands go to the SCSI core from there. Timers (login timeout, NOP-In pings)
 * run on the portal's {@link dev.fcspec.emulator.time.Scheduler}; idle timeouts are MINA's reader-idle
 * status. A failure while handling one connection's PDU closes that connection only.
 */
package dev.fcspec.emulator.iscsi;
