package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.bench.FabricSpec.NpivPolicy;
import dev.fcspec.emulator.bench.FabricSpec.Timeouts;
import dev.fcspec.emulator.bench.FabricSpec.ZoneSpec;
import dev.fcspec.emulator.bench.FabricSpec.ZoningSpec;
import dev.fcspec.emulator.fabric.DuplicateWwpnPolicy;
import dev.fcspec.emulator.wire.InvalidWwnException;
import dev.fcspec.emulator.wire.Wwn;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a bench file. Strict: every key must be known, every value must have its form, and the topology
 * must hold together; anything else is a {@link BenchDefinitionException} naming the file and the path.
 *
 * <p>Every scalar is read as text and converted here (no YAML type guessing), so WWNs such as
 * {@code 20:00:00:25:35:00:00:01} need no quotes (YAML 1.1 would read them as base-60 numbers), numbers may
 * be hex ({@code 0x0a}) and durations carry units ({@code 2s}, {@code 500ms}, {@code 1us}).
 */
public final class BenchLoader {

    /** Where named benches live on the classpath: {@code fixtures/benches/NAME.yaml}. */
    public static final String CLASSPATH_FOLDER = "fixtures/benches/";

    /** The bench a run uses unless it names another: {@code fixtures/benches/embedded.yaml}. */
    public static final String DEFAULT_BENCH = "embedded";

    /** Default latency of a link that names none: 1 µs, a few hundred metres of fibre. */
    public static final Duration DEFAULT_LATENCY = Duration.ofNanos(1_000);

    /** Default NPIV capacity of an HBA port (Linux lpfc and qla2xxx report 255 or more). */
    public static final int DEFAULT_MAX_NPIV_VPORTS = 255;
    /** The largest first_burst or max_burst a bench may give: 16 MiB. */
    public static final int MAX_BURST = 1 << 24;

    private BenchLoader() {
    }

