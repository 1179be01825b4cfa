package dev.fcspec.emulator.vi;

/** Result of a connection request as carried in FCVI_CONNECT_RESP1 (emulator-defined codes). */
public enum ConnectResult {
    ACCEPTED(FcviProtocol.CONNECT_ACCEPTED),
    /** No VI with the requested number exists at the responder. */
    REJECTED_NO_SUCH_VI(FcviProtocol.CONNECT_REJECT_NO_SUCH_VI),
    /** The VI is connected, or connecting, to someone else. */
    REJECTED_VI_BUSY(FcviProtocol.CONNECT_REJECT_VI_BUSY),
    /** Reliability levels differ, or RDMA attributes the requester needs are not enabled. */
    REJECTED_ATTRIBUTES(FcviProtocol.CONNECT_REJECT_ATTRIBUTES),
    /** Both VIs asked at once; the responder's own request wins (lower address, see {@link VirtualInterface}). */
    REJECTED_COLLISION(FcviProtocol.CONNECT_REJECT_COLLISION),
    /** The VI exists but does not accept connections from this requester. */
    REJECTED_NOT_ACCEPTING(FcviProtocol.CONNECT_REJECT_NOT_ACCEPTING),
    /** Local only, never on the wire: no answer within the FCVI_ULP_TIMEOUT. */
    TIMED_OUT(-1),
    /** Local only, never on the wire: the local VI was disconnected or destroyed while connecting. */
    ABANDONED(-2);

    private final int code;

    ConnectResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static ConnectResult fromCode(int code) {
        for (ConnectResult r : values()) {
            if (r.code == code && code >= 0) {
                return r;
            }
        }
        throw new FcviDecodeException(FcviDecodeException.Defect.UNKNOWN_CONNECT_RESULT,
                "connect result " + code + " is unknown");
    }
}
