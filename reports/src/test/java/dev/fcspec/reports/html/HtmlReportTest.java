package dev.fcspec.reports.html;

import dev.fcspec.reports.claims.Claim;
import dev.fcspec.reports.claims.ClaimCatalogue;
import dev.fcspec.reports.run.ScenarioResult;
import dev.fcspec.reports.run.ScenarioStatus;
import dev.fcspec.reports.summary.Summary;
import dev.fcspec.reports.summary.SummaryBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The run's HTML page")
class HtmlReportTest {

    private static final ClaimCatalogue CATALOGUE = new ClaimCatalogue(
            List.of(new ClaimCatalogue.Family("proxy", "p.txt", 2, List.of(1), "proxying <commands>")),
            List.of(new Claim("proxy-1", "proxy", 1, true, null, "A method", "A method.", null),
                    new Claim("proxy-2", "proxy", 2, false, 1, "The method of claim 1", "The method of claim 1.", null)));

    private static String render(List<ScenarioResult> scenarios, String allure) {
        Summary summary = SummaryBuilder.build("embedded", 3, scenarios, CATALOGUE);
        return HtmlReport.render(summary, scenarios, CATALOGUE, new HtmlReport.Links(allure, "../captures/", "@proxy"));
    }

    @Test
    @DisplayName("shows the claims matrix, the scenarios with their captures, and links the Allure report")
    void matrixScenariosAndLinks() {
        ScenarioResult failed = new ScenarioResult("Proxy - <b>read</b> & forward", "classpath:features/proxy/read.feature",
                4, List.of("@proxy", "@claim-proxy-1"), ScenarioStatus.FAILED, "expected: 1\n but was: 2",
                List.of("proxy-read-4-read.pcap"));
        String html = render(List.of(failed), "allure.html");

        assertThat(html).contains("<title>fcspec run: failed</title>")
                .contains("class=\"cell failed indep\" href=\"#claim-proxy-1\"")
                .contains("class=\"cell uncovered\" href=\"#claim-proxy-2\"")
                .contains("<a href=\"../captures/proxy-read-4-read.pcap\">")
                .contains("<a href=\"allure.html\">")
                .contains("Proxy - &lt;b&gt;read&lt;/b&gt; &amp; forward")
                .contains("proxying &lt;commands&gt;")
                .contains("features/proxy/read.feature:4")
                .contains("expected: 1\n but was: 2")
                .doesNotContain("<b>read</b>")
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    @DisplayName("shows the claims skipped for a capability the bench lacks apart, with the capability")
    void missingCapability() {
        ScenarioResult lacking = new ScenarioResult("Proxy - who served it", "classpath:features/proxy/read.feature",
                9, List.of("@proxy", "@claim-proxy-2"), ScenarioStatus.SKIPPED,
                "skipped on bench real.yaml: a step needs the capability 'observe node events'", List.of(),
                List.of("observe node events"));
        String html = render(List.of(lacking), null);

        assertThat(html).contains("1 skipped</span> (1 for a capability the bench lacks)")
                .contains("missing capability</th>")
                .contains("<td class=\"num\">1</td><td class=\"cells\">")
                .contains("proxy-2 (skipped, bench lacks observe node events)")
                .contains("<div class=\"loc\">bench lacks: observe node events</div>")
                .contains("fcspec run: incomplete");
    }

    @Test
    @DisplayName("says when no scenario ran and when the Allure report is missing")
    void emptyRun() {
        String html = render(List.of(), null);
        assertThat(html).contains("No scenario ran.").contains("fcspec run: incomplete").doesNotContain("allure.html");
    }
}
