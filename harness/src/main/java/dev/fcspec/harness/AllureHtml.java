package dev.fcspec.harness;

import io.qameta.allure.ConfigurationBuilder;
import io.qameta.allure.Extension;
import io.qameta.allure.ReportGenerator;
import io.qameta.allure.core.Configuration;
import io.qameta.allure.ga.GaPlugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generates the Allure report of a run as one self-contained HTML file, in this JVM and without any
 * network access: the analytics extension is left out, and the page is stripped of the analytics script
 * tag the template adds unless {@code ALLURE_NO_ANALYTICS} is set.
 */
final class AllureHtml {

    /** A script or stylesheet loaded from a network address. */
    static final Pattern REMOTE_LOAD = Pattern.compile(
            "<script\\b[^>]*\\bsrc\\s*=\\s*[\"']?(?:https?:)?//[^>]*>\\s*</script>"
                    + "|<link\\b[^>]*\\bhref\\s*=\\s*[\"']?(?:https?:)?//[^>]*>",
            Pattern.CASE_INSENSITIVE);

    private AllureHtml() {
    }

    /** Writes {@code target} (e.g. {@code report/allure.html}) from the results folder. */
    static void generate(Path results, Path target, String reportName) throws IOException {
        List<Extension> extensions = new ConfigurationBuilder().useDefault().build().getExtensions().stream()
                .filter(e -> !(e instanceof GaPlugin))
                .toList();
        Configuration configuration = new ConfigurationBuilder()
                .withExtensions(extensions)
                .withReportName(reportName)
                .build();
        Path work = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".allure-");
        try {
            new ReportGenerator(configuration).generateSingleFile(work, List.of(results));
            Path index = work.resolve("index.html");
            if (!Files.isRegularFile(index)) {
                throw new IOException("the Allure generator wrote no index.html");
            }
            String html = Files.readString(index, StandardCharsets.UTF_8);
            Files.writeString(index, REMOTE_LOAD.matcher(html).replaceAll(""), StandardCharsets.UTF_8);
            Files.move(index, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteTree(work);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
