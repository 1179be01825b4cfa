package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.scsi.AsymmetricAccessState;
import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.scsi.TargetPortGroup;
import dev.fcspec.emulator.time.Scheduler;
import dev.fcspec.emulator.wire.FcId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A two-node storage appliance cluster: each node owns its disks, and the nodes are joined by a cluster
 * interconnect (an FC link between their interconnect ports carrying FC-VI) over which their virtual
 * adapters forward commands.
 */
public final class ApplianceCluster {

    /** One disk of a node: LUN, backing store, block size. */
    public record DiskSpec(long lun, BackingStore store, int blockSize) {
        public DiskSpec {
            Objects.requireNonNull(store, "store");
        }
    }

    /** FC_IDs the interconnect ports use on the direct link (no fabric assigns them). */
    public static final FcId[] INTERCONNECT_IDS = {FcId.of(0x7f, 0x00, 0x01), FcId.of(0x7f, 0x00, 0x02)};

    private final String name;
    private final Link interconnect;
    private final Map<String, ApplianceNode> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> blockSizes = new LinkedHashMap<>();

    /**
     * Builds the cluster: node {@code names.get(i)} owns {@code disks.get(i)}; the interconnect's end A is the
     * first node's, end B the second's. The interconnect VI connects as soon as the scheduler runs.
     */
    public ApplianceCluster(Scheduler scheduler, String name, Link interconnect, List<String> names,
                            List<List<DiskSpec>> disks) {
        this.name = Objects.requireNonNull(name, "name");
        this.interconnect = Objects.requireNonNull(interconnect, "interconnect");
        if (names.size() != 2 || disks.size() != 2) {
            throw new IllegalArgumentException("cluster " + name + " needs exactly two nodes, has " + names);
        }
        ApplianceNode[] n = new ApplianceNode[2];
        InterconnectDriver[] d = new InterconnectDriver[2];
        for (int i = 0; i < 2; i++) {
            String node = names.get(i);
            TargetCore.Builder core = TargetCore.builder(node);
            // ALUA: one target port group per node, holding the node's target ports. In a node's own core (the
            // one that processes the LUNs it owns), its own group is active/optimized and every other node's
            // group, whose ports reach those LUNs by proxying, active/non-optimized.
            for (int j = 0; j < names.size(); j++) {
                core.portGroup(new TargetPortGroup(j + 1, List.of(), j == i ? AsymmetricAccessState.ACTIVE_OPTIMIZED
                        : AsymmetricAccessState.ACTIVE_NON_OPTIMIZED, j == i));
            }
            Disk.Initiator backEnd = backEndInitiator(i, node);
            Map<Long, Disk> owned = new LinkedHashMap<>();
            for (DiskSpec s : disks.get(i)) {
                Disk disk = new Disk(node + "-lun" + s.lun(), s.store(), s.blockSize(),
                        String.format("50:00:00:00:5e:00:%02x:%02x", i + 1, s.lun() & 0xFF));
                // The owner takes the disk at cluster start: registers its key and reserves it.
                requireGood(disk, "register", disk.register(backEnd));
                requireGood(disk, "reserve", disk.reserve(backEnd));
                owned.put(s.lun(), disk);
                core.unit(s.lun(), LogicalUnit.builder(disk.name(), disk.pathFor(backEnd))
                        .blockSize(s.blockSize()).build());
            }
            n[i] = new ApplianceNode(node, core.build(), owned, scheduler, 1 + 16 * i, i + 1, backEnd);
            blockSizes.put(node, disks.get(i).isEmpty() ? 512 : disks.get(i).get(0).blockSize());
            d[i] = new InterconnectDriver(scheduler, node, INTERCONNECT_IDS[i],
                    i == 0 ? interconnect.a() : interconnect.b());
            nodes.put(node, n[i]);
        }
        for (ApplianceNode node : n) {
            node.join(List.of(n));
        }
        for (long lun : n[0].ownedLuns()) {
            if (n[1].owns(lun)) {
                throw new IllegalArgumentException("cluster " + name + ": LUN " + lun + " is on disks of both "
                        + names.get(0) + " and " + names.get(1) + "; a disk is owned by one node at a time");
            }
        }
        n[0].connect(n[1], new VirtualAdapter(names.get(0), d[0], n[0].core()));
        n[1].connect(n[0], new VirtualAdapter(names.get(1), d[1], n[1].core()));
        d[1].acceptFrom(d[0]);
        d[0].connect(d[1]);
    }

    /**
     * A node's back-end initiator on the disk shelf: an NAA 5 WWPN numbered by the node's place in the cluster,
     * and a reservation key that reads as the node's name (up to six characters) and its place.
     */
    static Disk.Initiator backEndInitiator(int index, String node) {
        long key = 0;
        byte[] ascii = node.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int k = 0; k < 6; k++) {
            key = key << 8 | (k < ascii.length ? ascii[k] & 0xFF : 0);
        }
        key = key << 16 | (index + 1);
        return new Disk.Initiator(node, String.format("50:0a:09:8f:00:00:00:%02x", index + 1), key);
    }

    private static void requireGood(Disk disk, String what, dev.fcspec.emulator.scsi.ScsiResponse r) {
        if (r.status() != dev.fcspec.emulator.scsi.ScsiStatus.GOOD) {
            throw new IllegalStateException(disk + ": PERSISTENT RESERVE OUT " + what + " failed with status "
                    + r.status());
        }
    }

    public String name() {
        return name;
    }

    /** The disk behind a LUN, whichever node owns it now. */
    public Disk disk(long lun) {
        for (ApplianceNode node : nodes.values()) {
            if (node.owns(lun)) {
                return node.disk(lun);
            }
        }
        throw new IllegalArgumentException("cluster " + name + " has no disk for LUN " + lun);
    }

    public Link interconnect() {
        return interconnect;
    }

    public ApplianceNode node(String nodeName) {
        ApplianceNode n = nodes.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("cluster " + name + " has no node " + nodeName + "; nodes: "
                    + nodes.keySet());
        }
        return n;
    }

    public Map<String, ApplianceNode> nodes() {
        return java.util.Collections.unmodifiableMap(nodes);
    }
}
