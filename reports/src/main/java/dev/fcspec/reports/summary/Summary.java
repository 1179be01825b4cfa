package dev.fcspec.reports.summary;

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
 */
@JsonPropertyOrder({"bench", "seed", "scenarios", "claims"})
public record Summary(String bench, long seed, Totals scenarios, List<ClaimResult> claims) {

    public Summary {
        claims = List.copyOf(claims);
    }

    @JsonPropertyOrder({"total", "passed", "failed", "skipped"})
    public record Totals(int total, int passed, int failed, int skipped) {
        public Totals {
            if (total != passed + failed + skipped) {
                throw new IllegalArgumentException("total " + total + " != passed " + passed + " + failed "
                        + failed + " + skipped " + skipped);
            }
        }
    }

    @JsonPropertyOrder({"id", "family", "status", "scenarios"})
    public record ClaimResult(String id, String family, ClaimStatus status, List<String> scenarios) {
        public ClaimResult {
            scenarios = List.copyOf(scenarios);
        }
    }

    /** Claim outcome: failed if any of its scenarios failed, passed if at least one passed and none failed,
     * skipped if all were skipped, uncovered if no scenario of the run exercises it. */
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

    /** How many claims of a family (or of all families when {@code family} is null) have a status. */
    public long count(String family, ClaimStatus status) {
        return claims.stream()
                .filter(c -> family == null || c.family().equals(family))
                .filter(c -> c.status() == status)
                .count();
    }
}
