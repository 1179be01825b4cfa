package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.wire.Wwn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A bench file")
class BenchLoaderTest {

    private static final String MINIMAL = """
            fabrics:
              - name: A
                switch: {name: sw1, domain_id: 0x0a, wwn: 10:00:00:05:33:00:00:01}
            hosts:
              - name: h1
                hbas:
                  - {name: host1, wwnn: 20:00:00:00:c9:00:00:01, wwpn: 10:00:00:00:c9:00:00:01}
            storage:
              - name: array1
                ports:
                  - {name: 0a, wwnn: 50:0a:09:80:00:00:00:01, wwpn: 50:0a:09:81:00:00:00:01}
            links:
              - {a: h1.host1, b: sw1.0}
              - {a: array1.0a, b: sw1.1, latency: 5us}
            """;

    @Test
    void theDefaultEmbeddedBenchHasASwitchTwoHostsOnItAndAStoragePort() {
        BenchSpec b = BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml"));

        assertThat(b.name()).isEqualTo("embedded");
        FabricSpec a = b.fabric("A").orElseThrow();
        assertThat(a.domainId()).isEqualTo(1);
        assertThat(a.npiv().supported()).isTrue();
        assertThat(a.npiv().maxVportsPerPort()).isGreaterThanOrEqualTo(64);
        long hostsOnA = b.links().stream()
                .filter(l -> l.b().node().equals(a.switchName()) && b.host(l.a().node()).isPresent()).count();
        assertThat(hostsOnA).isGreaterThanOrEqualTo(2);
        assertThat(b.linkAt(new Endpoint("array1", "0a")).orElseThrow().b().node()).isEqualTo("sw1");
        assertThat(b.fabric("B").orElseThrow().npiv().supported()).isFalse();
    }

    @Test
    void readsWwnsWithoutQuotesAsNamesNotBase60Numbers() {
        BenchSpec b = BenchLoader.parse(MINIMAL.replace("20:00:00:00:c9:00:00:01", "20:00:00:00:25:00:00:01"), "t");

        assertThat(b.host("h1").orElseThrow().hbas().get(0).wwnn()).isEqualTo(Wwn.parse("20:00:00:00:25:00:00:01"));
    }

    @Test
    void readsHexDomainIdsDurationsAndDefaults() {
        BenchSpec b = BenchLoader.parse(MINIMAL, "t");

        FabricSpec a = b.fabrics().get(0);
        assertThat(a.domainId()).isEqualTo(10);
        assertThat(a.fabricName()).isEqualTo(a.switchWwn());
        assertThat(a.ports()).isEqualTo(16);
        assertThat(a.zoning().defaultZoneAll()).isTrue();
        assertThat(a.timeouts()).isEqualTo(FabricSpec.Timeouts.DEFAULT);
        assertThat(b.links().get(0).latency()).isEqualTo(BenchLoader.DEFAULT_LATENCY);
        assertThat(b.links().get(1).latency()).isEqualTo(Duration.ofNanos(5_000));
        assertThat(b.host("h1").orElseThrow().hbas().get(0).maxNpivVports()).isEqualTo(255);
    }

    @Test
    void readsFirstAndMaximumBurstsOfPortsWithNoneByDefault() {
        BenchSpec plain = BenchLoader.parse(MINIMAL, "t");
        BenchSpec tuned = BenchLoader.parse(MINIMAL
                .replace("wwpn: 10:00:00:00:c9:00:00:01}", "wwpn: 10:00:00:00:c9:00:00:01, first_burst: 8192}")
                .replace("wwpn: 50:0a:09:81:00:00:00:01}",
                        "wwpn: 50:0a:09:81:00:00:00:01, first_burst: 4096, max_burst: 65536}"), "t");

        assertThat(plain.host("h1").orElseThrow().hbas().get(0).firstBurst()).isZero();
        assertThat(plain.array("array1").orElseThrow().ports().get(0).maxBurst()).isZero();
        assertThat(tuned.host("h1").orElseThrow().hbas().get(0).firstBurst()).isEqualTo(8192);
        StoragePortSpec port = tuned.array("array1").orElseThrow().ports().get(0);
        assertThat(port.firstBurst()).isEqualTo(4096);
        assertThat(port.maxBurst()).isEqualTo(65536);
        assertThat(tuned.nodePorts()).extracting(BenchSpec.NodePortSpec::firstBurst).containsExactly(8192, 4096);
    }

