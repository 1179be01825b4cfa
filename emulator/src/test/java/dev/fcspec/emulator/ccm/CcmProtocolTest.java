package dev.fcspec.emulator.ccm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fcspec.emulator.ccm.CcmProtocol.BootStatus;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientPorts;
import dev.fcspec.emulator.ccm.CcmProtocol.ClientRequirement;
import dev.fcspec.emulator.ccm.CcmProtocol.Mailbox;
import dev.fcspec.emulator.ccm.CcmProtocol.Message;
import dev.fcspec.emulator.ccm.CcmProtocol.PeerInfo;
import dev.fcspec.emulator.ccm.CcmProtocol.Ports;
import dev.fcspec.emulator.ccm.CcmProtocol.Ready;
import dev.fcspec.emulator.vi.MemoryHandle;
import dev.fcspec.emulator.wire.Wwn;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("cluster connection manager codecs (emulator-defined)")
class CcmProtocolTest {
    private static final Wwn A = Wwn.parse("50:0a:09:80:00:00:00:0a");
    private static final Wwn B = Wwn.parse("50:0a:09:80:00:00:00:0b");

    @Test
    void theStatusVariableIsLaidOutAsDocumented() {
        BootStatus s = new BootStatus(2, 7, A, NodeKind.APPLICATION_SERVER, B, 3, 9, new Mailbox(B, 3, 9, 1));
        byte[] p = s.encode();
        assertThat(p).hasSize(64);
        assertThat(HexFormat.of().formatHex(p, 0, 28)).isEqualTo("43434d53" + "0001" + "0000" + "00000002" + "00000007"
                + "500a09800000000a" + "02000000");
        assertThat(HexFormat.of().formatHex(p, 44, 64)).isEqualTo("500a09800000000b" + "00000003" + "00000009" + "00000001");
        assertThat(BootStatus.decode(p)).isEqualTo(s);
        assertThat(BootStatus.decode(p).acknowledges(B, 3, 9)).isTrue();
        assertThat(BootStatus.decode(p).acknowledges(B, 3, 8)).isFalse();
    }

    @Test
    void memoryThatHoldsNoStatusVariableIsRecognised() {
        assertThatThrownBy(() -> BootStatus.decode(new byte[64])).isInstanceOf(CcmProtocolException.class)
                .hasMessageContaining("magic");
        assertThatThrownBy(() -> BootStatus.decode(new byte[63])).isInstanceOf(CcmProtocolException.class);
    }

    @Test
    void everySessionMessageRoundTrips() {
        List<Message> all = List.of(
                new PeerInfo(1, 3, A, NodeKind.STORAGE_SYSTEM, 4),
                new ClientInfo(List.of(new ClientRequirement("nvram-mirror", 2, 8192), new ClientRequirement("hb", 1, 0))),
                new Ports(2, List.of(new ClientPorts("nvram-mirror", List.of(16, 17), new MemoryHandle(0x1234), 0x10000, 8192),
                        new ClientPorts("hb", List.of(18), null, 0, 0))),
                new Ready(2));
        for (Message m : all) {
            assertThat(CcmProtocol.decode(m.encode())).isEqualTo(m);
        }
    }

    @Test
    void theVersionNumbersAreTheFirstFieldsOfThePeerInformation() {
        byte[] p = new PeerInfo(2, 5, A, NodeKind.STORAGE_SYSTEM, 1).encode();
        assertThat(HexFormat.of().formatHex(p, 0, 8)).isEqualTo("01000000" + "0002" + "0005");
    }

    @Test
    void truncatedUnknownOrOverlongMessagesAreRefused() {
        assertThatThrownBy(() -> CcmProtocol.decode(new byte[] {9, 0, 0, 0})).isInstanceOf(CcmProtocolException.class)
                .hasMessageContaining("unknown");
        byte[] peer = new PeerInfo(1, 1, A, NodeKind.STORAGE_SYSTEM, 1).encode();
        assertThatThrownBy(() -> CcmProtocol.decode(java.util.Arrays.copyOf(peer, 10)))
                .isInstanceOf(CcmProtocolException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> CcmProtocol.decode(java.util.Arrays.copyOf(new Ready(1).encode(), 12)))
                .isInstanceOf(CcmProtocolException.class).hasMessageContaining("bytes after");
        byte[] badKind = peer.clone();
        badKind[16] = 9;
        assertThatThrownBy(() -> CcmProtocol.decode(badKind)).isInstanceOf(CcmProtocolException.class)
                .hasMessageContaining("node kind");
    }
}
