package dev.fcspec.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs TShark, the independent implementation fcspec checks its frames against, and returns field rows.
 *
 * <pre>{@code
 * Tshark tshark = Tshark.require();             // skips the test when tshark is missing (fails when CI=true)
 * List<Tshark.Row> rows = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x22", "fc.d_id", "fcels.opcode");
 * assertThat(rows.get(0).get("fc.d_id")).isEqualTo("ff.ff.fe");
 * assertThat(tshark.framesWithProblems(pcap)).isEmpty();
 * }</pre>
 *
 * Every run is bounded by a timeout; tshark is run with name resolution off ({@code -n}) and with the given
 * preferences ({@code -o name:value}). Field values are as tshark prints them with {@code -T fields}; a field
 * that occurs several times in one frame has its values joined by ','.
 */
public final class Tshark {

    /** Bound on one tshark run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** Display filter matching frames tshark found malformed or flagged with a warning or error. */
    public static final String PROBLEM_FILTER = "_ws.malformed || _ws.expert.severity >= 0x00600000";
    /** Wireshark's PI_WARN; PI_ERROR is 0x00800000. */
    public static final long WARNING_SEVERITY = 0x00600000L;

    private static volatile Optional<String> version;

    private final Path executable;
    private final Duration timeout;
    private final Map<String, String> preferences;

    private Tshark(Path executable, Duration timeout, Map<String, String> preferences) {
        this.executable = executable;
        this.timeout = timeout;
        this.preferences = Map.copyOf(preferences);
    }

