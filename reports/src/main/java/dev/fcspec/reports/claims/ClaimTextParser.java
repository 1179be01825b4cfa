package dev.fcspec.reports.claims;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link ClaimCatalogue} from the claim files and their {@code INDEX.md}.
 *
 * <p>The claim files are scanned text: each line may carry a leading {@code "- "} marker and a printed line
 * number, words are hyphenated across lines, and page furniture (headers in capitals, bare page line
 * numbers) sits between claims. The parser strips those, then finds claim {@code n} as the next
 * {@code "n. "} followed by a capital letter after claim {@code n-1}. A claim whose number was lost in the
 * scan is found as an unnumbered {@code "The ... of claim k"} sentence inside the previous claim. The result
 * is checked against the index: the number of claims and the list of independent claims of every family
 * must match, or parsing fails with a message saying which.
 */
public final class ClaimTextParser {

    /** A row of the index table: family tag, file, range, about, independent claims. */
    private static final Pattern INDEX_ROW = Pattern.compile(
            "^\\|\\s*`@([a-z]+)`\\s*\\|\\s*(\\S+\\.txt)\\s*\\|\\s*1-(\\d+)\\s*\\|\\s*(.*?)\\s*\\|\\s*([0-9, ]+)\\s*\\|\\s*$");
    private static final Pattern LEADING_MARK = Pattern.compile("^[\\s\\-]*");
    private static final Pattern LEADING_LINE_NUMBER = Pattern.compile("^\\d{1,2}\\s+");
    private static final Pattern DEPENDENT = Pattern.compile("\\bclaim\\s+(\\d+)");
    private static final Pattern UNNUMBERED_START = Pattern.compile(
            "(?<=[.;:]\\s)(?:The|A|An)\\s[^.;:]{0,80}?\\b(?:of|in)\\s+claim\\s+\\d+");
    private static final Set<String> KEEP_HYPHEN_PREFIXES = Set.of("pre", "re", "non", "co", "peer-to");
    private static final int SUMMARY_LENGTH = 160;

    private ClaimTextParser() {
    }

    /** Parses every family listed in {@code claimsDir/INDEX.md}. */
    public static ClaimCatalogue parseDirectory(Path claimsDir) throws IOException {
        Path index = claimsDir.resolve("INDEX.md");
        if (!Files.isRegularFile(index)) {
            throw new IOException("no INDEX.md in " + claimsDir);
        }
        List<ClaimCatalogue.Family> families = new ArrayList<>();
        List<Claim> claims = new ArrayList<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            Matcher row = INDEX_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String family = row.group(1);
            String file = row.group(2);
            int count = Integer.parseInt(row.group(3));
            List<Integer> independent = Arrays.stream(row.group(5).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
            String text = Files.readString(claimsDir.resolve(file), StandardCharsets.UTF_8);
            List<Claim> parsed = parseFamily(family, text);
            check(family, file, count, independent, parsed);
            families.add(new ClaimCatalogue.Family(family, file, count, independent, row.group(4)));
            claims.addAll(parsed);
        }
        if (families.isEmpty()) {
            throw new IOException("INDEX.md in " + claimsDir + " has no family rows");
        }
        return new ClaimCatalogue(families, claims);
    }

    private static void check(String family, String file, int count, List<Integer> independent, List<Claim> parsed) {
        if (parsed.size() != count) {
            throw new IllegalStateException(file + ": index says " + family + " has " + count
                    + " claims, parsed " + parsed.size());
        }
        Set<Integer> found = new TreeSet<>();
        parsed.stream().filter(Claim::independent).forEach(c -> found.add(c.number()));
        if (!found.equals(new TreeSet<>(independent))) {
            throw new IllegalStateException(file + ": index says the independent " + family + " claims are "
                    + independent + ", parsed " + found);
        }
    }

