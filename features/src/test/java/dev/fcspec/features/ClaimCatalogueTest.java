package dev.fcspec.features;

import dev.fcspec.reports.claims.Claim;
import dev.fcspec.reports.claims.ClaimCatalogue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The committed claims catalogue")
class ClaimCatalogueTest {

    private final ClaimCatalogue catalogue = ClaimCatalogue.load();

    @Test
    @DisplayName("holds the 152 claims of the five families, numbered 1..n in each")
    void holdsEveryClaim() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        catalogue.claims().forEach(c -> counts.merge(c.family(), 1, Integer::sum));
        assertThat(counts).containsExactly(
                Map.entry("proxy", 34), Map.entry("failover", 25), Map.entry("mirror", 27),
                Map.entry("iop", 43), Map.entry("handshake", 23));
        assertThat(catalogue.size()).isEqualTo(152);
        for (String family : counts.keySet()) {
            assertThat(catalogue.claimsOf(family)).extracting(Claim::number)
                    .as("claim numbers of %s", family)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, counts.get(family)).boxed().toList());
        }
    }

    @Test
    @DisplayName("marks the independent claims the index lists, and every dependent claim narrows an earlier one")
    void independentAndDependentClaims() {
        assertThat(catalogue.claimsOf("proxy").stream().filter(Claim::independent).map(Claim::number))
                .containsExactly(1, 9, 12, 17, 27, 28);
        assertThat(catalogue.claimsOf("handshake").stream().filter(Claim::independent).map(Claim::number))
                .containsExactly(1, 10, 13, 15, 20);
        for (Claim c : catalogue.claims()) {
            if (!c.independent()) {
                assertThat(c.parent()).as("parent of %s", c.id()).isBetween(1, c.number() - 1);
            }
            assertThat(c.summary()).as("summary of %s", c.id()).isNotBlank().doesNotContain("\n");
            assertThat(c.summary().length()).as("summary length of %s", c.id()).isLessThanOrEqualTo(161);
        }
    }

    @Test
    @DisplayName("resolves claim tags, and only well-formed ones")
    void resolvesTags() {
        assertThat(catalogue.byTag("@claim-proxy-17")).map(Claim::id).hasValue("proxy-17");
        assertThat(catalogue.byTag("@claim-handshake-23")).isPresent();
        assertThat(catalogue.byTag("@claim-handshake-24")).isEmpty();
        assertThat(catalogue.byTag("@claim-proxy-017")).isEmpty();
        assertThat(catalogue.byTag("@proxy")).isEmpty();
    }
}
