package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.bench.FabricSpec.NpivPolicy;
import dev.fcspec.emulator.bench.FabricSpec.Timeouts;
import dev.fcspec.emulator.bench.FabricSpec.ZoneSpec;
import dev.fcspec.emulator.bench.FabricSpec.ZoningSpec;
import dev.fcspec.emulator.fabric.DuplicateWwpnPolicy;
import dev.fcspec.emulator.fabric.FabricConfig;
import dev.fcspec.emulator.iscsi.ChapSecret;
import dev.fcspec.emulator.iscsi.PortalLimits;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts one bench document into a {@link BenchSpec} and checks it: the known keys of each section, the form
 * of each value, and the cross-checks that make the topology hold together (unique names and WWPNs, links
 * that join existing ports, one link per port). Every failure names the file and the path in it.
 */
final class BenchSpecReader {
    private final String source;

    BenchSpecReader(String source) {
        this.source = source;
    }

    BenchSpec bench(BenchNode doc, String defaultName) {
        doc.allowKeys("name", "description", "fabrics", "hosts", "storage", "links", "clusters", "mirrors",
                "capabilities", "interconnects", "adapters");
        String name = doc.optText("name", defaultName);
        String description = doc.optText("description", "");
        List<FabricSpec> fabrics = new ArrayList<>();
        for (BenchNode f : doc.optList("fabrics")) {
            fabrics.add(fabric(f));
        }
        List<HostSpec> hosts = new ArrayList<>();
        for (BenchNode h : doc.optList("hosts")) {
            hosts.add(host(h));
        }
        List<StorageSpec> storage = new ArrayList<>();
        for (BenchNode s : doc.optList("storage")) {
            storage.add(array(s));
        }
        List<LinkSpec> links = new ArrayList<>();
        for (BenchNode l : doc.optList("links")) {
            links.add(link(l));
        }
        List<ClusterSpec> clusters = new ArrayList<>();
        for (BenchNode c : doc.optList("clusters")) {
            clusters.add(cluster(c, storage));
        }
        List<MirrorSpec> mirrors = new ArrayList<>();
        for (BenchNode m : doc.optList("mirrors")) {
            mirrors.add(mirror(m, storage, clusters));
        }
        Set<Capability> capabilities = doc.has("capabilities") ? capabilities(doc) : Capability.all();
        List<InterconnectSpec> interconnects = new ArrayList<>();
        for (BenchNode i : doc.optList("interconnects")) {
            interconnects.add(interconnect(i, interconnects));
        }
        List<AdapterSpec> adapters = new ArrayList<>();
        for (BenchNode a : doc.optList("adapters")) {
            adapters.add(adapter(a, adapters));
        }
        BenchSpec spec = new BenchSpec(name, description, fabrics, hosts, storage, links, clusters, mirrors,
                capabilities, interconnects, adapters);
        check(spec, doc);
        return spec;
    }

    /** One entry of {@code interconnects:}: a cluster pair's direct link, its two nodes and their FC_IDs. */
    InterconnectSpec interconnect(BenchNode n, List<InterconnectSpec> before) {
        n.allowKeys("name", "nodes");
        String name = n.name("name");
        if (before.stream().anyMatch(i -> i.name().equals(name))) {
            throw n.error("name", "interconnect " + name + " is described twice");
        }
        List<InterconnectSpec.Node> nodes = new ArrayList<>();
        for (BenchNode m : n.list("nodes")) {
            m.allowKeys("name", "node_name", "fc_id");
            nodes.add(new InterconnectSpec.Node(m.name("name"), m.wwn("node_name"), m.fcId("fc_id")));
        }
        if (nodes.size() != 2 || nodes.get(0).name().equals(nodes.get(1).name())
                || nodes.get(0).fcId().equals(nodes.get(1).fcId())) {
            throw n.error("nodes", "interconnect " + name + " joins two nodes with different names and FC_IDs, has "
                    + nodes);
        }
        return new InterconnectSpec(name, nodes);
    }

