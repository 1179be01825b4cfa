/**
 * FCP (FCP-4, SCSI over Fibre Channel) as an FC-4 of the port layer: codecs for FCP_CMND, FCP_XFER_RDY and
 * FCP_RSP apart from the state machines ({@code FcpCmnd}, {@code FcpXferRdy}, {@code FcpRsp}, constants in
 * {@code FcpConstants}), the target front end and an initiator.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.fcp.FcpTarget}: a thin front end, as Linux tcm_fc over LIO: an FCP_CMND on a
 *       new exchange from a port with an FCP image pair (PRLI) becomes a command of the
 *       {@link dev.fcspec.emulator.scsi.ScsiTarget} contract on that initiator's I_T nexus; write data comes as
 *       the agreed first burst, then solicited with FCP_XFER_RDY (at most the maximum burst length, one
 *       outstanding per exchange); read data goes out as one FCP_DATA sequence; FCP_RSP carries the target's
 *       status, sense and residual; task management flags answer with FCP_RSP_INFO.</li>
 *   <li>{@link dev.fcspec.emulator.fcp.FcpInitiator}: LUN scanning, reads and writes on a local port, as a
 *       host's HBA driver does.</li>
 * </ul>
 *
 * <p>Every FCP exchange is an exchange of the port's exchange manager ({@code port.exchange}); an FCP_CMND that
 * does not decode is answered with FCP_RSP_INFO and the RSP_CODE FCP-4 gives, data at the wrong offset or of
 * the wrong length ends the task before the logical unit sees any of it.
 *
 * <p>Threading: confined to the port's scheduler, which is also the scheduler of the SCSI target it serves;
 * completions of a target that answers later (a forwarded command) come back on it.
 */
package dev.fcspec.emulator.fcp;
