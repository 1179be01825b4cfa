package dev.fcspec.emulator.port.ct;

import java.util.Objects;

/** Checks on symbolic port and node names: at most 255 bytes of ISO-8859-1. */
final class SymbolicNames {
    private SymbolicNames() {
    }

    static void check(String name) {
        Objects.requireNonNull(name, "symbolic name");
        if (name.length() > CtConstants.MAX_SYMBOLIC_NAME) {
            throw new IllegalArgumentException("symbolic name of " + name.length() + " characters exceeds 255");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("symbolic name has a character outside ISO-8859-1 at " + i);
            }
        }
    }
}
