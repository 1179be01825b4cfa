package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.RESERVED_TAG;

import dev.fcspec.emulator.iscsi.IscsiConstants.LogoutReason;
import dev.fcspec.emulator.iscsi.IscsiConstants.LogoutResponse;
import dev.fcspec.emulator.iscsi.IscsiConstants.Opcode;
import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfFunction;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.Reject;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.SnackRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextResponse;
import dev.fcspec.emulator.iscsi.TargetLogin.SessionType;
import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.mina.core.session.IoSession;

/**
 * One TCP connection of the target portal: the connection state machine of RFC 7143 section 8.1.3 (target
 * side), the login on this connection, and the Full Feature Phase PDU handling. Everything SCSI is handed to
 * the {@link dev.fcspec.emulator.scsi.ScsiTarget} on the portal's core scheduler (the MINA thread never calls
 * the target itself); completions come back on that scheduler, take the session's processing lock, and only
 * map status, sense and the target's residual onto the wire.
 */
final class TargetConnection {
    private static final System.Logger LOG = System.getLogger(TargetConnection.class.getName());

    /** Target connection states (RFC 7143 section 8.1.3: S3 XPT_UP ... S8 CLEANUP_WAIT, S1 FREE). */
    enum State {
        XPT_UP, IN_LOGIN, LOGGED_IN, IN_LOGOUT, CLEANUP_WAIT, FREE
    }

    private static final int ABORTED_ITT_MEMORY = 256;

    final IoSession io;
    private final IscsiTargetPortal portal;
    private volatile State state = State.XPT_UP;
    private TargetLogin login;
    volatile TargetSession session;
    int cid;
    private SessionParameters params;
    private int statSn;
    private final Set<Integer> abortedItts = new LinkedHashSet<>();
    private final ByteArrayOutputStream textRequest = new ByteArrayOutputStream();
    private int textRequestTtt = RESERVED_TAG;
    private byte[] textResponse;
    private int textResponseOffset;
    private int textResponseTtt = RESERVED_TAG;
    // NOP-In ping state, guarded by this connection's monitor
    private dev.fcspec.emulator.time.Timer pingTimer;
    private int pingTtt = RESERVED_TAG;
    private long pingsAnswered;

    /** Drops the connection if the login has not ended by then (null: no login timeout). */
    private dev.fcspec.emulator.time.Timer loginTimer;
    /** The InitiatorName this connection counts against in the portal's per-initiator limit, once admitted. */
    private String admittedInitiator;
    /** True while reading is suspended because the connection's queued data-in is over the budget (I/O thread). */
    private boolean readSuspended;
    /** Messages decoded before reading was suspended, handled once the queue has drained (I/O thread). */
    private final java.util.ArrayDeque<Object> deferred = new java.util.ArrayDeque<>();
    /** Data-in the SCSI target still owes for the commands handed to it: queued data-in as soon as they complete. */
    private final AtomicLong owedDataIn = new AtomicLong();

    TargetConnection(IoSession io, IscsiTargetPortal portal) {
        this.io = io;
        this.portal = portal;
    }

    /** The peer's address, for log lines. */
    String peer() {
        Object a = io.getRemoteAddress();
        return a == null ? "?" : a.toString().replaceFirst("^/", "");
    }

    /**
     * Handles one decoded message on this connection's I/O thread, unless the data-in and responses queued for the
     * initiator exceed the buffered-bytes budget: then the message waits, reading stops, and both resume once half
     * of the queue has drained (TCP then holds the initiator back instead of the target's memory).
     */
    void received(Object message) {
        if (readSuspended) {
            deferred.add(message);
            return;
        }
        receive(message);
        checkQueuedDataIn();
    }

    /** Called on this connection's I/O thread after each message received and each PDU sent. */
    void checkQueuedDataIn() {
        long limit = portal.limits().maxBufferedBytesPerSession();
        if (!readSuspended) {
            if (io.getScheduledWriteBytes() + owedDataIn.get() > limit) {
                readSuspended = true;
                io.suspendRead();
            }
            return;
        }
        if (io.getScheduledWriteBytes() + owedDataIn.get() > limit / 2) {
            return;
        }
        readSuspended = false;
        while (!deferred.isEmpty()) {
            receive(deferred.poll());
            if (io.getScheduledWriteBytes() + owedDataIn.get() > limit) {
                readSuspended = true;
                return;
            }
        }
        io.resumeRead();
    }

