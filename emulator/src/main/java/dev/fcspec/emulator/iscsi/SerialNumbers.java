package dev.fcspec.emulator.iscsi;

/** 32-bit serial number arithmetic (RFC 1982) used for CmdSN, StatSN, DataSN and R2TSN. */
public final class SerialNumbers {
    private SerialNumbers() {
    }

    /** True when {@code a} is less than {@code b} in serial arithmetic. */
    public static boolean lessThan(int a, int b) {
        return a != b && (b - a) > 0;
    }

    public static boolean lessOrEqual(int a, int b) {
        return a == b || lessThan(a, b);
    }

    /** True when {@code lo <= v <= hi} in serial arithmetic. */
    public static boolean inWindow(int v, int lo, int hi) {
        return lessOrEqual(lo, v) && lessOrEqual(v, hi);
    }
}
