package dev.fcspec.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fcspec.reports.claims.Claim;
import dev.fcspec.reports.claims.ClaimCatalogue;
import dev.fcspec.reports.run.CucumberMessages;
import dev.fcspec.reports.run.ScenarioResult;
import dev.fcspec.reports.run.ScenarioStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("summary.json from a run's Cucumber messages")
class SummaryBuilderTest {

    private static final String URI = "classpath:features/proxy/forwarding.feature";

    /** Two families: proxy 1..4, mirror 1..2. */
    private static ClaimCatalogue catalogue() {
        List<Claim> claims = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            claims.add(claim("proxy", n));
        }
        for (int n = 1; n <= 2; n++) {
            claims.add(claim("mirror", n));
        }
        return new ClaimCatalogue(List.of(
                new ClaimCatalogue.Family("proxy", "p.txt", 4, List.of(1), "proxying"),
                new ClaimCatalogue.Family("mirror", "m.txt", 2, List.of(1), "mirroring")), claims);
    }

    private static Claim claim(String family, int n) {
        return new Claim(family + "-" + n, family, n, n == 1, n == 1 ? null : 1, "claim " + n, "claim " + n, null);
    }

    private static List<ScenarioResult> read(Ndjson ndjson) throws IOException {
        return CucumberMessages.read(new StringReader(ndjson.toString()));
    }

    @Test
    @DisplayName("a claim is failed if any of its scenarios failed, passed if they passed, skipped if all were skipped, uncovered if none")
    void claimStatuses() throws IOException {
        Ndjson run = new Ndjson().feature(URI, "Forwarding")
                .scenario(URI, 5, "read is forwarded", List.of("@proxy", "@claim-proxy-1", "@claim-proxy-2"),
                        List.of("PASSED", "PASSED"))
                .scenario(URI, 9, "write is forwarded", List.of("@proxy", "@claim-proxy-1"),
                        List.of("PASSED", "FAILED", "SKIPPED"))
                .scenario(URI, 14, "remote bench cannot see the interconnect", List.of("@proxy", "@claim-proxy-3"),
                        List.of("PASSED", "SKIPPED"))
                .scenario(URI, 20, "passes where it can be seen", List.of("@proxy", "@claim-mirror-2", "@mirror"),
                        List.of("PASSED"))
                .scenario(URI, 24, "skipped where it cannot", List.of("@proxy", "@claim-mirror-2", "@mirror"),
                        List.of("SKIPPED"));

        Summary summary = SummaryBuilder.build("embedded", 7, read(run), catalogue());

        assertThat(summary.scenarios()).isEqualTo(new Summary.Totals(5, 2, 1, 2));
        assertThat(summary.claims()).extracting(Summary.ClaimResult::id)
                .containsExactly("proxy-1", "proxy-2", "proxy-3", "proxy-4", "mirror-1", "mirror-2");
        assertThat(summary.claims()).extracting(c -> c.status().label())
                .containsExactly("failed", "passed", "skipped", "uncovered", "uncovered", "passed");
        assertThat(summary.claims().get(0).scenarios())
                .containsExactly("Forwarding - read is forwarded", "Forwarding - write is forwarded");
        assertThat(summary.claims().get(3).scenarios()).isEmpty();
    }

    @Test
    @DisplayName("undefined, pending and ambiguous steps fail the scenario, as Cucumber's strict mode does")
    void strictStatuses() throws IOException {
        Ndjson run = new Ndjson().feature(URI, "F")
                .scenario(URI, 3, "undefined", List.of("@claim-proxy-1"), List.of("PASSED", "UNDEFINED"))
                .scenario(URI, 6, "pending", List.of("@claim-proxy-2"), List.of("PENDING", "SKIPPED"))
                .scenario(URI, 9, "ambiguous", List.of("@claim-proxy-3"), List.of("AMBIGUOUS"));
        List<ScenarioResult> results = read(run);
        assertThat(results).extracting(ScenarioResult::status).containsOnly(ScenarioStatus.FAILED);
        assertThat(results.get(0).message()).isEqualTo("undefined at step 1");
        Summary summary = SummaryBuilder.build("embedded", 1, results, catalogue());
        assertThat(summary.scenarios()).isEqualTo(new Summary.Totals(3, 0, 3, 0));
        assertThat(summary.count("proxy", Summary.ClaimStatus.FAILED)).isEqualTo(3);
    }

    @Test
    @DisplayName("writes exactly the fields DESIGN.md fixes, with every catalogue claim")
    void jsonShape() throws IOException {
        Ndjson run = new Ndjson().feature(URI, "F")
                .scenario(URI, 3, "one", List.of("@claim-proxy-4", "@claim-nosuch-1"), List.of("PASSED"));
        Summary summary = SummaryBuilder.build("benches/two.yaml", 42, read(run), catalogue());
        JsonNode json = new ObjectMapper().readTree(summary.toJson());

        assertThat(json.fieldNames()).toIterable().containsExactly("bench", "seed", "scenarios", "claims");
        assertThat(json.get("bench").asText()).isEqualTo("benches/two.yaml");
        assertThat(json.get("seed").isIntegralNumber()).isTrue();
        assertThat(json.get("seed").asLong()).isEqualTo(42);
        assertThat(json.get("scenarios").fieldNames()).toIterable()
                .containsExactly("total", "passed", "failed", "skipped", "skipped_missing_capability");
        assertThat(json.get("claims")).hasSize(6);
        JsonNode proxy4 = json.get("claims").get(3);
        assertThat(proxy4.fieldNames()).toIterable().containsExactly("id", "family", "status", "scenarios");
        assertThat(proxy4.get("status").asText()).isEqualTo("passed");
        assertThat(proxy4.get("scenarios").get(0).asText()).isEqualTo("F - one");
        assertThat(SummaryBuilder.unknownClaimTags(read(run), catalogue())).containsExactly("@claim-nosuch-1");
        assertThat(Summary.read(writeTemp(summary))).isEqualTo(summary);
    }

    @Test
    @DisplayName("counts the claims whose scenarios were skipped for a capability the bench lacks apart, naming it")
    void missingCapabilities() throws IOException {
        Ndjson run = new Ndjson().feature(URI, "Forwarding")
                .scenarioLacking(URI, 5, "who served the read", List.of("@claim-proxy-1"), "observe node events")
                .scenario(URI, 9, "the read is answered", List.of("@claim-proxy-1", "@claim-proxy-2"),
                        List.of("PASSED"))
                .scenarioLacking(URI, 14, "the disk was read", List.of("@claim-proxy-2", "@claim-proxy-3"),
                        "inspect node devices")
                .scenario(URI, 20, "skipped for another reason", List.of("@claim-proxy-4"), List.of("SKIPPED"))
                .scenario(URI, 24, "failed", List.of("@claim-mirror-1", "@claim-mirror-2"), List.of("FAILED"))
                .scenarioLacking(URI, 28, "cannot be seen", List.of("@claim-mirror-2"), "observe node events");
        List<ScenarioResult> results = read(run);

        assertThat(results.get(0).missingCapabilities()).containsExactly("observe node events");
        assertThat(results.get(0).status()).isEqualTo(ScenarioStatus.SKIPPED);
        assertThat(results.get(1).skippedForMissingCapability()).isFalse();
        assertThat(results.get(3).skippedForMissingCapability()).isFalse();

        Summary summary = SummaryBuilder.build("real.yaml", 1, results, catalogue());
        assertThat(summary.scenarios()).isEqualTo(new Summary.Totals(6, 1, 1, 4, 3));
        assertThat(summary.claims()).extracting(c -> c.status().label())
                .as("a passed scenario does not make a claim passed when another could not be checked")
                .containsExactly("skipped", "skipped", "skipped", "skipped", "failed", "failed");
        assertThat(summary.claims()).extracting(Summary.ClaimResult::missingCapabilities).containsExactly(
                List.of("observe node events"), List.of("inspect node devices"), List.of("inspect node devices"),
                List.of(), List.of(), List.of());
        assertThat(summary.countMissingCapability(null)).isEqualTo(3);
        assertThat(summary.countMissingCapability("mirror")).isZero();
        assertThat(summary.count(null, Summary.ClaimStatus.SKIPPED)).isEqualTo(4);

        JsonNode json = new ObjectMapper().readTree(summary.toJson());
        assertThat(json.get("scenarios").get("skipped_missing_capability").asInt()).isEqualTo(3);
        assertThat(json.get("claims").get(0).get("missing_capabilities").get(0).asText()).isEqualTo("observe node events");
        assertThat(json.get("claims").get(3).has("missing_capabilities")).as("written only when there are some").isFalse();
        assertThat(Summary.read(writeTemp(summary))).isEqualTo(summary);
    }

    @Test
    @DisplayName("an empty run covers no claim")
    void emptyRun() {
        Summary summary = SummaryBuilder.build("embedded", 1, List.of(), catalogue());
        assertThat(summary.scenarios()).isEqualTo(new Summary.Totals(0, 0, 0, 0));
        assertThat(summary.claims()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Summary.ClaimStatus.UNCOVERED));
    }

    @Test
    @DisplayName("reads capture attachments and tells scenarios with the same name apart by location")
    void capturesAndDuplicateNames() throws IOException {
        Ndjson run = new Ndjson().feature(URI, "F")
                .scenario(URI, 10, "example", List.of(), List.of("PASSED"), "proxy-forwarding-10-example.pcap")
                .scenario(URI, 11, "example", List.of(), List.of("PASSED"));
        List<ScenarioResult> results = read(run);
        assertThat(results).extracting(ScenarioResult::name).containsExactly(
                "F - example [features/proxy/forwarding.feature:10]", "F - example [features/proxy/forwarding.feature:11]");
        assertThat(results.get(0).captures()).containsExactly("proxy-forwarding-10-example.pcap");
        assertThat(results.get(0).location()).isEqualTo("features/proxy/forwarding.feature:10");
    }

    @Test
    @DisplayName("rejects a line that is not a JSON message, naming the line")
    void rejectsGarbage() {
        assertThatThrownBy(() -> CucumberMessages.read(new StringReader("{\"meta\":{}}\nnot json\n")))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }

    private static java.nio.file.Path writeTemp(Summary summary) throws IOException {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("summary", ".json");
        f.toFile().deleteOnExit();
        summary.write(f);
        return f;
    }
}
