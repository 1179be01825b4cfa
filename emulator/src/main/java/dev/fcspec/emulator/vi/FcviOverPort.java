package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.port.LocalPort;
import java.time.Duration;
import java.util.Objects;

/**
 * FC-VI as an FC-4 of a port-layer N_Port (or NPIV virtual port): the VI provider's IUs travel in exchanges
 * of the port's exchange manager, so the interconnect can be an FC fabric (the partner is a logged-in remote
 * port) as well as a direct link, and FC-VI shares the port with ELS and other FC-4s.
 */
public final class FcviOverPort {

    private final LocalPort port;
    private FcviPort provider;

    public FcviOverPort(LocalPort port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    /**
     * Creates the VI provider on the port (which must have its FC_ID, i.e. be logged in to the fabric or to
     * its point-to-point peer) and starts serving FC-VI exchanges.
     */
    public FcviPort start(HostMemory memory, Duration ulpTimeout) {
        if (provider != null) {
            throw new IllegalStateException("FC-VI is already started on " + port);
        }
        provider = new FcviPort(port.fc4Port(), memory, ulpTimeout);
        return provider;
    }

    public FcviPort start(HostMemory memory) {
        return start(memory, FcviPort.DEFAULT_ULP_TIMEOUT);
    }

    public void stop() {
        if (provider != null) {
            provider.stop();
        }
    }

    public FcviPort provider() {
        return provider;
    }

    @Override
    public String toString() {
        return "FcviOverPort[" + port + "]";
    }
}
