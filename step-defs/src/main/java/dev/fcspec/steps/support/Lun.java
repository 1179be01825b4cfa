package dev.fcspec.steps.support;

/** Logical unit numbers as steps write them: a plain integer 0..16383 (the flat addressing range). */
public final class Lun {

    public static final int MAX = 16383;

    private Lun() {
    }

    /** Parses a LUN, rejecting anything outside 0..16383 with a message saying why. */
    public static int parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("[0-9]+")) {
            throw new IllegalArgumentException("LUN \"" + text + "\" is not a decimal number 0.." + MAX);
        }
        if (t.length() > 5 || Integer.parseInt(t) > MAX) {
            throw new IllegalArgumentException("LUN " + t + " is out of range: LUNs are 0.." + MAX);
        }
        return Integer.parseInt(t);
    }
}
