package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiConstants;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.SenseData;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import dev.fcspec.emulator.scsi.TaskManagementResponse;
import dev.fcspec.emulator.time.Clock;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The virtual target module of a node's storage operating system: the SCSI target the node's FCP targets
 * (on physical and virtual ports) hand commands to. It decides, from the port a command arrived at and the
 * LUN it addresses, whether the node's own target core processes it, whether it is forwarded to the node
 * that owns the LUN through the virtual adapter towards it, or whether it is refused (another node's LUN at a
 * port that does not proxy). REPORT LUNS at a proxy port lists the other nodes' LUNs too.
 */
public final class VirtualTargetModule implements ScsiTarget {
    private final ApplianceNode node;
    private final Clock clock;

    VirtualTargetModule(ApplianceNode node, Clock clock) {
        this.node = node;
        this.clock = clock;
    }

    /** The forwarding decision for a command at {@code portWwpn} addressing {@code lun}. */
    public ForwardingDecision decide(String portWwpn, long lun, int opcode) {
        if (opcode == ScsiConstants.REPORT_LUNS) {
            return ForwardingDecision.ANSWERED_HERE;
        }
        if (node.owns(lun) || !node.partnerOwns(lun)) {
            return ForwardingDecision.LOCAL;
        }
        return node.isProxyPort(portWwpn) ? ForwardingDecision.FORWARD : ForwardingDecision.REFUSE;
    }

    @Override
    public void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> done) {
        if (node.failed()) {
            return; // a failed node answers nothing
        }
        long at = clock.nanoTime();
        String port = nexus.target().name();
        ForwardingDecision d = decide(port, command.lun(), command.opcode());
        switch (d) {
            case FORWARD -> {
                String owner = node.ownerOf(command.lun()).orElseThrow().name();
                node.adapterTo(owner).forward(nexus, command, r -> {
                    node.record(new ServedCommand(node.name(), port, command.lun(), command.opcode(), d, owner, at,
                            clock.nanoTime(), r.status()));
                    done.accept(r);
                });
            }
            case REFUSE -> finish(port, command, d, at, ScsiResponse.checkCondition(command, SenseData.of(
                    ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_LOGICAL_UNIT_NOT_SUPPORTED).encodeFixed()), done);
            case ANSWERED_HERE -> finish(port, command, d, at, reportLuns(port, command), done);
            case LOCAL -> finish(port, command, d, at, node.core().execute(nexus, command), done);
            default -> throw new IllegalStateException(d.name());
        }
    }

    private void finish(String port, ScsiCommand command, ForwardingDecision d, long at, ScsiResponse r,
                        Consumer<ScsiResponse> done) {
        node.record(new ServedCommand(node.name(), port, command.lun(), command.opcode(), d, node.name(), at,
                clock.nanoTime(), r.status()));
        done.accept(r);
    }

    private ScsiResponse reportLuns(String port, ScsiCommand command) {
        TreeSet<Long> luns = new TreeSet<>(node.ownedLuns());
        if (node.isProxyPort(port)) {
            luns.addAll(node.partnerLuns());
        }
        byte[] cdb = command.cdb();
        long alloc = cdb.length >= 10 ? ((cdb[6] & 0xFFL) << 24 | (cdb[7] & 0xFF) << 16 | (cdb[8] & 0xFF) << 8
                | cdb[9] & 0xFF) : 0;
        byte[] list = new byte[8 + 8 * luns.size()];
        int len = 8 * luns.size();
        list[0] = (byte) (len >>> 24);
        list[1] = (byte) (len >>> 16);
        list[2] = (byte) (len >>> 8);
        list[3] = (byte) len;
        int i = 8;
        for (long lun : luns) {
            if (lun < 256) {
                list[i + 1] = (byte) lun;
            } else {
                list[i] = (byte) (0x40 | lun >>> 8);
                list[i + 1] = (byte) lun;
            }
            i += 8;
        }
        return ScsiResponse.good(command, java.util.Arrays.copyOf(list, (int) Math.min(alloc, list.length)));
    }

    @Override
    public void manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag,
                       Consumer<TaskManagementResponse> completion) {
        node.core().manage(nexus, function, lun, referencedTag, completion);
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        node.core().nexusLost(nexus);
    }

    TargetCore core() {
        return node.core();
    }
}