    @Test
    void readsTargetDiscoveryOfHostPortsOffByDefault() {
        BenchSpec plain = BenchLoader.parse(MINIMAL, "t");
        BenchSpec discovering = BenchLoader.parse(MINIMAL.replace("wwpn: 10:00:00:00:c9:00:00:01}",
                "wwpn: 10:00:00:00:c9:00:00:01, discovery: true}"), "t");

        assertThat(plain.host("h1").orElseThrow().hbas().get(0).discovery()).isFalse();
        assertThat(discovering.host("h1").orElseThrow().hbas().get(0).discovery()).isTrue();
        assertThat(discovering.nodePorts()).extracting(BenchSpec.NodePortSpec::discovery).containsExactly(true, false);
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL.replace("wwpn: 10:00:00:00:c9:00:00:01}",
                "wwpn: 10:00:00:00:c9:00:00:01, discovery: sometimes}"), "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("discovery");
    }

    @Test
    void refusesANegativeOrHugeBurst() {
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL.replace("wwpn: 50:0a:09:81:00:00:00:01}",
                "wwpn: 50:0a:09:81:00:00:00:01, max_burst: -1}"), "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("max_burst");
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL.replace("wwpn: 10:00:00:00:c9:00:00:01}",
                "wwpn: 10:00:00:00:c9:00:00:01, first_burst: 0x2000000}"), "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("first_burst");
    }

    @Test
    void readsZones() {
        BenchSpec b = BenchLoader.parse(MINIMAL.replace("switch: {", """
                zoning:
                      default_zone: none
                      zones:
                        - {name: z1, members: [10:00:00:00:c9:00:00:01, 50:0a:09:81:00:00:00:01]}
                    switch: {"""), "t");

        FabricSpec.ZoningSpec z = b.fabrics().get(0).zoning();
        assertThat(z.defaultZoneAll()).isFalse();
        assertThat(z.zones()).singleElement().satisfies(zone -> {
            assertThat(zone.name()).isEqualTo("z1");
            assertThat(zone.members()).containsExactly(Wwn.parse("10:00:00:00:c9:00:00:01"),
                    Wwn.parse("50:0a:09:81:00:00:00:01"));
        });
    }

