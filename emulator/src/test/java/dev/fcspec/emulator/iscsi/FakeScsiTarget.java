package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.Residual;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import dev.fcspec.emulator.scsi.TaskManagementResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A small stand-in for the SCSI target core in front-end tests: memory disks with 512-byte blocks, just enough
 * commands (TEST UNIT READY, INQUIRY, READ CAPACITY, READ/WRITE 10/16, REPORT LUNS) to move data, and a
 * record of what the front end asked for.
 */
final class FakeScsiTarget implements ScsiTarget {
    static final int BLOCK = 512;
    final Map<Long, byte[]> disks = new ConcurrentHashMap<>();
    final List<ScsiCommand> commands = new CopyOnWriteArrayList<>();
    final List<String> management = new CopyOnWriteArrayList<>();
    final List<ItNexus> lost = new CopyOnWriteArrayList<>();
    final List<ItNexus> nexuses = new CopyOnWriteArrayList<>();

    FakeScsiTarget(long... luns) {
        for (long l : luns) {
            disks.put(l, new byte[1024 * BLOCK]);
        }
    }

    @Override
    public void submit(ItNexus nexus, ScsiCommand c, Consumer<ScsiResponse> completion) {
        completion.accept(execute(nexus, c));
    }

    private ScsiResponse execute(ItNexus nexus, ScsiCommand c) {
        commands.add(c);
        if (!nexuses.contains(nexus)) {
            nexuses.add(nexus);
        }
        byte[] cdb = c.cdb();
        int op = cdb[0] & 0xFF;
        if (op == 0xA0) {
            byte[] d = new byte[8 + 8 * disks.size()];
            ByteBuffer.wrap(d).putInt(8 * disks.size());
            int i = 8;
            for (Long l : disks.keySet().stream().sorted().toList()) {
                d[i + 1] = (byte) (long) l;
                i += 8;
            }
            return in(c, d);
        }
        byte[] disk = disks.get(c.lun());
        if (disk == null) {
            return check(c, 0x05, 0x2500);
        }
        switch (op) {
            case 0x00:
                return ScsiResponse.good(c, new byte[0]);
            case 0x12: {
                byte[] d = new byte[36];
                d[2] = 6;
                d[3] = 2;
                d[4] = 31;
                System.arraycopy("FCSPEC  FAKE DISK       0001".getBytes(), 0, d, 8, 28);
                return in(c, d);
            }
            case 0x25: {
                byte[] d = new byte[8];
                ByteBuffer.wrap(d).putInt(disk.length / BLOCK - 1).putInt(BLOCK);
                return in(c, d);
            }
            case 0x28:
            case 0x88:
            case 0x2A:
            case 0x8A: {
                long lba = op == 0x28 || op == 0x2A ? ByteBuffer.wrap(cdb, 2, 4).getInt() & 0xFFFFFFFFL
                        : ByteBuffer.wrap(cdb, 2, 8).getLong();
                int blocks = op == 0x28 || op == 0x2A ? ByteBuffer.wrap(cdb, 7, 2).getShort() & 0xFFFF
                        : ByteBuffer.wrap(cdb, 10, 4).getInt();
                if ((lba + blocks) * BLOCK > disk.length) {
                    return check(c, 0x05, 0x2100);
                }
                int bytes = blocks * BLOCK;
                if (op == 0x28 || op == 0x88) {
                    byte[] d = new byte[bytes];
                    System.arraycopy(disk, (int) lba * BLOCK, d, 0, bytes);
                    return in(c, d);
                }
                int n = Math.min(bytes, c.dataOut().length);
                System.arraycopy(c.dataOut(), 0, disk, (int) lba * BLOCK, n);
                return new ScsiResponse(ScsiStatus.GOOD, new byte[0], new byte[0],
                        Residual.overflow(Math.max(0, bytes - c.dataOut().length)));
            }
            default:
                return check(c, 0x05, 0x2000);
        }
    }

    private static ScsiResponse in(ScsiCommand c, byte[] d) {
        return ScsiResponse.good(c, d);
    }

    static ScsiResponse check(ScsiCommand c, int key, int ascAscq) {
        byte[] s = new byte[18];
        s[0] = 0x70;
        s[2] = (byte) key;
        s[7] = 10;
        s[12] = (byte) (ascAscq >> 8);
        s[13] = (byte) ascAscq;
        return ScsiResponse.checkCondition(c, s);
    }

    @Override
    public void manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag,
                       Consumer<TaskManagementResponse> completion) {
        management.add(function + " " + lun);
        if (!disks.containsKey(lun) && function != TaskManagementFunction.TARGET_RESET
                && function != TaskManagementFunction.I_T_NEXUS_RESET) {
            completion.accept(TaskManagementResponse.INCORRECT_LOGICAL_UNIT_NUMBER);
        } else {
            completion.accept(TaskManagementResponse.FUNCTION_COMPLETE);
        }
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        synchronized (lost) {
            lost.add(nexus);
            lost.notifyAll();
        }
    }

    /**
     * The nexuses reported lost, once there are {@code count} of them or 10 seconds have passed: the portal
     * reports a loss on its core scheduler, after the session's last PDU went out.
     */
    List<ItNexus> awaitLost(int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        synchronized (lost) {
            for (long left = deadline - System.nanoTime(); lost.size() < count && left > 0;
                 left = deadline - System.nanoTime()) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lost, left);
            }
            return List.copyOf(lost);
        }
    }
}
