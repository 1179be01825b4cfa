package dev.fcspec.reports.summary;

import dev.fcspec.reports.claims.Claim;
import dev.fcspec.reports.claims.ClaimCatalogue;
import dev.fcspec.reports.run.ScenarioResult;
import dev.fcspec.reports.run.ScenarioStatus;
import dev.fcspec.reports.summary.Summary.ClaimResult;
import dev.fcspec.reports.summary.Summary.ClaimStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Builds {@link Summary} from a run's scenarios and the claims catalogue. */
public final class SummaryBuilder {

    private SummaryBuilder() {
    }

    public static Summary build(String bench, long seed, List<ScenarioResult> scenarios, ClaimCatalogue catalogue) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int missingCapability = 0;
        Map<String, List<ScenarioResult>> byClaim = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            switch (s.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> {
                    skipped++;
                    missingCapability += s.skippedForMissingCapability() ? 1 : 0;
                }
                default -> throw new IllegalStateException(s.status().toString());
            }
            for (String tag : s.tags()) {
                catalogue.byTag(tag).ifPresent(c -> byClaim.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(s));
            }
        }
        List<ClaimResult> claims = new ArrayList<>();
        for (Claim c : catalogue.claims()) {
            List<ScenarioResult> exercised = byClaim.getOrDefault(c.id(), List.of());
            ClaimStatus status = status(exercised);
            claims.add(new ClaimResult(c.id(), c.family(), status,
                    exercised.stream().map(ScenarioResult::name).distinct().toList(),
                    status == ClaimStatus.SKIPPED ? missingCapabilities(exercised) : List.of()));
        }
        return new Summary(bench, seed,
                new Summary.Totals(scenarios.size(), passed, failed, skipped, missingCapability), claims);
    }

    /**
     * Failed if any scenario failed; skipped if any was skipped because the bench lacks a capability (what the
     * claim says cannot be checked whole on that bench, so it is not counted as passed); passed if none failed
     * and at least one passed (other skipped ones are listed beside it); skipped if every scenario was
     * skipped; uncovered if there is none.
     */
    static ClaimStatus status(List<ScenarioResult> exercised) {
        if (exercised.isEmpty()) {
            return ClaimStatus.UNCOVERED;
        }
        ScenarioStatus worst = ScenarioStatus.PASSED;
        boolean anyPassed = false;
        boolean missingCapability = false;
        for (ScenarioResult s : exercised) {
            worst = worst.worst(s.status());
            anyPassed |= s.status() == ScenarioStatus.PASSED;
            missingCapability |= s.skippedForMissingCapability();
        }
        if (worst == ScenarioStatus.FAILED) {
            return ClaimStatus.FAILED;
        }
        return anyPassed && !missingCapability ? ClaimStatus.PASSED : ClaimStatus.SKIPPED;
    }

    /** The capabilities the claim's scenarios were skipped for, in the order they were first named. */
    private static List<String> missingCapabilities(List<ScenarioResult> exercised) {
        return exercised.stream().flatMap(s -> s.missingCapabilities().stream()).distinct().toList();
    }

    /** Claim tags used by the run's scenarios that name no catalogue claim. */
    public static List<String> unknownClaimTags(List<ScenarioResult> scenarios, ClaimCatalogue catalogue) {
        TreeSet<String> unknown = new TreeSet<>();
        for (ScenarioResult s : scenarios) {
            for (String tag : s.tags()) {
                if (tag.startsWith("@claim-") && catalogue.byTag(tag).isEmpty()) {
                    unknown.add(tag);
                }
            }
        }
        return List.copyOf(unknown);
    }
}