    /** Parses the claims of one family from the text of its claim file. */
    public static List<Claim> parseFamily(String family, String fileText) {
        String text = normalise(fileText);
        List<int[]> spans = new ArrayList<>(); // [start of the claim, start of its text]
        int from = 0;
        for (int n = 1; ; n++) {
            int[] numbered = numberedStart(text, n, from);
            int[] following = numberedStart(text, n + 1, from);
            if (numbered != null && (following == null || numbered[0] < following[0])) {
                spans.add(numbered);
                from = numbered[1];
                continue;
            }
            if (following == null || spans.isEmpty()) {
                break;
            }
            // The scan lost the number of claim n: look for an unnumbered "The ... of claim k" sentence
            // between the start of claim n-1 and the start of claim n+1.
            Matcher u = UNNUMBERED_START.matcher(text);
            u.region(spans.get(spans.size() - 1)[1] + 1, following[0]);
            if (!u.find()) {
                throw new IllegalStateException(family + ": cannot find the start of claim " + n);
            }
            spans.add(new int[] {u.start(), u.start()});
            from = u.start() + 1;
        }
        List<Claim> claims = new ArrayList<>();
        int lastIndependent = 0;
        for (int i = 0; i < spans.size(); i++) {
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            Claim c = claim(family, i + 1, text.substring(spans.get(i)[1], end), lastIndependent);
            if (c.independent()) {
                lastIndependent = c.number();
            }
            claims.add(c);
        }
        return claims;
    }

    private static int[] numberedStart(String text, int n, int from) {
        Matcher m = Pattern.compile("(?<![\\d.])(?<!claim )" + n + "\\s*\\.\\s+(?=[A-Z])").matcher(text);
        return m.find(from) ? new int[] {m.start(), m.end()} : null;
    }

    private static Claim claim(String family, int number, String body, int lastIndependent) {
        String text = body.replaceAll("\\s+", " ").trim();
        Integer parent = null;
        String note = null;
        Matcher dep = DEPENDENT.matcher(text);
        if (dep.find() && dep.start() < Math.min(text.length(), 120)) {
            parent = Integer.parseInt(dep.group(1));
            if (parent >= number) {
                // A claim can only narrow an earlier one: read it as narrowing the nearest preceding
                // independent claim, and say so.
                note = "the text says \"claim " + parent + "\"; read as claim " + lastIndependent
                        + ", the nearest preceding independent claim";
                parent = lastIndependent;
            }
        }
        return new Claim(family + "-" + number, family, number, parent == null, parent,
                summary(text), text, note);
    }

    static String summary(String text) {
        if (text.length() <= SUMMARY_LENGTH) {
            return text;
        }
        int cut = text.lastIndexOf(' ', SUMMARY_LENGTH - 1);
        return text.substring(0, cut > 40 ? cut : SUMMARY_LENGTH - 1).replaceAll("[,;:]$", "") + "\u2026";
    }

    /** Strips scan artefacts and joins the file into one line of text. */
    static String normalise(String fileText) {
        StringBuilder out = new StringBuilder();
        for (String raw : fileText.split("\\R")) {
            String line = LEADING_MARK.matcher(raw).replaceFirst("");
            line = LEADING_LINE_NUMBER.matcher(line).replaceFirst("").strip();
            if (line.isEmpty() || line.chars().noneMatch(Character::isLowerCase)) {
                continue; // page line numbers, headers in capitals, filing stamps
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) == '-' && Character.isLowerCase(line.charAt(0))) {
                int wordStart = out.length() - 1;
                while (wordStart > 0 && !Character.isWhitespace(out.charAt(wordStart - 1))) {
                    wordStart--;
                }
                String prefix = out.substring(wordStart, out.length() - 1).toLowerCase(Locale.ROOT);
                if (!KEEP_HYPHEN_PREFIXES.contains(prefix)) {
                    out.setLength(out.length() - 1);
                }
                out.append(line);
            } else {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(line);
            }
        }
        // A printed line number left before a lowercase word ("and 5. processing") is not claim text.
        return out.toString().replaceAll("\\s+", " ").replaceAll("(?<=[a-z,;] )\\d{1,2}\\. (?=[a-z])", "");
    }
}