    /** One entry of {@code adapters:}: a host bus adapter with its I/O processor, on a named FC link. */
    AdapterSpec adapter(BenchNode n, List<AdapterSpec> before) {
        n.allowKeys("number", "node", "node_name", "fc_id", "link");
        AdapterSpec a = new AdapterSpec(n.integer("number", 1, 0xFFFF), n.integer("node", 1, 0xFFFF),
                n.wwn("node_name"), n.fcId("fc_id"), n.name("link"));
        for (AdapterSpec b : before) {
            if (b.number() == a.number()) {
                throw n.error("number", "adapter " + a.number() + " is described twice");
            }
            if (b.link().equals(a.link()) && (b.fcId().equals(a.fcId()) || b.node() == a.node())) {
                throw n.error("fc_id", "adapter " + a.number() + " and adapter " + b.number() + " share link "
                        + a.link() + " with the same FC_ID or network node");
            }
        }
        if (before.stream().filter(b -> b.link().equals(a.link())).count() >= 2) {
            throw n.error("link", "link " + a.link() + " already has two adapters on it");
        }
        return a;
    }

    /** {@code capabilities:}, the names of what the bench can observe and do ({@link Capability}). */
    Set<Capability> capabilities(BenchNode doc) {
        Set<Capability> out = EnumSet.noneOf(Capability.class);
        for (BenchNode c : doc.list("capabilities")) {
            Capability capability;
            try {
                capability = Capability.byLabel(c.asText());
            } catch (IllegalArgumentException e) {
                throw c.error("", e.getMessage());
            }
            if (!out.add(capability)) {
                throw c.error("", "capability '" + capability + "' is listed twice");
            }
        }
        return out;
    }

