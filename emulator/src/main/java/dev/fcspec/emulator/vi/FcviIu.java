package dev.fcspec.emulator.vi;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * FC-VI Information Units as decoded values. The names are those of the FC-VI standard; the fields and
 * their encoding are emulator-defined (see {@link FcviProtocol}).
 */
public sealed interface FcviIu {

    /** IU code, one of {@code FcviProtocol.IU_*}. */
    int code();

    /** VI number of the receiving VI. */
    int destinationVi();

    /** VI number of the sending VI. */
    int sourceVi();

    /** The standard's name of this IU, e.g. {@code FCVI_READ_RQST}. */
    default String name() {
        return FcviProtocol.nameOf(code());
    }

    /** First step of connection setup: the requester asks for a connection with its VI's attributes. */
    record ConnectRequest(int destinationVi, int sourceVi, ReliabilityLevel reliability, boolean rdmaRead,
                          boolean rdmaWrite, int maxTransferSize) implements FcviIu {
        public ConnectRequest {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(reliability, "reliability");
        }

        @Override
        public int code() {
            return FcviProtocol.IU_CONNECT_RQST;
        }
    }

    /** Second step: the responder accepts (with its attributes) or rejects. */
    record ConnectResponse1(int destinationVi, int sourceVi, ConnectResult result, ReliabilityLevel reliability,
                            boolean rdmaRead, boolean rdmaWrite, int maxTransferSize) implements FcviIu {
        public ConnectResponse1 {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(reliability, "reliability");
        }

        @Override
        public int code() {
            return FcviProtocol.IU_CONNECT_RESP1;
        }
    }

    /** Third step: the requester acknowledges the acceptance. */
    record ConnectResponse2(int destinationVi, int sourceVi) implements FcviIu {
        public ConnectResponse2 {
            checkVi(destinationVi, sourceVi);
        }

        @Override
        public int code() {
            return FcviProtocol.IU_CONNECT_RESP2;
        }
    }

    /** Fourth step: the responder confirms; both VIs are Connected. */
    record ConnectResponse3(int destinationVi, int sourceVi) implements FcviIu {
        public ConnectResponse3 {
            checkVi(destinationVi, sourceVi);
        }

        @Override
        public int code() {
            return FcviProtocol.IU_CONNECT_RESP3;
        }
    }

    record DisconnectRequest(int destinationVi, int sourceVi, int reason) implements FcviIu {
        public DisconnectRequest {
            checkVi(destinationVi, sourceVi);
        }

        @Override
        public int code() {
            return FcviProtocol.IU_DISCONNECT_RQST;
        }
    }

    record DisconnectResponse(int destinationVi, int sourceVi) implements FcviIu {
        public DisconnectResponse {
            checkVi(destinationVi, sourceVi);
        }

        @Override
        public int code() {
            return FcviProtocol.IU_DISCONNECT_RESP;
        }
    }

    /** A message for a receive descriptor posted on the destination VI. */
    record SendRequest(int destinationVi, int sourceVi, Integer immediateData, byte[] data) implements FcviIu {
        public SendRequest {
            checkVi(destinationVi, sourceVi);
            data = checkData(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int dataLength() {
            return data.length;
        }

        @Override
        public int code() {
            return FcviProtocol.IU_SEND_RQST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SendRequest s && destinationVi == s.destinationVi && sourceVi == s.sourceVi
                    && Objects.equals(immediateData, s.immediateData) && Arrays.equals(data, s.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(destinationVi, sourceVi, immediateData) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SendRequest[vi " + sourceVi + "->" + destinationVi + " imm=" + immediateData + " data="
                    + hex(data) + "]";
        }
    }

    record SendResponse(int destinationVi, int sourceVi, ViStatus status) implements FcviIu {
        public SendResponse {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(status, "status");
        }

        @Override
        public int code() {
            return FcviProtocol.IU_SEND_RESP;
        }
    }

    /** RDMA write: data for the remote memory region named by handle and address. */
    record WriteRequest(int destinationVi, int sourceVi, MemoryHandle remoteHandle, long remoteAddress,
                        Integer immediateData, byte[] data) implements FcviIu {
        public WriteRequest {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(remoteHandle, "remoteHandle");
            data = checkData(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int dataLength() {
            return data.length;
        }

        @Override
        public int code() {
            return FcviProtocol.IU_WRITE_RQST;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WriteRequest w && destinationVi == w.destinationVi && sourceVi == w.sourceVi
                    && remoteHandle.equals(w.remoteHandle) && remoteAddress == w.remoteAddress
                    && Objects.equals(immediateData, w.immediateData) && Arrays.equals(data, w.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(destinationVi, sourceVi, remoteHandle, remoteAddress, immediateData) * 31
                    + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return String.format("WriteRequest[vi %d->%d %s addr=0x%x imm=%s data=%s]", sourceVi, destinationVi,
                    remoteHandle, remoteAddress, immediateData, hex(data));
        }
    }

    record WriteResponse(int destinationVi, int sourceVi, ViStatus status) implements FcviIu {
        public WriteResponse {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(status, "status");
        }

        @Override
        public int code() {
            return FcviProtocol.IU_WRITE_RESP;
        }
    }

    /** RDMA read of {@code length} bytes of the remote memory region named by handle and address. */
    record ReadRequest(int destinationVi, int sourceVi, MemoryHandle remoteHandle, long remoteAddress, int length)
            implements FcviIu {
        public ReadRequest {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(remoteHandle, "remoteHandle");
            if (length < 0 || length > FcviProtocol.MAX_TRANSFER_SIZE) {
                throw new IllegalArgumentException("RDMA read length " + length + " outside 0.."
                        + FcviProtocol.MAX_TRANSFER_SIZE);
            }
        }

        @Override
        public int code() {
            return FcviProtocol.IU_READ_RQST;
        }
    }

    /** The data of an RDMA read, or its error status (then without data). */
    record ReadResponse(int destinationVi, int sourceVi, ViStatus status, byte[] data) implements FcviIu {
        public ReadResponse {
            checkVi(destinationVi, sourceVi);
            Objects.requireNonNull(status, "status");
            data = checkData(data);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int dataLength() {
            return data.length;
        }

        @Override
        public int code() {
            return FcviProtocol.IU_READ_RESP;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadResponse r && destinationVi == r.destinationVi && sourceVi == r.sourceVi
                    && status == r.status && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(destinationVi, sourceVi, status) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "ReadResponse[vi " + sourceVi + "->" + destinationVi + " " + status + " data=" + hex(data) + "]";
        }
    }

    private static void checkVi(int destinationVi, int sourceVi) {
        if (destinationVi < 0 || destinationVi > 0xFFFF || sourceVi < 0 || sourceVi > 0xFFFF) {
            throw new IllegalArgumentException("VI numbers are 16 bits: " + sourceVi + " -> " + destinationVi);
        }
    }

    private static byte[] checkData(byte[] data) {
        Objects.requireNonNull(data, "data");
        if (data.length > FcviProtocol.MAX_TRANSFER_SIZE) {
            throw new IllegalArgumentException("transfer of " + data.length + " bytes exceeds "
                    + FcviProtocol.MAX_TRANSFER_SIZE);
        }
        return data.clone();
    }

    private static String hex(byte[] d) {
        return d.length <= 16 ? HexFormat.of().formatHex(d) : HexFormat.of().formatHex(d, 0, 16) + "...("
                + d.length + "B)";
    }
}
