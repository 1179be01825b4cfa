/**
 * Benches: the YAML file that describes a test bench (fabrics and their switch, hosts and their HBA ports,
 * storage arrays with ports, LUNs and iSCSI portals, links, appliance clusters, virtual SANs), read strictly
 * by {@link dev.fcspec.emulator.bench.BenchLoader} into an immutable {@link dev.fcspec.emulator.bench.BenchSpec}
 * (the document's sections by {@code BenchSpecReader}, each value by {@code BenchNode}; every mistake a
 * {@link dev.fcspec.emulator.bench.BenchDefinitionException} naming the file and the path in it). The switch
 * settings of a fabric are a {@link dev.fcspec.emulator.fabric.FabricConfig}
 * ({@link dev.fcspec.emulator.bench.FabricSpec#config()}), checked there once.
 *
 * <p>A bench also declares its {@link dev.fcspec.emulator.bench.Capability capabilities}: what it can observe
 * and do beyond what a user of the devices can (the wire, SCSI status and sense, the name server), such as a
 * node's own records of its work. Steps ask for the one they need; a bench without it has the scenario
 * skipped with the capability named.
 *
 * <p>{@link dev.fcspec.emulator.bench.EmbeddedBench} builds a bench in process on one virtual scheduler
 * (switches, N_Ports, links, FCP targets and initiators, appliance clusters, mirrors); scenarios and tests
 * drive it. {@link dev.fcspec.emulator.bench.EmulatorServer} ({@code fcspec emulate}) serves a bench's iSCSI
 * portals on the network, and each appliance node on a portal of its own (an embedded bench whose virtual
 * time the wall clock paces).
 *
 * <p>Threading: an embedded bench is confined to its virtual scheduler's driving thread. The emulator server
 * is a real thread boundary: its portals' MINA handlers hand their work to a real-time scheduler (an
 * appliance node's portal to the pacer of the bench it runs in), and {@code close} may come from a shutdown
 * hook's thread.
 */
package dev.fcspec.emulator.bench;
