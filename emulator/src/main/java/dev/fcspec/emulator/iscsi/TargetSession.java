package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.TargetLogin.SessionType;
import dev.fcspec.emulator.scsi.ItNexus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One iSCSI session on the target: its I_T nexus, the negotiated parameters, the command window
 * (ExpCmdSN/MaxCmdSN with in-order delivery of non-immediate commands) and the tasks the front end still
 * holds (commands waiting for data-out). Shared by the session's connections.
 */
final class TargetSession {

    /** A PDU held back because its CmdSN is ahead of ExpCmdSN. */
    private record Held(TargetConnection connection, IscsiPdu pdu) {
    }

    /** A command-window slot that a task management function consumed (RFC 7143 section 11.5.1 b). */
    private static final Held CONSUMED = new Held(null, null);

    final IscsiTargetPortal portal;
    final SessionType type;
    final String initiatorName;
    final long isid;
    final int tsih;
    final IscsiTargetDefinition target;
    final ItNexus nexus;
    final SessionParameters parameters;
    private final int window;
    /**
     * Serializes the Full Feature Phase work of the session's connections. Taken before the session's own
     * monitor (which guards the command window and is held only briefly), never while holding another
     * session's processing lock.
     */
    final Object processing = new Object();

    private int expCmdSn;
    private final Map<Integer, Held> held = new HashMap<>();
    final Map<Integer, TargetTask> tasks = new ConcurrentHashMap<>();
    final List<TargetConnection> connections = new CopyOnWriteArrayList<>();
    private int nextTtt = 1;
    private volatile boolean ended;
    /** Data-out bytes the session's tasks hold (R2Ts granted, unsolicited data kept); guarded by {@link #processing}. */
    private long buffered;
    /** Admission order of tasks, to find the oldest (which always gets its R2Ts); guarded by {@link #processing}. */
    private long nextTaskSeq;

    TargetSession(IscsiTargetPortal portal, TargetLogin login, ItNexus nexus, int window) {
        this.portal = portal;
        this.type = login.sessionType();
        this.initiatorName = login.initiatorName();
        this.isid = login.isid();
        this.tsih = login.tsih();
        this.target = login.target();
        this.nexus = nexus;
        this.parameters = login.parameters();
        this.window = window;
        this.expCmdSn = login.expCmdSn();
    }

    synchronized int expCmdSn() {
        return expCmdSn;
    }

    synchronized int maxCmdSn() {
        return expCmdSn + window - 1;
    }

    synchronized int newTargetTransferTag() {
        int t = nextTtt++;
        if (nextTtt == IscsiConstants.RESERVED_TAG) {
            nextTtt = 1;
        }
        return t;
    }

    boolean ended() {
        return ended;
    }

    /**
     * Orders a PDU that carries a CmdSN (RFC 7143 section 3.2.2.1): immediate PDUs and the PDU whose CmdSN is
     * ExpCmdSN are delivered (with any held PDUs that follow without a gap), PDUs ahead of ExpCmdSN inside the
     * window are held, and PDUs outside the window are dropped silently.
     *
     * @return the PDUs to process now, in order, each with the connection it arrived on
     */
    List<Map.Entry<TargetConnection, IscsiPdu>> order(TargetConnection conn, IscsiPdu pdu, int cmdSn, boolean immediate) {
        List<Map.Entry<TargetConnection, IscsiPdu>> ready = new ArrayList<>(1);
        synchronized (this) {
            if (immediate) {
                ready.add(Map.entry(conn, pdu));
                return ready;
            }
            if (cmdSn == expCmdSn) {
                ready.add(Map.entry(conn, pdu));
                expCmdSn++;
                releaseHeld(ready);
            } else if (SerialNumbers.inWindow(cmdSn, expCmdSn + 1, expCmdSn + window - 1)) {
                held.putIfAbsent(cmdSn, new Held(conn, pdu));
            }
        }
        return ready;
    }

    private void releaseHeld(List<Map.Entry<TargetConnection, IscsiPdu>> ready) {
        Held h;
        while ((h = held.remove(expCmdSn)) != null) {
            if (h != CONSUMED) {
                ready.add(Map.entry(h.connection(), h.pdu()));
            }
            expCmdSn++;
        }
    }

