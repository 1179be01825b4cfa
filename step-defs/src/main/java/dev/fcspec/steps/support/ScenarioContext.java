package dev.fcspec.steps.support;

import dev.fcspec.emulator.bench.Capability;
import io.cucumber.java.Scenario;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Per-scenario state shared by every step class through picocontainer constructor injection: the
 * scenario's deterministic seed, the bench it runs on, and the evidence it leaves (frame captures).
 *
 * <pre>{@code
 * public class FabricSteps {
 *     private final ScenarioContext context;
 *     public FabricSteps(ScenarioContext context) { this.context = context; }
 *
 *     @Given("a fabric with domain {int}")
 *     public void fabric(int domain) {
 *         Scheduler scheduler = Scheduler.virtual(context.seed());
 *         PcapWriter tap = ...;
 *         context.addCapture("", tap::toByteArray);   // resolved when the scenario ends
 *     }
 * }
 * }</pre>
 *
 * <p>Captures are written when the scenario ends to {@code <captures dir>/<slug>.pcap} (name empty) or
 * {@code <captures dir>/<slug>-<name>.pcap}, attached to the scenario's Allure result and listed in the
 * run's report.
 */
public final class ScenarioContext {

    private Scenario scenario;
    private ScenarioIdentity identity;
    private long runSeed;
    private long seed;
    private Random random;
    private final Map<String, Supplier<byte[]>> captures = new LinkedHashMap<>();

    /** Called by {@link EvidenceHooks} before the scenario's first step. */
    void begin(Scenario scenario) {
        this.scenario = scenario;
        this.identity = ScenarioIdentity.of(scenario.getUri().toString(), scenario.getLine(), scenario.getName());
        this.runSeed = RunSettings.runSeed();
        this.seed = identity.seed(runSeed);
    }

    /** This scenario's seed, derived from the run seed and the scenario's location. */
    public long seed() {
        requireStarted();
        return seed;
    }

    /** The run seed given with {@code --seed} (default 1). */
    public long runSeed() {
        requireStarted();
        return runSeed;
    }

    /** A random source seeded with {@link #seed()}; the same object for the whole scenario. */
    public Random random() {
        requireStarted();
        if (random == null) {
            random = new Random(seed);
        }
        return random;
    }

    /** The bench name ({@code embedded} unless the run chose another) or bench file path. */
    public String bench() {
        return RunSettings.bench();
    }

    /** The folder captures are written to. */
    public Path capturesDir() {
        return RunSettings.capturesDir();
    }

    public ScenarioIdentity identity() {
        requireStarted();
        return identity;
    }

    /** The Cucumber scenario (name, tags, status, log). */
    public Scenario scenario() {
        requireStarted();
        return scenario;
    }

    /** The scenario's tags with their {@code @}. */
    public Collection<String> tags() {
        requireStarted();
        return scenario.getSourceTagNames();
    }

    /** Adds a line to the scenario's log (shown in the reports). */
    public void log(String text) {
        requireStarted();
        scenario.log(text);
    }

    /**
     * Registers a finished capture. {@code name} tells several captures of one scenario apart; use
     * {@code ""} for the scenario's main capture.
     */
    public void addCapture(String name, byte[] pcapBytes) {
        Objects.requireNonNull(pcapBytes, "pcapBytes");
        byte[] copy = pcapBytes.clone();
        addCapture(name, () -> copy);
    }

    /** Registers a capture whose bytes are taken when the scenario ends (after its last step). */
    public void addCapture(String name, Supplier<byte[]> pcapBytes) {
        Objects.requireNonNull(pcapBytes, "pcapBytes");
        String key = name == null ? "" : name;
        if (!key.isEmpty() && !key.equals(ScenarioIdentity.slugify(key))) {
            throw new IllegalArgumentException("capture name \"" + key
                    + "\" must be lower case letters, digits and dashes, e.g. \"" + ScenarioIdentity.slugify(key) + "\"");
        }
        if (captures.containsKey(key)) {
            throw new IllegalArgumentException("this scenario already has a capture named \"" + key + "\"");
        }
        captures.put(key, pcapBytes);
    }

    /** The registered captures, by name, in registration order. */
    Map<String, Supplier<byte[]>> captures() {
        return Collections.unmodifiableMap(captures);
    }

    /** The capture file name for a capture name: {@code <slug>.pcap} or {@code <slug>-<name>.pcap}. */
    public String captureFileName(String name) {
        requireStarted();
        return identity.slug() + (name == null || name.isEmpty() ? "" : "-" + name) + ".pcap";
    }

    /**
     * Stops the scenario and reports it as skipped, with the reason: for a step the bench cannot observe
     * (a real appliance that offers no view of its interconnect, for example).
     */
    public void skip(String reason) {
        throw new TestAbortedException("skipped on bench " + bench() + ": " + reason);
    }

    /**
     * Stops the scenario and reports it as skipped because the bench does not offer a capability a step needs
     * (see {@code San.require}); the reports count it, and the claims it exercises, apart from the passed ones.
     */
    public void skipForMissing(Capability capability) {
        requireStarted();
        scenario.attach(capability.label(), EvidenceHooks.MISSING_CAPABILITY_MEDIA_TYPE,
                "missing capability: " + capability.label());
        skip("a step needs the capability '" + capability.label() + "', which the bench does not offer");
    }

    /** The commands that replay this scenario with its seed. */
    public List<String> replayCommands() {
        requireStarted();
        String byTags = identity.replayCommand(tags(), runSeed);
        String exact = identity.scenarioReplayCommand(runSeed);
        return byTags.equals(exact) ? List.of(exact) : List.of(byTags, exact);
    }

    private void requireStarted() {
        if (scenario == null) {
            throw new IllegalStateException("the scenario context is used before the scenario started"
                    + " (use it in steps or hooks, not in constructors)");
        }
    }
}
