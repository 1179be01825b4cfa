package dev.fcspec.reports.claims;

import java.nio.file.Path;

/**
 * Regenerates the committed claims catalogue from the claim files:
 * {@code GenerateClaimCatalogue <claims dir with INDEX.md> <output claims.json>}.
 * Run it through {@code ci/regenerate-claims.sh}.
 */
public final class GenerateClaimCatalogue {

    private GenerateClaimCatalogue() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: GenerateClaimCatalogue CLAIMS_DIR OUTPUT_JSON");
            System.exit(2);
        }
        ClaimCatalogue catalogue = ClaimTextParser.parseDirectory(Path.of(args[0]));
        catalogue.write(Path.of(args[1]));
        StringBuilder counts = new StringBuilder();
        catalogue.families().forEach(f -> counts.append(' ').append(f.family()).append('=').append(f.claims()));
        System.out.println("wrote " + catalogue.size() + " claims (" + counts.toString().trim() + ") to " + args[1]);
    }
}
