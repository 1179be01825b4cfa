/**
 * The SCSI target core, fabric-agnostic as Linux LIO's target core: logical units (SBC-3 direct-access block
 * devices on a {@link dev.fcspec.emulator.scsi.BackingStore}) under LUNs, target ports in ALUA target port
 * groups, LUN masking per initiator, unit attentions, reservations and task management as SAM-5 and SPC-4 give
 * them.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.scsi.ScsiTarget}: the one contract between a target and its front ends
 *       (LIO's {@code target_core_fabric_ops} seen from the core): {@code submit(nexus, command, completion)},
 *       {@code manage(nexus, function, lun, tag, completion)} and {@code nexusLost}. FCP ({@code fcp}) and iSCSI
 *       ({@code iscsi}) hand every command over and put what the completion delivers on the wire; they never
 *       ask which target is behind the contract (this core, an appliance's virtual target module, a mirrored
 *       server's I/O driver).</li>
 *   <li>{@link dev.fcspec.emulator.scsi.ScsiResponse}: status, sense, data-in and the final
 *       {@link dev.fcspec.emulator.scsi.Residual}, computed once by the target the way LIO's
 *       {@code target_complete_cmd_with_length} does ({@code ScsiResponse.complete}); front ends only map it
 *       onto FCP_RESID_UNDER/OVER and FCP_RESID, or onto the iSCSI U/O flags and Residual Count.</li>
 *   <li>{@link dev.fcspec.emulator.scsi.TargetCore}: checks each command in the order SAM-5 and SPC-4 give
 *       (LUN, unit attention, CDB, ALUA state, reservations, medium state) and dispatches it through
 *       {@code CommandSet} to the SPC-4 and SBC-3 handlers ({@code PrimaryCommands}, {@code BlockCommands},
 *       {@code ModeCommands}, {@code ReservationCommands}, {@code AluaCommands}, {@code ExtendedCopy}); it
 *       completes every command before {@code submit} returns ({@code execute} returns the response).</li>
 *   <li>Errors are typed: a {@link dev.fcspec.emulator.scsi.CheckConditionException} carries the sense key and
 *       ASC/ASCQ it ends the command with, a {@code ReservationConflictException} RESERVATION CONFLICT.</li>
 * </ul>
 *
 * <p>Threading: confined to the scheduler of whatever serves it: an FC port's (FCP runs on the port's
 * scheduler), the bench's, or an iSCSI portal's core scheduler, to which the portal's MINA threads hand every
 * command, task management function and nexus loss. Completions run on that scheduler. The core runs one
 * command at a time to completion, so nothing here locks, with two exceptions: the LUN map, which iSCSI reads
 * on its I/O thread to size a command's data-out before handing it over, and the backing stores.
 */
package dev.fcspec.emulator.scsi;
