package dev.fcspec.emulator.iscsi;

import dev.fcspec.emulator.iscsi.IscsiPdu.LoginRequest;
import dev.fcspec.emulator.iscsi.IscsiPdu.LoginResponse;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A blocking test client that writes and reads raw PDUs, so tests can send exactly the bytes they want
 * (bad digests, unknown opcodes, wrong lengths). Every read has a 10-second socket timeout.
 */
final class RawIscsiClient implements AutoCloseable {
    static final String INITIATOR = "iqn.2024-01.dev.fcspec.test:raw";
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    boolean headerDigest;
    boolean dataDigest;
    int cmdSn = 1;
    int expStatSn;
    int itt = 0x100;
    long isid = 0x023d000001L;

    RawIscsiClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(IscsiPdu pdu) throws IOException {
        send(pdu.toPdu());
    }

    void send(Pdu pdu) throws IOException {
        IoBuffer b = PduEncoder.encode(pdu, headerDigest, dataDigest);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        sendBytes(bytes);
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Encodes a PDU with the current digest settings into bytes a test can then damage. */
    byte[] encode(IscsiPdu pdu) {
        IoBuffer b = PduEncoder.encode(pdu.toPdu(), headerDigest, dataDigest);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    /** Reads one PDU, checking the digests the connection uses. */
    Pdu receive() throws IOException {
        byte[] bhs = new byte[48];
        in.readFully(bhs);
        int ahsLength = (bhs[4] & 0xFF) * 4;
        int dataLength = ((bhs[5] & 0xFF) << 16) | ((bhs[6] & 0xFF) << 8) | (bhs[7] & 0xFF);
        byte[] ahs = new byte[ahsLength];
        in.readFully(ahs);
        if (headerDigest) {
            CRC32C c = new CRC32C();
            c.update(bhs);
            c.update(ahs);
            int got = in.readInt();
            if (got != Integer.reverseBytes((int) c.getValue())) {
                throw new IOException("bad header digest from target");
            }
        }
        int padded = (dataLength + 3) & ~3;
        byte[] data = new byte[padded];
        in.readFully(data);
        if (headerDigest && dataDigest && dataLength > 0 || !headerDigest && dataDigest && dataLength > 0) {
            CRC32C c = new CRC32C();
            c.update(data);
            int got = in.readInt();
            if (got != Integer.reverseBytes((int) c.getValue())) {
                throw new IOException("bad data digest from target");
            }
        }
        return new Pdu(bhs, ahs, ByteBuffer.wrap(data, 0, dataLength).slice());
    }

    IscsiPdu receiveParsed() throws IOException {
        IscsiPdu p = PduParser.parseFromTarget(receive());
        if (p instanceof IscsiPdu.ScsiResponsePdu r) {
            expStatSn = r.statSn() + 1;
        }
        return p;
    }

    /** True when the target closed the connection (EOF) before the timeout. */
    boolean closedByPeer() throws IOException {
        try {
            int b = in.read();
            return b < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** True when nothing arrives within {@code millis}. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            in.mark(1);
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    static byte[] text(String... pairs) {
        StringBuilder sb = new StringBuilder();
        for (String p : pairs) {
            sb.append(p).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    LoginRequest loginRequest(long isid, int tsih, int csg, int nsg, boolean transit, byte[] text) {
        return new LoginRequest(transit, false, csg, nsg, 0, 0, isid, tsih, itt, 0, cmdSn, expStatSn, text);
    }

    /** Logs in to a normal session in one operational-stage request with the given extra keys. */
    LoginResponse login(String target, String... keys) throws IOException {
        String[] all = new String[keys.length + 3];
        all[0] = "InitiatorName=" + INITIATOR;
        all[1] = "SessionType=Normal";
        all[2] = "TargetName=" + target;
        System.arraycopy(keys, 0, all, 3, keys.length);
        send(loginRequest(isid, 0, 1, 3, true, text(all)));
        LoginResponse r = (LoginResponse) PduParser.parseFromTarget(receive());
        expStatSn = r.statSn() + 1;
        return r;
    }

    int nextItt() {
        return itt++;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
