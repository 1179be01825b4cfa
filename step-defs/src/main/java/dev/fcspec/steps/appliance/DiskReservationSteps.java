package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.appliance.ApplianceNode;
import dev.fcspec.emulator.appliance.Disk;
import dev.fcspec.emulator.scsi.ReservationConflictException;
import dev.fcspec.emulator.scsi.ScsiStatus;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Disk ownership as persistent reservations on the shared disks: which node's key is registered and holds the
 * reservation (PERSISTENT RESERVE IN, as the disk reports it), the PERSISTENT RESERVE OUT commands a takeover
 * sends, and a write from a node that lost its registration.
 */
public class DiskReservationSteps {
    private static final int BLOCK = 512;
    private static final int WRITE_EXCLUSIVE_REGISTRANTS_ONLY = 0x5;
    private final Cluster cluster;
    private Disk staleDisk;
    private RuntimeException staleOutcome;
    private long writesBefore;
    private byte[] blockBefore;

    public DiskReservationSteps(Cluster cluster) {
        this.cluster = cluster;
    }

    @Then("the disk for LUN {lun} is reserved WRITE EXCLUSIVE - REGISTRANTS ONLY by {word}, whose key is the only one registered")
    public void reservedBy(Integer lun, String node) {
        Disk disk = cluster.disk(lun);
        ApplianceNode holder = cluster.node(node);
        Disk.Initiator asker = holder.backEnd();
        long[] r = disk.reservation(asker).orElseThrow(() -> new AssertionError(disk + " is not reserved"));
        assertThat(r[0]).as("reservation key of the holder of %s (%s's key is %s)", disk, node,
                Long.toHexString(asker.key())).isEqualTo(asker.key());
        assertThat(r[1]).as("reservation type").isEqualTo(WRITE_EXCLUSIVE_REGISTRANTS_ONLY);
        assertThat(disk.registeredKeys(asker)).as("keys registered with %s", disk).containsExactly(asker.key());
        assertThat(cluster.node(node).owns(lun)).as("%s owns LUN %s", node, lun).isTrue();
    }

    @Then("{word} registered its key with the disk for LUN {lun} and preempted {word}'s key with PERSISTENT RESERVE OUT PREEMPT AND ABORT")
    public void preempted(String survivor, Integer lun, String failed) {
        Disk disk = cluster.disk(lun);
        long mine = cluster.node(survivor).backEnd().key();
        long theirs = cluster.node(failed).backEnd().key();
        List<Disk.ReservationCommand> sent = disk.reservationCommands().stream()
                .filter(c -> c.node().equals(survivor)).toList();
        assertThat(sent).as("PERSISTENT RESERVE OUT commands %s sent %s", survivor, disk)
                .extracting(Disk.ReservationCommand::serviceActionName)
                .containsExactly("REGISTER AND IGNORE EXISTING KEY", "PREEMPT AND ABORT");
        assertThat(sent.get(0).serviceActionKey()).as("key registered").isEqualTo(mine);
        Disk.ReservationCommand preempt = sent.get(1);
        assertThat(preempt.key()).as("RESERVATION KEY of the PREEMPT AND ABORT").isEqualTo(mine);
        assertThat(preempt.serviceActionKey()).as("SERVICE ACTION RESERVATION KEY: the key preempted")
                .isEqualTo(theirs);
        assertThat(sent).allSatisfy(c -> assertThat(c.status()).as(c.serviceActionName()).isEqualTo(ScsiStatus.GOOD));
    }

    @When("{word}, still running, writes to its former disk for LUN {lun}")
    public void staleWrite(String node, Integer lun) throws IOException {
        staleDisk = cluster.disk(lun);
        writesBefore = staleDisk.writes();
        blockBefore = new byte[BLOCK];
        staleDisk.pathFor(cluster.node(node).backEnd()).read(0, blockBefore, 0, BLOCK);
        byte[] data = new byte[BLOCK];
        Arrays.fill(data, (byte) 0x5a);
        staleOutcome = null;
        try {
            // The write a node that still ran would send over the back end, through its own storage stack.
            staleDisk.pathFor(cluster.node(node).backEnd()).write(0, data, 0, BLOCK, false);
        } catch (RuntimeException e) {
            staleOutcome = e;
        }
    }

    @Then("the disk answers the write with RESERVATION CONFLICT and its data is unchanged")
    public void conflict() throws IOException {
        assertThat(staleOutcome).as("outcome of the stale write").isInstanceOf(ReservationConflictException.class);
        assertThat(staleDisk.writes()).as("writes that reached %s", staleDisk).isEqualTo(writesBefore);
        byte[] now = new byte[BLOCK];
        staleDisk.pathFor(cluster.node(cluster.ownerOf(staleDisk)).backEnd()).read(0, now, 0, BLOCK);
        assertThat(now).as("block 0 of %s", staleDisk).isEqualTo(blockBefore);
    }

    @Then("{word} can write the disk for LUN {lun} again")
    public void canWrite(String node, Integer lun) throws IOException {
        Disk disk = cluster.disk(lun);
        long before = disk.writes();
        disk.pathFor(cluster.node(node).backEnd()).write(0, new byte[BLOCK], 0, BLOCK, false);
        assertThat(disk.writes()).as("writes that reached %s", disk).isEqualTo(before + 1);
    }
}
