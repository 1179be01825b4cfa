package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.LocalPort;
import dev.fcspec.emulator.wire.FcId;
import java.time.Duration;
import java.util.Objects;

/**
 * FC-VI as an FC-4 of a port-layer N_Port (or NPIV virtual port): the VI provider's IUs travel in exchanges
 * of the port's exchange manager ({@link Fc4FrameBridge}), so the interconnect can be an FC fabric (the
 * partner is a logged-in remote port) as well as a direct link, and FC-VI shares the port with ELS and other
 * FC-4s.
 */
public final class FcviOverPort {

    private final Fc4FrameBridge bridge;
    private FcviPort provider;

    public FcviOverPort(LocalPort port) {
        this.bridge = new Fc4FrameBridge(Objects.requireNonNull(port, "port"), FcviProtocol.TYPE);
    }

    /**
     * Creates the VI provider on the port (which must have its FC_ID, i.e. be logged in to the fabric or to
     * its point-to-point peer) and starts serving FC-VI exchanges.
     */
    public FcviPort start(HostMemory memory, Duration ulpTimeout) {
        if (provider != null) {
            throw new IllegalStateException("FC-VI is already started on " + bridge.port());
        }
        LocalPort port = bridge.port();
        if (port.fcId() == null || port.fcId().equals(FcId.UNASSIGNED)) {
            throw new IllegalStateException(port + " has no N_Port_ID yet: log it in first");
        }
        provider = new FcviPort(port.scheduler(), port.fcId(), memory, bridge::transmit, ulpTimeout);
        bridge.start(provider::receive);
        return provider;
    }

    public FcviPort start(HostMemory memory) {
        return start(memory, FcviPort.DEFAULT_ULP_TIMEOUT);
    }

    public void stop() {
        bridge.stop();
    }

    public FcviPort provider() {
        return provider;
    }

    /** IUs the provider sent on an exchange that had already ended. */
    public long dropped() {
        return bridge.dropped();
    }

    @Override
    public String toString() {
        return "FcviOverPort[" + bridge.port() + "]";
    }
}
