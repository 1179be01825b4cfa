package dev.fcspec.emulator.bench;

import java.time.Duration;
import java.util.Objects;

/** A cable between two endpoints, with its one-way latency. */
public record LinkSpec(Endpoint a, Endpoint b, Duration latency) {
    public LinkSpec {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("negative latency " + latency);
        }
    }

    /** The link's name in captures and reports, {@code a--b}. */
    public String name() {
        return a + "--" + b;
    }
}
