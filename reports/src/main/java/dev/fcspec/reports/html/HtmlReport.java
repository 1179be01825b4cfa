package dev.fcspec.reports.html;

import dev.fcspec.reports.claims.Claim;
import dev.fcspec.reports.claims.ClaimCatalogue;
import dev.fcspec.reports.run.ScenarioResult;
import dev.fcspec.reports.summary.Summary;
import dev.fcspec.reports.summary.Summary.ClaimResult;
import dev.fcspec.reports.summary.Summary.ClaimStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's own page, {@code report/index.html}: the claims matrix (family x claim), every scenario with
 * its outcome, claims and capture files, and every claim with the scenarios that exercise it. One file,
 * inline styles, no scripts and nothing loaded from a network, so it opens from disk anywhere.
 *
 * <p>Links are relative to the report folder: captures are {@code ../captures/NAME}, the machine-readable
 * outputs are {@code ../summary.json} etc., and the Allure report (step detail, attachments) is
 * {@code allure.html} beside this page when it was generated.
 */
public final class HtmlReport {

    /**
     * What the page links to besides the summary.
     *
     * @param allureHref   the Allure single-file report relative to the page, or {@code null} if none
     * @param capturesHref the captures folder relative to the page, ending in {@code /}
     * @param tags         the tag expression that selected the scenarios, or {@code null}
     */
    public record Links(String allureHref, String capturesHref, String tags) {
    }

    private HtmlReport() {
    }