    FabricSpec fabric(BenchNode n) {
        n.allowKeys("name", "switch", "npiv", "duplicate_wwpn", "timeouts", "zoning");
        String name = n.name("name");
        BenchNode sw = n.map("switch");
        sw.allowKeys("name", "domain_id", "wwn", "fabric_name", "ports");
        String swName = sw.name("name");
        int domain = sw.integer("domain_id", FabricConfig.MIN_DOMAIN_ID, FabricConfig.MAX_DOMAIN_ID);
        Wwn swWwn = sw.wwn("wwn");
        Wwn fabricName = sw.has("fabric_name") ? sw.wwn("fabric_name") : swWwn;
        int ports = sw.has("ports") ? sw.integer("ports", 1, 256) : 16;

        NpivPolicy npiv = new NpivPolicy(true, 255);
        if (n.has("npiv")) {
            BenchNode np = n.map("npiv");
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
            BenchNode t = n.map("timeouts");
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
            BenchNode z = n.map("zoning");
            z.allowKeys("default_zone", "zones");
            String dz = z.optText("default_zone", "all");
            boolean all = switch (dz) {
                case "all" -> true;
                case "none" -> false;
                default -> throw z.error("default_zone", "must be 'all' (ports in no zone see each other) or 'none', not '" + dz + "'");
            };
            List<ZoneSpec> zones = new ArrayList<>();
            Set<String> zoneNames = new HashSet<>();
            for (BenchNode zn : z.optList("zones")) {
                zn.allowKeys("name", "members");
                String zname = zn.name("name");
                if (!zoneNames.add(zname)) {
                    throw zn.error("name", "zone '" + zname + "' is defined twice");
                }
                List<Wwn> members = new ArrayList<>();
                for (BenchNode m : zn.list("members")) {
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

    /** An FCP burst length in bytes (0: none), at most {@link BenchLoader#MAX_BURST}. */
    static int burst(BenchNode n, String key) {
        return n.has(key) ? n.integer(key, 0, BenchLoader.MAX_BURST) : 0;
    }

    HostSpec host(BenchNode n) {
        n.allowKeys("name", "hbas");
        String name = n.name("name");
        List<HbaSpec> hbas = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (BenchNode h : n.list("hbas")) {
            h.allowKeys("name", "wwnn", "wwpn", "max_npiv_vports", "first_burst", "discovery");
            String hn = h.name("name");
            if (!names.add(hn)) {
                throw h.error("name", "host " + name + " has two HBA ports named " + hn);
            }
            int max = h.has("max_npiv_vports") ? h.integer("max_npiv_vports", 0, 65535) : BenchLoader.DEFAULT_MAX_NPIV_VPORTS;
            hbas.add(new HbaSpec(hn, h.wwn("wwnn"), h.wwn("wwpn"), max, burst(h, "first_burst"),
                    h.bool("discovery", false)));
        }
        return new HostSpec(name, hbas);
    }

    StorageSpec array(BenchNode n) {
        n.allowKeys("name", "ports", "luns", "iscsi");
        String name = n.name("name");
        List<StoragePortSpec> ports = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (BenchNode p : n.optList("ports")) {
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
        for (BenchNode l : n.optList("luns")) {
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
            BenchNode i = n.map("iscsi");
            i.allowKeys("portal", "target", "portal_group_tag", "nop_in", "chap", "mutual_chap", "initiators", "limits");
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
                BenchNode ping = i.map("nop_in");
                ping.allowKeys("interval", "timeout");
                Duration interval = ping.duration("interval");
                Duration timeout = ping.duration("timeout");
                if (interval.isZero() || timeout.isZero()) {
                    throw ping.error(interval.isZero() ? "interval" : "timeout", "must be longer than 0");
                }
                nopIn = java.util.Optional.of(new IscsiPortalSpec.NopIn(interval, timeout));
            }
            java.util.Optional<ChapSecret> chap = i.has("chap") ? java.util.Optional.of(chap(i.map("chap")))
                    : java.util.Optional.empty();
            java.util.Optional<ChapSecret> mutual = java.util.Optional.empty();
            if (i.has("mutual_chap")) {
                if (chap.isEmpty()) {
                    throw i.error("mutual_chap", "needs chap: the initiator authenticates first, then the target");
                }
                mutual = java.util.Optional.of(chap(i.map("mutual_chap")));
                if (mutual.get().secret().equals(chap.get().secret())) {
                    throw i.error("mutual_chap", "must not use the chap secret (RFC 7143 section 12.1.3)");
                }
            }
            java.util.Map<String, List<Long>> initiators = new java.util.LinkedHashMap<>();
            if (i.has("initiators")) {
                BenchNode all = i.map("initiators");
                java.util.Set<Long> lunIds = new java.util.TreeSet<>();
                luns.forEach(l -> lunIds.add(l.id()));
                for (Object key : all.asMap().keySet()) {
                    String iqn = String.valueOf(key);
                    if (!dev.fcspec.emulator.iscsi.IscsiNames.valid(iqn)) {
                        throw all.error(iqn, "'" + iqn + "' is not an iSCSI name");
                    }
                    BenchNode entry = all.map(iqn);
                    entry.allowKeys("luns");
                    List<Long> visible = new ArrayList<>();
                    for (BenchNode l : entry.list("luns")) {
                        String v = String.valueOf(l.value).trim();
                        long id = v.matches("\\d{1,5}") ? Long.parseLong(v) : -1;
                        if (!lunIds.contains(id)) {
                            throw entry.error("luns", "'" + v + "' is not a LUN of this array (" + lunIds + ")");
                        }
                        visible.add(id);
                    }
                    initiators.put(iqn, visible);
                }
                if (initiators.isEmpty()) {
                    throw i.error("initiators", "lists no initiator: leave it out to let every initiator in");
                }
            }
            PortalLimits limits = i.has("limits") ? limits(i.map("limits")) : PortalLimits.DEFAULTS;
            iscsi = java.util.Optional.of(new IscsiPortalSpec(host, port, target, tpgt, nopIn, chap, mutual,
                    initiators, limits));
        }
        return new StorageSpec(name, ports, luns, iscsi);
    }

    private static ChapSecret chap(BenchNode c) {
        c.allowKeys("user", "secret");
        String user = c.text("user");
        String secret = c.text("secret");
        if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 12
                || secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw c.error("secret", "must be 12 to 255 bytes long (RFC 7143 section 12.1.3 asks for at least 96 bits)");
        }
        return new ChapSecret(user, secret);
    }

    /** The {@code limits} of an iSCSI portal: each key optional, the rest from {@link PortalLimits#DEFAULTS}. */
    private static PortalLimits limits(BenchNode l) {
        l.allowKeys("max_connections", "max_connections_per_initiator", "max_commands_per_session",
                "max_buffered_bytes_per_session", "max_buffered_bytes", "login_timeout", "idle_timeout");
        PortalLimits d = PortalLimits.DEFAULTS;
        int connections = l.has("max_connections") ? l.integer("max_connections", 1, 1 << 20) : d.maxConnections();
        int perInitiator = l.has("max_connections_per_initiator")
                ? l.integer("max_connections_per_initiator", 1, 1 << 20) : d.maxConnectionsPerInitiator();
        int commands = l.has("max_commands_per_session")
                ? l.integer("max_commands_per_session", 1, 1 << 20) : d.maxCommandsPerSession();
        long perSession = l.has("max_buffered_bytes_per_session") ? l.size("max_buffered_bytes_per_session")
                : d.maxBufferedBytesPerSession();
        long portal = l.has("max_buffered_bytes") ? l.size("max_buffered_bytes")
                : Math.max(d.maxBufferedBytes(), perSession);
        if (perSession < 65536) {
            throw l.error("max_buffered_bytes_per_session", "must be at least 64KiB");
        }
        if (portal < perSession) {
            throw l.error("max_buffered_bytes", "must be at least max_buffered_bytes_per_session (" + perSession + ")");
        }
        Duration login = l.has("login_timeout") ? l.duration("login_timeout") : d.loginTimeout();
        Duration idle = l.has("idle_timeout") ? l.duration("idle_timeout") : d.idleTimeout();
        if (!idle.isZero() && idle.toMillis() < 1000) {
            throw l.error("idle_timeout", "is counted in whole seconds: at least 1s, or 0s for none");
        }
        return new PortalLimits(connections, perInitiator, commands, perSession, portal, login, idle);
    }

    ClusterSpec cluster(BenchNode n, List<StorageSpec> storage) {
        n.allowKeys("name", "nodes", "interconnect_latency", "proxy_ports", "interconnect_ports");
        String name = n.name("name");
        List<String> nodes = new ArrayList<>();
        for (BenchNode m : n.list("nodes")) {
            String s = m.asText();
            if (storage.stream().noneMatch(a -> a.name().equals(s))) {
                throw n.error("nodes", "cluster " + name + " names node '" + s + "', which is not a storage entry");
            }
            nodes.add(s);
        }
        if (nodes.size() < 2 || new java.util.HashSet<>(nodes).size() != nodes.size()) {
            throw n.error("nodes", "cluster " + name + " needs two or more different nodes, has " + nodes);
        }
        Duration latency = n.has("interconnect_latency") ? n.duration("interconnect_latency") : BenchLoader.DEFAULT_LATENCY;
        List<Endpoint> proxy = new ArrayList<>();
        for (BenchNode m : n.optList("proxy_ports")) {
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
        for (BenchNode m : n.optList("interconnect_ports")) {
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

    MirrorSpec mirror(BenchNode n, List<StorageSpec> storage, List<ClusterSpec> clusters) {
        n.allowKeys("name", "servers", "lun", "region_blocks");
        String name = n.name("name");
        long lun = n.integer("lun", 0, 16383);
        int region = n.has("region_blocks") ? n.integer("region_blocks", 1, 1 << 20) : 64;
        List<String> servers = new ArrayList<>();
        LunSpec first = null;
        for (BenchNode m : n.list("servers")) {
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

    LinkSpec link(BenchNode n) {
        n.allowKeys("a", "b", "latency");
        Endpoint a = n.endpoint("a");
        Endpoint b = n.endpoint("b");
        Duration latency = n.has("latency") ? n.duration("latency") : BenchLoader.DEFAULT_LATENCY;
        return new LinkSpec(a, b, latency);
    }

    /** Cross-checks: unique names and WWPNs, links that join existing ports, one link per port. */
    void check(BenchSpec spec, BenchNode doc) {
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
