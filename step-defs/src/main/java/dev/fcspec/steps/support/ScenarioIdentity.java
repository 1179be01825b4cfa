package dev.fcspec.steps.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What identifies a scenario across runs: its feature file path (from {@code features/} on, whatever the
 * URI scheme) and line. From these come its seed, the file names of its captures and the command that
 * replays it.
 *
 * @param featurePath e.g. {@code features/smoke/parameter-types.feature}
 * @param line        the scenario's line (for an outline example, the example row's line)
 * @param name        the scenario name
 */
public record ScenarioIdentity(String featurePath, int line, String name) {

    private static final int MAX_SLUG = 100;

    /** Builds the identity from a Cucumber scenario URI such as {@code classpath:features/x/y.feature}. */
    public static ScenarioIdentity of(String uri, int line, String name) {
        int i = uri.lastIndexOf("/features/");
        String path = i >= 0 ? uri.substring(i + 1) : uri.replaceFirst("^[a-z]+:(//)?", "");
        return new ScenarioIdentity(path, line, name);
    }

    /** {@code features/x/y.feature:12}. */
    public String location() {
        return featurePath + ":" + line;
    }

    /**
     * The scenario's seed: the first 63 bits of SHA-256 over the run seed and the scenario's location. The
     * same run seed gives a scenario the same seed whichever other scenarios run with it.
     */
    public long seed(long runSeed) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((runSeed + "\n" + location()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * A file-name-safe name for the scenario, unique within a run:
     * {@code <feature path below features/>-<line>-<scenario name>}, e.g.
     * {@code smoke-parameter-types-7-a-wwn-round-trips}.
     */
    public String slug() {
        String path = featurePath.replaceFirst("^features/", "").replaceFirst("\\.feature$", "");
        String slug = slugify(path) + "-" + line + "-" + slugify(name);
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG);
        }
        return slug.replaceAll("-+$", "");
    }

    /** Lower case ASCII letters, digits and single dashes. */
    public static String slugify(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "x" : slug;
    }

    /**
     * The command that replays this scenario with the same seed: the scenario's tags select it (and any
     * scenario with the same tags), and the run seed gives it the same scenario seed as before.
     */
    public String replayCommand(Collection<String> tags, long runSeed) {
        List<String> sorted = new ArrayList<>(tags);
        if (sorted.isEmpty()) {
            return scenarioReplayCommand(runSeed);
        }
        return "./fcspec run --tags '" + String.join(" and ", sorted) + "' --seed " + runSeed;
    }

    /** The command that replays exactly this scenario and no other. */
    public String scenarioReplayCommand(long runSeed) {
        return "./fcspec run --scenario " + location() + " --seed " + runSeed;
    }
}
