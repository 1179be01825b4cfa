package dev.fcspec.reports.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.json}: the contract other tools read (see DESIGN.md). One entry per catalogue claim.
 *
 * @param bench     the bench the run used (a name such as {@code embedded}, or a bench file)
 * @param seed      the run seed
 * @param scenarios scenario totals
 * @param claims    every claim of the catalogue with its status and the scenarios that exercise it
 *
 * <p>Besides the fields DESIGN.md fixes, the scenario totals count the skipped scenarios whose bench lacks a
 * capability a step needs ({@code skipped_missing_capability}, part of {@code skipped}), and a claim skipped
 * for that reason names the capabilities ({@code missing_capabilities}, written only when there are some).
 */
@JsonPropertyOrder({"bench", "seed", "scenarios", "claims"})
public record Summary(String bench, long seed, Totals scenarios, List<ClaimResult> claims) {

    public Summary {
        claims = List.copyOf(claims);
    }

    /**
     * Scenario totals.
     *
     * @param skippedMissingCapability how many of the skipped scenarios were skipped because the bench lacks a
     *                                 capability a step needs
     */
    @JsonPropertyOrder({"total", "passed", "failed", "skipped", "skipped_missing_capability"})
    public record Totals(int total, int passed, int failed, int skipped,
                         @JsonProperty("skipped_missing_capability") int skippedMissingCapability) {
        public Totals {
            if (total != passed + failed + skipped) {
                throw new IllegalArgumentException("total " + total + " != passed " + passed + " + failed "
                        + failed + " + skipped " + skipped);
            }
            if (skippedMissingCapability < 0 || skippedMissingCapability > skipped) {
                throw new IllegalArgumentException(skippedMissingCapability + " scenarios skipped for a missing"
                        + " capability, but " + skipped + " skipped in all");
            }
        }

        /** Totals of a run in which no scenario was skipped for a missing capability. */
        public Totals(int total, int passed, int failed, int skipped) {
            this(total, passed, failed, skipped, 0);
        }
    }

    /**
     * One claim's outcome.
     *
     * @param missingCapabilities for a claim skipped because its bench lacks capabilities its scenarios need,
     *                            their names; empty (and not written) otherwise
     */
    @JsonPropertyOrder({"id", "family", "status", "scenarios", "missing_capabilities"})
    public record ClaimResult(String id, String family, ClaimStatus status, List<String> scenarios,
                              @JsonProperty("missing_capabilities") @JsonInclude(JsonInclude.Include.NON_EMPTY)
                              List<String> missingCapabilities) {
        public ClaimResult {
            scenarios = List.copyOf(scenarios);
            missingCapabilities = missingCapabilities == null ? List.of() : List.copyOf(missingCapabilities);
            if (!missingCapabilities.isEmpty() && status != ClaimStatus.SKIPPED) {
                throw new IllegalArgumentException("claim " + id + " is " + status.label()
                        + " and cannot lack a capability");
            }
        }

        public ClaimResult(String id, String family, ClaimStatus status, List<String> scenarios) {
            this(id, family, status, scenarios, List.of());
        }

        /** Whether the claim was skipped because its bench lacks a capability its scenarios need. */
        public boolean skippedForMissingCapability() {
            return !missingCapabilities.isEmpty();
        }
    }

    /** Claim outcome: failed if any of its scenarios failed; skipped if any was skipped for a capability the
     * bench lacks (the claim cannot be checked whole on that bench); passed if at least one passed; skipped if
     * all were skipped; uncovered if no scenario of the run exercises it. */
    public enum ClaimStatus {
        PASSED, FAILED, SKIPPED, UNCOVERED;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    public static Summary read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Summary.class);
    }

    /**
     * How many claims of a family (or of all families when {@code family} is null) were skipped because the
     * bench lacks a capability their scenarios need; these are part of the {@link ClaimStatus#SKIPPED} count.
     */
    public long countMissingCapability(String family) {
        return claims.stream()
                .filter(c -> family == null || c.family().equals(family))
                .filter(ClaimResult::skippedForMissingCapability)
                .count();
    }

    /** How many claims of a family (or of all families when {@code family} is null) have a status. */
    public long count(String family, ClaimStatus status) {
        return claims.stream()
                .filter(c -> family == null || c.family().equals(family))
                .filter(c -> c.status() == status)
                .count();
    }
}
