package dev.fcspec.emulator.scsi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;

/**
 * A logical unit (direct-access block device, SBC-3): its medium (a {@link BackingStore}), identity, limits,
 * and per-unit state (mode pages, unit attentions, reservations, medium state). Built with
 * {@link #builder}; registered in a {@link TargetCore} under a LUN.
 */
public final class LogicalUnit {
    // ---- configuration ----
    private final String name;
    private final String serial;
    private final String vendor;
    private final String product;
    private final String revision;
    private final byte[] naa; // 16-byte NAA IEEE Registered Extended designator
    private final int blockSize;
    private final BackingStore store;
    private final boolean readOnly;
    private final boolean removable;
    private final boolean thinProvisioning;
    final int maxTransferLength;
    final int optimalTransferLength;
    final long maxWriteSameLength;
    final long maxUnmapLbaCount;
    final int maxUnmapDescriptors;
    final int maxCompareAndWriteLength;
    final int maxAtomicTransferLength;
    final int physicalBlockExponent;

    // ---- state ----
    final ModePages modePages;
    final UnitAttentions unitAttentions = new UnitAttentions();
    final PersistentReservations persistentReservations;
    /** Holder of the RESERVE(6)/(10) reservation, or null. */
    ItNexus legacyReservationHolder;
    final Set<ItNexus> preventers = new LinkedHashSet<>();
    /** The power condition START STOP UNIT last set (reported only: a virtual medium is always spun up). */
    boolean started = true;
    boolean mediumLoaded = true;

    /** Held EXTENDED COPY results by I_T nexus and list identifier (RECEIVE COPY RESULTS). */
    final Map<ExtendedCopy.CopyKey, byte[]> copyResults = new LinkedHashMap<>();

    private LogicalUnit(Builder b) {
        this.name = b.name;
        this.serial = b.serial != null ? b.serial : defaultSerial(b.name);
        this.vendor = b.vendor;
        this.product = b.product;
        this.revision = b.revision;
        this.naa = b.naa != null ? b.naa.clone() : defaultNaa(b.name);
        this.blockSize = b.blockSize;
        this.store = b.store;
        this.readOnly = b.readOnly;
        this.removable = b.removable;
        this.thinProvisioning = b.thinProvisioning && b.store.thinProvisioned();
        this.maxTransferLength = b.maxTransferLength > 0 ? b.maxTransferLength : (32 << 20) / b.blockSize;
        this.optimalTransferLength = b.optimalTransferLength;
        this.maxWriteSameLength = b.maxWriteSameLength;
        this.maxUnmapLbaCount = b.maxUnmapLbaCount;
        this.maxUnmapDescriptors = b.maxUnmapDescriptors;
        this.maxCompareAndWriteLength = b.maxCompareAndWriteLength;
        this.maxAtomicTransferLength = b.maxAtomicTransferLength;
        this.physicalBlockExponent = b.physicalBlockExponent;
        this.modePages = new ModePages(b.writeCacheEnabled);
        this.persistentReservations = new PersistentReservations(b.reservationFile);
        if (b.descriptorSense) {
            modePages.setDescriptorSense(true);
        }
    }

    public static Builder builder(String name, BackingStore store) {
        return new Builder(name, store);
    }

    private static String defaultSerial(String name) {
        return hex(digest(name), 8);
    }

    private static byte[] defaultNaa(String name) {
        byte[] d = digest("naa:" + name);
        byte[] naa = new byte[16];
        // NAA 6h, IEEE COMPANY_ID 0xFC5C00 (project-local), then vendor specific identifier + extension
        naa[0] = 0x6F;
        naa[1] = (byte) 0xC5;
        naa[2] = (byte) 0xC0;
        naa[3] = (byte) (0x00 | (d[0] & 0x0F));
        System.arraycopy(d, 1, naa, 4, 12);
        return naa;
    }

