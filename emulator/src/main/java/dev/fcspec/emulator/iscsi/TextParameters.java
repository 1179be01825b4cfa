package dev.fcspec.emulator.iscsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key=value text of Login and Text PDUs (RFC 7143 section 6.1): UTF-8 pairs each terminated by a NUL,
 * keys of at most 63 bytes from the key-name characters, order preserved.
 */
public final class TextParameters {

    /** One key=value pair. */
    public record Pair(String key, String value) {
        public Pair {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    private TextParameters() {
    }

    /**
     * Parses text data. Trailing NUL bytes after the last pair are tolerated.
     *
     * @throws MalformedTextException for a pair without '=', an empty or over-long key, a key with characters
     *                                outside the key-name set, a value that is not UTF-8 or longer than 8192
     *                                bytes, or data not ending in NUL
     */
    public static List<Pair> parse(byte[] data) {
        List<Pair> out = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int end = pos;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            if (end == data.length) {
                throw new MalformedTextException("last pair is not terminated by a NUL byte");
            }
            if (end == pos) {
                for (int i = pos; i < data.length; i++) {
                    if (data[i] != 0) {
                        throw new MalformedTextException("empty pair at offset " + pos);
                    }
                }
                break;
            }
            int eq = -1;
            for (int i = pos; i < end; i++) {
                if (data[i] == '=') {
                    eq = i;
                    break;
                }
            }
            if (eq < 0) {
                throw new MalformedTextException("pair at offset " + pos + " has no '='");
            }
            int keyLength = eq - pos;
            if (keyLength == 0) {
                throw new MalformedTextException("empty key at offset " + pos);
            }
            if (keyLength > IscsiConstants.MAX_KEY_LENGTH) {
                throw new MalformedTextException("key of " + keyLength + " bytes at offset " + pos + " exceeds 63");
            }
            for (int i = pos; i < eq; i++) {
                if (!keyChar(data[i])) {
                    throw new MalformedTextException(String.format("key at offset %d has character 0x%02x", pos, data[i] & 0xFF));
                }
            }
            int valueLength = end - eq - 1;
            if (valueLength > 8192) {
                throw new MalformedTextException("value of " + valueLength + " bytes for key "
                        + new String(data, pos, keyLength, StandardCharsets.US_ASCII) + " exceeds 8192");
            }
            String key = new String(data, pos, keyLength, StandardCharsets.US_ASCII);
            String value;
            try {
                value = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data, eq + 1, valueLength)).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedTextException("value of key " + key + " is not UTF-8");
            }
            out.add(new Pair(key, value));
            pos = end + 1;
        }
        return Collections.unmodifiableList(out);
    }

    private static boolean keyChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '+' || c == '@' || c == '_';
    }

    /** Encodes pairs as key=value NUL ... */
    public static byte[] encode(List<Pair> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pair p : pairs) {
            byte[] kv = (p.key() + "=" + p.value()).getBytes(StandardCharsets.UTF_8);
            out.write(kv, 0, kv.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Encodes a map in its iteration order. */
    public static byte[] encode(Map<String, String> pairs) {
        List<Pair> list = new ArrayList<>();
        pairs.forEach((k, v) -> list.add(new Pair(k, v)));
        return encode(list);
    }
}
