package dev.fcspec.harness;

import dev.fcspec.emulator.bench.BenchDefinitionException;
import dev.fcspec.emulator.bench.BenchLoader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench a run uses: a name resolved to {@code fixtures/benches/NAME.yaml} on the classpath, or a bench
 * file. It is loaded once up front, so that a missing or malformed bench is a usage error before anything runs.
 *
 * @param value what the steps receive in the {@code fcspec.bench} system property: the name, or the
 *              absolute path of the bench file
 * @param name  the bench's own name
 */
record BenchRef(String value, String name) {

    static BenchRef resolve(String bench) {
        if (bench == null || bench.isBlank()) {
            throw new Fcspec.UsageException("--bench needs a bench name or a bench file");
        }
        String b = bench.trim();
        boolean name = b.matches("[A-Za-z0-9_-]+");
        String value = name ? b : Path.of(b).toAbsolutePath().normalize().toString();
        if (!name && !Files.isRegularFile(Path.of(value))) {
            throw new Fcspec.UsageException("--bench " + bench + ": no such bench file (" + value + ")");
        }
        try {
            return new BenchRef(value, BenchLoader.load(value).name());
        } catch (BenchDefinitionException e) {
            throw new Fcspec.UsageException("--bench " + bench + ": " + e.getMessage());
        }
    }
}
