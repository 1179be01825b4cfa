package dev.fcspec.emulator.fabric;

import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.vportWwpn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwnn;
import static dev.fcspec.emulator.fabric.SwitchFixture.wwpn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.link.CaptureTap;
import dev.fcspec.emulator.link.Link;
import dev.fcspec.emulator.port.ct.CtConstants;
import dev.fcspec.emulator.port.ct.NameServerRequest;
import dev.fcspec.emulator.port.els.LoginParameters;
import dev.fcspec.emulator.port.els.Scr;
import dev.fcspec.emulator.testing.Tshark;
import dev.fcspec.emulator.time.VirtualScheduler;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fabric login, NPIV, SCR/RSCN and name-server session between fake N_Ports and the switch, captured on the
 * links and decoded by tshark: addresses, ELS opcodes, CT command codes and reject codes must read as the
 * switch meant them, every CRC must be good and nothing malformed.
 */
@DisplayName("tshark reads the fabric's frames")
class FabricTsharkTest {

    private static final Wwn TARGET_WWPN = Wwn.parse("50:0a:09:81:00:00:a1:0a");
    private static final Wwn TARGET_WWNN = Wwn.parse("50:0a:09:80:00:00:a1:00");

    private static Tshark tshark;

    @TempDir
    Path dir;

    @BeforeAll
    static void tshark() {
        tshark = Tshark.require();
    }

