package dev.fcspec.emulator.vi;

/** Completion status of a descriptor, VI Architecture 1.0 codes (vipl.h {@code VIP_STATUS_*}). */
public enum ViStatus {
    SUCCESS(FcviProtocol.VIP_STATUS_DONE),
    /** Malformed descriptor (for example a negative length). */
    LOCAL_FORMAT_ERROR(FcviProtocol.VIP_STATUS_FORMAT_ERROR),
    /** A local memory segment is not registered, out of its region's bounds, or of another protection tag. */
    LOCAL_PROTECTION_ERROR(FcviProtocol.VIP_STATUS_PROTECTION_ERROR),
    /** Transfer longer than the connection's maximum, or than the receive buffer. */
    LOCAL_LENGTH_ERROR(FcviProtocol.VIP_STATUS_LENGTH_ERROR),
    PARTIAL_PACKET_ERROR(FcviProtocol.VIP_STATUS_PARTIAL_ERROR),
    /** The descriptor was never executed: the VI is not (or no longer) connected. */
    DESCRIPTOR_FLUSHED(FcviProtocol.VIP_STATUS_DESC_FLUSHED_ERROR),
    /** No answer from the peer in time, or the peer VI is not connected to this one. */
    TRANSPORT_ERROR(FcviProtocol.VIP_STATUS_TRANSPORT_ERROR),
    /** Remote memory handle unknown, range outside the region, RDMA not enabled, or protection tags differ. */
    RDMA_PROTECTION_ERROR(FcviProtocol.VIP_STATUS_RDMA_PROT_ERROR),
    /** The peer had no receive descriptor (or one too small) for a send or an RDMA write with immediate data. */
    REMOTE_DESCRIPTOR_ERROR(FcviProtocol.VIP_STATUS_REMOTE_DESC_ERROR);

    private final int code;

    ViStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isSuccess() {
        return this == SUCCESS;
    }

    public static ViStatus fromCode(int code) {
        for (ViStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new FcviDecodeException(FcviDecodeException.Defect.UNKNOWN_STATUS,
                String.format("completion status 0x%x is not a VI Architecture status", code));
    }
}
