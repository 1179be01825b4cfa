package dev.fcspec.emulator.fcp;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.port.exchange.ExchangeException;
import dev.fcspec.emulator.port.exchange.Sequence;
import dev.fcspec.emulator.port.exchange.SequenceHandler;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The FCP initiator of an emulated host port: sends FCP_CMND on a new exchange, followed by the first burst of
 * a write when the image pair agreed one, answers FCP_XFER_RDY with the requested slice of the write data, collects FCP_DATA by relative offset and completes on FCP_RSP. A command
 * not answered within its timeout is aborted with ABTS. Futures complete on the port's scheduler.
 */
public final class FcpInitiator {

    /** The default command timeout, as a host's SCSI layer would set it. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final LocalPort port;
    private Duration timeout = DEFAULT_TIMEOUT;

    public FcpInitiator(LocalPort port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    public LocalPort port() {
        return port;
    }

    public FcpInitiator withTimeout(Duration d) {
        this.timeout = Objects.requireNonNull(d, "timeout");
        return this;
    }

    /** A command that reads up to {@code readLength} bytes. */
    public CompletableFuture<FcpResult> read(FcId target, long lun, byte[] cdb, int readLength) {
        return send(target, FcpCmnd.command(lun, cdb, TaskAttribute.SIMPLE, readLength > 0, false, readLength), null);
    }

    /**
     * A command that writes {@code data}: as much as the first burst the image pair agreed goes out with the
     * command, unsolicited; the target asks for the rest with FCP_XFER_RDY.
     */
    public CompletableFuture<FcpResult> write(FcId target, long lun, byte[] cdb, byte[] data) {
        return writeWithFirstBurst(target, lun, cdb, data, Math.min(data.length, firstBurstLength(target)));
    }

    /**
     * A write that sends the first {@code unsolicited} bytes right after FCP_CMND whatever PRLI agreed (0: wait
     * for FCP_XFER_RDY): lets conformance checks send a first burst the target did not allow.
     */
    public CompletableFuture<FcpResult> writeWithFirstBurst(FcId target, long lun, byte[] cdb, byte[] data,
                                                            int unsolicited) {
        if (unsolicited < 0 || unsolicited > data.length) {
            throw new IllegalArgumentException("first burst of " + unsolicited + " bytes of a " + data.length
                    + "-byte write");
        }
        FcpCmnd cmnd = FcpCmnd.command(lun, cdb, TaskAttribute.SIMPLE, false, data.length > 0, data.length);
        return exchange(target, cmnd.encode(), data.length, data.clone(), unsolicited);
    }

    /** The first burst this port may send to {@code target}: its own setting when the image pair agreed one. */
    public int firstBurstLength(FcId target) {
        boolean agreed = port.remotePort(target).map(r -> r.fcpFirstBurstAgreed()).orElse(false);
        return agreed ? port.config().firstBurstLength() : 0;
    }

    /** A command without data (TEST UNIT READY, a reservation...). */
    public CompletableFuture<FcpResult> command(FcId target, long lun, byte[] cdb) {
        return send(target, FcpCmnd.command(lun, cdb, TaskAttribute.SIMPLE, false, false, 0), null);
    }

    /** A task management function ({@link FcpConstants} TMF flag); completes with the target's FCP_RSP. */
    public CompletableFuture<FcpResult> taskManagement(FcId target, long lun, int tmfFlag) {
        return send(target, FcpCmnd.taskManagement(lun, tmfFlag), null);
    }

    /** Sends an FCP_CMND as given (also a malformed one, for conformance checks), with optional write data. */
    public CompletableFuture<FcpResult> send(FcId target, FcpCmnd cmnd, byte[] writeData) {
        return sendRaw(target, cmnd.encode(), cmnd.dataLength(), writeData);
    }

    /** Sends raw FCP_CMND bytes: lets tests put a malformed command on the wire. */
    public CompletableFuture<FcpResult> sendRaw(FcId target, byte[] cmndPayload, int dataLength, byte[] writeData) {
        return exchange(target, cmndPayload, dataLength, writeData, 0);
    }

    private CompletableFuture<FcpResult> exchange(FcId target, byte[] cmndPayload, int dataLength, byte[] writeData,
                                                  int firstBurst) {
        CompletableFuture<FcpResult> result = new CompletableFuture<>();
        byte[] readBuffer = new byte[Math.max(0, dataLength)];
        int[] received = {0};
        Exchange x = port.originate(target, FcType.FCP, new SequenceHandler() {
            @Override
            public void onSequence(Exchange exchange, Sequence s) {
                switch (s.rCtl()) {
                    case RCtl.FCP_XFER_RDY -> {
                        FcpXferRdy rdy;
                        try {
                            rdy = FcpXferRdy.decode(s.payload());
                        } catch (FcpDecodeException e) {
                            fail(exchange, result, e);
                            return;
                        }
                        if (writeData == null || (long) rdy.relativeOffset() + rdy.burstLength() > writeData.length) {
                            fail(exchange, result, new FcpDecodeException(FcpConstants.RSP_CODE_DATA_RO_MISMATCH,
                                    "FCP_XFER_RDY asks for bytes " + rdy.relativeOffset() + ".."
                                            + (rdy.relativeOffset() + rdy.burstLength()) + " of a "
                                            + (writeData == null ? 0 : writeData.length) + "-byte write"));
                            return;
                        }
                        exchange.send(RCtl.FCP_DATA, Arrays.copyOfRange(writeData, rdy.relativeOffset(),
                                rdy.relativeOffset() + rdy.burstLength()), false, true, rdy.relativeOffset());
                    }
                    case RCtl.FCP_DATA -> {
                        int ro = Math.max(0, s.relativeOffset());
                        byte[] d = s.payload();
                        if ((long) ro + d.length > readBuffer.length) {
                            fail(exchange, result, new FcpDecodeException(FcpConstants.RSP_CODE_DATA_RO_MISMATCH,
                                    "FCP_DATA at offset " + ro + " with " + d.length + " bytes runs past FCP_DL "
                                            + readBuffer.length));
                            return;
                        }
                        System.arraycopy(d, 0, readBuffer, ro, d.length);
                        received[0] = Math.max(received[0], ro + d.length);
                    }
                    case RCtl.FCP_RSP -> {
                        try {
                            FcpRsp rsp = FcpRsp.decode(s.payload());
                            result.complete(new FcpResult(rsp, Arrays.copyOf(readBuffer, received[0])));
                        } catch (FcpDecodeException e) {
                            result.completeExceptionally(e);
                        }
                    }
                    default -> fail(exchange, result, new FcpDecodeException(
                            FcpConstants.RSP_CODE_CMND_FIELDS_INVALID,
                            String.format("unexpected R_CTL 0x%02x on an FCP exchange", s.rCtl())));
                }
            }

            @Override
            public void onAborted(Exchange exchange, ExchangeException cause) {
                result.completeExceptionally(cause);
            }
        });
        x.setTimeout(timeout);
        if (firstBurst > 0) {
            // Keep the sequence initiative with FCP_CMND, and pass it with the first burst (FCP-4 9.4.2).
            x.send(RCtl.FCP_CMND, cmndPayload, false, false, Exchange.NO_RELATIVE_OFFSET);
            x.send(RCtl.FCP_DATA, Arrays.copyOf(writeData, firstBurst), false, true, 0);
        } else {
            x.send(RCtl.FCP_CMND, cmndPayload);
        }
        return result;
    }

    private static void fail(Exchange x, CompletableFuture<FcpResult> result, Exception e) {
        result.completeExceptionally(e);
        x.abort();
    }
}
