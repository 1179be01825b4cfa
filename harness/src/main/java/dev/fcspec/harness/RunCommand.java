package dev.fcspec.harness;

import dev.fcspec.emulator.bench.BenchLoader;
import dev.fcspec.reports.claims.ClaimCatalogue;
import dev.fcspec.reports.html.HtmlReport;
import dev.fcspec.reports.run.CucumberMessages;
import dev.fcspec.reports.run.ScenarioResult;
import dev.fcspec.reports.run.ScenarioStatus;
import dev.fcspec.reports.summary.Summary;
import dev.fcspec.reports.summary.Summary.ClaimStatus;
import dev.fcspec.reports.summary.SummaryBuilder;
import dev.fcspec.steps.support.RunSettings;
import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.discovery.FilePosition;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;
import static org.junit.platform.launcher.EngineFilter.includeEngines;

/**
 * {@code fcspec run}: runs the selected features on a bench through the JUnit Platform Launcher and the
 * Cucumber engine, then writes the run's evidence to the output folder:
 * <ul>
 *   <li>{@code summary.json} (every catalogue claim with its status), {@code junit.xml}, {@code cucumber.ndjson}</li>
 *   <li>{@code allure-results/}, {@code captures/*.pcap}</li>
 *   <li>{@code report/index.html} (claims matrix, scenarios, capture links) and {@code report/allure.html}</li>
 * </ul>
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the features on a bench and writes summary.json, junit.xml, cucumber.ndjson,",
                "allure-results/, captures/ and report/index.html to the output folder.",
                "Exit code 0 when every selected scenario passed, 1 otherwise, 2 for a wrong command line."})
final class RunCommand implements Callable<Integer> {

    static final String GLUE = "dev.fcspec.steps";
    static final String FEATURES_PACKAGE = "features";

    @Option(names = "--bench", paramLabel = "NAME|FILE", defaultValue = BenchLoader.DEFAULT_BENCH,
            description = "Bench name (fixtures/benches/NAME.yaml) or bench file (default: ${DEFAULT-VALUE}, in-process).")
    String bench;

    @Option(names = "--tags", paramLabel = "EXPR",
            description = "Cucumber tag expression selecting scenarios, e.g. '@fabric and not @slow'.")
    String tags;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/fcspec-run",
            description = "Output folder (default: ${DEFAULT-VALUE}, relative to the current folder).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Run seed; each scenario derives its own seed from it and its location (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--scenario", paramLabel = "PATH[:LINE]",
            description = "Run only this feature file, or the scenario at LINE of it, e.g. features/smoke/parameter-types.feature:6 (repeatable).")
    List<String> scenarios = new ArrayList<>();

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Terminal terminal;

    RunCommand(PrintStream stdout, PrintStream stderr, Terminal terminal) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws IOException {
        BenchRef benchRef = BenchRef.resolve(bench);
        if (tags != null) {
            if (tags.isBlank()) {
                throw new Fcspec.UsageException("--tags needs a tag expression, e.g. '@smoke'");
            }
            try {
                TagExpressionParser.parse(tags);
            } catch (TagExpressionException e) {
                throw new Fcspec.UsageException("--tags '" + tags + "' is not a tag expression: " + e.getMessage());
            }
        }
        List<DiscoverySelector> selectors = selectors();
        ClaimCatalogue catalogue = ClaimCatalogue.load();

        Path dir = out.toAbsolutePath().normalize();
        RunFiles files = RunFiles.prepare(dir);

        stdout.println(terminal.bold("fcspec run") + ": bench " + benchRef.value() + ", seed " + seed
                + (tags != null ? ", tags " + tags : "") + (scenarios.isEmpty() ? "" : ", scenarios " + scenarios)
                + "; output " + dir);

        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(RunSettings.SEED, Long.toString(seed));
        properties.put(RunSettings.BENCH, benchRef.value());
        properties.put(RunSettings.CAPTURES_DIR, files.captures().toString());
        properties.put("allure.results.directory", files.allureResults().toString());

        ProgressListener progress = new ProgressListener(stdout, terminal);
        Map<String, String> saved = setProperties(properties);
        try {
            Allure.setLifecycle(new AllureLifecycle(new FileSystemResultsWriter(files.allureResults())));
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectors)
                    .filters(includeEngines("cucumber"))
                    .enableImplicitConfigurationParameters(false)
                    .configurationParameter(GLUE_PROPERTY_NAME, GLUE)
                    .configurationParameter(JUNIT_PLATFORM_NAMING_STRATEGY_PROPERTY_NAME, "long")
                    .configurationParameter(PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, "true")
                    .configurationParameter(PLUGIN_PROPERTY_NAME, String.join(", ",
                            "junit:" + files.junitXml(),
                            "message:" + files.ndjson(),
                            "io.qameta.allure.cucumber7jvm.AllureCucumber7Jvm"));
            if (tags != null) {
                request.filters(new ScenarioTagFilter(tags));
            }
            LauncherDiscoveryRequest discovery = request.build();
            Launcher launcher = LauncherFactory.create();
            TestPlan plan = launcher.discover(discovery);
            if (!plan.containsTests()) {
                stdout.println("  no scenario matched the selection");
            }
            launcher.execute(plan, progress);
        } finally {
            restoreProperties(saved);
        }

        List<ScenarioResult> results = Files.isRegularFile(files.ndjson())
                ? CucumberMessages.read(files.ndjson()) : List.of();
        Summary summary = SummaryBuilder.build(benchRef.value(), seed, results, catalogue);
        summary.write(files.summary());

        String allureHref = null;
        try {
            AllureHtml.generate(files.allureResults(), files.report().resolve("allure.html"), "fcspec run");
            allureHref = "allure.html";
        } catch (IOException | RuntimeException e) {
            stderr.println("fcspec: the Allure report could not be generated: " + e);
        }
        Path index = files.report().resolve("index.html");
        HtmlReport.write(index, summary, results, catalogue,
                new HtmlReport.Links(allureHref, "../captures/", tags));

        printSummary(summary, results, catalogue, progress, files, index);
        return exitCode(summary, progress);
    }

    private List<DiscoverySelector> selectors() {
        if (scenarios.isEmpty()) {
            return List.of(DiscoverySelectors.selectPackage(FEATURES_PACKAGE));
        }
        List<DiscoverySelector> selectors = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String s : scenarios) {
            String path = s;
            Integer line = null;
            int colon = s.lastIndexOf(':');
            if (colon > 0 && s.substring(colon + 1).matches("[0-9]+")) {
                path = s.substring(0, colon);
                line = Integer.parseInt(s.substring(colon + 1));
            }
            path = ScenarioResult.featurePath(path);
            if (!path.endsWith(".feature") || loader.getResource(path) == null) {
                throw new Fcspec.UsageException("--scenario " + s + ": no feature file " + path
                        + " (give it as features/<family>/<name>.feature[:LINE])");
            }
            selectors.add(line == null ? DiscoverySelectors.selectClasspathResource(path)
                    : DiscoverySelectors.selectClasspathResource(path, FilePosition.from(line)));
        }
        return selectors;
    }

    static int exitCode(Summary summary, ProgressListener progress) {
        Summary.Totals t = summary.scenarios();
        boolean allPassed = t.total() > 0 && t.passed() == t.total() && progress.problems().isEmpty();
        return allPassed ? Fcspec.OK : Fcspec.FAILED;
    }

    private void printSummary(Summary summary, List<ScenarioResult> results, ClaimCatalogue catalogue,
                              ProgressListener progress, RunFiles files, Path index) {
        Summary.Totals t = summary.scenarios();
        PrintStream o = stdout;
        o.println();
        o.println(terminal.bold("Scenarios") + ": " + t.total() + " run, "
                + terminal.colour("32", t.passed() + " passed") + ", "
                + terminal.colour(t.failed() > 0 ? "31" : "0", t.failed() + " failed") + ", "
                + terminal.colour(t.skipped() > 0 ? "33" : "0", t.skipped() + " skipped")
                + (t.skippedMissingCapability() > 0 ? " (" + t.skippedMissingCapability()
                        + " for a capability the bench lacks)" : ""));
        o.println(terminal.bold("Claims") + ":");
        o.printf("  %-10s %7s %7s %8s %10s %19s%n", "family", "passed", "failed", "skipped", "uncovered",
                "missing-capability");
        for (String family : catalogue.familyNames()) {
            o.printf("  %-10s %7d %7d %8d %10d %19d%n", family,
                    summary.count(family, ClaimStatus.PASSED), summary.count(family, ClaimStatus.FAILED),
                    summary.count(family, ClaimStatus.SKIPPED), summary.count(family, ClaimStatus.UNCOVERED),
                    summary.countMissingCapability(family));
        }
        o.printf("  %-10s %7d %7d %8d %10d %19d%n", "all",
                summary.count(null, ClaimStatus.PASSED), summary.count(null, ClaimStatus.FAILED),
                summary.count(null, ClaimStatus.SKIPPED), summary.count(null, ClaimStatus.UNCOVERED),
                summary.countMissingCapability(null));
        Map<String, Long> lacking = new TreeMap<>();
        summary.claims().forEach(c -> c.missingCapabilities().forEach(m -> lacking.merge(m, 1L, Long::sum)));
        lacking.forEach((capability, claims) -> o.println("  the bench lacks '" + capability + "': "
                + claims + (claims == 1 ? " claim" : " claims") + " not checked"));
        List<String> unknown = SummaryBuilder.unknownClaimTags(results, catalogue);
        if (!unknown.isEmpty()) {
            o.println("  tags naming no catalogue claim (ignored): " + String.join(", ", unknown));
        }
        List<ScenarioResult> notPassed = results.stream().filter(r -> r.status() != ScenarioStatus.PASSED).toList();
        if (!notPassed.isEmpty()) {
            o.println(terminal.bold("Not passed") + ":");
            for (ScenarioResult r : notPassed) {
                o.println("  " + (r.status() == ScenarioStatus.FAILED ? terminal.failed() : terminal.skipped())
                        + " " + r.name() + " (" + r.location() + ")");
                if (r.skippedForMissingCapability()) {
                    o.println("      the bench lacks: " + String.join(", ", r.missingCapabilities()));
                }
                o.println("      replay: ./fcspec run --scenario " + r.location() + " --seed " + seed
                        + (BenchLoader.DEFAULT_BENCH.equals(bench) ? "" : " --bench " + bench));
            }
        }
        for (String p : progress.problems()) {
            o.println("  " + terminal.failed() + " " + p);
        }
        o.println(terminal.bold("Report") + ":  " + index.toUri());
        o.println(terminal.bold("Summary") + ": " + files.summary());
        int code = exitCode(summary, progress);
        String verdict;
        if (code == Fcspec.OK) {
            verdict = terminal.colour("32", "PASSED") + ": every selected scenario passed";
        } else if (t.total() == 0) {
            verdict = terminal.colour("31", "FAILED") + ": no scenario ran";
        } else if (t.failed() > 0 || !progress.problems().isEmpty()) {
            verdict = terminal.colour("31", "FAILED") + ": " + t.failed() + " of " + t.total() + " scenarios failed";
        } else {
            verdict = terminal.colour("33", "INCOMPLETE") + ": " + t.skipped() + " of " + t.total()
                    + " scenarios were skipped" + (t.skippedMissingCapability() > 0
                    ? ", " + t.skippedMissingCapability() + " of them for a capability the bench lacks" : "");
        }
        o.println(verdict);
        o.flush();
    }

    private static Map<String, String> setProperties(Map<String, String> properties) {
        Map<String, String> saved = new HashMap<>();
        properties.forEach((k, v) -> {
            saved.put(k, System.getProperty(k));
            System.setProperty(k, v);
        });
        return saved;
    }

    private static void restoreProperties(Map<String, String> saved) {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    /** The files and folders of one run's output folder. */
    record RunFiles(Path dir) {

        static RunFiles prepare(Path dir) throws IOException {
            RunFiles f = new RunFiles(dir);
            Files.createDirectories(dir);
            for (Path p : List.of(f.allureResults(), f.captures(), f.report())) {
                AllureHtml.deleteTree(p);
                Files.createDirectories(p);
            }
            for (Path p : List.of(f.summary(), f.junitXml(), f.ndjson())) {
                Files.deleteIfExists(p);
            }
            return f;
        }

        Path summary() {
            return dir.resolve("summary.json");
        }

        Path junitXml() {
            return dir.resolve("junit.xml");
        }

        Path ndjson() {
            return dir.resolve("cucumber.ndjson");
        }

        Path allureResults() {
            return dir.resolve("allure-results");
        }

        Path captures() {
            return dir.resolve("captures");
        }

        Path report() {
            return dir.resolve("report");
        }
    }
}
