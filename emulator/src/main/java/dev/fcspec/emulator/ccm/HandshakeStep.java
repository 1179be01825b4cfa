package dev.fcspec.emulator.ccm;

/** The four RDMA steps of the boot-time handshake, in the order the initiator performs them. */
public enum HandshakeStep {
    FIRST_RDMA_READ,
    FIRST_RDMA_WRITE,
    SECOND_RDMA_READ,
    SECOND_RDMA_WRITE
}
