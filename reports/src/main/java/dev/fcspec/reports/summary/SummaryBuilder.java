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
        Map<String, List<ScenarioResult>> byClaim = new LinkedHashMap<>();
        for (ScenarioResult s : scenarios) {
            switch (s.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                default -> throw new IllegalStateException(s.status().toString());
            }
            for (String tag : s.tags()) {
                catalogue.byTag(tag).ifPresent(c -> byClaim.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(s));
            }
        }
        List<ClaimResult> claims = new ArrayList<>();
        for (Claim c : catalogue.claims()) {
            List<ScenarioResult> exercised = byClaim.getOrDefault(c.id(), List.of());
            claims.add(new ClaimResult(c.id(), c.family(), status(exercised),
                    exercised.stream().map(ScenarioResult::name).distinct().toList()));
        }
        return new Summary(bench, seed, new Summary.Totals(scenarios.size(), passed, failed, skipped), claims);
    }

    /**
     * Failed if any scenario failed; passed if none failed and at least one passed (the skipped ones are
     * listed beside it); skipped if every scenario was skipped; uncovered if there is none.
     */
    static ClaimStatus status(List<ScenarioResult> exercised) {
        if (exercised.isEmpty()) {
            return ClaimStatus.UNCOVERED;
        }
        ScenarioStatus worst = ScenarioStatus.PASSED;
        boolean anyPassed = false;
        for (ScenarioResult s : exercised) {
            worst = worst.worst(s.status());
            anyPassed |= s.status() == ScenarioStatus.PASSED;
        }
        if (worst == ScenarioStatus.FAILED) {
            return ClaimStatus.FAILED;
        }
        return anyPassed ? ClaimStatus.PASSED : ClaimStatus.SKIPPED;
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
