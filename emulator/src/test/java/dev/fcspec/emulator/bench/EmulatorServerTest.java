package dev.fcspec.emulator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorServerTest {

    @Test
    void theConformanceBenchHasOneApplianceWithTwoLunsOnALoopbackPortal() {
        BenchSpec b = BenchLoader.load(Path.of("../fixtures/benches/conformance.yaml"));
        StorageSpec a = b.array("appliance1").orElseThrow();
        assertThat(a.luns()).containsExactly(new LunSpec(0, 16L << 20, 4096, Optional.empty()),
                new LunSpec(1, 64L << 20, 512, Optional.empty(), true));
        assertThat(a.iscsi()).contains(new IscsiPortalSpec("127.0.0.1", 0, "iqn.2024-01.dev.fcspec:appliance1", 1));
    }

    @Test
    void badIscsiSectionsAreRejectedWithThePathOfTheValue() {
        String head = "name: x\nstorage:\n  - name: a\n";
        assertThatThrownBy(() -> BenchLoader.parse(head + "    luns: [{id: 0, size: 1MiB}]\n"
                + "    iscsi: {portal: 127.0.0.1:3260, target: not-a-name}\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("storage[0].iscsi.target");
        assertThatThrownBy(() -> BenchLoader.parse(head + "    luns: [{id: 0, size: 1000, block_size: 512}]\n", "t"))
                .hasMessageContaining("storage[0].luns[0].size").hasMessageContaining("whole number of 512-byte blocks");
        assertThatThrownBy(() -> BenchLoader.parse(head + "    luns: [{id: 0, size: 1MiB}, {id: 0, size: 1MiB}]\n", "t"))
                .hasMessageContaining("LUN 0 twice");
        assertThatThrownBy(() -> BenchLoader.parse(head + "    iscsi: {portal: 127.0.0.1:3260, target: iqn.2024-01.x:y}\n", "t"))
                .hasMessageContaining("needs at least one LUN");
        assertThatThrownBy(() -> BenchLoader.parse(head + "    luns: [{id: 0, size: 12 parsecs}]\n", "t"))
                .hasMessageContaining("not a size");
        assertThatThrownBy(() -> BenchLoader.parse(head + "    luns: [{id: 0, size: 1MiB}]\n"
                + "    iscsi: {portal: localhost, target: iqn.2024-01.x:y}\n", "t")).hasMessageContaining("host:port");
    }

    @Test
    void serveWritesTheEndpointsOfEveryIscsiPortal(@TempDir Path dir) throws Exception {
        BenchSpec b = BenchLoader.load(Path.of("../fixtures/benches/conformance.yaml"));
        try (EmulatorServer s = EmulatorServer.start(b)) {
            List<EmulatorServer.IscsiEndpoint> e = s.iscsiEndpoints();
            assertThat(e).hasSize(1);
            assertThat(e.get(0).portal()).startsWith("127.0.0.1:").doesNotEndWith(":0");
            assertThat(e.get(0).luns()).containsExactly(0L, 1L);
            Path f = dir.resolve("out/endpoints.json");
            s.writeEndpoints(f);
            assertThat(Files.readString(f)).isEqualTo("{\"iscsi\": [{\"portal\": \"" + e.get(0).portal()
                    + "\", \"target\": \"iqn.2024-01.dev.fcspec:appliance1\", \"luns\": [0, 1]}], \"fcip\": []}\n");
        }
    }

    @Test
    void aPortalCanSendNopInPingsOnRealTime() {
        String bench = "name: x\nstorage:\n  - name: a\n    luns: [{id: 0, size: 1MiB}]\n"
                + "    iscsi: {portal: 127.0.0.1:0, target: iqn.2024-01.x:y, nop_in: {interval: 15s, timeout: 5s}}\n";
        BenchSpec b = BenchLoader.parse(bench, "t");
        assertThat(b.array("a").orElseThrow().iscsi().orElseThrow().nopIn())
                .contains(new IscsiPortalSpec.NopIn(java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(5)));
        try (EmulatorServer s = EmulatorServer.start(b)) {
            var pings = s.portals().get(0).nopInPings().orElseThrow();
            assertThat(pings.interval()).hasSeconds(15);
            assertThat(pings.responseTimeout()).hasSeconds(5);
        }
        try (EmulatorServer s = EmulatorServer.start(BenchLoader.load(Path.of("../fixtures/benches/conformance.yaml")))) {
            assertThat(s.portals().get(0).nopInPings()).as("off unless the bench asks, as tgt").isEmpty();
        }
    }

    @Test
    void nopInSettingsAreChecked() {
        String head = "name: x\nstorage:\n  - name: a\n    luns: [{id: 0, size: 1MiB}]\n"
                + "    iscsi: {portal: 127.0.0.1:0, target: iqn.2024-01.x:y, nop_in: ";
        assertThatThrownBy(() -> BenchLoader.parse(head + "{interval: 0s, timeout: 5s}}\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("nop_in.interval");
        assertThatThrownBy(() -> BenchLoader.parse(head + "{interval: 15s}}\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> BenchLoader.parse(head + "{interval: 15s, timeout: 5s, count: 3}}\n", "t"))
                .isInstanceOf(BenchDefinitionException.class).hasMessageContaining("count");
    }

    @Test
    void jsonStringsAreEscaped() {
        assertThat(EmulatorServer.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
    }
}
