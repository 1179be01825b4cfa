package dev.fcspec.emulator.vi;

import java.util.Objects;

/**
 * Work descriptors a consumer posts on a VI (VIA {@code VIP_DESCRIPTOR} reduced to what the emulator needs):
 * a local memory segment (handle, address, length) and, for RDMA, the remote segment.
 */
public sealed interface Descriptor {

    /** Id chosen by the poster, returned in the completion. */
    long id();

    MemoryHandle localHandle();

    long localAddress();

    int length();

    /** Sends {@code length} bytes from the local segment to the peer's next receive descriptor. */
    record Send(long id, MemoryHandle localHandle, long localAddress, int length, Integer immediateData)
            implements Descriptor {
        public Send {
            Objects.requireNonNull(localHandle, "localHandle");
        }
    }

    /** A buffer for the next message (or immediate data) that arrives. */
    record Receive(long id, MemoryHandle localHandle, long localAddress, int length) implements Descriptor {
        public Receive {
            Objects.requireNonNull(localHandle, "localHandle");
        }
    }

    /** RDMA write of the local segment into the peer's region at {@code remoteAddress}. */
    record RdmaWrite(long id, MemoryHandle localHandle, long localAddress, int length, MemoryHandle remoteHandle,
                     long remoteAddress, Integer immediateData) implements Descriptor {
        public RdmaWrite {
            Objects.requireNonNull(localHandle, "localHandle");
            Objects.requireNonNull(remoteHandle, "remoteHandle");
        }
    }

    /** RDMA read of the peer's region at {@code remoteAddress} into the local segment. */
    record RdmaRead(long id, MemoryHandle localHandle, long localAddress, int length, MemoryHandle remoteHandle,
                    long remoteAddress) implements Descriptor {
        public RdmaRead {
            Objects.requireNonNull(localHandle, "localHandle");
            Objects.requireNonNull(remoteHandle, "remoteHandle");
        }
    }
}
