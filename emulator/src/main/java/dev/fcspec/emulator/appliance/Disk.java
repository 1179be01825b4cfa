package dev.fcspec.emulator.appliance;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import dev.fcspec.emulator.scsi.BackingStore;
import dev.fcspec.emulator.scsi.ForwardingBackingStore;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.LogicalUnit;
import dev.fcspec.emulator.scsi.ReservationConflictException;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.TargetCore;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TransportProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk of an appliance cluster: a SCSI logical unit on the shared back end (the disk shelf every node of the
 * cluster is cabled to), owned by one node at a time. Ownership is a persistent reservation on the disk itself:
 * the owner registers its key and holds a WRITE EXCLUSIVE - REGISTRANTS ONLY reservation; a survivor taking
 * over registers and preempts the failed owner's key with PERSISTENT RESERVE OUT PREEMPT AND ABORT, after which
 * the disk's own SCSI target core answers any write from the failed node with RESERVATION CONFLICT.
 *
 * <p>Each node reaches the disk through {@link #pathFor}: a backing store for the node's front-end logical unit
 * that turns every read and write into READ(16)/WRITE(16) on the node's back-end I_T nexus. The disk counts the
 * reads and writes that reach its medium (so that a scenario can tell data read from the disk from data the
 * storage operating system answered without touching it) and keeps the persistent reservation commands the
 * nodes sent it.
 */
public final class Disk {
    /** LUN of the disk on its shelf target. */
    private static final long SHELF_LUN = 0;
    private static final int UNIT_ATTENTION_RETRIES = 8;

    /** A node's back-end initiator port on the shelf, with the reservation key it registers. */
    public record Initiator(String node, String wwpn, long key) {
        public Initiator {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(wwpn, "wwpn");
            if (key == 0) {
                throw new IllegalArgumentException("reservation key of " + node + " must not be zero");
            }
        }
    }

    /** One PERSISTENT RESERVE command a node sent the disk, and the status it got. */
    public record ReservationCommand(String node, int serviceAction, long key, long serviceActionKey, int status) {
        /** The service action's name as SPC-4 gives it. */
        public String serviceActionName() {
            return switch (serviceAction) {
                case PROUT_REGISTER -> "REGISTER";
                case PROUT_RESERVE -> "RESERVE";
                case PROUT_RELEASE -> "RELEASE";
                case PROUT_CLEAR -> "CLEAR";
                case PROUT_PREEMPT -> "PREEMPT";
                case PROUT_PREEMPT_AND_ABORT -> "PREEMPT AND ABORT";
                case PROUT_REGISTER_AND_IGNORE_EXISTING_KEY -> "REGISTER AND IGNORE EXISTING KEY";
                default -> "service action " + serviceAction;
            };
        }
    }

    private final String name;
    private final Media media;
    private final TargetCore shelf;
    private final TargetPort shelfPort;
    private final int blockSize;
    private final AtomicLong fencedWrites = new AtomicLong();
    private final AtomicLong tags = new AtomicLong();
    private final Map<Long, String> keyOwners = new LinkedHashMap<>();
    private final List<ReservationCommand> reservationCommands = new CopyOnWriteArrayList<>();

    /**
     * @param name      the disk's name
     * @param store     its medium
     * @param blockSize logical block size in bytes
     * @param shelfWwpn the WWPN of the shelf port the nodes reach the disk through
     */
    public Disk(String name, BackingStore store, int blockSize, String shelfWwpn) {
        this.name = Objects.requireNonNull(name, "name");
        this.media = new Media(Objects.requireNonNull(store, "store"));
        this.blockSize = blockSize;
        this.shelfPort = new TargetPort(TransportProtocol.FCP, shelfWwpn, 1);
        this.shelf = TargetCore.builder(name).port(shelfPort)
                .unit(SHELF_LUN, LogicalUnit.builder(name, media).blockSize(blockSize).build()).build();
    }

    public String name() {
        return name;
    }

    public int blockSize() {
        return blockSize;
    }

    public long capacity() {
        return media.capacity();
    }

    // ---- persistent reservations, as the nodes' storage operating systems use them -----------------------

    /** The node registers its key (REGISTER AND IGNORE EXISTING KEY). */
    public ScsiResponse register(Initiator node) {
        synchronized (keyOwners) {
            keyOwners.put(node.key(), node.node());
        }
        return reserveOut(node, PROUT_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 0, node.key());
    }

    /** The node, registered, takes a WRITE EXCLUSIVE - REGISTRANTS ONLY reservation (RESERVE). */
    public ScsiResponse reserve(Initiator node) {
        return reserveOut(node, PROUT_RESERVE, PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, node.key(), 0);
    }

    /**
     * The node, registered, preempts the registrations and the reservation of {@code victimKey} (PREEMPT, or
     * PREEMPT AND ABORT, which also aborts the victim's tasks) and holds the reservation itself.
     */
    public ScsiResponse preempt(Initiator node, long victimKey, boolean abort) {
        return reserveOut(node, abort ? PROUT_PREEMPT_AND_ABORT : PROUT_PREEMPT,
                PR_TYPE_WRITE_EXCLUSIVE_REGISTRANTS_ONLY, node.key(), victimKey);
    }

    private ScsiResponse reserveOut(Initiator node, int serviceAction, int type, long key, long saKey) {
        byte[] cdb = {(byte) PERSISTENT_RESERVE_OUT, (byte) serviceAction, (byte) (PR_SCOPE_LU << 4 | type), 0, 0,
            0, 0, 0, 24, 0};
        byte[] p = new byte[24];
        put64(p, 0, key);
        put64(p, 8, saKey);
        ScsiResponse r = execute(node, cdb, p, 0);
        reservationCommands.add(new ReservationCommand(node.node(), serviceAction, key, saKey, r.status()));
        return r;
    }

    /** The persistent reservation commands nodes sent this disk, in order. */
    public List<ReservationCommand> reservationCommands() {
        return new ArrayList<>(reservationCommands);
    }

    /** The keys registered with the disk (PERSISTENT RESERVE IN, READ KEYS), in registration order. */
    public List<Long> registeredKeys(Initiator asker) {
        byte[] d = reserveIn(asker, PRIN_READ_KEYS);
        int len = (int) get32(d, 4);
        List<Long> keys = new ArrayList<>();
        for (int at = 8; at + 8 <= Math.min(d.length, 8 + len); at += 8) {
            keys.add(get64(d, at));
        }
        return keys;
    }

    /** The reservation holder's key and type (PERSISTENT RESERVE IN, READ RESERVATION), if reserved. */
    public Optional<long[]> reservation(Initiator asker) {
        byte[] d = reserveIn(asker, PRIN_READ_RESERVATION);
        if (get32(d, 4) == 0) {
            return Optional.empty();
        }
        return Optional.of(new long[] {get64(d, 8), d[21] & 0x0F});
    }

    /** The node that holds the disk's persistent reservation, by its registered key, or null when none does. */
    public String reservationHolder() {
        Optional<long[]> r = reservation(new Initiator("observer", "2f:ff:00:00:00:00:00:01", 1));
        if (r.isEmpty()) {
            return null;
        }
        synchronized (keyOwners) {
            return keyOwners.getOrDefault(r.get()[0], "key 0x" + Long.toHexString(r.get()[0]));
        }
    }

    /** The node whose key this is, as far as the disk has seen it registered. */
    public String ownerOfKey(long key) {
        synchronized (keyOwners) {
            return keyOwners.get(key);
        }
    }

    private byte[] reserveIn(Initiator asker, int serviceAction) {
        byte[] cdb = {(byte) PERSISTENT_RESERVE_IN, (byte) serviceAction, 0, 0, 0, 0, 0, 0x10, 0, 0};
        ScsiResponse r = execute(asker, cdb, new byte[0], 0x1000);
        if (r.status() != ScsiStatus.GOOD) {
            throw new IllegalStateException(name + ": PERSISTENT RESERVE IN failed with status " + r.status());
        }
        return r.dataIn();
    }

    // ---- data path ------------------------------------------------------------------------------------

    /** Writes refused because the writing node no longer held a registration (RESERVATION CONFLICT). */
    public long fencedWrites() {
        return fencedWrites.get();
    }

    /** Read operations that reached the disk's medium. */
    public long reads() {
        return media.reads.get();
    }

    /** Write operations that reached the disk's medium. */
    public long writes() {
        return media.writes.get();
    }

    /**
     * The disk as one node's storage operating system reaches it over the back end: reads and writes become
     * READ(16) and WRITE(16) on the node's I_T nexus, so the disk's persistent reservation decides whether a
     * write lands. A write refused with RESERVATION CONFLICT throws {@link ReservationConflictException}, which
     * the node's target core reports to its host as RESERVATION CONFLICT.
     */
    public BackingStore pathFor(Initiator node) {
        return new Path(node);
    }

    private ScsiResponse execute(Initiator node, byte[] cdb, byte[] dataOut, int expectedIn) {
        ItNexus nexus = new ItNexus(new InitiatorPort(TransportProtocol.FCP, node.wwpn(), node.wwpn()), shelfPort);
        ScsiResponse r = null;
        for (int attempt = 0; attempt < UNIT_ATTENTION_RETRIES; attempt++) {
            r = shelf.execute(nexus, new ScsiCommand(SHELF_LUN, cdb, TaskAttribute.SIMPLE, tags.incrementAndGet(),
                    dataOut, expectedIn));
            boolean unitAttention = r.status() == ScsiStatus.CHECK_CONDITION && r.sense().length > 2
                    && r.senseData().senseKey() == UNIT_ATTENTION;
            if (!unitAttention) {
                return r;
            }
            // A unit attention (power on, registrations preempted...) reports a condition, not the command's
            // outcome: the initiator retries, as a host's SCSI layer does.
        }
        return r;
    }

    /** A node's path to the disk: reads and writes go down it as READ(16)/WRITE(16); the rest to the medium. */
    private final class Path extends ForwardingBackingStore {
        private final Initiator node;

        Path(Initiator node) {
            this.node = Objects.requireNonNull(node, "node");
        }

        @Override
        protected BackingStore delegate() {
            return media;
        }

        @Override
        public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
            if (length == 0) {
                return;
            }
            long first = offset / blockSize;
            long end = (offset + length + blockSize - 1) / blockSize;
            byte[] data = transfer(READ_16, first, (int) (end - first), new byte[0]);
            System.arraycopy(data, (int) (offset - first * blockSize), dst, dstOffset, length);
        }

        @Override
        public void write(long offset, byte[] src, int srcOffset, int length, boolean fua) throws IOException {
            if (length == 0) {
                return;
            }
            long first = offset / blockSize;
            long end = (offset + length + blockSize - 1) / blockSize;
            byte[] data;
            if (offset % blockSize == 0 && length % blockSize == 0) {
                data = java.util.Arrays.copyOfRange(src, srcOffset, srcOffset + length);
            } else {
                data = transfer(READ_16, first, (int) (end - first), new byte[0]);
                System.arraycopy(src, srcOffset, data, (int) (offset - first * blockSize), length);
            }
            transfer(WRITE_16 | (fua ? 0x100 : 0), first, (int) (end - first), data);
        }

        @Override
        public void unmap(long offset, long length) throws IOException {
            // A zero-length WRITE(16) carries no data but is checked against the reservation like any write.
            transfer(WRITE_16, offset / blockSize, 0, new byte[0]);
            media.unmap(offset, length);
        }

        private byte[] transfer(int op, long lba, int blocks, byte[] dataOut) throws IOException {
            byte[] cdb = new byte[16];
            cdb[0] = (byte) op;
            if ((op & 0x100) != 0) {
                cdb[1] = 0x08; // FUA
            }
            put64(cdb, 2, lba);
            cdb[10] = (byte) (blocks >>> 24);
            cdb[11] = (byte) (blocks >>> 16);
            cdb[12] = (byte) (blocks >>> 8);
            cdb[13] = (byte) blocks;
            boolean read = (op & 0xFF) == READ_16;
            ScsiResponse r = execute(node, cdb, dataOut, read ? blocks * blockSize : 0);
            if (r.status() == ScsiStatus.RESERVATION_CONFLICT) {
                fencedWrites.incrementAndGet();
                throw new ReservationConflictException(node.node() + " writes to " + name + ", whose persistent"
                        + " reservation it no longer holds a registration for");
            }
            if (r.status() != ScsiStatus.GOOD) {
                throw new IOException(name + ": " + (read ? "READ(16)" : "WRITE(16)") + " from " + node.node()
                        + " failed with status " + r.status() + (r.sense().length > 0 ? ", " + r.senseData() : ""));
            }
            return r.dataIn();
        }

        @Override
        public void close() {
            // the disk outlives the path
        }
    }

    /** The disk's medium: counts the operations that reach it. */
    private static final class Media extends ForwardingBackingStore {
        private final BackingStore store;
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong writes = new AtomicLong();

        Media(BackingStore store) {
            this.store = store;
        }

        @Override
        protected BackingStore delegate() {
            return store;
        }

        @Override
        public void read(long offset, byte[] dst, int dstOffset, int length) throws IOException {
            reads.incrementAndGet();
            store.read(offset, dst, dstOffset, length);
        }

        @Override
        public void write(long offset, byte[] src, int srcOffset, int length, boolean fua) throws IOException {
            writes.incrementAndGet();
            store.write(offset, src, srcOffset, length, fua);
        }

        @Override
        public void unmap(long offset, long length) throws IOException {
            writes.incrementAndGet();
            store.unmap(offset, length);
        }

    }

    private static void put64(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }

    private static long get64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static long get32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    @Override
    public String toString() {
        return "disk " + name;
    }
}