    private static byte[] digest(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02X", b[i] & 0xFF));
        }
        return s.toString();
    }

    // ---- accessors ----

    public String name() {
        return name;
    }

    public String serial() {
        return serial;
    }

    public String vendor() {
        return vendor;
    }

    public String product() {
        return product;
    }

    public String revision() {
        return revision;
    }

    /** The 16-byte NAA designator reported in VPD page 83h. */
    public byte[] naa() {
        return naa.clone();
    }

    byte[] naaRaw() {
        return naa;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Number of logical blocks. */
    public long blocks() {
        return store.capacity() / blockSize;
    }

    public BackingStore store() {
        return store;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean removable() {
        return removable;
    }

    /** LBPME: thin provisioning with UNMAP and WRITE SAME with UNMAP. */
    public boolean thinProvisioning() {
        return thinProvisioning;
    }

    public boolean started() {
        return started;
    }

    public boolean mediumLoaded() {
        return mediumLoaded;
    }

    /** Registration keys currently registered (for steps and tests). */
    public Set<Long> registeredKeys() {
        return Collections.unmodifiableSet(persistentReservations.keys());
    }

    /** The persistent reservation type, or 0 when none is held. */
    public int persistentReservationType() {
        return persistentReservations.reservationType();
    }

    public ItNexus legacyReservationHolder() {
        return legacyReservationHolder;
    }

    /**
     * Changes the capacity (the appliance grows or shrinks the volume); every I_T nexus gets CAPACITY DATA
     * HAS CHANGED.
     */
    public void resize(long newBlocks) throws IOException {
        if (newBlocks < 0) {
            throw new IllegalArgumentException("negative capacity");
        }
        store.resize(newBlocks * blockSize);
        unitAttentions.establishAllExcept(null, ScsiConstants.ASC_CAPACITY_DATA_HAS_CHANGED);
    }

    /**
     * Power cycle: mode pages back to defaults, reservations and prevention released, persistent
     * reservations kept only when APTPL was set, every I_T nexus gets POWER ON OCCURRED.
     */
    public void powerCycle() {
        modePages.reset();
        legacyReservationHolder = null;
        preventers.clear();
        persistentReservations.powerLoss();
        started = true;
        mediumLoaded = true;
        unitAttentions.clearAll();
    }

    @Override
    public String toString() {
        return "LogicalUnit[" + name + ", " + blocks() + " x " + blockSize + "]";
    }

    public static final class Builder {
        private final String name;
        private final BackingStore store;
        private String serial;
        private String vendor = "FCSPEC";
        private String product = "EMULATED DISK";
        private String revision = "0100";
        private byte[] naa;
        private int blockSize = 512;
        private boolean readOnly;
        private boolean removable;
        private boolean thinProvisioning = true;
        private boolean writeCacheEnabled = true;
        private boolean descriptorSense;
        private int maxTransferLength = -1; // default: 32 MiB worth of blocks
        private int optimalTransferLength = 128;
        private long maxWriteSameLength = 1L << 20;
        private long maxUnmapLbaCount = 1L << 20;
        private int maxUnmapDescriptors = 256;
        private int maxCompareAndWriteLength = 255;
        private int maxAtomicTransferLength = 256;
        private int physicalBlockExponent;
        private java.nio.file.Path reservationFile;

        private Builder(String name, BackingStore store) {
            this.name = Objects.requireNonNull(name, "name");
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder serial(String v) {
            this.serial = v;
            return this;
        }

        public Builder vendor(String v) {
            this.vendor = v;
            return this;
        }

        public Builder product(String v) {
            this.product = v;
            return this;
        }

        public Builder revision(String v) {
            this.revision = v;
            return this;
        }

        /** The 16-byte NAA IEEE Registered Extended identifier (first nibble 6h). */
        public Builder naa(byte[] v) {
            if (v.length != 16 || (v[0] & 0xF0) != 0x60) {
                throw new IllegalArgumentException("NAA designator must be 16 bytes with NAA 6h");
            }
            this.naa = v.clone();
            return this;
        }

        public Builder blockSize(int v) {
            this.blockSize = v;
            return this;
        }

        public Builder readOnly(boolean v) {
            this.readOnly = v;
            return this;
        }

        /** RMB: removable medium (START STOP UNIT with LOEJ ejects, PREVENT ALLOW applies). */
        public Builder removable(boolean v) {
            this.removable = v;
            return this;
        }

        /** Report thin provisioning (LBPME) when the store supports it; on by default. */
        public Builder thinProvisioning(boolean v) {
            this.thinProvisioning = v;
            return this;
        }

        public Builder writeCacheEnabled(boolean v) {
            this.writeCacheEnabled = v;
            return this;
        }

        public Builder descriptorSense(boolean v) {
            this.descriptorSense = v;
            return this;
        }

        /** MAXIMUM TRANSFER LENGTH in blocks (block limits VPD). */
        public Builder maxTransferLength(int v) {
            this.maxTransferLength = v;
            return this;
        }

        public Builder maxCompareAndWriteLength(int v) {
            if (v < 1 || v > 255) {
                throw new IllegalArgumentException("MAXIMUM COMPARE AND WRITE LENGTH must be 1..255");
            }
            this.maxCompareAndWriteLength = v;
            return this;
        }

        public Builder maxUnmapDescriptors(int v) {
            this.maxUnmapDescriptors = v;
            return this;
        }

        public Builder maxUnmapLbaCount(long v) {
            this.maxUnmapLbaCount = v;
            return this;
        }

        public Builder maxWriteSameLength(long v) {
            this.maxWriteSameLength = v;
            return this;
        }

        /**
         * A file that keeps persistent reservations made with APTPL across restarts of the emulator (read at
         * build when present); without it APTPL state survives {@link LogicalUnit#powerCycle} only.
         */
        public Builder reservationFile(java.nio.file.Path v) {
            this.reservationFile = v;
            return this;
        }

        /** LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT (READ CAPACITY(16)); 0 by default. */
        public Builder physicalBlockExponent(int v) {
            if (v < 0 || v > 15) {
                throw new IllegalArgumentException("physical block exponent must be 0..15");
            }
            this.physicalBlockExponent = v;
            return this;
        }

        public LogicalUnit build() {
            if (blockSize < 512 || Integer.bitCount(blockSize) != 1) {
                throw new IllegalArgumentException("block size must be a power of two >= 512: " + blockSize);
            }
            if (store.capacity() % blockSize != 0) {
                throw new IllegalArgumentException("store capacity is not a multiple of the block size");
            }
            return new LogicalUnit(this);
        }
    }
}
