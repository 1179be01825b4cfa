package dev.fcspec.emulator.bench;

import java.util.Objects;

/**
 * One end of a link, written {@code node.port}: {@code h1.host1} (an HBA port), {@code array1.0a} (a storage
 * port) or {@code sw1.3} (port 3 of switch sw1).
 */
public record Endpoint(String node, String port) {
    public Endpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(port, "port");
    }

    /** Parses {@code node.port}; the port is everything after the first dot. */
    public static Endpoint parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not an endpoint: write node.port, e.g. h1.host1 or sw1.3");
        }
        return new Endpoint(text.substring(0, dot), text.substring(dot + 1));
    }

    @Override
    public String toString() {
        return node + "." + port;
    }
}
