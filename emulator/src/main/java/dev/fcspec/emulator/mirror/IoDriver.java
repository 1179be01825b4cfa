package dev.fcspec.emulator.mirror;

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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A server's I/O driver: the SCSI target the server's FC ports hand host commands to. To the driver the
 * shared LUN is one storage node of a SAN: it initiates each READ or WRITE on it through the server's mirror
 * engine, which executes the write on the own device and on every other server's, and reads from whichever
 * copy survives. Identification and capacity commands are answered by the server's target core, whose logical
 * unit has the same identity (name, serial, NAA designator) on every server of the group. Commands that would
 * change the data other than by WRITE are refused, since they would bypass the mirror.
 */
public final class IoDriver implements ScsiTarget {

    private final String server;
    private final long sharedLun;
    private final TargetCore core;
    private final MirrorEngine engine;
    private final Clock clock;
    private final List<ServedIo> served = new CopyOnWriteArrayList<>();

    IoDriver(String server, long sharedLun, TargetCore core, MirrorEngine engine, Clock clock) {
        this.server = Objects.requireNonNull(server, "server");
        this.sharedLun = sharedLun;
        this.core = Objects.requireNonNull(core, "core");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads and writes this driver executed, in order of completion. */
    public List<ServedIo> served() {
        return List.copyOf(served);
    }

    @Override
    public void submit(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> done) {
        if (engine.state() == MirrorEngine.ServerState.OFFLINE) {
            return; // an offline server answers nothing
        }
        if (command.lun() != sharedLun) {
            done.accept(core.execute(nexus, command));
            return;
        }
        if (engine.state() != MirrorEngine.ServerState.ONLINE) {
            // not mirroring yet, or catching up after being offline: the host retries later
            done.accept(notReady(command));
            return;
        }
        int op = command.opcode();
        switch (op) {
            case ScsiConstants.READ_10, ScsiConstants.READ_16, ScsiConstants.WRITE_10, ScsiConstants.WRITE_16 ->
                    readOrWrite(nexus, command, done);
            case ScsiConstants.TEST_UNIT_READY, ScsiConstants.REQUEST_SENSE, ScsiConstants.INQUIRY,
                 ScsiConstants.MODE_SENSE_6, ScsiConstants.MODE_SENSE_10, ScsiConstants.READ_CAPACITY_10,
                 ScsiConstants.SERVICE_ACTION_IN_16, ScsiConstants.REPORT_LUNS, ScsiConstants.SYNCHRONIZE_CACHE_10,
                 ScsiConstants.SYNCHRONIZE_CACHE_16 -> done.accept(core.execute(nexus, command));
            default -> done.accept(check(command, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_COMMAND_OPERATION_CODE));
        }
    }

    private void readOrWrite(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> done) {
        byte[] cdb = command.cdb();
        int op = command.opcode();
        boolean ten = op == ScsiConstants.READ_10 || op == ScsiConstants.WRITE_10;
        boolean write = op == ScsiConstants.WRITE_10 || op == ScsiConstants.WRITE_16;
        if (cdb.length < (ten ? 10 : 16)) {
            done.accept(check(command, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_FIELD_IN_CDB));
            return;
        }
        long lba;
        long blocks;
        if (ten) {
            lba = (cdb[2] & 0xFFL) << 24 | (cdb[3] & 0xFF) << 16 | (cdb[4] & 0xFF) << 8 | cdb[5] & 0xFF;
            blocks = (cdb[7] & 0xFF) << 8 | cdb[8] & 0xFF;
        } else {
            lba = 0;
            for (int i = 2; i < 10; i++) {
                lba = lba << 8 | cdb[i] & 0xFF;
            }
            blocks = (cdb[10] & 0xFFL) << 24 | (cdb[11] & 0xFF) << 16 | (cdb[12] & 0xFF) << 8 | cdb[13] & 0xFF;
        }
        MassStorageDevice device = engine.device();
        int bs = device.blockSize();
        if (lba < 0 || lba + blocks > device.blocks()) {
            done.accept(check(command, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_LOGICAL_BLOCK_ADDRESS_OUT_OF_RANGE));
            return;
        }
        if (blocks == 0) {
            done.accept(ScsiResponse.good(command, new byte[0]));
            return;
        }
        if (blocks * bs > MirrorProtocol.MAX_DATA) {
            done.accept(check(command, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_FIELD_IN_CDB));
            return;
        }
        long at = clock.nanoTime();
        long start = lba;
        String initiator = nexus.initiator().name();
        int n = (int) blocks;
        if (write) {
            byte[] data = command.dataOut();
            if (data.length != n * bs) {
                done.accept(check(command, ScsiConstants.ILLEGAL_REQUEST, ScsiConstants.ASC_INVALID_FIELD_IN_CDB));
                return;
            }
            engine.write(lba, data, r -> {
                ScsiResponse resp = r.ok() ? ScsiResponse.good(command, new byte[0]) : r.cutOff() ? notReady(command)
                        : check(command, ScsiConstants.MEDIUM_ERROR, ScsiConstants.ASC_WRITE_ERROR);
                served.add(new ServedIo(server, initiator, true, start, n, server, at, clock.nanoTime(), resp.status()));
                done.accept(resp);
            });
        } else {
            engine.read(lba, n, r -> {
                ScsiResponse resp = r.ok() ? ScsiResponse.good(command, r.data()) : r.cutOff() ? notReady(command)
                        : check(command, ScsiConstants.MEDIUM_ERROR, ScsiConstants.ASC_UNRECOVERED_READ_ERROR);
                String from = r.ok() ? (r.servedBy() == engine.serverId() ? server : engine.peerName(r.servedBy())) : "";
                served.add(new ServedIo(server, initiator, false, start, n, from, at, clock.nanoTime(), resp.status()));
                done.accept(resp);
            });
        }
    }

    /** NOT READY, LOGICAL UNIT NOT READY: the server cannot serve the shared LUN now; the host retries later. */
    private static ScsiResponse notReady(ScsiCommand command) {
        return check(command, ScsiConstants.NOT_READY, ScsiConstants.ASC_LOGICAL_UNIT_NOT_READY_CAUSE_NOT_REPORTABLE);
    }

    private static ScsiResponse check(ScsiCommand command, int key, int ascq) {
        return ScsiResponse.checkCondition(command, SenseData.of(key, ascq).encodeFixed());
    }

    @Override
    public void manage(ItNexus nexus, TaskManagementFunction function, long lun, long referencedTag,
                       Consumer<TaskManagementResponse> completion) {
        core.manage(nexus, function, lun, referencedTag, completion);
    }

    @Override
    public void nexusLost(ItNexus nexus) {
        core.nexusLost(nexus);
    }

    @Override
    public String toString() {
        return "I/O driver of " + server;
    }
}
