package dev.fcspec.emulator.fcp;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.Residual;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.TargetPort;
import dev.fcspec.emulator.scsi.TaskManagementFunction;
import dev.fcspec.emulator.scsi.TransportProtocol;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The FCP target front end of one local port: a thin layer over the fabric-agnostic SCSI target core, as
 * Linux tcm_fc is over LIO. FCP_CMND becomes a task on the I_T nexus of the sending initiator; a write's data
 * comes as the first burst the image pair agreed in PRLI, then as solicited by FCP_XFER_RDY in bursts of at
 * most the maximum burst length; read data goes out as one FCP_DATA sequence with
 * relative offsets; FCP_RSP carries status, sense and the residual the target computed. Task management flags
 * map to {@link ScsiTarget#manage} and answer with FCP_RSP_INFO. Runs on the port's scheduler, which is the
 * target's too.
 */
public final class FcpTarget {

    /** What the target did with one FCP exchange, for steps and tests that watch it. */
    public record Served(ItNexus nexus, FcpCmnd command, FcpRsp response) {
    }

    private final LocalPort port;
    private final ScsiTarget core;
    private final TargetPort targetPort;
    private final List<java.util.function.Consumer<Served>> listeners = new ArrayList<>();
    private long discardedWithoutImagePair;
    private long abortedTasks;
    private int maxBurstLength = Integer.MAX_VALUE;

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

    /**
     * The most write data one FCP_XFER_RDY asks for (the Disconnect-Reconnect page's MAXIMUM BURST SIZE); by
     * default all that is left of FCP_DL.
     */
    public int maxBurstLength() {
        return maxBurstLength;
    }

    public void setMaxBurstLength(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maximum burst length " + bytes + " is not positive");
        }
        maxBurstLength = bytes;
    }

    /** FCP_CMNDs discarded because the sender had no FCP image pair (PRLI) with this port. */
    public long discardedWithoutImagePair() {
        return discardedWithoutImagePair;
    }

    /** Tasks ended by ABTS before they completed. */
    public long abortedTasks() {
        return abortedTasks;
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
            discardedWithoutImagePair++;
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
            taskManagement(exchange, nexus, cmnd);
            return;
        }
        if (cmnd.write() && cmnd.dataLength() > 0) {
            receiveWriteData(exchange, remote, nexus, cmnd, !first.transfersInitiative());
            return;
        }
        execute(exchange, nexus, cmnd, new byte[0]);
    }

    /**
     * Collects a write's data in order. An initiator that kept the sequence initiative after FCP_CMND sends a
     * first burst unsolicited, which must fit the first burst the image pair agreed (none when it agreed none);
     * every other byte is solicited with FCP_XFER_RDY, at most {@link #maxBurstLength()} at a time, one
     * outstanding per exchange (FCP-4 9.4). Data at the wrong offset or of the wrong length ends the task with
     * FCP_RSP_INFO (RSP_CODE 3 or 1) before the logical unit sees any of it.
     */
    private void receiveWriteData(Exchange exchange, RemotePort remote, ItNexus nexus, FcpCmnd cmnd,
                                  boolean firstBurstFollows) {
        int firstBurst = remote.fcpFirstBurstAgreed()
                ? Math.min(port.config().firstBurstLength(), cmnd.dataLength()) : 0;
        WriteData w = new WriteData(nexus, cmnd, firstBurst);
        exchange.setHandler(w);
        if (!firstBurstFollows) {
            w.solicit(exchange, 0);
        }
    }

    /** The data of one write task, received in order; solicits what the first burst did not bring. */
    private final class WriteData implements SequenceHandler {
        private final ItNexus nexus;
        private final FcpCmnd cmnd;
        private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        private boolean unsolicited = true;
        /** The first burst allowed while unsolicited, then the FCP_BURST_LEN of the outstanding FCP_XFER_RDY. */
        private int expected;

        WriteData(ItNexus nexus, FcpCmnd cmnd, int firstBurst) {
            this.nexus = nexus;
            this.cmnd = cmnd;
            this.expected = firstBurst;
        }

        @Override
        public void onSequence(Exchange x, Sequence s) {
            if (s.rCtl() != RCtl.FCP_DATA) {
                x.abort();
                return;
            }
            int received = data.size();
            if (Math.max(0, s.relativeOffset()) != received) {
                respond(x, nexus, cmnd, FcpRsp.ofRspCode(FcpConstants.RSP_CODE_DATA_RO_MISMATCH));
                return;
            }
            boolean lengthOk = unsolicited ? s.length() > 0 && s.length() <= expected : s.length() == expected;
            if (!lengthOk) {
                respond(x, nexus, cmnd, FcpRsp.ofRspCode(FcpConstants.RSP_CODE_DATA_LEN_MISMATCH));
                return;
            }
            if (received == 0 && s.length() == cmnd.dataLength()) {
                execute(x, nexus, cmnd, s.payload());
                return;
            }
            data.writeBytes(s.payload());
            if (data.size() == cmnd.dataLength()) {
                execute(x, nexus, cmnd, data.toByteArray());
            } else {
                solicit(x, data.size());
            }
        }

        void solicit(Exchange x, int offset) {
            unsolicited = false;
            expected = Math.min(maxBurstLength, cmnd.dataLength() - offset);
            x.send(RCtl.FCP_XFER_RDY, new FcpXferRdy(offset, expected).encode());
        }

        @Override
        public void onAborted(Exchange x, ExchangeException cause) {
            abortedTasks++;
        }
    }

    private void execute(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, byte[] dataOut) {
        ScsiCommand command = new ScsiCommand(cmnd.lun(), cmnd.cdb(), cmnd.attribute(), exchange.oxId(), dataOut,
                cmnd.read() ? cmnd.dataLength() : 0);
        core.submit(nexus, command, r -> complete(exchange, nexus, cmnd, r));
    }

    /** Sends the read data as one FCP_DATA sequence, then FCP_RSP with the core's status, sense and residual. */
    private void complete(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, ScsiResponse r) {
        if (cmnd.read() && r.dataIn().length > 0) {
            exchange.send(RCtl.FCP_DATA, r.dataIn(), false, false, 0);
        }
        Residual residual = r.residual();
        respond(exchange, nexus, cmnd, FcpRsp.ofStatus(r.status(), r.sense(), residual.underflow(),
                residual.overflow(), residual.count()));
    }

    private void taskManagement(Exchange exchange, ItNexus nexus, FcpCmnd cmnd) {
        TaskManagementFunction f = switch (cmnd.tmf()) {
            case FcpConstants.TMF_ABORT_TASK_SET -> TaskManagementFunction.ABORT_TASK_SET;
            case FcpConstants.TMF_CLEAR_TASK_SET -> TaskManagementFunction.CLEAR_TASK_SET;
            case FcpConstants.TMF_LUN_RESET -> TaskManagementFunction.LOGICAL_UNIT_RESET;
            case FcpConstants.TMF_TARGET_RESET -> TaskManagementFunction.TARGET_RESET;
            case FcpConstants.TMF_CLEAR_ACA -> TaskManagementFunction.CLEAR_ACA;
            default -> throw new IllegalStateException("decoder admitted TMF flags " + cmnd.tmf());
        };
        core.manage(nexus, f, cmnd.lun(), 0, r -> respond(exchange, nexus, cmnd, FcpRsp.ofRspCode(switch (r) {
            case FUNCTION_COMPLETE, FUNCTION_SUCCEEDED -> FcpConstants.RSP_CODE_TMF_COMPLETE;
            case FUNCTION_REJECTED -> FcpConstants.RSP_CODE_TMF_REJECTED;
            case INCORRECT_LOGICAL_UNIT_NUMBER -> FcpConstants.RSP_CODE_TMF_INCORRECT_LUN;
            case SERVICE_DELIVERY_FAILURE -> FcpConstants.RSP_CODE_TMF_FAILED;
        })));
    }

    private void respond(Exchange exchange, ItNexus nexus, FcpCmnd cmnd, FcpRsp rsp) {
        exchange.sendLast(RCtl.FCP_RSP, rsp.encode());
        Served s = new Served(nexus, cmnd, rsp);
        for (var l : listeners) {
            l.accept(s);
        }
    }
}
