package dev.fcspec.steps.support;

import dev.fcspec.emulator.bench.BenchLoader;
import java.nio.file.Path;

/**
 * The settings of the current run, as the {@code fcspec} command line (or the Maven test suite) passes
 * them to the steps through system properties. Read on every call: one JVM may run several runs. The keys are
 * defined here only; the harness sets them from these constants.
 */
public final class RunSettings {

    /** Run seed; every scenario derives its own seed from it. */
    public static final String SEED = "fcspec.seed";
    /** Bench name (default {@link BenchLoader#DEFAULT_BENCH}) or bench file path. */
    public static final String BENCH = "fcspec.bench";
    /** Where scenarios' frame captures are written. */
    public static final String CAPTURES_DIR = "fcspec.captures.dir";

    public static final long DEFAULT_SEED = 1L;
    public static final String DEFAULT_CAPTURES_DIR = "target/captures";

    private RunSettings() {
    }

    public static long runSeed() {
        String value = System.getProperty(SEED);
        if (value == null || value.isBlank()) {
            return DEFAULT_SEED;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("system property " + SEED + " must be an integer, not \"" + value + "\"", e);
        }
    }

    public static String bench() {
        String value = System.getProperty(BENCH);
        return value == null || value.isBlank() ? BenchLoader.DEFAULT_BENCH : value.trim();
    }

    public static Path capturesDir() {
        String value = System.getProperty(CAPTURES_DIR);
        return Path.of(value == null || value.isBlank() ? DEFAULT_CAPTURES_DIR : value.trim());
    }
}
