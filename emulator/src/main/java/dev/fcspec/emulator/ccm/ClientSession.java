package dev.fcspec.emulator.ccm;

import dev.fcspec.emulator.vi.FcviPort;
import dev.fcspec.emulator.vi.MemoryRegion;
import dev.fcspec.emulator.vi.VirtualInterface;
import java.util.List;

/**
 * What a client gets when the partner is ready.
 *
 * @param client          the client's name
 * @param ports           connected VIs to the peer process on the partner, in order
 * @param localMemory     memory this node registered for the peer process on the partner (null if none asked)
 * @param partnerMemory   memory the partner registered for this client (null if none asked)
 * @param version         the negotiated session protocol version
 * @param partnerKind     what the partner is
 * @param provider        the node's VI provider, for the client's own memory registrations
 */
public record ClientSession(String client, List<VirtualInterface> ports, MemoryRegion localMemory,
                            CcmProtocol.ClientPorts partnerMemory, int version, NodeKind partnerKind,
                            FcviPort provider) {
    public ClientSession {
        ports = List.copyOf(ports);
    }
}
