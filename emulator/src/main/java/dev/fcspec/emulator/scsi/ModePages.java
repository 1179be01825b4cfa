package dev.fcspec.emulator.scsi;

import static dev.fcspec.emulator.scsi.ScsiConstants.*;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mode pages of one logical unit (SPC-4 7.5, SBC-3 6.4): read-write error recovery, caching, control and
 * informational exceptions control; current, changeable and default values. Saved values are not supported.
 * MODE SELECT validates every page of a parameter list before applying any of it.
 */
final class ModePages {
    private record Page(byte[] defaults, byte[] changeable) {
    }

    private final Map<Integer, Page> pages = new TreeMap<>();
    private final Map<Integer, byte[]> current = new TreeMap<>();

    ModePages(boolean writeCacheEnabled) {
        // Read-Write Error Recovery: AWRE, ARRE
        add(MODE_PAGE_READ_WRITE_ERROR_RECOVERY, build(MODE_PAGE_READ_WRITE_ERROR_RECOVERY, 0x0A, 2, 0xC0),
                build(MODE_PAGE_READ_WRITE_ERROR_RECOVERY, 0x0A));
        // Caching: WCE changeable
        add(MODE_PAGE_CACHING, build(MODE_PAGE_CACHING, 0x12, 2, writeCacheEnabled ? 0x04 : 0x00),
                build(MODE_PAGE_CACHING, 0x12, 2, 0x04));
        // Control: QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering); D_SENSE and SWP changeable;
        // BUSY TIMEOUT PERIOD unlimited
        byte[] control = build(MODE_PAGE_CONTROL, 0x0A, 3, 0x10);
        control[8] = (byte) 0xFF;
        control[9] = (byte) 0xFF;
        add(MODE_PAGE_CONTROL, control, build(MODE_PAGE_CONTROL, 0x0A, 2, 0x04, 4, 0x08));
        // Informational Exceptions Control: DEXCPT set; DEXCPT and MRIE changeable
        add(MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL, build(MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL, 0x0A, 2,
                0x08), build(MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL, 0x0A, 2, 0x08, 3, 0x0F));
        cacheFlags();
    }

    private static byte[] build(int code, int length, int... offsetValuePairs) {
        byte[] p = new byte[2 + length];
        p[0] = (byte) code;
        p[1] = (byte) length;
        for (int i = 0; i < offsetValuePairs.length; i += 2) {
            p[offsetValuePairs[i]] = (byte) offsetValuePairs[i + 1];
        }
        return p;
    }

    private void add(int code, byte[] defaults, byte[] changeable) {
        pages.put(code, new Page(defaults, changeable));
        current.put(code, defaults.clone());
    }

    boolean supports(int code) {
        return pages.containsKey(code);
    }

    Iterable<Integer> codes() {
        return new java.util.ArrayList<>(pages.keySet());
    }

    /** The page for a PAGE CONTROL value (0 current, 1 changeable, 2 default); a fresh copy. */
    byte[] page(int code, int pageControl) {
        Page p = pages.get(code);
        return switch (pageControl) {
            case PC_CHANGEABLE -> p.changeable.clone();
            case PC_DEFAULT -> p.defaults.clone();
            default -> current.get(code).clone();
        };
    }

    // the bits the command path reads on every command, cached whenever the pages change
    private boolean descriptorSense;
    private boolean writeCacheEnabled;
    private boolean softwareWriteProtect;

    private void cacheFlags() {
        descriptorSense = (current.get(MODE_PAGE_CONTROL)[2] & 0x04) != 0;
        writeCacheEnabled = (current.get(MODE_PAGE_CACHING)[2] & 0x04) != 0;
        softwareWriteProtect = (current.get(MODE_PAGE_CONTROL)[4] & 0x08) != 0;
    }

    boolean descriptorSense() {
        return descriptorSense;
    }

    boolean writeCacheEnabled() {
        return writeCacheEnabled;
    }

    boolean softwareWriteProtect() {
        return softwareWriteProtect;
    }

    /** Sets D_SENSE directly (bench configuration and tests). */
    void setDescriptorSense(boolean on) {
        byte[] c = current.get(MODE_PAGE_CONTROL);
        c[2] = (byte) (on ? c[2] | 0x04 : c[2] & ~0x04);
        cacheFlags();
    }

    /** Back to default values (power on). */
    void reset() {
        for (Map.Entry<Integer, Page> e : pages.entrySet()) {
            current.put(e.getKey(), e.getValue().defaults.clone());
        }
        cacheFlags();
    }

    /**
     * Applies the mode pages in {@code param[off..end)} (MODE SELECT), all or nothing.
     *
     * @return whether any current value changed
     * @throws CheckConditionException naming the offending parameter-list byte
     */
    boolean select(byte[] param, int off, int end) {
        Map<Integer, byte[]> staged = new TreeMap<>();
        int p = off;
        while (p < end) {
            if (p + 2 > end) {
                throw new CheckConditionException.ParameterListLengthError("truncated mode page header at byte " + p);
            }
            int code = param[p] & 0x3F;
            if ((param[p] & 0x80) != 0) {
                throw new CheckConditionException.InvalidFieldInParameterList(p, 7, "PS bit set in MODE SELECT");
            }
            if ((param[p] & 0x40) != 0) {
                throw new CheckConditionException.InvalidFieldInParameterList(p, 6, "sub-page format not supported");
            }
            Page def = pages.get(code);
            if (def == null) {
                throw new CheckConditionException.InvalidFieldInParameterList(p, 5, String.format(
                        "mode page %02Xh not supported", code));
            }
            int len = param[p + 1] & 0xFF;
            if (len != def.defaults.length - 2) {
                throw new CheckConditionException.InvalidFieldInParameterList(p + 1, 7, String.format(
                        "mode page %02Xh length %d, expected %d", code, len, def.defaults.length - 2));
            }
            if (p + 2 + len > end) {
                throw new CheckConditionException.ParameterListLengthError("mode page " + code + " truncated");
            }
            byte[] cur = staged.containsKey(code) ? staged.get(code) : current.get(code);
            byte[] next = cur.clone();
            for (int i = 2; i < 2 + len; i++) {
                int v = param[p + i] & 0xFF;
                int diff = (v ^ (cur[i] & 0xFF)) & ~(def.changeable[i] & 0xFF);
                if (diff != 0) {
                    throw new CheckConditionException.InvalidFieldInParameterList(p + i,
                            31 - Integer.numberOfLeadingZeros(diff), String.format(
                            "mode page %02Xh byte %d: bits %02Xh are not changeable", code, i, diff));
                }
                next[i] = (byte) v;
            }
            if (code == MODE_PAGE_INFORMATIONAL_EXCEPTIONS_CONTROL && (next[3] & 0x0F) > 6) {
                throw new CheckConditionException.InvalidFieldInParameterList(p + 3, 3, "MRIE value reserved");
            }
            staged.put(code, next);
            p += 2 + len;
        }
        boolean changed = false;
        for (Map.Entry<Integer, byte[]> e : staged.entrySet()) {
            if (!Arrays.equals(current.get(e.getKey()), e.getValue())) {
                changed = true;
                current.put(e.getKey(), e.getValue());
            }
        }
        cacheFlags();
        return changed;
    }
}
