package dev.fcspec.emulator.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.port.exchange.Exchange;
import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.RCtl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A point-to-point login and an ABTS, captured on the link and decoded by tshark (independent check). */
@DisplayName("tshark decodes a captured point-to-point login and ABTS")
class PointToPointCaptureTest extends PortTestSupport {

    @TempDir
    Path dir;

    @Test
    void loginAndAbortDecodeCleanlyWithTheExpectedFields() {
        Tshark tshark = Tshark.require();
        CaptureTap capture = new CaptureTap().attach(link);
        NPort a = new NPort(s, PortConfig.of(WWPN_A, WWNN_A).withFcpRoles(true, false), link.a());
        NPort b = new NPort(s, PortConfig.of(WWPN_B, WWNN_B).withFcpRoles(false, true), link.b());
        List<Exchange> atTarget = new ArrayList<>();
        b.registerFc4Handler(FcType.FCP, (port, remote, ex, first) -> atTarget.add(ex));
        a.enable();
        b.enable();
        runUntil(() -> a.remotePort(b.fcId()).map(RemotePort::isReady).orElse(false));
        Exchange cmd = a.originate(b.fcId(), FcType.FCP, (ex, seq) -> { });
        cmd.send(RCtl.FCP_CMND, new byte[32]);
        settle();
        cmd.abort();
        settle();
        assertThat(atTarget).hasSize(1);
        Path pcap = dir.resolve("p2p-login.pcap");
        capture.writePcap(pcap);

        Tshark.Check check = tshark.check(pcap);
        assertThat(check.frames()).isEqualTo(capture.size());
        assertThat(check.problemFrames()).as("malformed or flagged frames: %s", check.messages()).isEmpty();
        assertThat(check.crcNotGoodFrames()).as("frames without fc.crc.status == 1").isEmpty();

        List<Tshark.Row> plogi = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x22 && fcels.opcode == 0x03",
                "fc.s_id", "fc.d_id", "fcels.npname", "fcels.fnname");
        assertThat(plogi).singleElement().satisfies(r -> {
            assertThat(r.get("fc.s_id")).isEqualTo("01.01.02");
            assertThat(r.get("fc.d_id")).isEqualTo("01.01.01");
            assertThat(r.get("fcels.npname")).isEqualTo(WWPN_B.toString());
            assertThat(r.get("fcels.fnname")).isEqualTo(WWNN_B.toString());
        });
        List<Tshark.Row> flogi = tshark.fieldsWhere(pcap, "fc.d_id == ff.ff.fe && fcels.opcode == 0x04",
                "fcels.npname");
        assertThat(flogi).extracting(r -> r.get("fcels.npname"))
                .containsExactlyInAnyOrder(WWPN_A.toString(), WWPN_B.toString());
        List<Tshark.Row> prli = tshark.fieldsWhere(pcap, "fcels.opcode == 0x20", "fcels.fcpflags.target",
                "fcels.fcpflags.initiator");
        assertThat(prli).singleElement().satisfies(r -> {
            assertThat(r.get("fcels.fcpflags.target")).isIn("1", "True");
            assertThat(r.get("fcels.fcpflags.initiator")).isIn("0", "False");
        });
        List<Tshark.Row> prliAcc = tshark.fieldsWhere(pcap, "fcels.opcode == 0x02 && fcels.prlilo.response_code",
                "fcels.prlilo.response_code");
        assertThat(prliAcc).singleElement().satisfies(r -> assertThat(r.get("fcels.prlilo.response_code")).isEqualTo("0x21"));
        List<Tshark.Row> abts = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x81", "fc.ox_id");
        List<Tshark.Row> baAcc = tshark.fieldsWhere(pcap, "fc.r_ctl == 0x84", "fc.bls_oxid", "fc.bls_rxid",
                "fc.bls_hseqcnt");
        assertThat(abts).hasSize(1);
        assertThat(baAcc).singleElement().satisfies(r -> {
            assertThat(Integer.decode(r.get("fc.bls_oxid"))).isEqualTo(cmd.oxId());
            assertThat(Integer.decode(r.get("fc.bls_rxid"))).isEqualTo(atTarget.get(0).rxId());
        });
    }
}
