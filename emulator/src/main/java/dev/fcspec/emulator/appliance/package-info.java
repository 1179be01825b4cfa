/**
 * Clustered storage appliances: nodes that each own their disks (logical units on a shared disk shelf, fenced
 * with SPC-4 persistent reservations) and reach each other over a cluster interconnect carrying FC-VI. No
 * public standard describes the cluster; the behaviour follows the appliance claims the @appliance features
 * reproduce, ALUA (SPC-4 asymmetric logical unit access) for what hosts see of ownership, and NPIV (FC-LS
 * FDISC) for takeover.
 *
 * <ul>
 *   <li>{@link dev.fcspec.emulator.appliance.ApplianceCluster}, {@link dev.fcspec.emulator.appliance.ApplianceNode}:
 *       the cluster and its nodes; a node's target ports (FC ports, NPIV ports, iSCSI target ports) sit in the
 *       node's ALUA target port group, active/optimized in the owner's core, active/non-optimized elsewhere;
 *       heartbeats, takeover (the failed node's port identities as virtual ports, its disks by PREEMPT AND
 *       ABORT) and giveback.</li>
 *   <li>{@link dev.fcspec.emulator.appliance.VirtualTargetModule}: the node's
 *       {@link dev.fcspec.emulator.scsi.ScsiTarget}, the same one behind FCP and iSCSI: a command for a LUN the
 *       node owns goes to its own target core, one for another node's LUN at a proxy port is forwarded to the
 *       owner and completes when the owner's response comes back, at any other port it is refused; REPORT LUNS
 *       at a proxy port lists the cluster's LUNs.</li>
 *   <li>{@link dev.fcspec.emulator.appliance.VirtualAdapter}, {@link dev.fcspec.emulator.appliance.ProxyMessage}:
 *       forwarded commands and their responses (with the I_T nexus and its transport protocol) over the
 *       node's {@link dev.fcspec.emulator.appliance.InterconnectDriver}.</li>
 * </ul>
 *
 * <p>Threading: confined to the scheduler of the bench the cluster belongs to; completions of forwarded
 * commands, heartbeats and takeovers run on it. Network front ends reach a node only by handing work to that
 * scheduler (an iSCSI portal's MINA threads through its core scheduler).
 */
package dev.fcspec.emulator.appliance;
