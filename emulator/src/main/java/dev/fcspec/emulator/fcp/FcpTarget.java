package dev.fcspec.emulator.fcp;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import dev.fcspec.emulator.scsi.TaskManagementResponse;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FCP target front end of one local port: a thin layer over the fabric-agnostic SCSI target core, as
 * Linux tcm_fc is over LIO. FCP_CMND becomes a task on the I_T nexus of the sending initiator; a write is
 * solicited with one FCP_XFER_RDY for the whole FCP_DL; read data goes out as one FCP_DATA sequence with
 * relative offsets; FCP_RSP carries status, sense and residuals. Task management flags map to
 * {@link ScsiTarget#manage} and answer with FCP_RSP_INFO. Runs on the port's scheduler.
 */
public final class FcpTarget {

    /** What the target did with one FCP exchange, for steps and tests that watch it. */
    public record Served(ItNexus nexus, FcpCmnd command, FcpRsp response) {
    }

    private final LocalPort port;
    private final ScsiTarget core;
    private final TargetPort targetPort;
    private final List<java.util.function.Consumer<Served>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong discardedWithoutImagePair = new AtomicLong();
    private final AtomicLong abortedTasks = new AtomicLong();

    private FcpTarget(LocalPort port, ScsiTarget core, TargetPort targetPort) {
        this.port = port;
        this.core = core;
        this.targetPort = targetPort;
    }

    /**
     * Serves {@code core} on {@code port} as target port {@code relativePortId}.
     */
    public static FcpTarget attach(LocalPort port, ScsiTarget core, int relativePortId) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(core, "core");
        FcpTarget t = new FcpTarget(port, core, targetPort(port, relativePortId));
        port.registerFc4Handler(FcType.FCP, t::onExchange);
        return t;
    }

    /** The SCSI target port identity of an FC port: its WWPN, as the core's VPD 0x83 reports it. */
    public static TargetPort targetPort(LocalPort port, int relativePortId) {
        return new TargetPort(TransportProtocol.FCP, port.portName().toString(), relativePortId);
    }

    public TargetPort targetPort() {
        return targetPort;
    }

    public LocalPort port() {
        return port;
    }

    public void addListener(java.util.function.Consumer<Served> l) {
        listeners.add(l);
    }

    /** FCP_CMNDs discarded because the sender had no FCP image pair (PRLI) with this port. */
    public long discardedWithoutImagePair() {
        return discardedWithoutImagePair.get();
    }

    /** Tasks ended by ABTS before they completed. */
    public long abortedTasks() {
        return abortedTasks.get();
    }

    /** Detaches from the port and tells the core every nexus through it is gone. */
    public void detach() {
        port.unregisterFc4Handler(FcType.FCP);
        for (RemotePort r : port.remotePorts()) {
            r.portName().ifPresent(n -> core.nexusLost(nexus(n.toString())));
        }
    }

    private ItNexus nexus(String initiatorWwpn) {
        return new ItNexus(new InitiatorPort(TransportProtocol.FCP, initiatorWwpn, initiatorWwpn), targetPort);
    }

    private void onExchange(LocalPort local, RemotePort remote, Exchange exchange, Sequence first) {
        if (first.rCtl() != RCtl.FCP_CMND) {
            // Only FCP_CMND opens an FCP exchange; anything else on a new exchange is a protocol error.
            exchange.abort();
            return;
        }
        if (remote.imagePair(FcType.FCP).isEmpty() || remote.portName().isEmpty()) {
            // No image pair: discard, as Linux tcm_fc does for an FCP_CMND from an unknown session.
            discardedWithoutImagePair.incrementAndGet();
            exchange.close();
            return;
        }
        ItNexus nexus = nexus(remote.portName().get().toString());
        FcpCmnd cmnd;
        try {
            cmnd = FcpCmnd.decode(first.payload());
        } catch (FcpDecodeException e) {
            exchange.sendLast(RCtl.FCP_RSP, FcpRsp.ofRspCode(e.rspCode()).encode());
            return;
        }
        if (cmnd.isTaskManagement()) {
            respond(exchange, nexus, cmnd, taskManagement(nexus, cmnd));
            return;
        }
        if (cmnd.write() && cmnd.dataLength() > 0) {
            solicitData(exchange, nexus, cmnd);
            return;
        }
        execute(exchange, nexus, cmnd, new byte[0]);
    }

    private void solicitData(Exchange exchange, ItNexus nexus, FcpCmnd cmnd) {
        exchange.setHandler(new SequenceHandler() {
            @Override
            public void onSequence(Exchange x, Sequence s) {
                if (s.rCtl() != RCtl.FCP_DATA) {
                    x.abort();
                    return;
                }
                int ro = Math.max(0, s.relativeOffset());
                if (ro != 0) {
                    respond(x, nexus, cmnd, FcpRsp.ofRspCode(FcpConstants.RSP_CODE_DATA_RO_MISMATCH));
                } else if (s.length() != cmnd.dataLength()) {
                    respond(x, nexus, cmnd, FcpRsp.ofRspCode(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH));
                } else {
                    execute(x, nexus, cmnd, s.payload());
                }
            }

            @Override
            public void onAborted(Exchange x, ExchangeException cause) {
                abortedTasks.incrementAndGet();
            }
        });
        exchange.send(RCtl.FCP_XFER_RDY, new FcpXferRdy(0, cmnd.dataLength()).encode());
    }

    private void execute(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, byte[] dataOut) {
        ScsiCommand command = new ScsiCommand(cmnd.lun(), cmnd.cdb(), cmnd.attribute(), exchange.oxId(), dataOut,
                cmnd.read() ? cmnd.dataLength() : 0);
        if (core instanceof dev.fcspec.emulator.scsi.AsyncScsiTarget async) {
            async.submit(nexus, command, r -> complete(exchange, nexus, cmnd, dataOut, r));
            return;
        }
        complete(exchange, nexus, cmnd, dataOut, core.execute(nexus, command));
    }

    private void complete(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, byte[] dataOut, ScsiResponse r) {
        byte[] data = r.dataIn();
        int expected = cmnd.dataLength();
        if (data.length > expected) {
            data = java.util.Arrays.copyOf(data, expected);
        }
        if (cmnd.read() && data.length > 0) {
            exchange.send(RCtl.FCP_DATA, data, false, false, 0);
        }
        int transferred = cmnd.read() ? data.length : cmnd.write() ? dataOut.length : 0;
        boolean over = r.overrunBytes() > 0;
        boolean under = !over && transferred < expected;
        int residual = over ? r.overrunBytes() : expected - transferred;
        respond(exchange, nexus, cmnd, FcpRsp.ofStatus(r.status(), r.sense(), under, over, residual));
    }

    private FcpRsp taskManagement(ItNexus nexus, FcpCmnd cmnd) {
        TaskManagementFunction f = switch (cmnd.tmf()) {
            case FcpConstants.TMF_ABORT_TASK_SET -> TaskManagementFunction.ABORT_TASK_SET;
            case FcpConstants.TMF_CLEAR_TASK_SET -> TaskManagementFunction.CLEAR_TASK_SET;
            case FcpConstants.TMF_LUN_RESET -> TaskManagementFunction.LOGICAL_UNIT_RESET;
            case FcpConstants.TMF_TARGET_RESET -> TaskManagementFunction.TARGET_RESET;
            case FcpConstants.TMF_CLEAR_ACA -> TaskManagementFunction.CLEAR_ACA;
            default -> throw new IllegalStateException("decoder admitted TMF flags " + cmnd.tmf());
        };
        TaskManagementResponse r = core.manage(nexus, f, cmnd.lun(), 0);
        return FcpRsp.ofRspCode(switch (r) {
            case FUNCTION_COMPLETE, FUNCTION_SUCCEEDED -> FcpConstants.RSP_CODE_TMF_COMPLETE;
            case FUNCTION_REJECTED -> FcpConstants.RSP_CODE_TMF_REJECTED;
            case INCORRECT_LOGICAL_UNIT_NUMBER -> FcpConstants.RSP_CODE_TMF_INCORRECT_LUN;
            case SERVICE_DELIVERY_FAILURE -> FcpConstants.RSP_CODE_TMF_FAILED;
        });
    }

    private void respond(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, FcpRsp rsp) {
        exchange.sendLast(RCtl.FCP_RSP, rsp.encode());
        Served s = new Served(nexus, cmnd, rsp);
        for (var l : listeners) {
            l.accept(s);
        }
    }
}
