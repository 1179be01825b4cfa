package dev.fcspec.emulator.port.ct;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The 32-byte FC-4 TYPEs bitmap of RFT_ID, GFT_ID and GA_NXT: TYPE t is bit (t mod 32) of big-endian word
 * t / 32 (FC-GS; Linux {@code FC_NS_TYPES}). FCP (8) is word 0 = 0x00000100. Immutable.
 */
public final class Fc4Types {

    /** Size of the bitmap in bytes. */
    public static final int LENGTH = 32;

    private static final Fc4Types EMPTY = new Fc4Types(new int[8]);

    private final int[] words;

    private Fc4Types(int[] words) {
        this.words = words;
    }

    public static Fc4Types empty() {
        return EMPTY;
    }

    /** A bitmap with each of {@code types} (0..255) set. */
    public static Fc4Types of(int... types) {
        int[] w = new int[8];
        for (int t : types) {
            checkType(t);
            w[t >>> 5] |= 1 << (t & 31);
        }
        return new Fc4Types(w);
    }

    public boolean contains(int type) {
        checkType(type);
        return (words[type >>> 5] & 1 << (type & 31)) != 0;
    }

    public Fc4Types with(int type) {
        checkType(type);
        int[] w = words.clone();
        w[type >>> 5] |= 1 << (type & 31);
        return new Fc4Types(w);
    }

    public boolean isEmpty() {
        for (int w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** The TYPE codes set, ascending. */
    public SortedSet<Integer> types() {
        TreeSet<Integer> s = new TreeSet<>();
        for (int t = 0; t < 256; t++) {
            if ((words[t >>> 5] & 1 << (t & 31)) != 0) {
                s.add(t);
            }
        }
        return Collections.unmodifiableSortedSet(s);
    }

    public void writeTo(byte[] dst, int offset) {
        for (int i = 0; i < 8; i++) {
            int w = words[i];
            dst[offset + 4 * i] = (byte) (w >>> 24);
            dst[offset + 4 * i + 1] = (byte) (w >>> 16);
            dst[offset + 4 * i + 2] = (byte) (w >>> 8);
            dst[offset + 4 * i + 3] = (byte) w;
        }
    }

    public static Fc4Types readFrom(byte[] src, int offset) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            int o = offset + 4 * i;
            w[i] = (src[o] & 0xFF) << 24 | (src[o + 1] & 0xFF) << 16 | (src[o + 2] & 0xFF) << 8 | src[o + 3] & 0xFF;
        }
        return new Fc4Types(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fc4Types f && Arrays.equals(words, f.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Fc4Types" + types();
    }

    private static void checkType(int t) {
        if (t < 0 || t > 0xFF) {
            throw new IllegalArgumentException("FC-4 TYPE " + t + " is outside 0..255");
        }
    }
}
