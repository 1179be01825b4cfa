package dev.fcspec.emulator.appliance;

import dev.fcspec.emulator.appliance.ProxyMessage.Request;
import dev.fcspec.emulator.appliance.ProxyMessage.Response;
import dev.fcspec.emulator.scsi.InitiatorPort;
import dev.fcspec.emulator.scsi.ItNexus;
import dev.fcspec.emulator.scsi.ScsiCommand;
import dev.fcspec.emulator.scsi.ScsiResponse;
import dev.fcspec.emulator.scsi.ScsiTarget;
import dev.fcspec.emulator.scsi.TargetPort;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The virtual adapter of a node: the virtual target module hands it commands to forward; it turns them into
 * proxy requests for the interconnect driver, matches the partner's responses to them, and processes the
 * requests the partner forwards here on this node's SCSI target core.
 */
public final class VirtualAdapter {
    private final String node;
    private final InterconnectDriver driver;
    private final ScsiTarget localCore;
    private final Map<Integer, Consumer<ScsiResponse>> outstanding = new HashMap<>();
    private Consumer<Request> processedForPartner = r -> { };
    private Consumer<ProxyMessage.Heartbeat> heartbeatListener = h -> { };
    private boolean silent;
    private int nextRequestId = 1;
    private long forwarded;
    private long processed;

    public VirtualAdapter(String node, InterconnectDriver driver, ScsiTarget localCore) {
        this.node = Objects.requireNonNull(node, "node");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.localCore = Objects.requireNonNull(localCore, "localCore");
        driver.onMessage(this::onMessage);
    }

    public InterconnectDriver driver() {
        return driver;
    }

    /** Forwards a command to the partner; {@code done} gets the partner's response. */
    public void forward(ItNexus nexus, ScsiCommand command, Consumer<ScsiResponse> done) {
        int id = nextRequestId++;
        outstanding.put(id, done);
        forwarded++;
        driver.send(new Request(id, nexus.target().protocol(), nexus.initiator().name(), nexus.target().name(), nexus.target().relativePortId(),
                command.lun(), command.attribute(), command.tag(), command.expectedDataInLength(), command.cdb(),
                command.dataOut()).encode());
    }

    /** Commands forwarded to the partner. */
    public long forwarded() {
        return forwarded;
    }

    /** Commands the partner forwarded here and this node processed. */
    public long processedForPartner() {
        return processed;
    }

    /** Commands still waiting for the partner's response. */
    public int outstanding() {
        return outstanding.size();
    }

    void onHeartbeat(Consumer<ProxyMessage.Heartbeat> l) {
        this.heartbeatListener = l;
    }

    /** A failed node's adapter neither sends nor answers. */
    void silence(boolean s) {
        this.silent = s;
    }

    void heartbeat(int sequence) {
        if (!silent) {
            driver.send(new ProxyMessage.Heartbeat(sequence).encode());
        }
    }

    void onProcessedForPartner(Consumer<Request> l) {
        this.processedForPartner = l;
    }

    private void onMessage(byte[] bytes) {
        if (silent) {
            return;
        }
        ProxyMessage m = ProxyMessage.decode(bytes);
        if (m instanceof Request q) {
            ItNexus nexus = new ItNexus(InitiatorPort.of(q.protocol(), q.initiator()),
                    new TargetPort(q.protocol(), q.targetPort(), q.relativePortId()));
            localCore.submit(nexus, new ScsiCommand(q.lun(), q.cdb(), q.attribute(), q.tag(), q.dataOut(),
                    q.expectedDataIn()), r -> {
                        processed++;
                        processedForPartner.accept(q);
                        driver.send(Response.of(q.requestId(), r).encode());
                    });
        } else if (m instanceof ProxyMessage.Heartbeat h) {
            heartbeatListener.accept(h);
        } else if (m instanceof Response p) {
            Consumer<ScsiResponse> done = outstanding.remove(p.requestId());
            if (done == null) {
                throw new ProxyDecodeException(node + ": response to request " + p.requestId()
                        + " that is not outstanding");
            }
            done.accept(p.toScsi());
        }
    }
}
