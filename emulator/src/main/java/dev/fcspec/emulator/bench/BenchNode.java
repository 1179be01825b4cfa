package dev.fcspec.emulator.bench;

import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.InvalidFcIdException;
import dev.fcspec.emulator.wire.InvalidWwnException;
import dev.fcspec.emulator.wire.Wwn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value of a bench document with its path, for messages; converts scalars (names, whole numbers, sizes,
 * durations, WWNs, endpoints) and reports any value of the wrong form as a {@link BenchDefinitionException}.
 */
final class BenchNode {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|µs|ms|s)");

    final String source;
    final String path;
    final Object value;

    BenchNode(String source, String path, Object value) {
        this.source = source;
        this.path = path;
        this.value = value;
    }

    BenchDefinitionException error(String key, String message) {
        return new BenchDefinitionException(source, child(key), message);
    }

    String child(String key) {
        if (key == null || key.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap() {
        if (!(value instanceof Map)) {
            throw new BenchDefinitionException(source, path, "expected a mapping of keys to values, found "
                    + describe(value));
        }
        return (Map<String, Object>) value;
    }

    void allowKeys(String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Object k : asMap().keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw error(String.valueOf(k), "unknown key (known here: " + String.join(", ", keys) + ")");
            }
        }
    }

    boolean has(String key) {
        return asMap().get(key) != null;
    }

    BenchNode get(String key) {
        Object v = asMap().get(key);
        if (v == null) {
            throw error(key, "is missing");
        }
        return new BenchNode(source, child(key), v);
    }

    BenchNode map(String key) {
        BenchNode n = get(key);
        n.asMap();
        return n;
    }

    List<BenchNode> list(String key) {
        BenchNode n = get(key);
        if (!(n.value instanceof List<?> l)) {
            throw n.error("", "expected a list, found " + describe(n.value));
        }
        List<BenchNode> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new BenchNode(source, n.path + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    List<BenchNode> optList(String key) {
        return has(key) ? list(key) : List.of();
    }

    String asText() {
        if (!(value instanceof String s)) {
            throw new BenchDefinitionException(source, path, "expected a single value, found " + describe(value));
        }
        return s.trim();
    }

    String text(String key) {
        String s = get(key).asText();
        if (s.isEmpty()) {
            throw error(key, "is empty");
        }
        return s;
    }

    String optText(String key, String dflt) {
        return has(key) ? get(key).asText() : dflt;
    }

    String name(String key) {
        String s = text(key);
        if (!NAME.matcher(s).matches()) {
            throw error(key, "'" + s + "' is not a name: use letters, digits, '_' and '-' (no dots or spaces)");
        }
        return s;
    }

    int integer(String key, int min, int max) {
        String s = text(key);
        long v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(key, "'" + s + "' is not a whole number (decimal, or hex with 0x)");
        }
        if (v < min || v > max) {
            throw error(key, v + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    boolean bool(String key, boolean dflt) {
        if (!has(key)) {
            return dflt;
        }
        String s = text(key).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(key, "'" + s + "' is not true or false");
        };
    }

    /** A byte count: a whole number with an optional unit (KiB, MiB, GiB, TiB; KB, MB, GB, TB are powers of ten). */
    long size(String key) {
        String s = text(key);
        Matcher m = SIZE.matcher(s);
        if (!m.matches()) {
            throw error(key, "'" + s + "' is not a size: write a whole number and a unit, e.g. 64MiB");
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        long mult = switch (unit) {
            case "", "B" -> 1L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            default -> 1_000_000_000_000L;
        };
        if (v <= 0 || v > Long.MAX_VALUE / mult) {
            throw error(key, "'" + s + "' must be larger than zero and below 8 EiB");
        }
        return v * mult;
    }

    FcId fcId(String key) {
        String s = text(key);
        try {
            return FcId.parse(s);
        } catch (InvalidFcIdException e) {
            throw error(key, e.getMessage());
        }
    }

    Wwn wwn(String key) {
        return get(key).asWwn();
    }

    Wwn asWwn() {
        String s = asText();
        Wwn w;
        try {
            w = Wwn.parse(s);
        } catch (InvalidWwnException e) {
            throw new BenchDefinitionException(source, path, e.getMessage(), e);
        }
        if (w.length() != 8) {
            throw new BenchDefinitionException(source, path, "FC names are 8 bytes; " + s + " is an NAA 6 (16-byte) name");
        }
        return w;
    }

    Duration duration(String key) {
        String s = text(key);
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw error(key, "'" + s + "' is not a duration: write a whole number and a unit (ns, us, ms, s), e.g. 2s");
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(v);
            case "us", "µs" -> Duration.ofNanos(v * 1_000);
            case "ms" -> Duration.ofMillis(v);
            default -> Duration.ofSeconds(v);
        };
    }

    Endpoint endpoint(String key) {
        String s = text(key);
        try {
            return Endpoint.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }
}
