package dev.fcspec.harness;

import java.io.Console;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How progress is shown: on an interactive terminal with a UTF-8 charset, coloured {@code ✓ ✗ –} marks;
 * anywhere else (CI logs, pipes, files) plain ASCII lines without escape codes.
 *
 * @param interactive whether output goes to a terminal a person watches
 * @param unicode     whether the output charset can show the marks
 */
public record Terminal(boolean interactive, boolean unicode) {

    public static final Terminal PLAIN = new Terminal(false, false);

    public static Terminal detect() {
        Console console = System.console();
        boolean interactive = console != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        return new Terminal(interactive, console != null && StandardCharsets.UTF_8.equals(console.charset()));
    }

    static Charset outputCharset() {
        Console console = System.console();
        if (console != null) {
            return console.charset();
        }
        String enc = System.getProperty("sun.stdout.encoding", System.getProperty("native.encoding"));
        try {
            return enc == null ? Charset.defaultCharset() : Charset.forName(enc);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    String passed() {
        return unicode ? colour("32", "\u2713") : "PASS";
    }

    String failed() {
        return unicode ? colour("31", "\u2717") : "FAIL";
    }

    String skipped() {
        return unicode ? colour("33", "\u2013") : "SKIP";
    }

    String bold(String text) {
        return colour("1", text);
    }

    String colour(String code, String text) {
        return interactive ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
