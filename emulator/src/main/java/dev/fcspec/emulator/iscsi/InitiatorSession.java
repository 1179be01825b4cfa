package dev.fcspec.emulator.iscsi;

import static dev.fcspec.emulator.iscsi.IscsiConstants.RESERVED_TAG;

import dev.fcspec.emulator.iscsi.IscsiConstants.Opcode;
import dev.fcspec.emulator.iscsi.IscsiConstants.RejectReason;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfFunction;
import dev.fcspec.emulator.iscsi.IscsiConstants.TmfResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.AsyncMessage;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.DataOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LogoutResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopIn;
import dev.fcspec.emulator.iscsi.IscsiPdu.NopOut;
import dev.fcspec.emulator.iscsi.IscsiPdu.ReadyToTransfer;
import dev.fcspec.emulator.iscsi.IscsiPdu.Reject;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiCommandPdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.ScsiResponsePdu;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TaskManagementResponse;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.TextResponse;
import dev.fcspec.emulator.iscsi.TextParameters.Pair;
import dev.fcspec.emulator.scsi.TaskAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.mina.core.session.IoSession;

/**
 * One iSCSI session of the initiator, on one connection: login, then SCSI commands (with immediate,
 * unsolicited and solicited data-out), task management, SendTargets and logout. Every operation returns a
 * future completed from the connection's I/O thread; nothing here waits or reads a clock, so a caller bounds
 * the wait itself.
 */
public final class InitiatorSession {
    private static final System.Logger LOG = System.getLogger(InitiatorSession.class.getName());

    /** Connection states on the initiator side (RFC 7143 section 8.1.3: S1 FREE ... S8 CLEANUP_WAIT). */
    public enum State {
        FREE, XPT_WAIT, IN_LOGIN, LOGGED_IN, IN_LOGOUT, CLEANUP_WAIT
    }

    /** A command waiting for its answer. */
    private final class Task {
        final int itt;
        IscsiPdu request;
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final byte[] dataOut;
        final ByteArrayOutputStream dataIn = new ByteArrayOutputStream();
        boolean retried;
        long lun;
        int unsolicitedFrom;
        int unsolicitedTo;

        Task(int itt, IscsiPdu request, byte[] dataOut) {
            this.itt = itt;
            this.request = request;
            this.dataOut = dataOut;
        }
    }

    private final IoSession io;
    private final InitiatorLogin login;
    private final CompletableFuture<InitiatorSession> loggedIn = new CompletableFuture<>();
    private final Map<Integer, Task> tasks = new HashMap<>();
    private final Queue<Task> waitingForWindow = new ArrayDeque<>();
    private volatile State state = State.IN_LOGIN;
    private SessionParameters parameters;
    private int cmdSn;
    private int expCmdSn;
    private int maxCmdSn;
    private int expStatSn;
    private int nextItt;

    InitiatorSession(IoSession io, InitiatorLogin login, int initialItt, int initialCmdSn) {
        this.io = io;
        this.login = login;
        this.nextItt = initialItt + 1;
        this.cmdSn = initialCmdSn;
        this.expCmdSn = initialCmdSn;
        this.maxCmdSn = initialCmdSn;
    }

    CompletableFuture<InitiatorSession> start() {
        FramingState.of(io).maxRecvDataSegmentLength(FramingState.LOGIN_MAX_RECV_DATA_SEGMENT_LENGTH);
        io.write(login.first());
        return loggedIn;
    }

    public State state() {
        return state;
    }

    /** Negotiated parameters (valid once logged in). */
    public synchronized SessionParameters parameters() {
        return parameters;
    }

    public int tsih() {
        return login.tsih();
    }

    // ------------------------------------------------------------------ API

    /**
     * Sends a SCSI command.
     *
     * @param lun                  LUN number
     * @param cdb                  the CDB (up to 16 bytes in the BHS, longer ones in an AHS)
     * @param dataOut              data-out (empty for none)
     * @param expectedDataInLength data-in expected (0 for none)
     */
    public CompletableFuture<ScsiResult> execute(long lun, byte[] cdb, byte[] dataOut, int expectedDataInLength) {
        return execute(lun, cdb, TaskAttribute.SIMPLE, dataOut, expectedDataInLength);
    }