    /** Records that this connection counts against the per-initiator limit of {@code initiatorName}. */
    synchronized void admitted(String initiatorName) {
        admittedInitiator = initiatorName;
    }

    /** Starts the login timeout (on the portal's scheduler), if the portal has one. */
    synchronized void startLoginTimer(dev.fcspec.emulator.time.Scheduler scheduler, java.time.Duration timeout) {
        loginTimer = scheduler.schedule(timeout, () -> {
            if (state == State.XPT_UP || state == State.IN_LOGIN) {
                LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: no login within {1}; dropping the connection",
                        peer(), timeout);
                close();
            }
        });
    }

    private synchronized void cancelLoginTimer() {
        if (loginTimer != null) {
            loginTimer.cancel();
            loginTimer = null;
        }
    }

    State state() {
        return state;
    }

    // ---------------------------------------------------------------- input

    /**
     * Handles one decoded message. During the login the connection's own monitor orders the work; in the Full
     * Feature Phase the session's processing lock does, so that PDUs released by one connection of a session
     * for another are processed without holding two connection locks (no lock-order cycles across MC/S
     * connections or cross-session task management).
     */
    void receive(Object message) {
        TargetSession s = session;
        if (s == null) {
            synchronized (this) {
                if (session == null) {
                    receiveLocked(message);
                    return;
                }
                s = session;
            }
        }
        synchronized (s.processing) {
            receiveLocked(message);
        }
    }

    private void receiveLocked(Object message) {
        if (state == State.FREE || state == State.CLEANUP_WAIT) {
            return;
        }
        if (message instanceof FramingError) {
            framingError((FramingError) message);
            return;
        }
        Pdu pdu = (Pdu) message;
        IscsiPdu p;
        try {
            p = PduParser.parseFromInitiator(pdu);
        } catch (IscsiProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: rejecting {1}: {2}", peer(), pdu, e.getMessage());
            if (state != State.LOGGED_IN) {
                close();
                return;
            }
            if (e.rejectReason() != null) {
                reject(e.rejectReason(), pdu.bhs());
            }
            if (e.connectionFatal()) {
                close();
            }
            return;
        }
        if (state == State.XPT_UP || state == State.IN_LOGIN) {
            if (p instanceof LoginRequest) {
                login((LoginRequest) p);
            } else {
                close();
            }
            return;
        }
        if (state != State.LOGGED_IN) {
            return;
        }
        if (p instanceof LoginRequest) {
            reject(RejectReason.PROTOCOL_ERROR, pdu.bhs());
        } else if (p instanceof DataOut) {
            dataOut((DataOut) p, pdu, pdu.dataLength());
        } else if (p instanceof SnackRequest) {
            reject(RejectReason.PROTOCOL_ERROR, pdu.bhs());
        } else if (p instanceof NopOut && ((NopOut) p).itt() == RESERVED_TAG) {
            pingAnswered(((NopOut) p).ttt());
        } else {
            int cmdSn = cmdSnOf(p);
            boolean immediate = pdu.immediate();
            TargetSession s = session;
            for (Map.Entry<TargetConnection, IscsiPdu> e : s.order(this, p, cmdSn, immediate)) {
                e.getKey().processOrdered(e.getValue());
            }
        }
    }

    private static int cmdSnOf(IscsiPdu p) {
        if (p instanceof ScsiCommandPdu) {
            return ((ScsiCommandPdu) p).cmdSn();
        } else if (p instanceof NopOut) {
            return ((NopOut) p).cmdSn();
        } else if (p instanceof TaskManagementRequest) {
            return ((TaskManagementRequest) p).cmdSn();
        } else if (p instanceof TextRequest) {
            return ((TextRequest) p).cmdSn();
        } else if (p instanceof LogoutRequest) {
            return ((LogoutRequest) p).cmdSn();
        }
        throw new IllegalArgumentException(p.opcode().toString());
    }

    private void framingError(FramingError fe) {
        IscsiProtocolException e = fe.defect();
        LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: framing error: {1}", peer(), e.getMessage());
        if (e.connectionFatal() || state != State.LOGGED_IN) {
            if (e.rejectReason() != null && state == State.LOGGED_IN) {
                reject(e.rejectReason(), fe.bhs());
            }
            close();
            return;
        }
        reject(e.rejectReason(), fe.bhs());
        if (e instanceof DataDigestException && (fe.bhs()[0] & IscsiConstants.OPCODE_MASK) == Opcode.SCSI_DATA_OUT.code()) {
            byte[] b = fe.bhs();
            DataOut header = new DataOut((b[1] & IscsiConstants.FLAG_FINAL) != 0, Bhs.getLong(b, 8), Bhs.getInt(b, 16),
                    Bhs.getInt(b, 20), Bhs.getInt(b, 28), Bhs.getInt(b, 36), Bhs.getInt(b, 40), null);
            dataOut(header, null, Bhs.get24(b, IscsiConstants.OFF_DATA_SEGMENT_LENGTH));
        }
    }

    // ---------------------------------------------------------------- login

    private void login(LoginRequest req) {
        if (login == null) {
            login = new TargetLogin(portal.loginContext(this));
            state = State.IN_LOGIN;
        }
        TargetLogin.Step step = login.handle(req);
        if (step.complete()) {
            cancelLoginTimer();
            params = login.parameters();
            cid = login.cid();
            statSn = login.nextStatSn();
            session = portal.loginComplete(this, login);
            write(step.response());
            FramingState framing = FramingState.of(io);
            framing.maxRecvDataSegmentLength(portal.settings().maxRecvDataSegmentLength());
            framing.digests(params.headerDigest(), params.dataDigest());
            state = State.LOGGED_IN;
            schedulePing();
        } else if (step.failed()) {
            LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: login of {1} refused with status {2}", peer(),
                    login.initiatorName() == null ? "an unnamed initiator" : login.initiatorName(), step.status());
            write(step.response());
            close();
        } else {
            write(step.response());
        }
    }

    // ---------------------------------------------------------------- ordered PDUs

    /** Processes an ordered PDU; the caller holds the session's processing lock. */
    void processOrdered(IscsiPdu p) {
        if (state != State.LOGGED_IN) {
            return;
        }
        if (p instanceof ScsiCommandPdu) {
            command((ScsiCommandPdu) p);
        } else if (p instanceof NopOut) {
            NopOut n = (NopOut) p;
            ByteBuffer echo = n.pingData().duplicate();
            if (echo.remaining() > params.initiatorMaxRecvDataSegmentLength()) {
                echo.limit(echo.position() + params.initiatorMaxRecvDataSegmentLength());
            }
            TargetSession s = session;
            write(new NopIn(n.lun(), n.itt(), RESERVED_TAG, statSn++, s.expCmdSn(), s.maxCmdSn(), echo));
        } else if (p instanceof TaskManagementRequest) {
            taskManagement((TaskManagementRequest) p);
        } else if (p instanceof TextRequest) {
            text((TextRequest) p);
        } else if (p instanceof LogoutRequest) {
            logout((LogoutRequest) p);
        }
    }

    // ---------------------------------------------------------------- SCSI

    private void command(ScsiCommandPdu c) {
        TargetSession s = session;
        if (s.type == SessionType.DISCOVERY) {
            reject(RejectReason.PROTOCOL_ERROR, c.toPdu().bhs());
            return;
        }
        if (s.tasks.containsKey(c.itt())) {
            reject(RejectReason.TASK_IN_PROGRESS, c.toPdu().bhs());
            return;
        }
        long cdbDataOut = c.write() ? s.target.core().dataOutLength(s.nexus, Lun.toNumber(c.lun()), c.cdb()) : 0;
        PortalLimits limits = portal.limits();
        TargetTask t = new TargetTask(this, c, params, cdbDataOut, limits.maxBufferedBytesPerSession());
        if (t.complete()) {
            s.addTask(t);
            execute(t);
            return;
        }
        if (s.tasks.size() >= limits.maxCommandsPerSession()) {
            refuse(t, ScsiStatus.TASK_SET_FULL, "the session holds " + s.tasks.size() + " commands");
            return;
        }
        if (portal.bufferedBytes() + t.needed > limits.maxBufferedBytes() && t.needed > 0) {
            refuse(t, ScsiStatus.BUSY, "the portal holds " + portal.bufferedBytes() + " bytes of data-out");
            return;
        }
        s.addTask(t);
        progress(t);
    }

    /**
     * Ends a command the limits do not let in with a status and no data (its unsolicited data-out, if any still
     * comes, is discarded as that of an aborted task).
     */
    private void refuse(TargetTask t, int status, String why) {
        TargetSession s = session;
        LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: command ITT 0x{1} refused with status 0x{2}: {3}", peer(),
                Integer.toHexString(t.itt), Integer.toHexString(status), why);
        taskAborted(t);
        write(new ScsiResponsePdu(0, IscsiConstants.RESPONSE_COMPLETED, status, t.itt, 0, statSn++, s.expCmdSn(),
                s.maxCmdSn(), 0, 0, 0, new byte[0]));
    }

    private void progress(TargetTask t) {
        TargetSession s = session;
        if (t.failure != 0) {
            if (t.quiescent()) {
                s.removeTask(t);
                byte[] sense = IscsiSense.abortedCommand(t.failure);
                write(new ScsiResponsePdu(0, IscsiConstants.RESPONSE_COMPLETED, dev.fcspec.emulator.scsi.ScsiStatus.CHECK_CONDITION,
                        t.itt, 0, statSn++, s.expCmdSn(), s.maxCmdSn(), t.nextR2tSn, 0, 0, sense));
            }
            return;
        }
        if (!t.unsolicitedOpen) {
            t.waitingForBudget = false;
            while (t.outstanding.size() < params.maxOutstandingR2T() && t.nextR2tOffset < t.needed) {
                int length = Math.min(params.maxBurstLength(), t.needed - t.nextR2tOffset);
                if (!s.grant(t, length)) {
                    t.waitingForBudget = true;
                    break;
                }
                TargetTask.R2t r = new TargetTask.R2t(s.newTargetTransferTag(), t.nextR2tSn++, t.nextR2tOffset, length);
                t.outstanding.put(r.ttt, r);
                t.nextR2tOffset += length;
                write(new ReadyToTransfer(t.command.lun(), t.itt, r.ttt, statSn, s.expCmdSn(), s.maxCmdSn(), r.r2tSn,
                        r.offset, r.length));
            }
        }
        if (t.complete() && !t.submitted) {
            execute(t);
        }
    }

    /** Gives the R2Ts the budget held back to the tasks that wait, oldest first, now that a task gave bytes back. */
    private void resumeWaiting(TargetSession s) {
        for (TargetTask w : s.waitingForBudget()) {
            if (w.connection.state == State.LOGGED_IN) {
                w.connection.progress(w);
            }
        }
    }

    private void dataOut(DataOut d, Pdu raw, int length) {
        TargetSession s = session;
        TargetTask t = s.tasks.get(d.itt());
        if (t == null || t.connection != this) {
            if (wasAborted(d.itt())) {
                return;
            }
            if (raw != null) {
                reject(RejectReason.INVALID_PDU_FIELD, raw.bhs());
            }
            return;
        }
        long before = t.reserved;
        if (!t.dataOut(d.finalFlag(), d.ttt(), d.dataSn(), d.bufferOffset(), raw == null ? null : d.data(), length)) {
            if (raw != null) {
                reject(RejectReason.INVALID_PDU_FIELD, raw.bhs());
            }
            return;
        }
        s.account(t, t.reserved - before);
        progress(t);
    }

    void taskAborted(TargetTask t) {
        synchronized (abortedItts) {
            abortedItts.add(t.itt);
            if (abortedItts.size() > ABORTED_ITT_MEMORY) {
                Integer oldest = abortedItts.iterator().next();
                abortedItts.remove(oldest);
            }
        }
    }

    private boolean wasAborted(int itt) {
        synchronized (abortedItts) {
            return abortedItts.contains(itt);
        }
    }

    private static TaskAttribute attribute(int attr) {
        switch (attr) {
            case 2:
                return TaskAttribute.ORDERED;
            case 3:
                return TaskAttribute.HEAD_OF_QUEUE;
            case 4:
                return TaskAttribute.ACA;
            default:
                return TaskAttribute.SIMPLE;
        }
    }

    /**
     * Hands a command whose data-out is all in to the SCSI target on the portal's core scheduler. The session
     * holds the task, and its data-out counts against the budgets, until the target completes it; a task
     * aborted or dropped meanwhile (ABORT TASK, a reset, the connection gone) gets no response. A target that
     * throws ends the command with Target Failure; an Error closes this connection only.
     */
    private void execute(TargetTask t) {
        TargetSession s = session;
        t.submitted = true;
        ScsiCommandPdu c = t.command;
        int expectedIn = c.read() ? (c.write() ? Math.max(0, c.bidiReadLength()) : c.expectedDataTransferLength()) : 0;
        ScsiCommand command = new ScsiCommand(t.lunNumber, c.cdb(), attribute(c.attribute()), c.itt() & 0xFFFFFFFFL,
                t.dataOut(), expectedIn);
        owedDataIn.addAndGet(expectedIn);
        // The data-in owed is paid back once, whether the target completes, throws after completing, or fails.
        AtomicBoolean owing = new AtomicBoolean(true);
        Runnable paid = () -> {
            if (owing.getAndSet(false)) {
                owedDataIn.addAndGet(-expectedIn);
            }
        };
        portal.coreScheduler().execute(() -> {
            try {
                s.target.core().submit(s.nexus, command, r -> {
                    paid.run();
                    synchronized (s.processing) {
                        if (s.removeTask(t)) {
                            respond(t, r);
                            resumeWaiting(s);
                        }
                    }
                });
            } catch (RuntimeException e) {
                paid.run();
                LOG.log(System.Logger.Level.WARNING, "iSCSI " + peer() + ": SCSI target failed on " + c, e);
                synchronized (s.processing) {
                    if (s.removeTask(t)) {
                        write(new ScsiResponsePdu(0, IscsiConstants.RESPONSE_TARGET_FAILURE, 0, t.itt, 0, statSn++,
                                s.expCmdSn(), s.maxCmdSn(), t.nextR2tSn, 0, 0, new byte[0]));
                        resumeWaiting(s);
                    }
                }
            } catch (Error e) {
                paid.run();
                LOG.log(System.Logger.Level.WARNING, "iSCSI " + peer() + ": SCSI target failed on " + c
                        + "; closing the connection", e);
                synchronized (s.processing) {
                    s.removeTask(t);
                    close();
                }
            }
        });
    }

    /**
     * Sends a command's response: its data-in as Data-In PDUs within MaxBurstLength sequences, with the status
     * in the last one when there is no sense (phase collapse), else in a SCSI Response; the residual is the
     * target's, mapped onto the U/O flags and Residual Count.
     */
    private void respond(TargetTask t, ScsiResponse r) {
        TargetSession s = session;
        if (state == State.FREE || state == State.CLEANUP_WAIT) {
            return;
        }
        ScsiCommandPdu c = t.command;
        byte[] in = r.dataIn();
        int length = in.length;
        int flags = r.residual().overflow() ? IscsiConstants.FLAG_RESIDUAL_OVERFLOW
                : r.residual().underflow() ? IscsiConstants.FLAG_RESIDUAL_UNDERFLOW : 0;
        int residual = r.residual().count();
        if (!r.residual().overflow() && t.uncollected() > 0) {
            // data-out the initiator offered beyond what the CDB calls for was never collected
            flags = IscsiConstants.FLAG_RESIDUAL_UNDERFLOW;
            residual += t.uncollected();
        }
        int dataSn = 0;
        boolean collapse = r.sense().length == 0;
        if (length > 0) {
            int maxSegment = params.initiatorMaxRecvDataSegmentLength();
            int burst = params.maxBurstLength();
            int offset = 0;
            while (offset < length) {
                int burstEnd = (int) Math.min((long) (offset / burst + 1) * burst, length);
                int chunk = Math.min(maxSegment, burstEnd - offset);
                boolean last = offset + chunk == length;
                boolean fin = last || offset + chunk == burstEnd;
                boolean status = last && collapse;
                write(new DataIn(fin, false, status && r.residual().overflow(), status && r.residual().underflow(),
                        status, r.status(), c.lun(), t.itt, RESERVED_TAG, status ? statSn++ : 0, s.expCmdSn(),
                        s.maxCmdSn(), dataSn++, offset, status ? residual : 0, ByteBuffer.wrap(in, offset, chunk)));
                offset += chunk;
            }
            if (collapse) {
                return;
            }
        }
        write(new ScsiResponsePdu(flags, IscsiConstants.RESPONSE_COMPLETED, r.status(), t.itt, 0, statSn++,
                s.expCmdSn(), s.maxCmdSn(), dataSn + t.nextR2tSn, 0, residual, r.sense()));
    }

    // ---------------------------------------------------------------- task management

    private void taskManagement(TaskManagementRequest req) {
        TargetSession s = session;
        TmfFunction f = TmfFunction.of(req.function());
        if (s.type == SessionType.DISCOVERY) {
            reject(RejectReason.PROTOCOL_ERROR, req.toPdu().bhs());
            return;
        }
        long lun = Lun.toNumber(req.lun());
        if (f == null) {
            tmfResponse(req, f, TmfResponse.FUNCTION_REJECTED);
            return;
        }
        switch (f) {
            case ABORT_TASK: {
                TargetTask t = s.tasks.get(req.referencedTaskTag());
                TmfResponse response;
                if (t != null && t.lunNumber == lun) {
                    s.removeTask(t);
                    t.connection.taskAborted(t);
                    response = TmfResponse.FUNCTION_COMPLETE;
                } else if (s.abortHeld(req.referencedTaskTag())) {
                    response = TmfResponse.FUNCTION_COMPLETE;
                } else {
                    response = s.consumeForAbort(req.refCmdSn(), req.cmdSn())
                            ? TmfResponse.FUNCTION_COMPLETE : TmfResponse.TASK_DOES_NOT_EXIST;
                }
                tmfResponse(req, f, response);
                return;
            }
            case ABORT_TASK_SET:
                s.abortTasks(lun);
                core(s, req, f, TaskManagementFunction.ABORT_TASK_SET, lun, 0);
                return;
            case CLEAR_TASK_SET:
                portal.abortTasks(s.target, lun);
                core(s, req, f, TaskManagementFunction.CLEAR_TASK_SET, lun, 0);
                return;
            case CLEAR_ACA:
                core(s, req, f, TaskManagementFunction.CLEAR_ACA, lun, 0);
                return;
            case LOGICAL_UNIT_RESET:
                portal.abortTasks(s.target, lun);
                core(s, req, f, TaskManagementFunction.LOGICAL_UNIT_RESET, lun, 0);
                return;
            case TARGET_WARM_RESET:
            case TARGET_COLD_RESET:
                portal.abortTasks(s.target, null);
                core(s, req, f, TaskManagementFunction.TARGET_RESET, lun, 0);
                return;
            case I_T_NEXUS_RESET:
                s.abortTasks(null);
                core(s, req, f, TaskManagementFunction.I_T_NEXUS_RESET, lun, 0);
                return;
            case QUERY_TASK: {
                if (s.tasks.get(req.referencedTaskTag()) != null) {
                    tmfResponse(req, f, TmfResponse.FUNCTION_COMPLETE);
                } else {
                    core(s, req, f, TaskManagementFunction.QUERY_TASK, lun, req.referencedTaskTag() & 0xFFFFFFFFL);
                }
                return;
            }
            case QUERY_TASK_SET:
                core(s, req, f, TaskManagementFunction.QUERY_TASK_SET, lun, 0);
                return;
            case TASK_REASSIGN:
                tmfResponse(req, f, TmfResponse.TASK_ALLEGIANCE_REASSIGNMENT_NOT_SUPPORTED);
                return;
            default:
                tmfResponse(req, f, TmfResponse.FUNCTION_NOT_SUPPORTED);
        }
    }

    /** Hands a task management function to the SCSI target; its service response becomes the iSCSI one. */
    private void core(TargetSession s, TaskManagementRequest req, TmfFunction f, TaskManagementFunction function,
                      long lun, long tag) {
        portal.coreScheduler().execute(() -> s.target.core().manage(s.nexus, function, lun, tag, r -> {
            TmfResponse response = switch (r) {
                case FUNCTION_COMPLETE, FUNCTION_SUCCEEDED -> TmfResponse.FUNCTION_COMPLETE;
                case INCORRECT_LOGICAL_UNIT_NUMBER -> TmfResponse.LUN_DOES_NOT_EXIST;
                case FUNCTION_REJECTED -> function == TaskManagementFunction.QUERY_TASK
                        ? TmfResponse.TASK_DOES_NOT_EXIST : TmfResponse.FUNCTION_REJECTED;
                default -> TmfResponse.FUNCTION_REJECTED;
            };
            synchronized (s.processing) {
                tmfResponse(req, f, response);
            }
        }));
    }

    private void tmfResponse(TaskManagementRequest req, TmfFunction f, TmfResponse response) {
        TargetSession s = session;
        if (state == State.FREE || state == State.CLEANUP_WAIT) {
            return;
        }
        write(new TaskManagementResponse(response.code(), req.itt(), statSn++, s.expCmdSn(), s.maxCmdSn()));
        if (f == TmfFunction.TARGET_COLD_RESET && response == TmfResponse.FUNCTION_COMPLETE) {
            portal.closeSessions(s.target);
        }
    }

    // ---------------------------------------------------------------- text

    private void text(TextRequest req) {
        TargetSession s = session;
        if (req.ttt() != RESERVED_TAG && req.ttt() == textResponseTtt && textResponse != null) {
            sendTextChunk(req);
            return;
        }
        if (req.ttt() != RESERVED_TAG && req.ttt() != textRequestTtt) {
            reject(RejectReason.INVALID_PDU_FIELD, req.toPdu().bhs());
            return;
        }
        textRequest.write(req.text(), 0, req.text().length);
        if (req.cont()) {
            textRequestTtt = s.newTargetTransferTag();
            write(new TextResponse(false, false, req.lun(), req.itt(), textRequestTtt, statSn++, s.expCmdSn(),
                    s.maxCmdSn(), new byte[0]));
            return;
        }
        textRequestTtt = RESERVED_TAG;
        byte[] all = textRequest.toByteArray();
        textRequest.reset();
        List<Pair> pairs;
        try {
            pairs = TextParameters.parse(all);
        } catch (MalformedTextException e) {
            reject(RejectReason.PROTOCOL_ERROR, req.toPdu().bhs());
            return;
        }
        List<Pair> answer = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.key().equals("SendTargets")) {
                answer.addAll(sendTargets(p.value()));
            } else if (NegotiationKey.of(p.key()) != null) {
                answer.add(new Pair(p.key(), "Reject"));
            } else {
                answer.add(new Pair(p.key(), "NotUnderstood"));
            }
        }
        textResponse = TextParameters.encode(answer);
        textResponseOffset = 0;
        textResponseTtt = RESERVED_TAG;
        sendTextChunk(req);
    }

    private void sendTextChunk(TextRequest req) {
        TargetSession s = session;
        int max = params.initiatorMaxRecvDataSegmentLength();
        int remaining = textResponse.length - textResponseOffset;
        byte[] chunk = Arrays.copyOfRange(textResponse, textResponseOffset, textResponseOffset + Math.min(max, remaining));
        textResponseOffset += chunk.length;
        boolean more = textResponseOffset < textResponse.length;
        if (more) {
            textResponseTtt = s.newTargetTransferTag();
        } else {
            textResponse = null;
            textResponseTtt = RESERVED_TAG;
        }
        write(new TextResponse(!more, more, req.lun(), req.itt(), more ? textResponseTtt : RESERVED_TAG, statSn++,
                s.expCmdSn(), s.maxCmdSn(), chunk));
    }

    private List<Pair> sendTargets(String value) {
        TargetSession s = session;
        List<IscsiTargetDefinition> targets = new ArrayList<>();
        if (s.type == SessionType.DISCOVERY && value.equals("All")) {
            for (IscsiTargetDefinition t : portal.targets()) {
                if (t.allowedInitiators().isEmpty() || t.allowedInitiators().contains(s.initiatorName)) {
                    targets.add(t);
                }
            }
        } else if (value.isEmpty() || value.equals("All")) {
            if (s.target != null) {
                targets.add(s.target);
            }
        } else {
            portal.targets().stream().filter(t -> t.name().equals(value)).filter(
                    t -> t.allowedInitiators().isEmpty() || t.allowedInitiators().contains(s.initiatorName))
                    .forEach(targets::add);
        }
        List<Pair> out = new ArrayList<>();
        InetSocketAddress local = (InetSocketAddress) io.getLocalAddress();
        String host = local.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        for (IscsiTargetDefinition t : targets) {
            out.add(new Pair("TargetName", t.name()));
            out.add(new Pair("TargetAddress", host + ":" + local.getPort() + "," + portal.portalGroupTag()));
        }
        return out;
    }

    // ---------------------------------------------------------------- logout

    private void logout(LogoutRequest req) {
        TargetSession s = session;
        LogoutReason reason = LogoutReason.of(req.reasonCode());
        if (reason == null) {
            reject(RejectReason.INVALID_PDU_FIELD, req.toPdu().bhs());
            return;
        }
        switch (reason) {
            case CLOSE_SESSION:
                state = State.IN_LOGOUT;
                writeLogoutResponse(req, LogoutResponse.CLOSED_SUCCESSFULLY);
                s.end();
                break;
            case CLOSE_CONNECTION: {
                TargetConnection victim = null;
                for (TargetConnection c : s.connections) {
                    if (c.cid == req.cid()) {
                        victim = c;
                    }
                }
                if (victim == null) {
                    writeLogoutResponse(req, LogoutResponse.CID_NOT_FOUND);
                    return;
                }
                if (victim == this) {
                    state = State.IN_LOGOUT;
                }
                writeLogoutResponse(req, LogoutResponse.CLOSED_SUCCESSFULLY);
                victim.close();
                break;
            }
            default:
                writeLogoutResponse(req, LogoutResponse.RECOVERY_NOT_SUPPORTED);
        }
    }

    private void writeLogoutResponse(LogoutRequest req, LogoutResponse r) {
        TargetSession s = session;
        write(new LogoutResponsePdu(r.code(), req.itt(), statSn++, s.expCmdSn(), s.maxCmdSn(), 0, 0));
    }

    // ---------------------------------------------------------------- output

    private void reject(RejectReason reason, byte[] bhs) {
        TargetSession s = session;
        int exp = s == null ? 0 : s.expCmdSn();
        int max = s == null ? 0 : s.maxCmdSn();
        write(new Reject(reason.code(), statSn++, exp, max, 0, bhs.clone()));
    }

    private void write(IscsiPdu pdu) {
        io.write(pdu);
    }

    // ---------------------------------------------------------------- NOP-In pings

    private synchronized void schedulePing() {
        portal.nopInPings().ifPresent(p -> {
            if (state == State.LOGGED_IN) {
                pingTimer = p.scheduler().schedule(p.interval(), this::ping);
            }
        });
    }

    /**
     * A NOP-In ping: ITT reserved, a Target Transfer Tag the initiator must echo in a NOP-Out, and StatSN the
     * next one without advancing it (RFC 7143 section 11.19). The connection is dropped if no answer comes.
     */
    private void ping() {
        var p = portal.nopInPings().orElseThrow();
        TargetSession s = session;
        if (s == null || state != State.LOGGED_IN) {
            return;
        }
        int ttt = s.newTargetTransferTag();
        synchronized (s.processing) {
            synchronized (this) {
                pingTtt = ttt;
                pingTimer = p.scheduler().schedule(p.responseTimeout(), () -> pingUnanswered(ttt));
            }
            write(new NopIn(0, RESERVED_TAG, ttt, statSn, s.expCmdSn(), s.maxCmdSn(), ByteBuffer.allocate(0)));
        }
    }

    private void pingAnswered(int ttt) {
        synchronized (this) {
            if (ttt == RESERVED_TAG || ttt != pingTtt) {
                LOG.log(System.Logger.Level.DEBUG, "NOP-Out with Target Transfer Tag {0} answers no ping",
                        Integer.toHexString(ttt));
                return;
            }
            pingTtt = RESERVED_TAG;
            pingsAnswered++;
            if (pingTimer != null) {
                pingTimer.cancel();
            }
        }
        schedulePing();
    }

    private void pingUnanswered(int ttt) {
        synchronized (this) {
            if (pingTtt != ttt || state != State.LOGGED_IN) {
                return;
            }
        }
        LOG.log(System.Logger.Level.WARNING, "iSCSI {0}: no NOP-Out answered the NOP-In ping (Target Transfer Tag "
                + "{1}); dropping the connection", peer(), Integer.toHexString(ttt));
        close();
    }

    /** NOP-In pings the initiator answered on this connection. */
    synchronized long pingsAnswered() {
        return pingsAnswered;
    }

    private synchronized void cancelPing() {
        if (pingTimer != null) {
            pingTimer.cancel();
            pingTimer = null;
        }
        pingTtt = RESERVED_TAG;
    }

    /** Closes the connection after queued PDUs are written. */
    void close() {
        cancelPing();
        cancelLoginTimer();
        if (state != State.FREE) {
            state = State.CLEANUP_WAIT;
        }
        io.closeOnFlush();
    }

    /** Called when the transport is gone. */
    void closed() {
        cancelPing();
        cancelLoginTimer();
        String admitted;
        synchronized (this) {
            admitted = admittedInitiator;
            admittedInitiator = null;
        }
        if (admitted != null) {
            portal.initiatorConnectionClosed(admitted);
        }
        State previous;
        synchronized (this) {
            previous = state;
            state = State.FREE;
        }
        TargetSession s = session;
        if (s != null) {
            synchronized (s.processing) {
                for (TargetTask t : s.tasks.values()) {
                    if (t.connection == this) {
                        s.removeTask(t);
                    }
                }
                s.connections.remove(this);
                if (s.connections.isEmpty()) {
                    s.end();
                }
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "connection closed in state {0}", previous);
    }
}
