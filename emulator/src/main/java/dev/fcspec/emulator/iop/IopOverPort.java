package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.vi.Fc4FrameBridge;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * An adapter's I/O processor on a port-layer N_Port: its messages (TYPE 0xE0) travel in exchanges of the
 * port's exchange manager, so the two adapters can be coupled through an FC fabric as well as by a direct
 * link, and share their ports with ELS and FCP.
 */
public final class IopOverPort {

    private final Fc4FrameBridge bridge;
    private IoProcessor processor;

    public IopOverPort(LocalPort port) {
        this.bridge = new Fc4FrameBridge(Objects.requireNonNull(port, "port"), IopProtocol.TYPE);
    }

    /**
     * Creates the I/O processor of the adapter whose N_Port this is (it must have its FC_ID) and starts
     * serving I/O-processor messages.
     */
    public IoProcessor start(String name, Wwn node, StorageSet storage, IoProcessor.Config config) {
        if (processor != null) {
            throw new IllegalStateException("an I/O processor already runs on " + bridge.port());
        }
        LocalPort port = bridge.port();
        if (port.fcId() == null || port.fcId().equals(FcId.UNASSIGNED)) {
            throw new IllegalStateException(port + " has no N_Port_ID yet: log it in first");
        }
        processor = new IoProcessor(port.scheduler(), name, node, port.fcId(), storage, bridge::transmit, config);
        bridge.start(processor::receive);
        return processor;
    }

    public IoProcessor processor() {
        return processor;
    }

    public void stop() {
        bridge.stop();
    }

    @Override
    public String toString() {
        return "IopOverPort[" + bridge.port() + "]";
    }
}
