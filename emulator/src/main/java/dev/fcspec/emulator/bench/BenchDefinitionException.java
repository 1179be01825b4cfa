package dev.fcspec.emulator.bench;

/**
 * A bench file that cannot be used: malformed YAML, a missing or unknown key, a value of the wrong form, or a
 * topology that does not hold together (a link to a port that does not exist, two ports with one WWPN...).
 * The message names the file and the path of the offending value, e.g. {@code hosts[1].hbas[0].wwpn}.
 */
public final class BenchDefinitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;

    public BenchDefinitionException(String source, String path, String message) {
        this(source, path, message, null);
    }

    public BenchDefinitionException(String source, String path, String message, Throwable cause) {
        super(source + (path == null || path.isEmpty() ? "" : ": " + path) + ": " + message, cause);
        this.source = source;
        this.path = path;
    }

    /** The bench file (or resource) the defect is in. */
    public String source() {
        return source;
    }

    /** Where in the file, as {@code section[index].key}; empty for the whole file. */
    public String path() {
        return path;
    }
}
