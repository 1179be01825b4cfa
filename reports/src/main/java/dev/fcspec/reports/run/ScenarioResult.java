package dev.fcspec.reports.run;

import java.util.List;

/**
 * One executed scenario (a Cucumber pickle) of a run.
 *
 * @param name     {@code <feature> - <scenario>}, made unique within the run with its location when two
 *                 scenarios share a name (scenario outline examples)
 * @param uri      the feature file, e.g. {@code classpath:features/smoke/parameter-types.feature}
 * @param line     the line of the scenario (or of the example row) in the feature file
 * @param tags     every tag of the scenario, inherited ones included, with their {@code @}
 * @param status   the outcome
 * @param message  the first failure or skip message, or {@code null}
 * @param captures file names of the frame captures the scenario left in the run's captures folder
 * @param missingCapabilities for a scenario skipped because its bench lacks a capability a step needs, the
 *                 capabilities it named ({@code observe node events}...); empty otherwise
 */
public record ScenarioResult(String name, String uri, int line, List<String> tags, ScenarioStatus status,
                             String message, List<String> captures, List<String> missingCapabilities) {

    public ScenarioResult {
        tags = List.copyOf(tags);
        captures = List.copyOf(captures);
        missingCapabilities = List.copyOf(missingCapabilities);
        if (!missingCapabilities.isEmpty() && status != ScenarioStatus.SKIPPED) {
            throw new IllegalArgumentException("a " + status.label() + " scenario cannot lack a capability: " + name);
        }
    }

    /** A scenario that needed no capability its bench lacks. */
    public ScenarioResult(String name, String uri, int line, List<String> tags, ScenarioStatus status,
                          String message, List<String> captures) {
        this(name, uri, line, tags, status, message, captures, List.of());
    }

    /** Whether the scenario was skipped because its bench lacks a capability a step needs. */
    public boolean skippedForMissingCapability() {
        return !missingCapabilities.isEmpty();
    }

    /** The feature file path from {@code features/} on, whatever the URI scheme. */
    public String featurePath() {
        return featurePath(uri);
    }

    /**
     * The path of a feature file from its last {@code features/} folder on: the same for
     * {@code classpath:features/x/y.feature} and {@code file:///.../src/main/resources/features/x/y.feature}.
     */
    public static String featurePath(String uri) {
        int i = uri.lastIndexOf("/features/");
        if (i >= 0) {
            return uri.substring(i + 1);
        }
        String path = uri.replaceFirst("^[a-z]+:(//)?", "");
        return path;
    }

    /** {@code features/x/y.feature:12}. */
    public String location() {
        return featurePath() + ":" + line;
    }
}
