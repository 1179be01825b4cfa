package dev.fcspec.emulator.vi;

/** The operation a completion reports (VI Architecture status bits 18:16). */
public enum ViOperation {
    SEND(FcviProtocol.VIP_OP_SEND),
    RECEIVE(FcviProtocol.VIP_OP_RECEIVE),
    RDMA_WRITE(FcviProtocol.VIP_OP_RDMA_WRITE),
    /** Target side of an RDMA write (reported when it carried immediate data, or failed). */
    REMOTE_RDMA_WRITE(FcviProtocol.VIP_OP_REMOTE_RDMA_WRITE),
    RDMA_READ(FcviProtocol.VIP_OP_RDMA_READ),
    /** Target side of an RDMA read (reported only when it failed). Emulator-defined code. */
    REMOTE_RDMA_READ(FcviProtocol.VIP_OP_REMOTE_RDMA_READ);

    private final int code;

    ViOperation(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
