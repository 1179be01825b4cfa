package dev.fcspec.emulator.iscsi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** CHAP with MD5 (CHAP_A=5) as RFC 7143 section 12.1.3 uses it: response = MD5(identifier || secret || challenge). */
public final class Chap {
    /** CHAP_A value of MD5. */
    public static final String ALGORITHM_MD5 = "5";

    private Chap() {
    }

    public static byte[] response(int identifier, String secret, byte[] challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update((byte) identifier);
            md5.update(secret.getBytes(StandardCharsets.UTF_8));
            md5.update(challenge);
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    /** Encodes binary as RFC 7143 hex ("0x..."). */
    public static String toHex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    /**
     * Decodes an RFC 7143 binary value: "0x" hex or "0b" base64.
     *
     * @throws MalformedTextException when the value is in neither form
     */
    public static byte[] decodeBinary(String v) {
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                String hex = v.substring(2);
                if (hex.length() % 2 == 1) {
                    hex = "0" + hex;
                }
                return HexFormat.of().parseHex(hex);
            }
            if (v.startsWith("0b") || v.startsWith("0B")) {
                return Base64.getDecoder().decode(v.substring(2));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedTextException("binary value is not valid hex or base64: " + v);
        }
        throw new MalformedTextException("binary value must start with 0x or 0b: " + v);
    }
}
