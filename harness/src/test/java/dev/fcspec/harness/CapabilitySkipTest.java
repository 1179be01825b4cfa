package dev.fcspec.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fcspec run} on a bench that declares fewer capabilities than the in-process bench offers: the
 * embedded bench's topology, but without "observe node events", as a bench with a real appliance that keeps
 * no record a harness can read would declare it. A scenario that needs the capability is reported skipped with
 * the capability named, and its claims are counted apart from the passed ones; a scenario that needs nothing
 * beyond the wire and SCSI status still passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("fcspec run on a bench without a capability")
class CapabilitySkipTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Claims proxy-7 and proxy-34: checks which node forwarded the READ CAPACITY, a node event. */
    static final String NEEDS_NODE_EVENTS = "features/proxy/proxying.feature:45";
    /** Writes and reads back over FCP: the wire and SCSI status only. */
    static final String NEEDS_NOTHING = "features/scsi/block_io.feature:10";

    @TempDir
    static Path temp;

    private FcspecRunTest.Result run;
    private JsonNode summary;

    @BeforeAll
    void runOnABenchWithoutNodeEvents() throws IOException {
        String embedded;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fixtures/benches/embedded.yaml")) {
            assertThat(in).as("the embedded bench on the classpath").isNotNull();
            embedded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(embedded).contains("\nname: embedded\n").doesNotContain("\ncapabilities:");
        Path bench = temp.resolve("no-node-events.yaml");
        Files.writeString(bench, embedded.replace("\nname: embedded\n", "\nname: no-node-events\n")
                + "\ncapabilities: [inspect node devices, observe switch state]\n");
        Path out = temp.resolve("run");
        run = FcspecRunTest.fcspec(out, "run", "--out", out.toString(), "--seed", "7", "--bench", bench.toString(),
                "--scenario", NEEDS_NODE_EVENTS, "--scenario", NEEDS_NOTHING);
        summary = JSON.readTree(out.resolve("summary.json").toFile());
    }

    @Test
    @DisplayName("reports the scenario that needs the capability skipped, naming it, and the other passed")
    void skipsTheScenarioNamingTheCapability() {
        assertThat(run.exitCode()).as("exit code; output:%n%s%n%s", run.out(), run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("Scenarios: 2 run, 1 passed, 0 failed, 1 skipped (1 for a capability the bench lacks)")
                .containsPattern("SKIP .*[Pp]redetermined")
                .containsPattern("PASS .*Data a host writes is read back")
                .contains("the bench lacks: observe node events")
                .contains("the bench lacks 'observe node events': 2 claims not checked")
                .contains("INCOMPLETE: 1 of 2 scenarios were skipped, 1 of them for a capability the bench lacks");
        JsonNode totals = summary.get("scenarios");
        assertThat(totals.get("total").asInt()).isEqualTo(2);
        assertThat(totals.get("passed").asInt()).isEqualTo(1);
        assertThat(totals.get("skipped").asInt()).isEqualTo(1);
        assertThat(totals.get("skipped_missing_capability").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("counts the claims of the skipped scenario apart from the passed ones, with the capability named")
    void countsTheClaimsApart() {
        Map<String, JsonNode> claims = new TreeMap<>();
        summary.get("claims").forEach(c -> claims.put(c.get("id").asText(), c));
        assertThat(claims).hasSize(152);
        for (String id : new String[] {"proxy-7", "proxy-34"}) {
            JsonNode c = claims.get(id);
            assertThat(c.get("status").asText()).as(id).isEqualTo("skipped");
            assertThat(c.get("missing_capabilities")).as(id).hasSize(1);
            assertThat(c.get("missing_capabilities").get(0).asText()).as(id).isEqualTo("observe node events");
        }
        assertThat(claims.values()).as("claims counted as passed")
                .noneMatch(c -> c.get("status").asText().equals("passed"));
        assertThat(claims.values()).as("claims naming a missing capability")
                .filteredOn(c -> c.has("missing_capabilities")).hasSize(2);
    }

    @Test
    @DisplayName("shows the skipped claims and the capability in the run's page")
    void showsThemInTheReport() throws IOException {
        String index = Files.readString(run.dir().resolve("report/index.html"));
        assertThat(index).contains("(1 for a capability the bench lacks)")
                .contains("(2 for a capability the bench lacks)")
                .contains("bench lacks: observe node events")
                .contains("a step needs the capability &#39;observe node events&#39;");
    }
}
