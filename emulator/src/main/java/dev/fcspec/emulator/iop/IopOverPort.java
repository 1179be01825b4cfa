package dev.fcspec.emulator.iop;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.wire.Wwn;
import java.util.Objects;

/**
 * An adapter's I/O processor on a port-layer N_Port: its messages (TYPE 0xE0) travel in exchanges of the
 * port's exchange manager, so the two adapters can be coupled through an FC fabric as well as by a direct
 * link, and share their ports with ELS and FCP.
 */
public final class IopOverPort {

    private final LocalPort port;
    private IoProcessor processor;

    public IopOverPort(LocalPort port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    /**
     * Creates the I/O processor of the adapter whose N_Port this is (it must have its FC_ID) and starts
     * serving I/O-processor messages.
     */
    public IoProcessor start(String name, Wwn node, StorageSet storage, IoProcessor.Config config) {
        if (processor != null) {
            throw new IllegalStateException("an I/O processor already runs on " + port);
        }
        processor = new IoProcessor(port.fc4Port(), name, node, storage, config);
        return processor;
    }

    public IoProcessor processor() {
        return processor;
    }

    public void stop() {
        port.fc4Port().stopServing(IopProtocol.TYPE);
    }

    @Override
    public String toString() {
        return "IopOverPort[" + port + "]";
    }
}