    @Test
    void aNameResolvesToTheClasspathElseToAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, MINIMAL);

        assertThat(BenchLoader.load(f.toString()).name()).isEqualTo("mine");
        assertThatThrownBy(() -> BenchLoader.load("no-such-bench"))
                .isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("fixtures/benches/no-such-bench.yaml");
    }

    private static final String INTERCONNECTS = """
            interconnects:
              - name: ic1
                nodes:
                  - {name: A, node_name: "50:0a:09:80:00:00:00:0a", fc_id: "0a.00.01"}
                  - {name: B, node_name: "50:0a:09:80:00:00:00:0b", fc_id: "0b.00.01"}
            adapters:
              - {number: 1, node: 1, node_name: "20:00:00:00:0a:00:00:01", fc_id: "0c.00.01", link: al1}
              - {number: 2, node: 2, node_name: "20:00:00:00:0a:00:00:02", fc_id: "0d.00.01", link: al1}
            """;

    @Test
    void readsClusterInterconnectsAndIoProcessorAdapters() {
        BenchSpec b = BenchLoader.parse(MINIMAL + INTERCONNECTS, "t");

        InterconnectSpec ic = b.interconnect("ic1").orElseThrow();
        assertThat(ic.nodes()).extracting(InterconnectSpec.Node::name).containsExactly("A", "B");
        assertThat(ic.node("B").orElseThrow().nodeName()).isEqualTo(Wwn.parse("50:0a:09:80:00:00:00:0b"));
        assertThat(ic.node("A").orElseThrow().fcId()).isEqualTo(dev.fcspec.emulator.wire.FcId.parse("0a.00.01"));
        AdapterSpec two = b.adapter(2).orElseThrow();
        assertThat(two.node()).isEqualTo(2);
        assertThat(two.fcId()).isEqualTo(dev.fcspec.emulator.wire.FcId.parse("0d.00.01"));
        assertThat(two.link()).isEqualTo("al1");
        assertThat(b.withCapabilities(java.util.Set.of()).interconnects()).hasSize(1);
    }

    @Test
    void theDefaultEmbeddedBenchDescribesTheInterconnectAndAdaptersOfTheSpecifications() {
        BenchSpec b = BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml"));

        assertThat(b.interconnects()).hasSize(1);
        assertThat(b.adapters()).extracting(AdapterSpec::link).containsExactly("al1", "al1");
    }

    @Test
    void rejectsAnInterconnectWithOneNodeOrTwoNodesAtOneFcId() {
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL + INTERCONNECTS.replace(
                "      - {name: B, node_name: \"50:0a:09:80:00:00:00:0b\", fc_id: \"0b.00.01\"}\n", ""), "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("interconnects[0].nodes")
                .hasMessageContaining("two nodes");
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL + INTERCONNECTS.replace("\"0b.00.01\"", "\"0a.00.01\""),
                "t")).isInstanceOf(BenchDefinitionException.class).hasMessageContaining("different names and FC_IDs");
    }

    @Test
    void rejectsAMalformedFcIdAndAThirdAdapterOnALink() {
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL + INTERCONNECTS.replace("\"0c.00.01\"", "\"0c.00\""), "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("adapters[0].fc_id")
                .hasMessageContaining("three bytes");
        assertThatThrownBy(() -> BenchLoader.parse(MINIMAL + INTERCONNECTS
                + "  - {number: 3, node: 3, node_name: \"20:00:00:00:0a:00:00:03\", fc_id: \"0e.00.01\", link: al1}\n",
                "t")).isInstanceOf(BenchDefinitionException.class).hasMessageContaining("already has two adapters");
    }

    @Test
    void rejectsAnUnknownKeyNamingWhereItIs() {
        assertRejected(MINIMAL.replace("{name: host1,", "{name: host1, wwwpn: 10:00:00:00:c9:00:00:09,"),
                "hosts[0].hbas[0].wwwpn", "unknown key");
    }

    @Test
    void rejectsAMissingWwpn() {
        assertRejected(MINIMAL.replace(", wwpn: 10:00:00:00:c9:00:00:01}", "}"), "hosts[0].hbas[0].wwpn", "is missing");
    }

    @Test
    void rejectsAMalformedWwnWithTheReason() {
        assertRejected(MINIMAL.replace("wwpn: 10:00:00:00:c9:00:00:01", "wwpn: 10:00:00:00:c9:00:01"),
                "hosts[0].hbas[0].wwpn", "bytes");
        assertRejected(MINIMAL.replace("wwpn: 10:00:00:00:c9:00:00:01", "wwpn: 10:00:00:00:c9:00:00:zz"),
                "hosts[0].hbas[0].wwpn", "hex");
    }

    @Test
    void rejectsADomainIdOutsideTheAssignableRange() {
        assertRejected(MINIMAL.replace("domain_id: 0x0a", "domain_id: 240"), "fabrics[0].switch.domain_id", "1..239");
        assertRejected(MINIMAL.replace("domain_id: 0x0a", "domain_id: 0"), "fabrics[0].switch.domain_id", "1..239");
        assertRejected(MINIMAL.replace("domain_id: 0x0a", "domain_id: ten"), "fabrics[0].switch.domain_id", "not a whole number");
    }

    @Test
    void rejectsTwoPortsWithOneWwpn() {
        assertRejected(MINIMAL.replace("wwpn: 50:0a:09:81:00:00:00:01", "wwpn: 10:00:00:00:c9:00:00:01"),
                "storage[0].ports[0].wwpn", "already the WWPN of h1.host1");
    }

    @Test
    void rejectsALinkToAPortThatDoesNotExist() {
        assertRejected(MINIMAL.replace("a: h1.host1", "a: h1.host9"), "links[0].a", "no HBA port 'host9'");
        assertRejected(MINIMAL.replace("b: sw1.1,", "b: sw1.16,"), "links[1].b", "ports 0..15");
        assertRejected(MINIMAL.replace("a: h1.host1", "a: h9.host1"), "links[0].a", "'h9'");
        assertRejected(MINIMAL.replace("a: h1.host1", "a: h1"), "links[0].a", "node.port");
    }

    @Test
    void rejectsAPortCabledTwice() {
        assertRejected(MINIMAL.replace("b: sw1.1,", "b: sw1.0,"), "links[1]", "already cabled");
    }

    @Test
    void readsTheDuplicateWwpnPolicyAndRejectsAnUnknownOne() {
        String yaml = MINIMAL.replace("switch: {", "duplicate_wwpn: logout_existing\n    switch: {");
        assertThat(BenchLoader.parse(yaml, "t").fabrics().get(0).duplicateWwpn())
                .isEqualTo(dev.fcspec.emulator.fabric.DuplicateWwpnPolicy.LOGOUT_EXISTING);
        assertThat(BenchLoader.parse(MINIMAL, "t").fabrics().get(0).duplicateWwpn())
                .isEqualTo(dev.fcspec.emulator.fabric.DuplicateWwpnPolicy.REJECT_NEW);
        assertRejected(yaml.replace("logout_existing", "whatever"), "fabrics[0].duplicate_wwpn", "reject_new");
    }

    @Test
    void rejectsABadDuration() {
        assertRejected(MINIMAL.replace("latency: 5us", "latency: 5 parsecs"), "links[1].latency", "not a duration");
    }

    @Test
    void rejectsDuplicateKeysAndBrokenYaml() {
        assertThatThrownBy(() -> BenchLoader.parse("fabrics: []\nfabrics: []\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> BenchLoader.parse("hosts: [\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> BenchLoader.parse("", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("empty");
    }

    @Test
    void rejectsAListWhereAMappingBelongs() {
        assertRejected(MINIMAL.replace("switch: {name: sw1, domain_id: 0x0a, wwn: 10:00:00:05:33:00:00:01}",
                "switch: [sw1]"), "fabrics[0].switch", "expected a mapping");
    }

    private static void assertRejected(String yaml, String path, String reason) {
        assertThatThrownBy(() -> BenchLoader.parse(yaml, "t"))
                .isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((BenchDefinitionException) e).path()).isEqualTo(path));
    }

    private static final String THREE_NODES = MINIMAL.replace("links:", """
              - name: n1
                ports:
                  - {name: 0a, wwnn: 50:0a:09:80:00:00:c3:01, wwpn: 50:0a:09:81:00:00:c3:1a}
                  - {name: ic, wwnn: 50:0a:09:80:00:00:c3:01, wwpn: 50:0a:09:81:00:00:c3:1e}
              - name: n2
                ports:
                  - {name: 0a, wwnn: 50:0a:09:80:00:00:c3:02, wwpn: 50:0a:09:81:00:00:c3:2a}
                  - {name: ic, wwnn: 50:0a:09:80:00:00:c3:02, wwpn: 50:0a:09:81:00:00:c3:2e}
              - name: n3
                ports:
                  - {name: 0a, wwnn: 50:0a:09:80:00:00:c3:03, wwpn: 50:0a:09:81:00:00:c3:3a}
                  - {name: ic, wwnn: 50:0a:09:80:00:00:c3:03, wwpn: 50:0a:09:81:00:00:c3:3e}
            clusters:
              - name: c3
                nodes: [n1, n2, n3]
                proxy_ports: [n1.0a, n2.0a, n3.0a]
                interconnect_ports: [n1.ic, n2.ic, n3.ic]
            links:""");

    @Test
    void readsAThreeNodeClusterWhoseInterconnectRunsThroughAFabric() {
        ClusterSpec c = BenchLoader.parse(THREE_NODES, "t").clusters().get(0);
        assertThat(c.nodes()).containsExactly("n1", "n2", "n3");
        assertThat(c.throughFabric()).isTrue();
        assertThat(c.interconnectPorts()).containsExactly(new Endpoint("n1", "ic"), new Endpoint("n2", "ic"),
                new Endpoint("n3", "ic"));
        ClusterSpec direct = BenchLoader.parse(THREE_NODES.replace("    interconnect_ports: [n1.ic, n2.ic, n3.ic]\n",
                ""), "t").clusters().get(0);
        assertThat(direct.throughFabric()).isFalse();
    }

    @Test
    void rejectsInterconnectPortsThatAreNotOnePerNodeOfTheCluster() {
        assertThatThrownBy(() -> BenchLoader.parse(THREE_NODES.replace("[n1.ic, n2.ic, n3.ic]", "[n1.ic, n2.ic]"),
                "t")).isInstanceOf(BenchDefinitionException.class).hasMessageContaining("every node needs one");
        assertThatThrownBy(() -> BenchLoader.parse(THREE_NODES.replace("[n1.ic, n2.ic, n3.ic]",
                "[n1.ic, n1.0a, n3.ic]"), "t")).isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("more than one interconnect port");
        assertThatThrownBy(() -> BenchLoader.parse(THREE_NODES.replace("[n1.ic, n2.ic, n3.ic]",
                "[n1.ic, n2.ic, array1.0a]"), "t")).isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("array1.0a is not a port of a node of cluster c3");
        assertThatThrownBy(() -> BenchLoader.parse(THREE_NODES.replace("[n1.ic, n2.ic, n3.ic]",
                "[n1.0a, n2.ic, n3.ic]"), "t")).isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("is a proxy port");
        assertThatThrownBy(() -> BenchLoader.parse(THREE_NODES.replace("nodes: [n1, n2, n3]", "nodes: [n1, n1, n3]"),
                "t")).isInstanceOf(BenchDefinitionException.class).hasMessageContaining("two or more different nodes");
    }
}