    public CompletableFuture<ScsiResult> execute(long lun, byte[] cdb, TaskAttribute attribute, byte[] dataOut,
                                                 int expectedDataInLength) {
        Objects.requireNonNull(cdb, "cdb");
        Objects.requireNonNull(dataOut, "dataOut");
        int attr = switch (attribute) {
            case SIMPLE -> 1;
            case ORDERED -> 2;
            case HEAD_OF_QUEUE -> 3;
            case ACA -> 4;
        };
        synchronized (this) {
            requireLoggedIn();
            int itt = newItt();
            boolean write = dataOut.length > 0;
            boolean read = expectedDataInLength > 0;
            int edtl = write ? dataOut.length : expectedDataInLength;
            int immediate = 0;
            int unsolicitedLimit = 0;
            if (write) {
                unsolicitedLimit = Math.min(parameters.firstBurstLength(), dataOut.length);
                if (parameters.immediateData()) {
                    immediate = Math.min(unsolicitedLimit, parameters.targetMaxRecvDataSegmentLength());
                }
            }
            boolean unsolicitedFollows = write && !parameters.initialR2T() && immediate < unsolicitedLimit;
            ScsiCommandPdu pdu = new ScsiCommandPdu(false, !unsolicitedFollows, read, write, attr, Lun.toField(lun), itt,
                    edtl, 0, 0, cdb, read && write ? expectedDataInLength : -1,
                    immediate > 0 ? ByteBuffer.wrap(dataOut, 0, immediate) : null);
            Task t = new Task(itt, pdu, dataOut);
            t.lun = lun;
            if (unsolicitedFollows) {
                t.unsolicitedFrom = immediate;
                t.unsolicitedTo = unsolicitedLimit;
            }
            tasks.put(itt, t);
            sendOrdered(t);
            return t.result.thenApply(o -> (ScsiResult) o);
        }
    }

    /** Sends a task management function request (immediate delivery). */
    public CompletableFuture<TmfResponse> taskManagement(TmfFunction function, long lun, int referencedTaskTag) {
        synchronized (this) {
            requireLoggedIn();
            int itt = newItt();
            Task t = new Task(itt, null, null);
            tasks.put(itt, t);
            io.write(new TaskManagementRequest(true, function.code(), Lun.toField(lun), itt, referencedTaskTag, cmdSn,
                    expStatSn, function == TmfFunction.ABORT_TASK ? refCmdSn(referencedTaskTag) : cmdSn, 0));
            return t.result.thenApply(o -> (TmfResponse) o);
        }
    }

    private int refCmdSn(int itt) {
        Task t = tasks.get(itt);
        if (t != null && t.request instanceof ScsiCommandPdu c) {
            return c.cmdSn();
        }
        return cmdSn - 1;
    }

    /** SendTargets=All (discovery) or SendTargets= (this session's target): name and addresses pairs. */
    public CompletableFuture<List<Pair>> sendTargets(String value) {
        synchronized (this) {
            requireLoggedIn();
            int itt = newItt();
            TextRequest req = new TextRequest(true, true, false, 0, itt, RESERVED_TAG, cmdSn, expStatSn,
                    TextParameters.encode(List.of(new Pair("SendTargets", value))));
            Task t = new Task(itt, req, null);
            tasks.put(itt, t);
            io.write(req);
            return t.result.thenApply(o -> TextParameters.parse((byte[]) o));
        }
    }

    /** NOP-Out ping; completes with the echoed data. */
    public CompletableFuture<byte[]> ping(byte[] data) {
        synchronized (this) {
            requireLoggedIn();
            int itt = newItt();
            Task t = new Task(itt, null, null);
            tasks.put(itt, t);
            io.write(new NopOut(true, 0, itt, RESERVED_TAG, cmdSn, expStatSn, ByteBuffer.wrap(data)));
            return t.result.thenApply(o -> (byte[]) o);
        }
    }

    /** Logs the session out and closes the connection. */
    public CompletableFuture<Void> logout() {
        synchronized (this) {
            if (state != State.LOGGED_IN) {
                return CompletableFuture.completedFuture(null);
            }
            int itt = newItt();
            Task t = new Task(itt, null, null);
            tasks.put(itt, t);
            state = State.IN_LOGOUT;
            LogoutRequest req = new LogoutRequest(true, IscsiConstants.LogoutReason.CLOSE_SESSION.code(), itt, 0, cmdSn,
                    expStatSn);
            t.request = req;
            io.write(req);
            return t.result.thenApply(o -> null);
        }
    }

    /** Drops the connection without logging out. */
    public void close() {
        io.closeNow();
    }

    // ------------------------------------------------------------------ I/O thread