    /**
     * The tshark on the PATH. When it is missing, the calling test is skipped with the reason, unless the
     * environment variable CI is "true": then the test fails, since CI installs tshark.
     */
    public static Tshark require() {
        Optional<String> v = version();
        if (v.isEmpty()) {
            String reason = "tshark is not installed (Debian package 'tshark', listed in ci/system-packages.txt)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(reason + " and CI=true");
            }
            Assumptions.assumeTrue(false, reason + ": skipping the tshark check");
        }
        return new Tshark(Path.of("tshark"), DEFAULT_TIMEOUT, Map.of());
    }

    /** True when tshark can be run. */
    public static boolean isAvailable() {
        return version().isPresent();
    }

    /** The first line of {@code tshark --version}, when tshark runs. */
    public static Optional<String> version() {
        Optional<String> v = version;
        if (v == null) {
            synchronized (Tshark.class) {
                v = version;
                if (v == null) {
                    v = probe();
                    version = v;
                }
            }
        }
        return v;
    }

    /** A copy that passes {@code -o name:value} to every run. */
    public Tshark withPreference(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(preferences);
        p.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        return new Tshark(executable, timeout, p);
    }

    /** A copy whose runs time out after {@code t}. */
    public Tshark withTimeout(Duration t) {
        return new Tshark(executable, t, preferences);
    }

    /**
     * One row per frame matching {@code displayFilter} (null or empty: every frame), with the given fields;
     * {@code frame.number} is always included.
     */
    public List<Row> fieldsWhere(Path pcap, String displayFilter, String... fields) {
        List<String> cols = new ArrayList<>();
        cols.add("frame.number");
        for (String f : fields) {
            if (!f.equals("frame.number")) {
                cols.add(f);
            }
        }
        List<String> args = new ArrayList<>(List.of("-r", pcap.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "quote=n"));
        if (displayFilter != null && !displayFilter.isBlank()) {
            args.add("-Y");
            args.add(displayFilter);
        }
        for (String c : cols) {
            args.add("-e");
            args.add(c);
        }
        String out = run(args);
        List<Row> rows = new ArrayList<>();
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] values = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                row.put(cols.get(i), i < values.length ? values[i] : "");
            }
            rows.add(new Row(row));
        }
        return rows;
    }

    /** One row per frame, every frame. */
    public List<Row> fields(Path pcap, String... fields) {
        return fieldsWhere(pcap, null, fields);
    }

    /** Numbers of the frames matching {@code displayFilter}. */
    public List<Integer> frameNumbers(Path pcap, String displayFilter) {
        List<Integer> numbers = new ArrayList<>();
        for (Row r : fieldsWhere(pcap, displayFilter)) {
            numbers.add(Integer.parseInt(r.get("frame.number")));
        }
        return numbers;
    }

    /** Frames tshark found malformed, or flagged with an expert warning or error. */
    public List<Integer> framesWithProblems(Path pcap) {
        return check(pcap).problemFrames();
    }

    /** Frames whose FC CRC tshark did not find good ({@code fc.crc.status != 1}, including no CRC checked). */
    public List<Integer> framesWithoutGoodCrc(Path pcap) {
        return check(pcap).crcNotGoodFrames();
    }

    /**
     * One tshark run that counts the frames and finds those that are malformed, carry an expert warning or error
     * ({@code _ws.expert.severity >= 0x00600000}), or lack a good FC CRC.
     */
    public Check check(Path pcap) {
        return decode(pcap).check();
    }

    /**
     * One tshark run that returns the given fields of every frame together with the {@link #check} of the
     * capture (the rows also hold the check's fields).
     */
    public Decoded decode(Path pcap, String... fields) {
        List<String> all = new ArrayList<>(Arrays.asList(fields));
        for (String f : CHECK_FIELDS) {
            if (!all.contains(f)) {
                all.add(f);
            }
        }
        List<Row> rows = fields(pcap, all.toArray(String[]::new));
        return new Decoded(rows, check(rows));
    }

    /** What {@link #decode} returns. */
    public record Decoded(List<Row> rows, Check check) {
    }

    private static final List<String> CHECK_FIELDS = List.of("_ws.malformed", "_ws.expert.severity",
            "_ws.expert.message", "fc.crc.status");

    private static Check check(List<Row> rows) {
        List<Integer> problems = new ArrayList<>();
        List<Integer> crc = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Row r : rows) {
            boolean bad = !r.get("_ws.malformed").isEmpty();
            for (String sev : r.all("_ws.expert.severity")) {
                if (Long.decode(sev) >= WARNING_SEVERITY) {
                    bad = true;
                }
            }
            if (bad) {
                problems.add(r.frameNumber());
                messages.add("frame " + r.frameNumber() + ": " + r.get("_ws.malformed") + " " + r.get("_ws.expert.message"));
            }
            if (!"1".equals(r.get("fc.crc.status"))) {
                crc.add(r.frameNumber());
            }
        }
        return new Check(rows.size(), List.copyOf(problems), List.copyOf(crc), List.copyOf(messages));
    }

    /** What {@link #check} found. */
    public record Check(int frames, List<Integer> problemFrames, List<Integer> crcNotGoodFrames, List<String> messages) {

        /** No malformed or flagged frame and every CRC good. */
        public boolean clean() {
            return problemFrames.isEmpty() && crcNotGoodFrames.isEmpty();
        }
    }

    /** Number of frames in the capture. */
    public int frameCount(Path pcap) {
        return fields(pcap).size();
    }

    /** The one-line summaries tshark prints (for failure messages). */
    public String summary(Path pcap) {
        return run(List.of("-r", pcap.toString()));
    }

    /** The full packet details tshark prints with {@code -V} (for failure messages). */
    public String details(Path pcap) {
        return run(List.of("-r", pcap.toString(), "-V"));
    }

    /** Runs tshark with {@code -n}, the preferences and {@code args}; returns stdout, fails on a non-zero exit. */
    public String run(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("-n");
        preferences.forEach((k, v) -> {
            cmd.add("-o");
            cmd.add(k + ":" + v);
        });
        cmd.addAll(args);
        Result r = exec(cmd, timeout);
        if (r.exitCode != 0) {
            throw new AssertionError("tshark exited with " + r.exitCode + ": " + String.join(" ", cmd) + "\n" + r.stderr);
        }
        return r.stdout;
    }

    /** One frame's fields, by field name. */
    public record Row(Map<String, String> values) {
        public Row {
            values = Map.copyOf(values);
        }

        /** The value tshark printed; fails on a field that was not requested. */
        public String get(String field) {
            String v = values.get(field);
            if (v == null) {
                throw new IllegalArgumentException("field " + field + " was not requested; have " + values.keySet());
            }
            return v;
        }

        /** The values of a field that occurs several times in the frame. */
        public List<String> all(String field) {
            String v = get(field);
            return v.isEmpty() ? List.of() : Arrays.asList(v.split(","));
        }

        public int frameNumber() {
            return Integer.parseInt(get("frame.number"));
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Optional<String> probe() {
        try {
            Result r = exec(List.of("tshark", "--version"), Duration.ofSeconds(30));
            if (r.exitCode != 0) {
                return Optional.empty();
            }
            String first = r.stdout.lines().findFirst().orElse("");
            return first.startsWith("TShark") ? Optional.of(first) : Optional.empty();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static Result exec(List<String> cmd, Duration timeout) {
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("tshark-", ".out");
            err = Files.createTempFile("tshark-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("tshark did not finish within " + timeout + ": " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (p != null) {
                p.destroyForcibly();
            }
            throw new AssertionError("interrupted while running tshark", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }
}
