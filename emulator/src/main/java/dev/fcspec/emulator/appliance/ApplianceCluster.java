package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.TargetCore;
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
            TargetCore.Builder core = TargetCore.builder(names.get(i));
            Map<Long, Disk> owned = new LinkedHashMap<>();
            for (DiskSpec s : disks.get(i)) {
                Disk disk = new Disk(names.get(i) + "-lun" + s.lun(), s.store());
                disk.reserveFor(names.get(i));
                owned.put(s.lun(), disk);
                core.unit(s.lun(), LogicalUnit.builder(disk.name(), disk.pathFor(names.get(i)))
                        .blockSize(s.blockSize()).build());
            }
            n[i] = new ApplianceNode(names.get(i), core.build(), owned, scheduler, 1 + 16 * i);
            blockSizes.put(names.get(i), disks.get(i).isEmpty() ? 512 : disks.get(i).get(0).blockSize());
            d[i] = new InterconnectDriver(scheduler, names.get(i), INTERCONNECT_IDS[i],
                    i == 0 ? interconnect.a() : interconnect.b());
            nodes.put(names.get(i), n[i]);
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

    public String name() {
        return name;
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