    synchronized void received(Object message) {
        if (message instanceof FramingError fe) {
            LOG.log(System.Logger.Level.DEBUG, "framing error from target: {0}", fe.defect().getMessage());
            io.closeNow();
            return;
        }
        IscsiPdu p;
        try {
            p = PduParser.parseFromTarget((Pdu) message);
        } catch (IscsiProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "bad PDU from target: {0}", e.getMessage());
            io.closeNow();
            return;
        }
        if (state == State.IN_LOGIN) {
            if (!(p instanceof LoginResponse r)) {
                failLogin(new IscsiLoginException(null, "unexpected " + p.opcode() + " during login"));
                return;
            }
            LoginRequest next;
            try {
                next = login.next(r);
            } catch (IscsiLoginException e) {
                failLogin(e);
                return;
            }
            if (next != null) {
                io.write(next);
                return;
            }
            parameters = login.parameters();
            expStatSn = login.expStatSn();
            window(r.expCmdSn(), r.maxCmdSn());
            FramingState f = FramingState.of(io);
            f.maxRecvDataSegmentLength(parameters.initiatorMaxRecvDataSegmentLength());
            f.digests(parameters.headerDigest(), parameters.dataDigest());
            state = State.LOGGED_IN;
            loggedIn.complete(this);
            return;
        }
        if (p instanceof ScsiResponsePdu r) {
            status(r.statSn());
            window(r.expCmdSn(), r.maxCmdSn());
            Task t = tasks.remove(r.itt());
            if (t != null) {
                t.result.complete(new ScsiResult(r.status(), r.sense(), t.dataIn.toByteArray(), r.overflow(),
                        r.underflow(), r.residualCount()));
            }
        } else if (p instanceof DataIn d) {
            window(d.expCmdSn(), d.maxCmdSn());
            Task t = tasks.get(d.itt());
            if (t == null) {
                return;
            }
            byte[] b = new byte[d.data().remaining()];
            d.data().duplicate().get(b);
            t.dataIn.write(b, 0, b.length);
            if (d.statusPresent()) {
                status(d.statSn());
                tasks.remove(d.itt());
                t.result.complete(new ScsiResult(d.status(), new byte[0], t.dataIn.toByteArray(), d.residualOverflow(),
                        d.residualUnderflow(), d.residualCount()));
            }
        } else if (p instanceof ReadyToTransfer r) {
            window(r.expCmdSn(), r.maxCmdSn());
            Task t = tasks.get(r.itt());
            if (t != null && t.dataOut != null) {
                sendData(t, Lun.toNumber(r.lun()), r.ttt(), r.bufferOffset(), r.desiredDataTransferLength());
            }
        } else if (p instanceof TaskManagementResponse r) {
            status(r.statSn());
            window(r.expCmdSn(), r.maxCmdSn());
            Task t = tasks.remove(r.itt());
            if (t != null) {
                t.result.complete(TmfResponse.of(r.response()));
            }
        } else if (p instanceof TextResponse r) {
            status(r.statSn());
            window(r.expCmdSn(), r.maxCmdSn());
            Task t = tasks.get(r.itt());
            if (t != null) {
                t.dataIn.write(r.text(), 0, r.text().length);
                if (r.cont() || !r.finalFlag()) {
                    io.write(new TextRequest(true, true, false, 0, r.itt(), r.ttt(), cmdSn, expStatSn, new byte[0]));
                } else {
                    tasks.remove(r.itt());
                    t.result.complete(t.dataIn.toByteArray());
                }
            }
        } else if (p instanceof NopIn n) {
            window(n.expCmdSn(), n.maxCmdSn());
            if (n.itt() != RESERVED_TAG) {
                status(n.statSn());
                Task t = tasks.remove(n.itt());
                if (t != null) {
                    byte[] b = new byte[n.data().remaining()];
                    n.data().duplicate().get(b);
                    t.result.complete(b);
                }
            } else if (n.ttt() != RESERVED_TAG) {
                io.write(new NopOut(true, n.lun(), RESERVED_TAG, n.ttt(), cmdSn, expStatSn, null));
            }
        } else if (p instanceof LogoutResponsePdu r) {
            status(r.statSn());
            Task t = tasks.remove(r.itt());
            state = State.CLEANUP_WAIT;
            io.closeOnFlush();
            if (t != null) {
                t.result.complete(r.response());
            }
        } else if (p instanceof Reject r) {
            status(r.statSn());
            window(r.expCmdSn(), r.maxCmdSn());
            rejected(r);
        } else if (p instanceof AsyncMessage a) {
            status(a.statSn());
            window(a.expCmdSn(), a.maxCmdSn());
            LOG.log(System.Logger.Level.DEBUG, "asynchronous event {0}", a.asyncEvent());
            if (a.asyncEvent() == IscsiConstants.ASYNC_EVENT_REQUEST_LOGOUT) {
                logout();
            }
        }
    }

    private void rejected(Reject r) {
        byte[] h = r.rejectedHeader();
        if (h.length < 48) {
            return;
        }
        int itt = Bhs.getInt(h, 16);
        Task t = tasks.get(itt);
        if (t == null) {
            return;
        }
        if (r.rejectReason() == RejectReason.DATA_DIGEST_ERROR && t.request instanceof ScsiCommandPdu c
                && (h[0] & IscsiConstants.OPCODE_MASK) == Opcode.SCSI_COMMAND.code() && !t.retried) {
            // RFC 7143 section 7.2.1: the command was discarded; send it again with the same ITT and CmdSN
            t.retried = true;
            io.write(c);
            return;
        }
        tasks.remove(itt);
        t.result.completeExceptionally(new IscsiRejectedException(r.rejectReason(), r.reason()));
    }

    void closed() {
        List<Task> pending;
        synchronized (this) {
            state = State.FREE;
            pending = new ArrayList<>(tasks.values());
            tasks.clear();
            waitingForWindow.clear();
        }
        IscsiConnectionLostException e = new IscsiConnectionLostException("connection closed");
        failLogin(new IscsiLoginException(null, "connection closed during login"));
        for (Task t : pending) {
            if (t.request instanceof LogoutRequest) {
                t.result.complete(null);
            } else {
                t.result.completeExceptionally(e);
            }
        }
    }

    private void failLogin(IscsiLoginException e) {
        if (!loggedIn.isDone()) {
            state = State.CLEANUP_WAIT;
            loggedIn.completeExceptionally(e);
            io.closeNow();
        }
    }

    // ------------------------------------------------------------------ helpers

    private void requireLoggedIn() {
        if (state != State.LOGGED_IN) {
            throw new IllegalStateException("session is " + state);
        }
    }

    private int newItt() {
        int itt = nextItt++;
        if (nextItt == RESERVED_TAG) {
            nextItt = 0;
        }
        return itt;
    }

    private void status(int statSn) {
        if (SerialNumbers.lessOrEqual(expStatSn, statSn)) {
            expStatSn = statSn + 1;
        }
    }

    private void window(int exp, int max) {
        if (SerialNumbers.lessOrEqual(exp, max + 1)) {
            if (SerialNumbers.lessThan(expCmdSn, exp)) {
                expCmdSn = exp;
            }
            if (SerialNumbers.lessThan(maxCmdSn, max)) {
                maxCmdSn = max;
            }
        }
        while (!waitingForWindow.isEmpty() && SerialNumbers.lessOrEqual(cmdSn, maxCmdSn)) {
            transmit(waitingForWindow.poll());
        }
    }

    private void sendOrdered(Task t) {
        if (waitingForWindow.isEmpty() && SerialNumbers.lessOrEqual(cmdSn, maxCmdSn)) {
            transmit(t);
        } else {
            waitingForWindow.add(t);
        }
    }

    private void transmit(Task t) {
        ScsiCommandPdu c = (ScsiCommandPdu) t.request;
        ScsiCommandPdu numbered = new ScsiCommandPdu(c.immediate(), c.finalFlag(), c.read(), c.write(), c.attribute(),
                c.lun(), c.itt(), c.expectedDataTransferLength(), cmdSn++, expStatSn, c.cdb(), c.bidiReadLength(),
                c.immediateData());
        t.request = numbered;
        io.write(numbered);
        if (t.unsolicitedTo > t.unsolicitedFrom) {
            sendData(t, t.lun, RESERVED_TAG, t.unsolicitedFrom, t.unsolicitedTo - t.unsolicitedFrom);
        }
    }

    private void sendData(Task t, long lun, int ttt, int offset, int length) {
        int max = parameters.targetMaxRecvDataSegmentLength();
        int end = Math.min(offset + length, t.dataOut.length);
        int dataSn = 0;
        for (int off = offset; off < end; off += max) {
            int n = Math.min(max, end - off);
            io.write(new DataOut(off + n >= end, Lun.toField(lun), t.itt, ttt, expStatSn, dataSn++, off,
                    ByteBuffer.wrap(t.dataOut, off, n)));
        }
    }
}
