package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A bench's capabilities")
class BenchCapabilitiesTest {

    private static final String ONE_HOST = """
            fabrics:
              - name: A
                switch: {name: sw1, domain_id: 0x0a, wwn: 10:00:00:05:33:00:00:01}
            hosts:
              - name: h1
                hbas:
                  - {name: host1, wwnn: 20:00:00:00:c9:00:00:01, wwpn: 10:00:00:00:c9:00:00:01}
            links:
              - {a: h1.host1, b: sw1.0}
            """;

    @Test
    @DisplayName("are all of them when the bench file does not list any, as on the in-process bench")
    void allByDefault() {
        BenchSpec b = BenchLoader.parse(ONE_HOST, "t");

        assertThat(b.capabilities()).containsExactlyInAnyOrder(Capability.values());
        assertThat(b.has(Capability.OBSERVE_NODE_EVENTS)).isTrue();
        assertThat(BenchLoader.load(Path.of("../fixtures/benches/embedded.yaml")).capabilities())
                .isEqualTo(Capability.all());
    }

    @Test
    @DisplayName("are exactly those the file lists, by name, and none for an empty list")
    void listedByName() {
        BenchSpec some = BenchLoader.parse(ONE_HOST + "capabilities: [inspect node devices]\n", "t");
        BenchSpec none = BenchLoader.parse(ONE_HOST + "capabilities: []\n", "t");

        assertThat(some.capabilities()).containsExactly(Capability.INSPECT_NODE_DEVICES);
        assertThat(some.has(Capability.OBSERVE_NODE_EVENTS)).isFalse();
        assertThat(none.capabilities()).isEmpty();
    }

    @Test
    @DisplayName("survive changing a fabric of the bench before it is built")
    void keptByWithFabric() {
        BenchSpec some = BenchLoader.parse(ONE_HOST + "capabilities: [observe node events]\n", "t");

        BenchSpec changed = some.withFabric(some.fabric("A").orElseThrow());

        assertThat(changed.capabilities()).containsExactly(Capability.OBSERVE_NODE_EVENTS);
        assertThat(some.withCapabilities(Set.of()).capabilities()).isEmpty();
    }

    @Test
    @DisplayName("refuse an unknown name, naming the known ones, and a name listed twice")
    void refusesUnknownAndRepeatedNames() {
        assertThatThrownBy(() -> BenchLoader.parse(ONE_HOST + "capabilities: [observe node events, see everything]\n", "t"))
                .isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("capabilities[1]")
                .hasMessageContaining("no capability 'see everything'")
                .hasMessageContaining("observe node events, inspect node devices");
        assertThatThrownBy(() -> BenchLoader.parse(ONE_HOST + "capabilities: [observe node events, Observe Node Events]\n", "t"))
                .isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("capabilities[1]")
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> BenchLoader.parse(ONE_HOST + "capabilities: observe node events\n", "t"))
                .isInstanceOf(BenchDefinitionException.class)
                .hasMessageContaining("expected a list");
    }

    @Test
    @DisplayName("have the names bench files, skip reasons and reports use")
    void names() {
        assertThat(Capability.byLabel("observe node events")).isEqualTo(Capability.OBSERVE_NODE_EVENTS);
        assertThat(Capability.INSPECT_NODE_DEVICES).hasToString("inspect node devices");
        assertThat(Capability.labels(Set.of(Capability.INSPECT_NODE_DEVICES, Capability.OBSERVE_NODE_EVENTS)))
                .isEqualTo("observe node events, inspect node devices");
    }
}
