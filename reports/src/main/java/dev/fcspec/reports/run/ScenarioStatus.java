package dev.fcspec.reports.run;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The outcome of one scenario, as the summary and the reports name it. */
public enum ScenarioStatus {
    PASSED, SKIPPED, FAILED;

    /**
     * Maps a Cucumber step status ({@code PASSED}, {@code SKIPPED}, {@code PENDING}, {@code UNDEFINED},
     * {@code AMBIGUOUS}, {@code FAILED}, {@code UNKNOWN}) to a scenario outcome. Cucumber runs strict:
     * pending, undefined and ambiguous steps fail the scenario.
     */
    public static ScenarioStatus ofCucumberStep(String status) {
        return switch (status) {
            case "PASSED" -> PASSED;
            case "SKIPPED" -> SKIPPED;
            default -> FAILED;
        };
    }

    /** The worse of two outcomes: failed over skipped over passed. */
    public ScenarioStatus worst(ScenarioStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
