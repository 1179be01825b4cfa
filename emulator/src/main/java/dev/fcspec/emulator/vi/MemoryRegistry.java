package dev.fcspec.emulator.vi;

import dev.fcspec.emulator.wire.FcId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The memory registrations of one VI provider (VIA {@code VipRegisterMem}): handles, the regions they name, and
 * the protection checks every local segment and every remote RDMA passes before memory is touched.
 */
final class MemoryRegistry {

    private final FcId owner;
    private final HostMemory memory;
    private final Map<MemoryHandle, MemoryRegion> regions = new LinkedHashMap<>();
    private int nextHandle;

    /** Handles start at a seeded random point, so that a restarted node does not hand out its old handles. */
    MemoryRegistry(FcId owner, HostMemory memory, RandomGenerator random) {
        this.owner = owner;
        this.memory = memory;
        this.nextHandle = 0x100 + random.nextInt(0x10000);
    }

    MemoryRegion register(long address, int length, MemoryAttributes attributes) {
        MemoryHandle h;
        do {
            h = new MemoryHandle(nextHandle++);
        } while (regions.containsKey(h));
        return register(h, address, length, attributes);
    }

    MemoryRegion register(MemoryHandle handle, long address, int length, MemoryAttributes attributes) {
        Objects.requireNonNull(handle, "handle");
        if (regions.containsKey(handle)) {
            throw new MemoryRegistrationException("memory handle " + handle + " is already registered on " + owner);
        }
        if (address < 0 || length <= 0 || address + length > memory.size()) {
            throw new MemoryRegistrationException(String.format(
                    "region [0x%x, +%d) is not inside the node's memory of %d bytes", address, length, memory.size()));
        }
        MemoryRegion r = new MemoryRegion(handle, address, length, attributes);
        regions.put(handle, r);
        return r;
    }

    void deregister(MemoryHandle handle) {
        if (regions.remove(handle) == null) {
            throw new MemoryRegistrationException("memory handle " + handle + " is not registered on " + owner);
        }
    }

    Optional<MemoryRegion> region(MemoryHandle handle) {
        return Optional.ofNullable(regions.get(handle));
    }

    List<MemoryRegion> regions() {
        return List.copyOf(regions.values());
    }

    /** A local segment of a descriptor: registered, inside its region, with the VI's protection tag. */
    boolean localSegmentValid(MemoryHandle h, long address, int length, int ptag) {
        MemoryRegion r = regions.get(h);
        return r != null && r.contains(address, length) && r.attributes().protectionTag() == ptag;
    }

    /** Why a remote RDMA through {@code vi} may not touch {@code [address, +length)}, or null when it may. */
    String remoteAccessRefusal(VirtualInterface vi, MemoryHandle handle, long address, int length, boolean write) {
        MemoryRegion r = regions.get(handle);
        String what = write ? "RDMA write" : "RDMA read";
        if (r == null) {
            return what + " to unregistered memory handle " + handle;
        }
        if (!r.contains(address, length)) {
            return String.format("%s of [0x%x, +%d) outside region %s [0x%x, 0x%x)", what, address, length, handle,
                    r.address(), r.end());
        }
        boolean regionEnabled = write ? r.attributes().enableRdmaWrite() : r.attributes().enableRdmaRead();
        boolean viEnabled = write ? vi.attributes().enableRdmaWrite() : vi.attributes().enableRdmaRead();
        if (!regionEnabled) {
            return what + " not enabled on region " + handle;
        }
        if (!viEnabled) {
            return what + " not enabled on " + vi.address();
        }
        if (r.attributes().protectionTag() != vi.attributes().protectionTag()) {
            return "protection tag of region " + handle + " differs from the tag of " + vi.address();
        }
        return null;
    }
}
