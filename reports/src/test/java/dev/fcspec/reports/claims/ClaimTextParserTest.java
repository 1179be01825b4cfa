package dev.fcspec.reports.claims;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Reading claims from scanned claim text")
class ClaimTextParserTest {

    private static final String SCAN = String.join("\n",
            "CLAIMS",
            "",
            "- 1 1. A method for proxying data access commands, the method comprising the steps of:",
            "- 2 receiving a command; and for-",
            "- 3 warding it via a cluster inter-",
            "- connect.",
            "- 1 2. The method of claim 1 wherein the port comprises a physical port.",
            "- The method of claim 2 wherein the port is pre-",
            "  assigned.",
            "12",
            "ATTORNEYS AT LAW",
            "- 1 4. A system comprising: a virtual target module; and",
            "- 5. processing the command.",
            "5. The system of claim 5 wherein it forwards.");

    @Test
    @DisplayName("strips line numbers, page furniture and hyphenation, and finds a claim whose number the scan lost")
    void parsesScannedText() {
        List<Claim> claims = ClaimTextParser.parseFamily("proxy", SCAN);

        assertThat(claims).extracting(Claim::id).containsExactly("proxy-1", "proxy-2", "proxy-3", "proxy-4", "proxy-5");
        assertThat(claims.get(0).text()).isEqualTo("A method for proxying data access commands, the method comprising"
                + " the steps of: receiving a command; and forwarding it via a cluster interconnect.");
        assertThat(claims.get(0).independent()).isTrue();
        assertThat(claims.get(1).parent()).isEqualTo(1);
        assertThat(claims.get(2).text()).isEqualTo("The method of claim 2 wherein the port is pre-assigned.");
        assertThat(claims.get(2).parent()).isEqualTo(2);
        assertThat(claims.get(3).text()).isEqualTo("A system comprising: a virtual target module; and processing the command.");
        assertThat(claims.get(3).independent()).isTrue();
    }

    @Test
    @DisplayName("reads a claim that names itself as its parent as narrowing the nearest independent claim, with a note")
    void selfReference() {
        Claim c = ClaimTextParser.parseFamily("proxy", SCAN).get(4);
        assertThat(c.parent()).isEqualTo(4);
        assertThat(c.note()).contains("claim 5").contains("claim 4");
    }

    @Test
    @DisplayName("keeps summaries to one line of at most 160 characters")
    void summaries() {
        String longText = "A method " + "of doing things ".repeat(20) + "end.";
        assertThat(ClaimTextParser.summary(longText)).hasSizeLessThanOrEqualTo(160).endsWith("\u2026");
        assertThat(ClaimTextParser.summary("Short.")).isEqualTo("Short.");
    }

    @Test
    @DisplayName("fails when the index and the claim file disagree on the number of claims")
    void indexMismatch() throws IOException {
        Path dir = Files.createTempDirectory("claims");
        Files.writeString(dir.resolve("a.txt"), SCAN);
        Files.writeString(dir.resolve("INDEX.md"), "| family | file |\n|---|---|\n"
                + "| `@proxy` | a.txt | 1-6 | proxying | 1, 4 |\n");
        assertThatThrownBy(() -> ClaimTextParser.parseDirectory(dir))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has 6 claims, parsed 5");
    }

    @Test
    @DisplayName("the committed catalogue is what the claim files beside the repository give")
    void committedCatalogueIsCurrent() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path claimsDir = root.resolve("../shared/claims").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(claimsDir.resolve("INDEX.md")),
                "the claim files are not beside the repository (" + claimsDir + "); nothing to compare with");
        Path committed = root.resolve("features/src/main/resources/claims/claims.json");
        assertThat(ClaimTextParser.parseDirectory(claimsDir).toJson())
                .as("run ci/regenerate-claims.sh and commit the result")
                .isEqualTo(Files.readString(committed));
    }
}
