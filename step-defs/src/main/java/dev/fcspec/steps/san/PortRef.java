package dev.fcspec.steps.san;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port as scenarios name it: {@code h1} (the host's first HBA port), {@code h1 port host2},
 * {@code array1} (the array's first port) or {@code array1 port 0a}; optionally preceded by {@code host} or
 * {@code array}.
 *
 * @param node the host or array
 * @param port the port on it, or null for its first port
 */
public record PortRef(String node, String port) {

    /** One port reference, without capturing groups (for Cucumber parameter types). */
    public static final String REGEX = "(?:host |array )?[A-Za-z][\\w-]*(?: port [\\w-]+)?";
    /** A list: {@code h1}, {@code h1 and h2}, {@code h1, h2 and array1 port 0a}. */
    public static final String LIST_REGEX = REGEX + "(?:(?:, | and )" + REGEX + ")*";

    private static final Pattern ONE = Pattern.compile("(?:host |array )?([A-Za-z][\\w-]*)(?: port ([\\w-]+))?");

    public PortRef {
        Objects.requireNonNull(node, "node");
    }

    public static PortRef parse(String text) {
        Matcher m = ONE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' does not name a port (write h1, h1 port host2 or array1 port 0a)");
        }
        return new PortRef(m.group(1), m.group(2));
    }

    /** Parses {@code a, b and c}. */
    public static List<PortRef> parseList(String text) {
        List<PortRef> out = new ArrayList<>();
        for (String part : text.split(",| and ")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return port == null ? node : node + " port " + port;
    }
}
