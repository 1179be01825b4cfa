package dev.fcspec.harness;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench a run uses: a name resolved to {@code fixtures/benches/NAME.yaml} on the classpath, or a bench
 * file. The default, {@code embedded}, is the in-process bench and needs no file.
 *
 * @param value  what the steps receive in the {@code fcspec.bench} system property: the name, or the
 *               absolute path of the bench file
 * @param source where the bench description was found, for messages
 */
record BenchRef(String value, String source) {

    static final String DEFAULT = "embedded";

    static BenchRef resolve(String bench) {
        if (bench == null || bench.isBlank()) {
            throw new Fcspec.UsageException("--bench needs a bench name or a bench file");
        }
        boolean looksLikeFile = bench.contains("/") || bench.contains("\\") || bench.endsWith(".yaml")
                || bench.endsWith(".yml");
        if (looksLikeFile) {
            Path file = Path.of(bench).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new Fcspec.UsageException("--bench " + bench + ": no such bench file (" + file + ")");
            }
            return new BenchRef(file.toString(), file.toString());
        }
        if (!bench.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new Fcspec.UsageException("--bench " + bench + ": a bench name is letters, digits, '.', '_' and '-'");
        }
        String resource = "fixtures/benches/" + bench + ".yaml";
        URL url = Thread.currentThread().getContextClassLoader().getResource(resource);
        if (url != null) {
            return new BenchRef(bench, "classpath:" + resource);
        }
        if (DEFAULT.equals(bench)) {
            return new BenchRef(bench, "built in");
        }
        throw new Fcspec.UsageException("--bench " + bench + ": no bench of that name (looked for " + resource
                + " on the classpath); give a bench file path instead");
    }
}
