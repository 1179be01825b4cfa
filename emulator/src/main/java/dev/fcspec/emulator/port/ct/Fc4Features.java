package dev.fcspec.emulator.port.ct;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 128-byte FC-4 Features field of GFF_ID: four feature bits per FC-4 TYPE, TYPE t in nibble (t mod 8) of
 * big-endian word t / 8, counted from the least-significant nibble. For FCP (8) that is the low nibble of
 * byte 7 (as Linux lpfc reads it). Immutable.
 */
public final class Fc4Features {

    public static final int LENGTH = 128;

    private final byte[] bytes;

    private Fc4Features(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Fc4Features empty() {
        return new Fc4Features(new byte[LENGTH]);
    }

    /** Features by FC-4 TYPE; only the low four bits of each value are representable. */
    public static Fc4Features of(Map<Integer, Integer> featuresByType) {
        byte[] b = new byte[LENGTH];
        for (Map.Entry<Integer, Integer> e : featuresByType.entrySet()) {
            int t = e.getKey();
            int f = e.getValue();
            if (t < 0 || t > 0xFF) {
                throw new IllegalArgumentException("FC-4 TYPE " + t + " is outside 0..255");
            }
            if (f < 0 || f > 0xF) {
                throw new IllegalArgumentException("FC-4 features 0x" + Integer.toHexString(f) + " do not fit 4 bits");
            }
            int i = index(t);
            b[i] = (byte) ((b[i] & ~mask(t)) | (t % 2 == 0 ? f : f << 4));
        }
        return new Fc4Features(b);
    }

    /** The 4 feature bits of {@code type}. */
    public int featuresOf(int type) {
        int v = bytes[index(type)] & 0xFF;
        return type % 2 == 0 ? v & 0xF : v >>> 4;
    }

    /** Non-zero features by TYPE. */
    public Map<Integer, Integer> asMap() {
        TreeMap<Integer, Integer> m = new TreeMap<>();
        for (int t = 0; t < 256; t++) {
            int f = featuresOf(t);
            if (f != 0) {
                m.put(t, f);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public void writeTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public static Fc4Features readFrom(byte[] src, int offset) {
        return new Fc4Features(Arrays.copyOfRange(src, offset, offset + LENGTH));
    }

    private static int index(int type) {
        return (type >>> 3) * 4 + 3 - (type & 7) / 2;
    }

    private static int mask(int type) {
        return type % 2 == 0 ? 0x0F : 0xF0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fc4Features f && Arrays.equals(bytes, f.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Fc4Features" + asMap();
    }
}
