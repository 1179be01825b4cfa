package dev.fcspec.emulator.iscsi;

import java.util.Objects;

/**
 * A CHAP name and secret (RFC 1994 as used by RFC 7143 section 12.1.3). RFC 7143 requires secrets of at
 * least 96 bits; shorter ones are refused here.
 */
public record ChapSecret(String name, String secret) {
    public ChapSecret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        if (secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 12) {
            throw new IllegalArgumentException("CHAP secret shorter than 12 bytes (96 bits)");
        }
    }
}
