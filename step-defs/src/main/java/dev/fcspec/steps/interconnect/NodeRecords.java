package dev.fcspec.steps.interconnect;

import dev.fcspec.emulator.bench.Capability;
import dev.fcspec.emulator.ccm.CcmEvent;
import dev.fcspec.emulator.ccm.ClusterConnectionManager;
import dev.fcspec.emulator.iop.IopEvent;
import dev.fcspec.emulator.iop.Volume;
import dev.fcspec.emulator.vi.ViEvent;
import dev.fcspec.steps.san.San;
import java.util.List;
import java.util.Map;

/**
 * What the interconnect's nodes and adapters record about themselves, which a user of the devices does not
 * see: a cluster connection manager's session state and events, an I/O processor's events, an FC-VI port's
 * events ({@link Capability#OBSERVE_NODE_EVENTS}), and the volumes behind the adapters looked at directly
 * ({@link Capability#INSPECT_NODE_DEVICES}). Every accessor asks the bench for its capability first, so that on
 * a bench without it the scenario is skipped with the capability named. One per scenario (picocontainer).
 */
public final class NodeRecords {
    private final InterconnectWorld world;
    private final San san;

    public NodeRecords(InterconnectWorld world, San san) {
        this.world = world;
        this.san = san;
    }

    /** A node's cluster connection manager, to read its session state, why it failed and its events. */
    public ClusterConnectionManager ccm(String node) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return world.node(node).ccm();
    }

    /** What a node's cluster connection manager recorded, in order. */
    public List<CcmEvent> ccmEvents(String node) {
        return ccm(node).events();
    }

    /** What an adapter's I/O processor recorded, in order. */
    public List<IopEvent> iopEvents(int adapter) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return world.adapter(adapter).iop().events();
    }

    /** The events of one kind an adapter's I/O processor recorded, in order. */
    public List<IopEvent> iopEvents(int adapter, IopEvent.Kind kind) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return world.adapter(adapter).iop().events(kind);
    }

    /** The events of one kind a node's FC-VI port reported, in order. */
    public List<ViEvent> viEvents(String node, ViEvent.Kind kind) {
        san.require(Capability.OBSERVE_NODE_EVENTS);
        return world.node(node).port().events(kind);
    }

    /** A volume behind a network node's adapter, looked at directly (its blocks, size and write count). */
    public Volume volume(int node, int number) {
        san.require(Capability.INSPECT_NODE_DEVICES);
        return world.adapterOfNode(node).storage().volume(number).orElseThrow(() ->
                new AssertionError("node " + node + " has no volume " + number));
    }

    /** Writes taken so far by every volume, keyed "node/volume". */
    public Map<String, Long> volumeWrites() {
        san.require(Capability.INSPECT_NODE_DEVICES);
        return world.volumeWrites();
    }

    /** Writes and sizes of every volume when the first request frame with {@code messageId} went on the wire. */
    public Map<String, Long> stateWhenFirstSent(int messageId) {
        san.require(Capability.INSPECT_NODE_DEVICES);
        return world.stateWhenFirstSent(messageId);
    }
}