    /**
     * Loads the bench called {@code nameOrPath}: a bare name resolves to the classpath resource
     * {@code fixtures/benches/NAME.yaml}; anything else (or a name with no such resource) is a file path.
     */
    public static BenchSpec load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BenchDefinitionException("(none)", "", "no bench named: give a bench name or a file path");
        }
        String n = nameOrPath.trim();
        if (n.matches("[A-Za-z0-9_-]+")) {
            String resource = CLASSPATH_FOLDER + n + ".yaml";
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                cl = BenchLoader.class.getClassLoader();
            }
            InputStream in = cl.getResourceAsStream(resource);
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return parse(r, "classpath:" + resource, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Path p = Path.of(n);
        if (!Files.isRegularFile(p)) {
            throw new BenchDefinitionException(n, "", "no bench of that name (looked for classpath resource "
                    + CLASSPATH_FOLDER + n + ".yaml) and no such file");
        }
        return load(p);
    }

    public static BenchSpec load(Path file) {
        String fileName = file.getFileName().toString();
        String defaultName = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
                : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString(), defaultName);
        } catch (IOException e) {
            throw new BenchDefinitionException(file.toString(), "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static BenchSpec parse(String yaml, String source) {
        return parse(new StringReader(yaml), source, source);
    }

    static BenchSpec parse(Reader reader, String source, String defaultName) {
        Object root;
        try {
            root = yaml().load(reader);
        } catch (YAMLException e) {
            throw new BenchDefinitionException(source, "", "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new BenchDefinitionException(source, "", "the file is empty");
        }
        Node doc = new Node(source, "", root);
        return new Reader0(source).bench(doc, defaultName);
    }

    private static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(10);
        DumperOptions dop = new DumperOptions();
        return new Yaml(new SafeConstructor(lo), new Representer(dop), dop, lo, new TextOnlyResolver());
    }

    /** Resolves every plain scalar as a string; the loader converts values itself. */
    private static final class TextOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none: no implicit booleans, numbers, timestamps or base-60 integers
        }
    }

    /** Converts and checks one document. */
    private static final class Reader0 {
        private final String source;

        Reader0(String source) {
            this.source = source;
        }

        BenchSpec bench(Node doc, String defaultName) {
            doc.allowKeys("name", "description", "fabrics", "hosts", "storage", "links", "clusters", "mirrors");
            String name = doc.optText("name", defaultName);
            String description = doc.optText("description", "");
            List<FabricSpec> fabrics = new ArrayList<>();
            for (Node f : doc.optList("fabrics")) {
                fabrics.add(fabric(f));
            }
            List<HostSpec> hosts = new ArrayList<>();
            for (Node h : doc.optList("hosts")) {
                hosts.add(host(h));
            }
            List<StorageSpec> storage = new ArrayList<>();
            for (Node s : doc.optList("storage")) {
                storage.add(array(s));
            }
            List<LinkSpec> links = new ArrayList<>();
            for (Node l : doc.optList("links")) {
                links.add(link(l));
            }
            List<ClusterSpec> clusters = new ArrayList<>();
            for (Node c : doc.optList("clusters")) {
                clusters.add(cluster(c, storage));
            }
            List<MirrorSpec> mirrors = new ArrayList<>();
            for (Node m : doc.optList("mirrors")) {
                mirrors.add(mirror(m, storage, clusters));
            }
            BenchSpec spec = new BenchSpec(name, description, fabrics, hosts, storage, links, clusters, mirrors);
            check(spec, doc);
            return spec;
        }

        FabricSpec fabric(Node n) {
            n.allowKeys("name", "switch", "npiv", "duplicate_wwpn", "timeouts", "zoning");
            String name = n.name("name");
            Node sw = n.map("switch");
            sw.allowKeys("name", "domain_id", "wwn", "fabric_name", "ports");
            String swName = sw.name("name");
            int domain = sw.integer("domain_id", FabricSpec.MIN_DOMAIN_ID, FabricSpec.MAX_DOMAIN_ID);
            Wwn swWwn = sw.wwn("wwn");
            Wwn fabricName = sw.has("fabric_name") ? sw.wwn("fabric_name") : swWwn;
            int ports = sw.has("ports") ? sw.integer("ports", 1, 256) : 16;

            NpivPolicy npiv = new NpivPolicy(true, 255);
            if (n.has("npiv")) {
                Node np = n.map("npiv");
                np.allowKeys("supported", "max_vports_per_port");
                npiv = new NpivPolicy(np.bool("supported", true),
                        np.has("max_vports_per_port") ? np.integer("max_vports_per_port", 0, 255) : 255);
            }
            DuplicateWwpnPolicy duplicate = DuplicateWwpnPolicy.REJECT_NEW;
            if (n.has("duplicate_wwpn")) {
                String d = n.text("duplicate_wwpn");
                duplicate = switch (d) {
                    case "reject_new" -> DuplicateWwpnPolicy.REJECT_NEW;
                    case "logout_existing" -> DuplicateWwpnPolicy.LOGOUT_EXISTING;
                    default -> throw n.error("duplicate_wwpn", "must be 'reject_new' (the login already there stays)"
                            + " or 'logout_existing' (the new login replaces it), not '" + d + "'");
                };
            }
            Timeouts timeouts = Timeouts.DEFAULT;
            if (n.has("timeouts")) {
                Node t = n.map("timeouts");
                t.allowKeys("e_d_tov", "r_a_tov");
                Duration ed = t.has("e_d_tov") ? t.duration("e_d_tov") : Timeouts.DEFAULT.eDTov();
                Duration ra = t.has("r_a_tov") ? t.duration("r_a_tov") : Timeouts.DEFAULT.rATov();
                if (ed.isZero() || ra.isZero()) {
                    throw t.error("timeouts", "timeouts must be longer than zero");
                }
                if (ra.compareTo(ed) < 0) {
                    throw t.error("r_a_tov", "R_A_TOV (" + ra + ") must not be shorter than E_D_TOV (" + ed + ")");
                }
                timeouts = new Timeouts(ed, ra);
            }
            ZoningSpec zoning = ZoningSpec.OPEN;
            if (n.has("zoning")) {
                Node z = n.map("zoning");
                z.allowKeys("default_zone", "zones");
                String dz = z.optText("default_zone", "all");
                boolean all = switch (dz) {
                    case "all" -> true;
                    case "none" -> false;
                    default -> throw z.error("default_zone", "must be 'all' (ports in no zone see each other) or 'none', not '" + dz + "'");
                };
                List<ZoneSpec> zones = new ArrayList<>();
                Set<String> zoneNames = new HashSet<>();
                for (Node zn : z.optList("zones")) {
                    zn.allowKeys("name", "members");
                    String zname = zn.name("name");
                    if (!zoneNames.add(zname)) {
                        throw zn.error("name", "zone '" + zname + "' is defined twice");
                    }
                    List<Wwn> members = new ArrayList<>();
                    for (Node m : zn.list("members")) {
                        Wwn w = m.asWwn();
                        if (members.contains(w)) {
                            throw m.error("", "WWPN " + w + " is listed twice in zone " + zname);
                        }
                        members.add(w);
                    }
                    zones.add(new ZoneSpec(zname, members));
                }
                zoning = new ZoningSpec(all, zones);
            }
            return new FabricSpec(name, swName, domain, swWwn, fabricName, ports, npiv, duplicate, timeouts, zoning);
        }

        /** An FCP burst length in bytes (0: none), at most {@link #MAX_BURST}. */
        static int burst(Node n, String key) {
            return n.has(key) ? n.integer(key, 0, MAX_BURST) : 0;
        }

        HostSpec host(Node n) {
            n.allowKeys("name", "hbas");
            String name = n.name("name");
            List<HbaSpec> hbas = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Node h : n.list("hbas")) {
                h.allowKeys("name", "wwnn", "wwpn", "max_npiv_vports", "first_burst", "discovery");
                String hn = h.name("name");
                if (!names.add(hn)) {
                    throw h.error("name", "host " + name + " has two HBA ports named " + hn);
                }
                int max = h.has("max_npiv_vports") ? h.integer("max_npiv_vports", 0, 65535) : DEFAULT_MAX_NPIV_VPORTS;
                hbas.add(new HbaSpec(hn, h.wwn("wwnn"), h.wwn("wwpn"), max, burst(h, "first_burst"),
                        h.bool("discovery", false)));
            }
            return new HostSpec(name, hbas);
        }

        StorageSpec array(Node n) {
            n.allowKeys("name", "ports", "luns", "iscsi");
            String name = n.name("name");
            List<StoragePortSpec> ports = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Node p : n.optList("ports")) {
                p.allowKeys("name", "wwnn", "wwpn", "first_burst", "max_burst");
                String pn = p.name("name");
                if (!names.add(pn)) {
                    throw p.error("name", "array " + name + " has two ports named " + pn);
                }
                ports.add(new StoragePortSpec(pn, p.wwn("wwnn"), p.wwn("wwpn"), burst(p, "first_burst"),
                        burst(p, "max_burst")));
            }
            List<LunSpec> luns = new ArrayList<>();
            Set<Long> ids = new HashSet<>();
            for (Node l : n.optList("luns")) {
                l.allowKeys("id", "size", "block_size", "file", "removable");
                long id = l.integer("id", 0, 16383);
                if (!ids.add(id)) {
                    throw l.error("id", "array " + name + " has LUN " + id + " twice");
                }
                int blockSize = l.has("block_size") ? l.integer("block_size", 512, 65536) : 512;
                if (Integer.bitCount(blockSize) != 1) {
                    throw l.error("block_size", blockSize + " is not a power of two");
                }
                long size = l.size("size");
                if (size % blockSize != 0) {
                    throw l.error("size", size + " bytes is not a whole number of " + blockSize + "-byte blocks");
                }
                luns.add(new LunSpec(id, size, blockSize, l.has("file") ? java.util.Optional.of(l.text("file"))
                        : java.util.Optional.empty(), l.bool("removable", false)));
            }
            java.util.Optional<IscsiPortalSpec> iscsi = java.util.Optional.empty();
            if (n.has("iscsi")) {
                Node i = n.map("iscsi");
                i.allowKeys("portal", "target", "portal_group_tag", "nop_in");
                String portal = i.has("portal") ? i.text("portal") : "127.0.0.1:3260";
                int colon = portal.lastIndexOf(':');
                if (colon <= 0) {
                    throw i.error("portal", "'" + portal + "' is not host:port (e.g. 127.0.0.1:3260)");
                }
                String host = portal.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port;
                try {
                    port = Integer.parseInt(portal.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw i.error("portal", "'" + portal + "' has no port number");
                }
                if (port < 0 || port > 65535) {
                    throw i.error("portal", "port " + port + " is outside 0..65535");
                }
                String target = i.text("target");
                if (!dev.fcspec.emulator.iscsi.IscsiNames.valid(target)) {
                    throw i.error("target", "'" + target + "' is not an iSCSI name (iqn.yyyy-mm.domain[:id], eui.<16 hex>, naa.<hex>)");
                }
                int tpgt = i.has("portal_group_tag") ? i.integer("portal_group_tag", 0, 65535) : 1;
                if (luns.isEmpty()) {
                    throw n.error("luns", "an array with an iSCSI portal needs at least one LUN");
                }
                java.util.Optional<IscsiPortalSpec.NopIn> nopIn = java.util.Optional.empty();
                if (i.has("nop_in")) {
                    Node ping = i.map("nop_in");
                    ping.allowKeys("interval", "timeout");
                    Duration interval = ping.duration("interval");
                    Duration timeout = ping.duration("timeout");
                    if (interval.isZero() || timeout.isZero()) {
                        throw ping.error(interval.isZero() ? "interval" : "timeout", "must be longer than 0");
                    }
                    nopIn = java.util.Optional.of(new IscsiPortalSpec.NopIn(interval, timeout));
                }
                iscsi = java.util.Optional.of(new IscsiPortalSpec(host, port, target, tpgt, nopIn));
            }
            return new StorageSpec(name, ports, luns, iscsi);
        }

        ClusterSpec cluster(Node n, List<StorageSpec> storage) {
            n.allowKeys("name", "nodes", "interconnect_latency", "proxy_ports", "interconnect_ports");
            String name = n.name("name");
            List<String> nodes = new ArrayList<>();
            for (Node m : n.list("nodes")) {
                String s = m.asText();
                if (storage.stream().noneMatch(a -> a.name().equals(s))) {
                    throw n.error("nodes", "cluster " + name + " names node '" + s + "', which is not a storage entry");
                }
                nodes.add(s);
            }
            if (nodes.size() < 2 || new java.util.HashSet<>(nodes).size() != nodes.size()) {
                throw n.error("nodes", "cluster " + name + " needs two or more different nodes, has " + nodes);
            }
            Duration latency = n.has("interconnect_latency") ? n.duration("interconnect_latency") : DEFAULT_LATENCY;
            List<Endpoint> proxy = new ArrayList<>();
            for (Node m : n.optList("proxy_ports")) {
                Endpoint e;
                try {
                    e = Endpoint.parse(m.asText());
                } catch (IllegalArgumentException x) {
                    throw n.error("proxy_ports", x.getMessage());
                }
                StorageSpec a = storage.stream().filter(s -> s.name().equals(e.node())).findFirst().orElse(null);
                if (!nodes.contains(e.node()) || a == null || a.port(e.port()).isEmpty()) {
                    throw n.error("proxy_ports", e + " is not a port of a node of cluster " + name);
                }
                proxy.add(e);
            }
            List<Endpoint> icPorts = new ArrayList<>();
            for (Node m : n.optList("interconnect_ports")) {
                Endpoint e;
                try {
                    e = Endpoint.parse(m.asText());
                } catch (IllegalArgumentException x) {
                    throw n.error("interconnect_ports", x.getMessage());
                }
                StorageSpec a = storage.stream().filter(s -> s.name().equals(e.node())).findFirst().orElse(null);
                if (!nodes.contains(e.node()) || a == null || a.port(e.port()).isEmpty()) {
                    throw n.error("interconnect_ports", e + " is not a port of a node of cluster " + name);
                }
                if (icPorts.stream().anyMatch(p -> p.node().equals(e.node()))) {
                    throw n.error("interconnect_ports", "node " + e.node() + " of cluster " + name
                            + " has more than one interconnect port");
                }
                if (proxy.contains(e)) {
                    throw n.error("interconnect_ports", e + " is a proxy port; an interconnect port serves no hosts");
                }
                icPorts.add(e);
            }
            if (!icPorts.isEmpty() && icPorts.size() != nodes.size()) {
                throw n.error("interconnect_ports", "cluster " + name + " names interconnect ports for "
                        + icPorts.stream().map(Endpoint::node).toList() + " but has nodes " + nodes
                        + "; every node needs one");
            }
            return new ClusterSpec(name, nodes, latency, proxy, icPorts);
        }

        MirrorSpec mirror(Node n, List<StorageSpec> storage, List<ClusterSpec> clusters) {
            n.allowKeys("name", "servers", "lun", "region_blocks");
            String name = n.name("name");
            long lun = n.integer("lun", 0, 16383);
            int region = n.has("region_blocks") ? n.integer("region_blocks", 1, 1 << 20) : 64;
            List<String> servers = new ArrayList<>();
            LunSpec first = null;
            for (Node m : n.list("servers")) {
                String s = m.asText();
                StorageSpec a = storage.stream().filter(x -> x.name().equals(s)).findFirst().orElse(null);
                if (a == null) {
                    throw n.error("servers", "virtual SAN " + name + " names server '" + s + "', which is not a"
                            + " storage entry");
                }
                if (servers.contains(s)) {
                    throw n.error("servers", "virtual SAN " + name + " names server " + s + " twice");
                }
                if (clusters.stream().anyMatch(c -> c.nodes().contains(s))) {
                    throw n.error("servers", s + " is a node of an appliance cluster; it cannot also be a server of"
                            + " virtual SAN " + name);
                }
                LunSpec l = a.luns().stream().filter(x -> x.id() == lun).findFirst().orElseThrow(() -> n.error(
                        "lun", "server " + s + " of virtual SAN " + name + " has no LUN " + lun + " (its mass storage"
                                + " device)"));
                if (first != null && (first.sizeBytes() != l.sizeBytes() || first.blockSize() != l.blockSize())) {
                    throw n.error("lun", "LUN " + lun + " of " + s + " differs in size or block size from the"
                            + " first server's; the copies must match");
                }
                first = first == null ? l : first;
                servers.add(s);
            }
            if (servers.size() < 2) {
                throw n.error("servers", "virtual SAN " + name + " needs at least two servers, has " + servers);
            }
            return new MirrorSpec(name, servers, lun, region);
        }

        LinkSpec link(Node n) {
            n.allowKeys("a", "b", "latency");
            Endpoint a = n.endpoint("a");
            Endpoint b = n.endpoint("b");
            Duration latency = n.has("latency") ? n.duration("latency") : DEFAULT_LATENCY;
            return new LinkSpec(a, b, latency);
        }

        /** Cross-checks: unique names and WWPNs, links that join existing ports, one link per port. */
        void check(BenchSpec spec, Node doc) {
            Map<String, String> nodeKinds = new HashMap<>();
            for (int i = 0; i < spec.fabrics().size(); i++) {
                FabricSpec f = spec.fabrics().get(i);
                String at = "fabrics[" + i + "]";
                for (int j = 0; j < i; j++) {
                    FabricSpec g = spec.fabrics().get(j);
                    if (g.name().equals(f.name())) {
                        throw error(at + ".name", "fabric '" + f.name() + "' is defined twice");
                    }
                    if (g.domainId() == f.domainId()) {
                        throw error(at + ".switch.domain_id", "domain ID " + f.domainId() + " is already used by fabric "
                                + g.name() + "; give every switch of the bench its own domain ID");
                    }
                }
                claim(nodeKinds, f.switchName(), "switch", at + ".switch.name");
            }
            for (int i = 0; i < spec.hosts().size(); i++) {
                claim(nodeKinds, spec.hosts().get(i).name(), "host", "hosts[" + i + "].name");
            }
            for (int i = 0; i < spec.storage().size(); i++) {
                claim(nodeKinds, spec.storage().get(i).name(), "array", "storage[" + i + "].name");
            }

            Map<Wwn, String> wwpns = new LinkedHashMap<>();
            for (BenchSpec.NodePortSpec p : spec.nodePorts()) {
                String prev = wwpns.putIfAbsent(p.wwpn(), p.endpoint().toString());
                if (prev != null) {
                    throw error(pathOf(spec, p) + ".wwpn", "WWPN " + p.wwpn() + " of " + p.endpoint()
                            + " is already the WWPN of " + prev + "; port names must be unique");
                }
            }
            for (FabricSpec f : spec.fabrics()) {
                if (wwpns.containsKey(f.switchWwn())) {
                    throw error("fabrics", "switch " + f.switchName() + " has the WWN " + f.switchWwn()
                            + " of port " + wwpns.get(f.switchWwn()));
                }
            }

            Map<String, String> portals = new HashMap<>();
            for (int i = 0; i < spec.storage().size(); i++) {
                StorageSpec a = spec.storage().get(i);
                if (a.iscsi().isPresent() && a.iscsi().get().port() != 0) {
                    String address = a.iscsi().get().host() + ":" + a.iscsi().get().port();
                    String prev = portals.putIfAbsent(address, a.name());
                    if (prev != null) {
                        throw error("storage[" + i + "].iscsi.portal", "portal " + address + " is already used by array " + prev);
                    }
                }
            }

            Map<Endpoint, Integer> used = new HashMap<>();
            for (int i = 0; i < spec.links().size(); i++) {
                LinkSpec l = spec.links().get(i);
                String at = "links[" + i + "]";
                String ka = endpointKind(spec, l.a(), at + ".a");
                String kb = endpointKind(spec, l.b(), at + ".b");
                if (ka.equals("switch") && kb.equals("switch")) {
                    throw error(at, "inter-switch links are not modelled: link a host or array port to a switch port");
                }
                if (l.a().node().equals(l.b().node())) {
                    throw error(at, "a link joins two different nodes, not " + l.a() + " and " + l.b());
                }
                for (Endpoint e : List.of(l.a(), l.b())) {
                    Integer prev = used.putIfAbsent(e, i);
                    if (prev != null) {
                        throw error(at, "port " + e + " is already cabled by links[" + prev + "]");
                    }
                }
            }
        }

        private String endpointKind(BenchSpec spec, Endpoint e, String at) {
            for (FabricSpec f : spec.fabrics()) {
                if (f.switchName().equals(e.node())) {
                    int port;
                    try {
                        port = Integer.parseInt(e.port());
                    } catch (NumberFormatException ex) {
                        throw error(at, "switch ports are numbered: '" + e + "' should look like " + f.switchName() + ".3");
                    }
                    if (port < 0 || port >= f.ports()) {
                        throw error(at, "switch " + f.switchName() + " has ports 0.." + (f.ports() - 1) + ", not " + port);
                    }
                    return "switch";
                }
            }
            var host = spec.host(e.node());
            if (host.isPresent()) {
                if (host.get().hba(e.port()).isEmpty()) {
                    throw error(at, "host " + e.node() + " has no HBA port '" + e.port() + "'");
                }
                return "host";
            }
            var array = spec.array(e.node());
            if (array.isPresent()) {
                if (array.get().port(e.port()).isEmpty()) {
                    throw error(at, "array " + e.node() + " has no port '" + e.port() + "'");
                }
                return "array";
            }
            throw error(at, "no switch, host or array is called '" + e.node() + "'");
        }

        private String pathOf(BenchSpec spec, BenchSpec.NodePortSpec p) {
            if (p.kind() == BenchSpec.NodeKind.HOST) {
                int h = spec.hosts().indexOf(spec.host(p.node()).orElseThrow());
                int a = spec.hosts().get(h).hbas().indexOf(spec.hosts().get(h).hba(p.port()).orElseThrow());
                return "hosts[" + h + "].hbas[" + a + "]";
            }
            int s = spec.storage().indexOf(spec.array(p.node()).orElseThrow());
            int a = spec.storage().get(s).ports().indexOf(spec.storage().get(s).port(p.port()).orElseThrow());
            return "storage[" + s + "].ports[" + a + "]";
        }

        private void claim(Map<String, String> names, String name, String kind, String at) {
            String prev = names.putIfAbsent(name, kind);
            if (prev != null) {
                throw error(at, "the name '" + name + "' is already used by a " + prev
                        + "; switches, hosts and arrays need distinct names");
            }
        }

        private BenchDefinitionException error(String path, String message) {
            return new BenchDefinitionException(source, path, message);
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|µs|ms|s)");

    /** A value in the document with its path, for messages. */
    private static final class Node {
        final String source;
        final String path;
        final Object value;

        Node(String source, String path, Object value) {
            this.source = source;
            this.path = path;
            this.value = value;
        }

        BenchDefinitionException error(String key, String message) {
            return new BenchDefinitionException(source, child(key), message);
        }

        String child(String key) {
            if (key == null || key.isEmpty()) {
                return path;
            }
            return path.isEmpty() ? key : path + "." + key;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> asMap() {
            if (!(value instanceof Map)) {
                throw new BenchDefinitionException(source, path, "expected a mapping of keys to values, found "
                        + describe(value));
            }
            return (Map<String, Object>) value;
        }

        void allowKeys(String... keys) {
            Set<String> allowed = Set.of(keys);
            for (Object k : asMap().keySet()) {
                if (!allowed.contains(String.valueOf(k))) {
                    throw error(String.valueOf(k), "unknown key (known here: " + String.join(", ", keys) + ")");
                }
            }
        }

        boolean has(String key) {
            return asMap().get(key) != null;
        }

        Node get(String key) {
            Object v = asMap().get(key);
            if (v == null) {
                throw error(key, "is missing");
            }
            return new Node(source, child(key), v);
        }

        Node map(String key) {
            Node n = get(key);
            n.asMap();
            return n;
        }

        List<Node> list(String key) {
            Node n = get(key);
            if (!(n.value instanceof List<?> l)) {
                throw n.error("", "expected a list, found " + describe(n.value));
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(new Node(source, n.path + "[" + i + "]", l.get(i)));
            }
            return out;
        }

        List<Node> optList(String key) {
            return has(key) ? list(key) : List.of();
        }

        String asText() {
            if (!(value instanceof String s)) {
                throw new BenchDefinitionException(source, path, "expected a single value, found " + describe(value));
            }
            return s.trim();
        }

        String text(String key) {
            String s = get(key).asText();
            if (s.isEmpty()) {
                throw error(key, "is empty");
            }
            return s;
        }

        String optText(String key, String dflt) {
            return has(key) ? get(key).asText() : dflt;
        }

        String name(String key) {
            String s = text(key);
            if (!NAME.matcher(s).matches()) {
                throw error(key, "'" + s + "' is not a name: use letters, digits, '_' and '-' (no dots or spaces)");
            }
            return s;
        }

        int integer(String key, int min, int max) {
            String s = text(key);
            long v;
            try {
                v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw error(key, "'" + s + "' is not a whole number (decimal, or hex with 0x)");
            }
            if (v < min || v > max) {
                throw error(key, v + " is outside " + min + ".." + max);
            }
            return (int) v;
        }

        boolean bool(String key, boolean dflt) {
            if (!has(key)) {
                return dflt;
            }
            String s = text(key).toLowerCase(Locale.ROOT);
            return switch (s) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw error(key, "'" + s + "' is not true or false");
            };
        }

        /** A byte count: a whole number with an optional unit (KiB, MiB, GiB, TiB; KB, MB, GB, TB are powers of ten). */
        long size(String key) {
            String s = text(key);
            Matcher m = SIZE.matcher(s);
            if (!m.matches()) {
                throw error(key, "'" + s + "' is not a size: write a whole number and a unit, e.g. 64MiB");
            }
            long v = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "" : m.group(2);
            long mult = switch (unit) {
                case "", "B" -> 1L;
                case "KiB" -> 1L << 10;
                case "MiB" -> 1L << 20;
                case "GiB" -> 1L << 30;
                case "TiB" -> 1L << 40;
                case "KB" -> 1_000L;
                case "MB" -> 1_000_000L;
                case "GB" -> 1_000_000_000L;
                default -> 1_000_000_000_000L;
            };
            if (v <= 0 || v > Long.MAX_VALUE / mult) {
                throw error(key, "'" + s + "' must be larger than zero and below 8 EiB");
            }
            return v * mult;
        }

        Wwn wwn(String key) {
            return get(key).asWwn();
        }

        Wwn asWwn() {
            String s = asText();
            Wwn w;
            try {
                w = Wwn.parse(s);
            } catch (InvalidWwnException e) {
                throw new BenchDefinitionException(source, path, e.getMessage(), e);
            }
            if (w.length() != 8) {
                throw new BenchDefinitionException(source, path, "FC names are 8 bytes; " + s + " is an NAA 6 (16-byte) name");
            }
            return w;
        }

        Duration duration(String key) {
            String s = text(key);
            Matcher m = DURATION.matcher(s);
            if (!m.matches()) {
                throw error(key, "'" + s + "' is not a duration: write a whole number and a unit (ns, us, ms, s), e.g. 2s");
            }
            long v = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(v);
                case "us", "µs" -> Duration.ofNanos(v * 1_000);
                case "ms" -> Duration.ofMillis(v);
                default -> Duration.ofSeconds(v);
            };
        }

        Endpoint endpoint(String key) {
            String s = text(key);
            try {
                return Endpoint.parse(s);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        private static String describe(Object v) {
            if (v instanceof Map) {
                return "a mapping";
            }
            if (v instanceof List) {
                return "a list";
            }
            return "'" + v + "'";
        }
    }
}