    /**
     * For ABORT TASK of a task the target does not hold: if RefCmdSN is inside the window, the CmdSN counts as
     * received (a held command with that CmdSN is discarded) and the answer is Function Complete; outside the
     * window the task does not exist.
     *
     * @return true for Function Complete
     */
    boolean consumeForAbort(int refCmdSn, int tmfCmdSn) {
        List<Map.Entry<TargetConnection, IscsiPdu>> ready = new ArrayList<>();
        synchronized (this) {
            if (!SerialNumbers.inWindow(refCmdSn, expCmdSn, expCmdSn + window - 1) || refCmdSn == tmfCmdSn) {
                return false;
            }
            held.put(refCmdSn, CONSUMED);
            releaseHeld(ready);
        }
        for (Map.Entry<TargetConnection, IscsiPdu> e : ready) {
            e.getKey().processOrdered(e.getValue());
        }
        return true;
    }

    /** Drops a held command by ITT (ABORT TASK before delivery); its CmdSN stays consumed. */
    synchronized boolean abortHeld(int itt) {
        for (Map.Entry<Integer, Held> e : held.entrySet()) {
            Held h = e.getValue();
            if (h != CONSUMED && h.pdu() instanceof IscsiPdu.ScsiCommandPdu
                    && ((IscsiPdu.ScsiCommandPdu) h.pdu()).itt() == itt) {
                e.setValue(CONSUMED);
                return true;
            }
        }
        return false;
    }

    /** Drops held commands for a LUN field (or all when lunField is null). */
    synchronized void abortHeldFor(Long lunNumber) {
        for (Map.Entry<Integer, Held> e : held.entrySet()) {
            Held h = e.getValue();
            if (h != CONSUMED && h.pdu() instanceof IscsiPdu.ScsiCommandPdu
                    && (lunNumber == null || Lun.toNumber(((IscsiPdu.ScsiCommandPdu) h.pdu()).lun()) == lunNumber)) {
                e.setValue(CONSUMED);
            }
        }
    }

    /** Aborts the tasks the front end holds for a LUN (null: all LUNs). */
    void abortTasks(Long lunNumber) {
        for (TargetTask t : tasks.values()) {
            if (lunNumber == null || t.lunNumber == lunNumber) {
                removeTask(t);
                t.connection.taskAborted(t);
            }
        }
        abortHeldFor(lunNumber);
    }

    // ---------------------------------------------------------------- buffered data-out (caller holds processing)

    /** Starts holding a task that waits for data-out, with the unsolicited bytes it already keeps. */
    void addTask(TargetTask t) {
        t.seq = nextTaskSeq++;
        tasks.put(t.itt, t);
        account(t, t.reserved);
    }

    /** Counts {@code bytes} more (or fewer) held by a task against the session's and the portal's budgets. */
    void account(TargetTask t, long bytes) {
        if (bytes != 0) {
            synchronized (this) {
                buffered += bytes;
            }
            portal.buffered(bytes);
        }
    }

    /**
     * Grants an R2T of {@code length} bytes to a task if the session's budget allows it; the oldest task always
     * gets its R2Ts, so that the session makes progress whatever the others hold.
     */
    boolean grant(TargetTask t, int length) {
        long limit = portal.limits().maxBufferedBytesPerSession();
        if (bufferedBytes() + length > limit && !oldest(t)) {
            return false;
        }
        t.reserved += length;
        account(t, length);
        return true;
    }

    synchronized long bufferedBytes() {
        return buffered;
    }

    private boolean oldest(TargetTask t) {
        for (TargetTask o : tasks.values()) {
            if (o.seq < t.seq) {
                return false;
            }
        }
        return true;
    }

    /** Stops holding a task (done, failed, aborted) and gives back what it held; true when it was held. */
    boolean removeTask(TargetTask t) {
        if (!tasks.remove(t.itt, t)) {
            return false;
        }
        long r = t.reserved;
        t.reserved = 0;
        account(t, -r);
        return true;
    }

    /** Tasks that wait for R2Ts the budget did not allow, oldest first. */
    List<TargetTask> waitingForBudget() {
        List<TargetTask> waiting = new ArrayList<>();
        for (TargetTask t : tasks.values()) {
            if (t.waitingForBudget) {
                waiting.add(t);
            }
        }
        waiting.sort(java.util.Comparator.comparingLong(t -> t.seq));
        return waiting;
    }

    /** Ends the session: closes every connection and reports the nexus lost to the core (once). */
    void end() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            held.clear();
        }
        for (TargetTask t : tasks.values()) {
            removeTask(t);
        }
        portal.sessionEnded(this);
        for (TargetConnection c : connections) {
            c.close();
        }
        if (type == SessionType.NORMAL) {
            portal.coreScheduler().execute(() -> target.core().nexusLost(nexus));
        }
    }
}