    @Test
    void loginNpivRscnAndNameServerSession() {
        VirtualScheduler scheduler = new VirtualScheduler(7);
        FabricSwitch sw = new FabricSwitch(scheduler, FabricConfig.defaults("sw1", 1, SwitchFixture.SWITCH_NAME)
                .withFabricName(SwitchFixture.FABRIC_NAME));
        Link hostLink = new Link(scheduler, "host");
        Link arrayLink = new Link(scheduler, "array");
        CaptureTap capture = new CaptureTap().attach(hostLink, arrayLink);
        sw.attach(1, hostLink.b());
        sw.attach(10, arrayLink.b());
        FakeNPort host = new FakeNPort(scheduler, hostLink.a());
        FakeNPort array = new FakeNPort(scheduler, arrayLink.a());

        host.fdisc(vportWwpn(1, 1), vportWwnn(1, 1));                       // LS_RJT 0x09/0x1E: no FLOGI yet
        FcId h = host.login(wwpn(1, 1), wwnn(1, 1));
        host.els(h, FcId.DIRECTORY_SERVER, LoginParameters.plogi(wwpn(1, 1), wwnn(1, 1), 2048, 2000));
        host.scr(h, Scr.FULL);
        host.registerFcp(h);
        host.ns(h, new NameServerRequest.RffId(h, CtConstants.FC4_FEATURE_INITIATOR, FcType.FCP));
        host.ns(h, new NameServerRequest.RspnId(h, "fcspec host1"));
        FcId v = host.loginVport(vportWwpn(1, 1), vportWwnn(1, 1));
        FcId t = array.login(TARGET_WWPN, TARGET_WWNN);             // RSCN to the host
        array.registerFcp(t);                                        // RSCN to the host
        host.ns(h, NameServerRequest.GidFt.of(FcType.FCP));
        host.ns(h, NameServerRequest.GpnFt.of(FcType.FCP));
        host.ns(h, new NameServerRequest.GpnId(t));
        host.ns(h, new NameServerRequest.GnnId(FcId.of(1, 7, 0)));  // FS_RJT 0x09/0x01
        host.ns(h, new NameServerRequest.GidPn(TARGET_WWPN));
        host.ns(h, new NameServerRequest.GaNxt(h));
        host.logo(v, vportWwpn(1, 1));
        host.rscns();
        scheduler.runUntilIdle();
        Path pcap = dir.resolve("fabric.pcap");
        capture.writePcap(pcap);

        // Wireshark 4.0 pairs an FDISC LS_ACC with its request only when the assigned N_Port_ID ends in 00
        // (packet-fcels.c special-cases FLOGI alone), so it flags the ACC of every NPIV FDISC as "no record of
        // exchange". That quirk is the only flag allowed, and only on those frames.
        List<Tshark.Row> fdiscs = tshark.fieldsWhere(pcap, "fc.d_id == ff.ff.fe && fcels.opcode == 0x51", "fc.ox_id");
        assertThat(fdiscs).hasSize(2);
        List<Integer> fdiscAccepts = tshark.frameNumbers(pcap, "fc.s_id == ff.ff.fe && fc.r_ctl == 0x23"
                + " && fc.d_id == 01.01.01 && fc.ox_id == " + fdiscs.get(1).get("fc.ox_id"));
        assertThat(fdiscAccepts).hasSize(1);
        assertThat(tshark.frameNumbers(pcap, "fcels.no_record_of_exchange")).isEqualTo(fdiscAccepts);
        assertThat(tshark.frameNumbers(pcap, "(" + Tshark.PROBLEM_FILTER + ") && !fcels.no_record_of_exchange"))
                .as("malformed or flagged frames:\n%s", tshark.summary(pcap)).isEmpty();
        assertThat(tshark.framesWithoutGoodCrc(pcap)).as("frames without a good CRC").isEmpty();
        assertThat(tshark.frameCount(pcap)).isEqualTo(capture.size());

        // FLOGI to the login server and its LS_ACC carrying the assigned address, F_Port name and fabric name
        List<Tshark.Row> flogi = tshark.fieldsWhere(pcap, "fc.d_id == ff.ff.fe && fcels.opcode == 0x04",
                "fc.s_id", "fcels.npname", "fc.ox_id");
        assertThat(flogi).hasSize(2);
        assertThat(flogi.get(0).get("fcels.npname")).isEqualTo(wwpn(1, 1).toString());
        List<Tshark.Row> flogiAcc = tshark.fieldsWhere(pcap, "fc.s_id == ff.ff.fe && fc.d_id == 01.01.00"
                + " && fcels.opcode == 0x02", "fcels.npname", "fcels.fnname", "fc.ox_id", "fcels.logi.cmnfeatures");
        assertThat(flogiAcc).hasSize(1);
        assertThat(flogiAcc.get(0).get("fc.ox_id")).isEqualTo(flogi.get(0).get("fc.ox_id"));
        assertThat(flogiAcc.get(0).get("fcels.npname")).isEqualTo(sw.port(1).portName().toString());
        assertThat(flogiAcc.get(0).get("fcels.fnname")).isEqualTo(SwitchFixture.FABRIC_NAME.toString());

        // FDISC: accepted with the vport's own address; the one before FLOGI rejected with 0x09/0x1E
        assertThat(tshark.frameNumbers(pcap, "fc.s_id == ff.ff.fe && fcels.opcode == 0x01"
                + " && fcels.rjt.reason == 0x09 && fcels.rjt.detail == 0x1e")).hasSize(1);

        // SCR, and RSCNs from the fabric controller naming the target and the vport
        assertThat(tshark.frameNumbers(pcap, "fc.d_id == ff.ff.fd && fcels.opcode == 0x62 && fcels.scr.regn == 3"))
                .hasSize(1);
        List<Tshark.Row> rscn = tshark.fieldsWhere(pcap, "fc.s_id == ff.ff.fd && fcels.opcode == 0x61",
                "fc.d_id", "fcels.rscn.area", "fcels.rscn.port", "fcels.rscn.evqual", "fcels.rscn.addrfmt");
        assertThat(rscn).isNotEmpty().allSatisfy(r -> assertThat(r.get("fc.d_id")).isEqualTo("01.01.00"));
        assertThat(rscn).extracting(r -> r.get("fcels.rscn.area") + "/" + r.get("fcels.rscn.port"))
                .contains("0x0a/0x00", "0x01/0x01");

        // name-server requests and their accept / reject answers
        assertThat(tshark.frameNumbers(pcap, "fc.d_id == ff.ff.fc && fcct.gstype == 0xfc && fcct.gssubtype == 0x02"
                + " && fcdns.opcode == 0x0171")).hasSize(1);
        assertThat(tshark.frameNumbers(pcap, "fc.d_id == ff.ff.fc && fcdns.opcode == 0x0217")).hasSize(2);
        List<Tshark.Row> accepts = tshark.fieldsWhere(pcap, "fc.s_id == ff.ff.fc && fcdns.opcode == 0x8002",
                "fcdns.rply.portid", "fcdns.rply.pname");
        assertThat(accepts).hasSizeGreaterThanOrEqualTo(9);
        assertThat(accepts).anySatisfy(r -> assertThat(r.get("fcdns.rply.pname")).contains(TARGET_WWPN.toString()));
        List<Tshark.Row> rejects = tshark.fieldsWhere(pcap, "fc.s_id == ff.ff.fc && fcdns.opcode == 0x8001",
                "fcdns.rply.reason", "fcdns.rply.reasondet");
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0).get("fcdns.rply.reason")).isEqualTo("0x09");
        assertThat(rejects.get(0).get("fcdns.rply.reasondet")).isEqualTo("0x01");

        // the vport's LOGO and its accept
        assertThat(tshark.frameNumbers(pcap, "fc.s_id == 01.01.01 && fc.d_id == ff.ff.fe && fcels.opcode == 0x05"))
                .hasSize(1);
    }
}
