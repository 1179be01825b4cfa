package dev.fcspec.features;

import dev.fcspec.reports.claims.ClaimCatalogue;
import io.cucumber.gherkin.GherkinParser;
import io.cucumber.messages.types.Envelope;
import io.cucumber.messages.types.Pickle;
import io.cucumber.messages.types.PickleTag;
import io.cucumber.messages.types.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the tags of every feature file against the contract in DESIGN.md: a feature lives in
 * {@code features/<family>/} and carries {@code @<family>}; every {@code @claim-...} tag names a catalogue
 * claim; a scenario tagged with a claim of family F is also tagged {@code @F}.
 */
@DisplayName("Feature files")
class FeatureTagsTest {

    private static final Path FEATURES = Path.of("src/main/resources/features");
    private final ClaimCatalogue catalogue = ClaimCatalogue.load();

    @Test
    @DisplayName("parse, carry their family tag, and tag only catalogue claims")
    void tagsFollowTheContract() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(FEATURES)) {
            files = walk.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
        }
        assertThat(files).as("feature files under %s", FEATURES).isNotEmpty();

        List<String> problems = new ArrayList<>();
        GherkinParser parser = GherkinParser.builder().includeSource(false).build();
        for (Path file : files) {
            Path rel = FEATURES.relativize(file);
            if (rel.getNameCount() != 2) {
                problems.add(rel + ": a feature file belongs in features/<family>/");
                continue;
            }
            String family = rel.getName(0).toString();
            List<Envelope> envelopes = parser.parse(file).toList();
            envelopes.stream().flatMap(e -> e.getParseError().stream())
                    .forEach(e -> problems.add(rel + ": " + e.getMessage()));
            envelopes.stream().flatMap(e -> e.getGherkinDocument().stream())
                    .flatMap(d -> d.getFeature().stream())
                    .forEach(feature -> {
                        Set<String> tags = feature.getTags().stream().map(Tag::getName).collect(Collectors.toSet());
                        if (!tags.contains("@" + family)) {
                            problems.add(rel + ": the feature is in folder " + family + " but is not tagged @" + family);
                        }
                    });
            for (Pickle pickle : envelopes.stream().flatMap(e -> e.getPickle().stream()).toList()) {
                Set<String> tags = pickle.getTags().stream().map(PickleTag::getName).collect(Collectors.toSet());
                for (String tag : tags) {
                    if (!tag.startsWith("@claim")) {
                        continue;
                    }
                    String where = rel + " scenario \"" + pickle.getName() + "\"";
                    var claim = catalogue.byTag(tag);
                    if (claim.isEmpty()) {
                        problems.add(where + ": " + tag + " names no claim of the catalogue"
                                + " (claim tags are @claim-<family>-<number>, see shared/claims/INDEX.md)");
                    } else if (!tags.contains("@" + claim.get().family())) {
                        problems.add(where + ": tagged " + tag + " but not @" + claim.get().family());
                    }
                }
            }
        }
        assertThat(problems).as("problems in feature files").isEmpty();
    }
}
