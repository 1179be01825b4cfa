package dev.fcspec.emulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a bench file. Strict: every key must be known, every value must have its form, and the topology
 * must hold together; anything else is a {@link BenchDefinitionException} naming the file and the path.
 *
 * <p>Every scalar is read as text and converted here (no YAML type guessing), so WWNs such as
 * {@code 20:00:00:25:35:00:00:01} need no quotes (YAML 1.1 would read them as base-60 numbers), numbers may
 * be hex ({@code 0x0a}) and durations carry units ({@code 2s}, {@code 500ms}, {@code 1us}).
 *
 * <p>This class finds and parses the text; {@link BenchSpecReader} converts and checks the document, and
 * {@link BenchNode} converts each value.
 */
public final class BenchLoader {

    /** Where named benches live on the classpath: {@code fixtures/benches/NAME.yaml}. */
    public static final String CLASSPATH_FOLDER = "fixtures/benches/";

    /** The bench a run uses unless it names another: {@code fixtures/benches/embedded.yaml}. */
    public static final String DEFAULT_BENCH = "embedded";

    /** Default latency of a link that names none: 1 µs, a few hundred metres of fibre. */
    public static final Duration DEFAULT_LATENCY = Duration.ofNanos(1_000);

    /** Default NPIV capacity of an HBA port (Linux lpfc and qla2xxx report 255 or more). */
    public static final int DEFAULT_MAX_NPIV_VPORTS = 255;
    /** The largest first_burst or max_burst a bench may give: 16 MiB. */
    public static final int MAX_BURST = 1 << 24;

    private BenchLoader() {
    }

    /**
     * Loads the bench called {@code nameOrPath}: a bare name resolves to the classpath resource
     * {@code fixtures/benches/NAME.yaml}; anything else (or a name with no such resource) is a file path.
     */
    public static BenchSpec load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BenchDefinitionException("(none)", "", "no bench named: give a bench name or a file path");
        }
        String n = nameOrPath.trim();
        if (n.matches("[A-Za-z0-9_-]+")) {
            String resource = CLASSPATH_FOLDER + n + ".yaml";
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                cl = BenchLoader.class.getClassLoader();
            }
            InputStream in = cl.getResourceAsStream(resource);
            if (in != null) {
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return parse(r, "classpath:" + resource, n);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        Path p = Path.of(n);
        if (!Files.isRegularFile(p)) {
            throw new BenchDefinitionException(n, "", "no bench of that name (looked for classpath resource "
                    + CLASSPATH_FOLDER + n + ".yaml) and no such file");
        }
        return load(p);
    }

    public static BenchSpec load(Path file) {
        String fileName = file.getFileName().toString();
        String defaultName = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
                : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString(), defaultName);
        } catch (IOException e) {
            throw new BenchDefinitionException(file.toString(), "", "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static BenchSpec parse(String yaml, String source) {
        return parse(new StringReader(yaml), source, source);
    }

    static BenchSpec parse(Reader reader, String source, String defaultName) {
        Object root;
        try {
            root = yaml().load(reader);
        } catch (YAMLException e) {
            throw new BenchDefinitionException(source, "", "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new BenchDefinitionException(source, "", "the file is empty");
        }
        BenchNode doc = new BenchNode(source, "", root);
        return new BenchSpecReader(source).bench(doc, defaultName);
    }

    private static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(10);
        DumperOptions dop = new DumperOptions();
        return new Yaml(new SafeConstructor(lo), new Representer(dop), dop, lo, new TextOnlyResolver());
    }

    /** Resolves every plain scalar as a string; the loader converts values itself. */
    private static final class TextOnlyResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            // none: no implicit booleans, numbers, timestamps or base-60 integers
        }
    }
}
