package dev.fcspec.emulator.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bench topology as its YAML file describes it: fabrics (one switch each), hosts with HBAs, storage
 * arrays with FC ports, and the links between them. Pure data: {@link BenchLoader} reads and validates it,
 * {@code EmbeddedBench} builds it in-process.
 *
 * @param name        the bench's name (the file name without {@code .yaml} unless the file says otherwise)
 * @param description one line for reports
 * @param fabrics     switched fabrics, each named (A, B...)
 * @param hosts       hosts and their HBAs (physical N_Ports)
 * @param storage     storage arrays and their FC target ports
 * @param links       cables: host or storage port to switch port, or N_Port to N_Port (point-to-point)
 * @param clusters    storage appliance clusters made of two storage entries each
 * @param mirrors     mirrored virtual SANs made of storage entries (their servers)
 * @param capabilities what the bench can observe and do besides the wire, SCSI status and sense and the name
 *                    server ({@link Capability}); every capability when the file does not list them
 * @param interconnects cluster interconnects: the direct links of cluster pairs running connection managers
 * @param adapters    host bus adapters with I/O processors, on FC links of their own
 */
public record BenchSpec(String name, String description, List<FabricSpec> fabrics, List<HostSpec> hosts,
                        List<StorageSpec> storage, List<LinkSpec> links, List<ClusterSpec> clusters,
                        List<MirrorSpec> mirrors, Set<Capability> capabilities, List<InterconnectSpec> interconnects,
                        List<AdapterSpec> adapters) {

    /** A bench without cluster interconnects or I/O-processor adapters. */
    public BenchSpec(String name, String description, List<FabricSpec> fabrics, List<HostSpec> hosts,
                     List<StorageSpec> storage, List<LinkSpec> links, List<ClusterSpec> clusters,
                     List<MirrorSpec> mirrors, Set<Capability> capabilities) {
        this(name, description, fabrics, hosts, storage, links, clusters, mirrors, capabilities, List.of(), List.of());
    }

    /** A bench with every capability. */
    public BenchSpec(String name, String description, List<FabricSpec> fabrics, List<HostSpec> hosts,
                     List<StorageSpec> storage, List<LinkSpec> links, List<ClusterSpec> clusters,
                     List<MirrorSpec> mirrors) {
        this(name, description, fabrics, hosts, storage, links, clusters, mirrors, Capability.all());
    }

    /** A bench without mirrored virtual SANs. */
    public BenchSpec(String name, String description, List<FabricSpec> fabrics, List<HostSpec> hosts,
                     List<StorageSpec> storage, List<LinkSpec> links, List<ClusterSpec> clusters) {
        this(name, description, fabrics, hosts, storage, links, clusters, List.of());
    }

    /** A bench without appliance clusters. */
    public BenchSpec(String name, String description, List<FabricSpec> fabrics, List<HostSpec> hosts,
                     List<StorageSpec> storage, List<LinkSpec> links) {
        this(name, description, fabrics, hosts, storage, links, List.of(), List.of());
    }

    public BenchSpec {
        clusters = List.copyOf(clusters);
        mirrors = List.copyOf(mirrors);
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        fabrics = List.copyOf(fabrics);
        hosts = List.copyOf(hosts);
        storage = List.copyOf(storage);
        links = List.copyOf(links);
        interconnects = List.copyOf(interconnects);
        adapters = List.copyOf(adapters);
        capabilities = capabilities.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Capability.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
    }

    /** Whether the bench offers a capability. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** This bench offering exactly these capabilities. */
    public BenchSpec withCapabilities(Set<Capability> offered) {
        return new BenchSpec(name, description, fabrics, hosts, storage, links, clusters, mirrors, offered, interconnects,
                adapters);
    }

    public Optional<FabricSpec> fabric(String fabricName) {
        return fabrics.stream().filter(f -> f.name().equals(fabricName)).findFirst();
    }

    public Optional<HostSpec> host(String hostName) {
        return hosts.stream().filter(h -> h.name().equals(hostName)).findFirst();
    }

    public Optional<StorageSpec> array(String arrayName) {
        return storage.stream().filter(s -> s.name().equals(arrayName)).findFirst();
    }

    /** Every N_Port of the bench (host HBAs and storage ports), in file order. */
    public List<NodePortSpec> nodePorts() {
        List<NodePortSpec> all = new ArrayList<>();
        for (HostSpec h : hosts) {
            for (HbaSpec a : h.hbas()) {
                all.add(new NodePortSpec(h.name(), a.name(), a.wwnn(), a.wwpn(), NodeKind.HOST, a.firstBurst(),
                        a.discovery()));
            }
        }
        for (StorageSpec s : storage) {
            for (StoragePortSpec p : s.ports()) {
                all.add(new NodePortSpec(s.name(), p.name(), p.wwnn(), p.wwpn(), NodeKind.STORAGE, p.firstBurst()));
            }
        }
        return all;
    }

    public Optional<InterconnectSpec> interconnect(String interconnectName) {
        return interconnects.stream().filter(i -> i.name().equals(interconnectName)).findFirst();
    }

    /** The adapter with this number, if any. */
    public Optional<AdapterSpec> adapter(int number) {
        return adapters.stream().filter(a -> a.number() == number).findFirst();
    }

    /** The cluster a storage entry is a node of, if any. */
    public Optional<ClusterSpec> clusterOf(String storageName) {
        return clusters.stream().filter(c -> c.nodes().contains(storageName)).findFirst();
    }

    /** The mirrored virtual SAN a storage entry is a server of, if any. */
    public Optional<MirrorSpec> mirrorOf(String storageName) {
        return mirrors.stream().filter(m -> m.servers().contains(storageName)).findFirst();
    }

    /** The link attached to {@code endpoint}, if any. */
    public Optional<LinkSpec> linkAt(Endpoint endpoint) {
        return links.stream().filter(l -> l.a().equals(endpoint) || l.b().equals(endpoint)).findFirst();
    }

    /** This bench with one fabric replaced (same name), for scenarios that change a fabric before it is built. */
    public BenchSpec withFabric(FabricSpec fabric) {
        List<FabricSpec> fs = new ArrayList<>();
        boolean found = false;
        for (FabricSpec f : fabrics) {
            if (f.name().equals(fabric.name())) {
                fs.add(fabric);
                found = true;
            } else {
                fs.add(f);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("bench " + name + " has no fabric " + fabric.name());
        }
        return new BenchSpec(name, description, fs, hosts, storage, links, clusters, mirrors, capabilities, interconnects,
                adapters);
    }

    /** Whether a node is a host or a storage array. */
    public enum NodeKind { HOST, STORAGE }

    /**
     * One N_Port of the bench with the node it belongs to, the FCP first burst it offers (0: none) and whether
     * it discovers targets through the name server (host ports only).
     */
    public record NodePortSpec(String node, String port, dev.fcspec.emulator.wire.Wwn wwnn,
                               dev.fcspec.emulator.wire.Wwn wwpn, NodeKind kind, int firstBurst, boolean discovery) {
        public NodePortSpec(String node, String port, dev.fcspec.emulator.wire.Wwn wwnn,
                            dev.fcspec.emulator.wire.Wwn wwpn, NodeKind kind) {
            this(node, port, wwnn, wwpn, kind, 0);
        }

        public NodePortSpec(String node, String port, dev.fcspec.emulator.wire.Wwn wwnn,
                            dev.fcspec.emulator.wire.Wwn wwpn, NodeKind kind, int firstBurst) {
            this(node, port, wwnn, wwpn, kind, firstBurst, false);
        }

        public Endpoint endpoint() {
            return new Endpoint(node, port);
        }
    }
}