    public static void write(Path file, Summary summary, List<ScenarioResult> scenarios, ClaimCatalogue catalogue,
                             Links links) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(summary, scenarios, catalogue, links));
    }

    public static String render(Summary summary, List<ScenarioResult> scenarios, ClaimCatalogue catalogue,
                                Links links) {
        Map<String, ClaimResult> results = new HashMap<>();
        summary.claims().forEach(c -> results.put(c.id(), c));
        StringBuilder h = new StringBuilder(64 * 1024);
        Summary.Totals t = summary.scenarios();
        String verdict = t.total() > 0 && t.passed() == t.total() ? "passed" : t.failed() > 0 ? "failed" : "incomplete";

        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>fcspec run: ").append(esc(verdict)).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");

        h.append("<header><h1>fcspec run <span class=\"badge ").append(verdict).append("\">").append(verdict)
                .append("</span></h1>\n<p class=\"meta\">bench <code>").append(esc(summary.bench()))
                .append("</code> &middot; seed <code>").append(summary.seed()).append("</code>");
        if (links.tags() != null && !links.tags().isBlank()) {
            h.append(" &middot; tags <code>").append(esc(links.tags())).append("</code>");
        }
        h.append("</p>\n<p class=\"totals\">")
                .append(count(t.total(), "scenario")).append(": ")
                .append("<span class=\"passed\">").append(t.passed()).append(" passed</span>, ")
                .append("<span class=\"failed\">").append(t.failed()).append(" failed</span>, ")
                .append("<span class=\"skipped\">").append(t.skipped()).append(" skipped</span>")
                .append(t.skippedMissingCapability() > 0 ? " (" + t.skippedMissingCapability()
                        + " for a capability the bench lacks)" : "").append(". ")
                .append(catalogue.size()).append(" claims: ")
                .append("<span class=\"passed\">").append(summary.count(null, ClaimStatus.PASSED)).append(" passed</span>, ")
                .append("<span class=\"failed\">").append(summary.count(null, ClaimStatus.FAILED)).append(" failed</span>, ")
                .append("<span class=\"skipped\">").append(summary.count(null, ClaimStatus.SKIPPED)).append(" skipped</span>")
                .append(summary.countMissingCapability(null) > 0 ? " (" + summary.countMissingCapability(null)
                        + " for a capability the bench lacks)" : "").append(", ")
                .append("<span class=\"uncovered\">").append(summary.count(null, ClaimStatus.UNCOVERED)).append(" uncovered</span>.</p>\n")
                .append("<nav>");
        if (links.allureHref() != null) {
            h.append("<a href=\"").append(esc(links.allureHref())).append("\">Allure report (steps, attachments)</a> &middot; ");
        }
        h.append("<a href=\"#matrix\">claims matrix</a> &middot; <a href=\"#scenarios\">scenarios</a> &middot; ")
                .append("<a href=\"#claims\">claims</a> &middot; files: <a href=\"../summary.json\">summary.json</a>, ")
                .append("<a href=\"../junit.xml\">junit.xml</a>, <a href=\"../cucumber.ndjson\">cucumber.ndjson</a>, ")
                .append("<a href=\"").append(esc(links.capturesHref())).append("\">captures/</a></nav>\n</header>\n");

        // Claims matrix: one row per family, one cell per claim.
        h.append("<section id=\"matrix\"><h2>Claims matrix</h2>\n<table class=\"matrix\">\n<thead><tr><th>family</th>"
                + "<th>passed</th><th>failed</th><th>skipped</th><th>uncovered</th>"
                + "<th title=\"of the skipped claims, those whose bench lacks a capability their scenarios need\">"
                + "missing capability</th><th class=\"cells\">claims</th></tr></thead>\n<tbody>\n");
        for (ClaimCatalogue.Family f : catalogue.families()) {
            h.append("<tr><th><a href=\"#family-").append(esc(f.family())).append("\">@").append(esc(f.family()))
                    .append("</a></th>");
            for (ClaimStatus s : ClaimStatus.values()) {
                h.append("<td class=\"num\">").append(summary.count(f.family(), s)).append("</td>");
            }
            h.append("<td class=\"num\">").append(summary.countMissingCapability(f.family())).append("</td>");
            h.append("<td class=\"cells\">");
            for (Claim c : catalogue.claimsOf(f.family())) {
                ClaimResult r = results.get(c.id());
                String status = r == null ? "uncovered" : r.status().label();
                String why = r != null && r.skippedForMissingCapability()
                        ? ", bench lacks " + String.join(", ", r.missingCapabilities()) : "";
                h.append("<a class=\"cell ").append(status).append(c.independent() ? " indep" : "")
                        .append("\" href=\"#claim-").append(esc(c.id())).append("\" title=\"")
                        .append(esc(c.id() + " (" + status + why + "): " + c.summary())).append("\">")
                        .append(c.number()).append("</a>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<p class=\"legend\"><span class=\"cell passed\">n</span> passed "
                + "<span class=\"cell failed\">n</span> failed <span class=\"cell skipped\">n</span> skipped "
                + "<span class=\"cell uncovered\">n</span> uncovered; a bold border marks an independent claim.</p>\n</section>\n");

        // Scenarios.
        h.append("<section id=\"scenarios\"><h2>Scenarios</h2>\n");
        if (scenarios.isEmpty()) {
            h.append("<p>No scenario ran.</p>\n");
        } else {
            h.append("<table class=\"list\">\n<thead><tr><th></th><th>scenario</th><th>claims</th><th>captures</th></tr></thead>\n<tbody>\n");
            for (ScenarioResult s : scenarios) {
                String st = s.status().label();
                h.append("<tr class=\"").append(st).append("\"><td class=\"icon ").append(st).append("\" title=\"")
                        .append(st).append("\">").append(icon(st)).append("</td><td>").append(esc(s.name()))
                        .append("<div class=\"loc\">").append(esc(s.location())).append(" ");
                s.tags().stream().filter(tag -> !tag.startsWith("@claim-"))
                        .forEach(tag -> h.append("<span class=\"tag\">").append(esc(tag)).append("</span>"));
                h.append("</div>");
                if (s.message() != null && !s.message().isBlank()) {
                    h.append("<pre class=\"message\">").append(esc(abbreviate(s.message(), 4000))).append("</pre>");
                }
                h.append("</td><td>");
                s.tags().stream().filter(tag -> tag.startsWith("@claim-")).forEach(tag -> {
                    String id = tag.substring("@claim-".length());
                    h.append("<a class=\"tag\" href=\"#claim-").append(esc(id)).append("\">").append(esc(id)).append("</a> ");
                });
                h.append("</td><td>");
                for (String capture : s.captures()) {
                    h.append("<a href=\"").append(esc(links.capturesHref() + capture)).append("\">")
                            .append(esc(capture)).append("</a><br>");
                }
                h.append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("</section>\n");

        // Claims by family.
        h.append("<section id=\"claims\"><h2>Claims</h2>\n");
        for (ClaimCatalogue.Family f : catalogue.families()) {
            h.append("<h3 id=\"family-").append(esc(f.family())).append("\">@").append(esc(f.family()))
                    .append("</h3>\n<p class=\"about\">").append(esc(f.about())).append("</p>\n")
                    .append("<table class=\"list\">\n<thead><tr><th>claim</th><th>status</th><th>text</th><th>scenarios</th></tr></thead>\n<tbody>\n");
            for (Claim c : catalogue.claimsOf(f.family())) {
                ClaimResult r = results.get(c.id());
                String status = r == null ? "uncovered" : r.status().label();
                h.append("<tr id=\"claim-").append(esc(c.id())).append("\"><td class=\"id\">").append(esc(c.id()))
                        .append(c.independent() ? "" : "<div class=\"loc\">narrows " + c.family() + "-" + c.parent() + "</div>")
                        .append("</td><td class=\"").append(status).append("\">").append(status);
                if (r != null && r.skippedForMissingCapability()) {
                    h.append("<div class=\"loc\">bench lacks: ").append(esc(String.join(", ", r.missingCapabilities())))
                            .append("</div>");
                }
                h.append("</td><td title=\"")
                        .append(esc(c.text())).append("\">").append(esc(c.summary()));
                if (c.note() != null) {
                    h.append("<div class=\"loc\">note: ").append(esc(c.note())).append("</div>");
                }
                h.append("</td><td>");
                if (r != null) {
                    r.scenarios().forEach(n -> h.append(esc(n)).append("<br>"));
                }
                h.append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
        }
        h.append("</section>\n<footer>Made by fcspec from cucumber.ndjson and the claims catalogue.</footer>\n</body>\n</html>\n");
        return h.toString();
    }

    private static String icon(String status) {
        return switch (status) {
            case "passed" -> "&#10003;";
            case "failed" -> "&#10007;";
            default -> "&ndash;";
        };
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "\n\u2026";
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 2rem 3rem; color: #1d2330; }
            h1 { margin: 1.2rem 0 .3rem; font-size: 1.6rem; }
            h2 { margin-top: 2rem; border-bottom: 1px solid #d8dce4; padding-bottom: .2rem; }
            code, pre, .loc { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
            .meta, .about, .legend, footer { color: #555e6e; }
            .badge { font-size: .9rem; padding: .15rem .55rem; border-radius: .8rem; color: #fff; vertical-align: middle; }
            .badge.passed { background: #2e8540; } .badge.failed { background: #c62828; } .badge.incomplete { background: #8a6d00; }
            span.passed, td.passed { color: #2e8540; } span.failed, td.failed { color: #c62828; }
            span.skipped, td.skipped { color: #8a6d00; } span.uncovered, td.uncovered { color: #6b7280; }
            nav a { margin-right: .2rem; }
            table { border-collapse: collapse; margin: .5rem 0; }
            th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eceef2; }
            td.num { text-align: right; }
            .matrix td.cells { line-height: 2.1; }
            .cell { display: inline-block; min-width: 1.7rem; text-align: center; margin: 1px; border-radius: 3px;
                    text-decoration: none; font-size: 12px; color: #fff; border: 2px solid transparent; }
            .cell.passed { background: #2e8540; } .cell.failed { background: #c62828; }
            .cell.skipped { background: #c9a227; } .cell.uncovered { background: #cfd4dc; color: #444; }
            .cell.indep { border-color: #1d2330; font-weight: bold; }
            .list { width: 100%; }
            .icon { font-weight: bold; width: 1.2rem; } .icon.passed { color: #2e8540; } .icon.failed { color: #c62828; }
            .icon.skipped { color: #8a6d00; }
            .loc { font-size: 12px; color: #6b7280; }
            .tag { display: inline-block; font-size: 12px; background: #eef1f6; border-radius: 3px; padding: 0 .3rem; margin: 1px; color: #1d2330; text-decoration: none; }
            pre.message { white-space: pre-wrap; background: #fff4f4; border-left: 3px solid #c62828; padding: .4rem; font-size: 12px; max-height: 20rem; overflow: auto; }
            tr.skipped pre.message { background: #fffbea; border-color: #c9a227; }
            td.id { white-space: nowrap; }
            footer { margin-top: 2rem; font-size: 12px; }
            """;
}
