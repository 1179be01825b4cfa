package dev.fcspec.reports.claims;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalogue of claimed behaviours: every claim of every family, in family order then number order.
 * The committed copy is the classpath resource {@value #RESOURCE}; {@link ClaimTextParser} regenerates it
 * from the claim files.
 */
@JsonPropertyOrder({"families", "claims"})
public record ClaimCatalogue(List<Family> families, List<Claim> claims) {

    /** Where the catalogue lives on the classpath (in the features module). */
    public static final String RESOURCE = "claims/claims.json";

    /** A scenario tag naming a claim: {@code @claim-<family>-<number>}. */
    public static final Pattern CLAIM_TAG = Pattern.compile("@claim-([a-z]+)-([0-9]+)");

    /**
     * A family of claims.
     *
     * @param family      the family tag without {@code @}
     * @param source      the claim file it was parsed from
     * @param claims      how many claims the family has
     * @param independent the numbers of its independent claims
     * @param about       what the family is about (from the index)
     */
    @JsonPropertyOrder({"family", "source", "claims", "independent", "about"})
    public record Family(String family, String source, int claims, List<Integer> independent, String about) {
        public Family {
            independent = List.copyOf(independent);
        }
    }

    public ClaimCatalogue {
        families = List.copyOf(families);
        claims = List.copyOf(claims);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Claim c : claims) {
            counts.merge(c.family(), 1, Integer::sum);
        }
        for (Family f : families) {
            int n = counts.getOrDefault(f.family(), 0);
            if (n != f.claims()) {
                throw new IllegalArgumentException("family " + f.family() + " declares " + f.claims()
                        + " claims but the catalogue holds " + n);
            }
        }
        if (counts.size() != families.size()) {
            throw new IllegalArgumentException("claims name families " + counts.keySet()
                    + " but the catalogue declares " + families.stream().map(Family::family).toList());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** Reads the committed catalogue from the classpath. */
    public static ClaimCatalogue load() {
        ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(ClaimCatalogue.class.getClassLoader());
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("claims catalogue " + RESOURCE
                        + " is not on the classpath (it is built into the fcspec-features module)");
            }
            return JSON.readValue(in, ClaimCatalogue.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read claims catalogue " + RESOURCE, e);
        }
    }

    public static ClaimCatalogue read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ClaimCatalogue.class);
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, toJson());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonIgnore
    public int size() {
        return claims.size();
    }

    public Optional<Claim> byId(String id) {
        return claims.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The claim a tag such as {@code @claim-proxy-17} names, if it is one. */
    public Optional<Claim> byTag(String tag) {
        Matcher m = CLAIM_TAG.matcher(tag);
        return m.matches() ? byId(m.group(1) + "-" + m.group(2)) : Optional.empty();
    }

    @JsonIgnore
    public List<String> familyNames() {
        List<String> names = new ArrayList<>();
        families.forEach(f -> names.add(f.family()));
        return names;
    }

    public List<Claim> claimsOf(String family) {
        return claims.stream().filter(c -> c.family().equals(family)).toList();
    }
}
