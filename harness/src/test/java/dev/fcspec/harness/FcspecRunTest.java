package dev.fcspec.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fcspec run} end to end, in this JVM: every feature on the embedded bench, then the outputs DESIGN.md
 * fixes, the captures decoded by tshark, and a second run of some
 * families with the same seed giving the same results and the same bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("fcspec run, end to end")
class FcspecRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    /**
     * The scenarios run a second time with the same seed. Each scenario's seed derives from the run's seed and
     * the scenario alone, so a subset replays exactly what the full run did; these families cover SCSI over
     * FCP through a fabric, takeover with the history checker, and the evidence hooks.
     */
    static final String REPLAYED = "@scsi or @failover or @smoke";

    private Result first;
    private Result replay;

    record Result(int exitCode, String out, String err, Path dir) {
    }

    static Result fcspec(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Fcspec.execute(args, o, e, Terminal.PLAIN);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), dir);
    }

    @BeforeAll
    void runEveryFeatureTwice() {
        Path a = temp.resolve("first");
        Path b = temp.resolve("replay");
        first = fcspec(a, "run", "--out", a.toString(), "--seed", "7");
        replay = fcspec(b, "run", "--out", b.toString(), "--seed", "7", "--tags", REPLAYED);
    }

    @Test
    @DisplayName("passes every feature on the embedded bench, showing progress and a summary")
    void passes() {
        assertThat(first.exitCode()).as("exit code; output:%n%s%n%s", first.out(), first.err()).isZero();
        assertThat(first.out())
                .contains("fcspec run: bench embedded, seed 7")
                .containsPattern("PASS \\[ *1/\\d+] ")
                .contains("Scenarios: ")
                .contains("Claims:")
                .contains("PASSED: every selected scenario passed")
                .doesNotContain("\u001b[");
    }

    @Test
    @DisplayName("writes summary.json with all 152 claims and totals that agree with junit.xml")
    void summaryAgreesWithJunitXml() throws Exception {
        JsonNode summary = JSON.readTree(first.dir().resolve("summary.json").toFile());
        assertThat(summary.get("bench").asText()).isEqualTo("embedded");
        assertThat(summary.get("seed").asLong()).isEqualTo(7);
        JsonNode claims = summary.get("claims");
        assertThat(claims).hasSize(152);
        Map<String, Integer> perFamily = new TreeMap<>();
        claims.forEach(c -> perFamily.merge(c.get("family").asText(), 1, Integer::sum));
        assertThat(perFamily).containsExactlyInAnyOrderEntriesOf(
                Map.of("proxy", 34, "failover", 25, "mirror", 27, "iop", 43, "handshake", 23));
        claims.forEach(c -> assertThat(c.get("status").asText()).isIn("passed", "failed", "skipped", "uncovered"));

        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(first.dir().resolve("junit.xml").toFile());
        int testcases = junit.getElementsByTagName("testcase").getLength();
        int failures = junit.getElementsByTagName("failure").getLength() + junit.getElementsByTagName("error").getLength();
        int skipped = junit.getElementsByTagName("skipped").getLength();
        JsonNode totals = summary.get("scenarios");
        assertThat(totals.get("total").asInt()).isEqualTo(testcases).isPositive();
        assertThat(totals.get("failed").asInt()).isEqualTo(failures);
        assertThat(totals.get("skipped").asInt()).isEqualTo(skipped);
        assertThat(totals.get("passed").asInt()).isEqualTo(testcases - failures - skipped);
    }

    @Test
    @DisplayName("writes cucumber.ndjson, allure-results and a report that loads nothing from the network")
    void reports() throws IOException {
        Path dir = first.dir();
        assertThat(Files.size(dir.resolve("cucumber.ndjson"))).isPositive();
        try (Stream<Path> results = Files.list(dir.resolve("allure-results"))) {
            assertThat(results.filter(p -> p.toString().endsWith("-result.json")).count()).isPositive();
        }
        for (String page : List.of("report/index.html", "report/allure.html")) {
            Path file = dir.resolve(page);
            assertThat(file).as(page).isRegularFile();
            String html = Files.readString(file);
            assertThat(html).as(page).containsIgnoringCase("<html");
            assertThat(AllureHtml.REMOTE_LOAD.matcher(html).find()).as("%s loads a script or stylesheet from a network", page).isFalse();
            assertThat(html).as(page).doesNotContainPattern("(?i)<(script|link|img|iframe)\\b[^>]*\\b(src|href)\\s*=\\s*[\"']?(https?:)?//");
        }
        String index = Files.readString(dir.resolve("report/index.html"));
        assertThat(index).contains("Claims matrix").contains("href=\"allure.html\"").contains("claim-proxy-34");
        try (Stream<Path> captures = Files.list(dir.resolve("captures"))) {
            for (Path c : captures.toList()) {
                assertThat(index).as("the report links %s", c.getFileName()).contains("../captures/" + c.getFileName());
            }
        }
    }

    /** Frames tshark finds malformed, flags with an expert warning or error, or whose CRC is not good. */
    static final String PROBLEM_FILTER = "_ws.malformed || _ws.expert.severity >= warning || fc.crc.status != 1";

    @Test
    @DisplayName("leaves captures in which tshark finds no malformed frame, no warning and no bad CRC")
    void capturesDecodeCleanly() throws Exception {
        List<Path> captures = captures(first.dir());
        assertThat(captures).as("captures of the run").isNotEmpty();
        if (!TsharkTool.available()) {
            assertThat(System.getenv("CI")).as("tshark is required when CI=true").isNotEqualTo("true");
            Assumptions.assumeTrue(false, "tshark is not installed (Debian package tshark); captures not decoded");
        }
        // two tshark runs per capture, a few captures at a time
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        List<String> problems = new ArrayList<>();
        try {
            List<Future<List<String>>> checks = new ArrayList<>();
            for (Path pcap : captures) {
                checks.add(pool.submit(() -> TsharkTool.problems(pcap, PROBLEM_FILTER)));
            }
            for (Future<List<String>> check : checks) {
                problems.addAll(check.get(10, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("replays exactly with the same seed: same results, byte-identical captures, whatever else runs")
    void replaysWithTheSameSeed() throws IOException {
        assertThat(replay.exitCode()).as("replay output:%n%s", replay.out()).isEqualTo(first.exitCode());
        JsonNode again = JSON.readTree(replay.dir().resolve("summary.json").toFile());
        assertThat(again.get("scenarios").get("total").asInt()).as("scenarios replayed").isPositive();
        Map<String, String> before = new TreeMap<>();
        JSON.readTree(first.dir().resolve("summary.json").toFile()).get("claims")
                .forEach(c -> before.put(c.get("id").asText(), c.get("status").asText()));
        int replayedClaims = 0;
        for (JsonNode c : again.get("claims")) {
            if (!"uncovered".equals(c.get("status").asText())) {
                assertThat(c.get("status").asText()).as("claim %s", c.get("id").asText())
                        .isEqualTo(before.get(c.get("id").asText()));
                replayedClaims++;
            }
        }
        assertThat(replayedClaims).as("claims the replayed scenarios cover").isPositive();
        List<Path> b = captures(replay.dir());
        assertThat(b).as("captures of the replay").isNotEmpty();
        for (Path mine : b) {
            Path theirs = first.dir().resolve("captures").resolve(mine.getFileName());
            assertThat(theirs).as("the full run's capture of the same scenario").exists();
            assertThat(Files.readAllBytes(mine)).as("capture %s", mine.getFileName())
                    .isEqualTo(Files.readAllBytes(theirs));
        }
    }

    @Test
    @DisplayName("gives captures other bytes with another seed")
    void anotherSeedChangesTheCaptures() throws IOException {
        Path dir = temp.resolve("other-seed");
        Result other = fcspec(dir, "run", "--out", dir.toString(), "--seed", "8", "--tags", "@smoke");
        assertThat(other.exitCode()).as(other.out()).isZero();
        int selected = JSON.readTree(dir.resolve("summary.json").toFile()).get("scenarios").get("total").asInt();
        assertThat(other.out()).as("scenarios the tags leave out are not part of the run")
                .doesNotContain("SKIP").contains("[1/" + selected + "] ").contains("[" + selected + "/" + selected + "] ");
        Path mine = dir.resolve("captures/smoke-evidence-6-an-echo-exchange-is-captured.pcap");
        Path theirs = first.dir().resolve("captures").resolve(mine.getFileName());
        assertThat(Files.readAllBytes(mine)).isNotEqualTo(Files.readAllBytes(theirs));
    }

    @Test
    @DisplayName("runs one scenario given by file and line")
    void runsOneScenario() throws IOException {
        Path dir = temp.resolve("one");
        Result one = fcspec(dir, "run", "--out", dir.toString(), "--seed", "7",
                "--scenario", "features/smoke/evidence.feature:6");
        assertThat(one.exitCode()).as(one.out()).isZero();
        JsonNode totals = JSON.readTree(dir.resolve("summary.json").toFile()).get("scenarios");
        assertThat(totals.get("total").asInt()).isEqualTo(1);
        Path capture = dir.resolve("captures/smoke-evidence-6-an-echo-exchange-is-captured.pcap");
        assertThat(Files.readAllBytes(capture)).as("the same scenario seed as in the full run")
                .isEqualTo(Files.readAllBytes(first.dir().resolve("captures").resolve(capture.getFileName())));
    }

    @Test
    @DisplayName("exits with 2 and says why for a wrong command line")
    void usageErrors() {
        Result unknown = fcspec(temp, "run", "--no-such-option");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'");

        Result badSeed = fcspec(temp, "run", "--seed", "seven");
        assertThat(badSeed.exitCode()).isEqualTo(2);
        assertThat(badSeed.err()).contains("--seed").contains("seven");

        Result badTags = fcspec(temp, "run", "--tags", "@smoke and", "--out", temp.resolve("x").toString());
        assertThat(badTags.exitCode()).isEqualTo(2);
        assertThat(badTags.err()).contains("is not a tag expression");

        Result noBench = fcspec(temp, "run", "--bench", "no-such-bench", "--out", temp.resolve("x").toString());
        assertThat(noBench.exitCode()).isEqualTo(2);
        assertThat(noBench.err()).contains("no-such-bench");

        Result noCommand = fcspec(temp);
        assertThat(noCommand.exitCode()).isEqualTo(2);
        assertThat(noCommand.err()).contains("a command is needed");
    }

    @Test
    @DisplayName("exits with 1 when no scenario matches, and still writes the summary")
    void nothingSelected() throws IOException {
        Path dir = temp.resolve("none");
        Result none = fcspec(dir, "run", "--out", dir.toString(), "--tags", "@no-scenario-has-this-tag");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).contains("FAILED: no scenario ran");
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("scenarios").get("total").asInt()).isZero();
        assertThat(summary.get("claims")).hasSize(152)
                .allSatisfy(c -> assertThat(c.get("status").asText()).isEqualTo("uncovered"));
    }

    private static List<Path> captures(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("captures"))) {
            return s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
    }
}
