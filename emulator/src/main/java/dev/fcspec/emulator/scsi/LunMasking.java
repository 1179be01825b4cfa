package dev.fcspec.emulator.scsi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LUN masking: which LUNs an initiator may see, keyed by initiator device name (FCP WWPN, iSCSI name) or
 * port name. An initiator without an entry sees every LUN when the masking is open (the default) and none
 * when it is closed.
 */
public final class LunMasking {
    private final Map<String, Set<Long>> entries = new LinkedHashMap<>();
    private final boolean open;

    private LunMasking(Map<String, Set<Long>> entries, boolean open) {
        this.entries.putAll(entries);
        this.open = open;
    }

    /** Every initiator sees every LUN. */
    public static LunMasking none() {
        return new LunMasking(Map.of(), true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the initiator may address the LUN. */
    public boolean allows(InitiatorPort initiator, long lun) {
        if (entries.isEmpty()) {
            return open;
        }
        Set<Long> s = lookup(initiator);
        return s == null ? open : s.contains(lun);
    }

    /** The LUNs of {@code all} the initiator may see, ascending. */
    public Set<Long> visible(InitiatorPort initiator, Set<Long> all) {
        Set<Long> s = lookup(initiator);
        if (s == null) {
            return open ? new TreeSet<>(all) : Collections.emptySet();
        }
        Set<Long> v = new TreeSet<>(s);
        v.retainAll(all);
        return v;
    }

    private Set<Long> lookup(InitiatorPort initiator) {
        Set<Long> s = entries.get(TransportId.canonical(initiator.protocol(), initiator.name()));
        if (s == null) {
            s = entries.get(TransportId.canonical(initiator.protocol(), initiator.deviceName()));
        }
        if (s == null && initiator.protocol() == TransportProtocol.ISCSI) {
            s = entries.get(initiator.deviceName().toLowerCase(java.util.Locale.ROOT));
        }
        return s;
    }

    public static final class Builder {
        private final Map<String, Set<Long>> entries = new LinkedHashMap<>();
        private boolean open = true;

        /** The initiator (WWPN like 21:00:00:24:ff:00:00:01, or iSCSI name) sees exactly these LUNs. */
        public Builder allow(String initiatorName, long... luns) {
            Set<Long> s = entries.computeIfAbsent(key(initiatorName), k -> new TreeSet<>());
            for (long l : luns) {
                s.add(l);
            }
            return this;
        }

        /** Initiators without an entry see nothing. */
        public Builder closed() {
            open = false;
            return this;
        }

        private static String key(String name) {
            String hex = name.replace(":", "").replace("-", "");
            if (hex.length() == 16 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return hex.toLowerCase(java.util.Locale.ROOT);
            }
            return name.toLowerCase(java.util.Locale.ROOT);
        }

        public LunMasking build() {
            return new LunMasking(entries, open);
        }
    }
}
