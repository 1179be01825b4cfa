package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fabric.FabricSwitch;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.support.Sense;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Asymmetric logical unit access as a host sees it over FCP: the target port group and relative target port
 * of a path (VPD page 0x83), the group's state (REPORT TARGET PORT GROUPS), and the unit attention that tells
 * the host the states changed.
 */
public class AluaSteps {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Map<String, Integer> STATES = Map.of("active/optimized", 0x0, "active/non-optimized", 0x1,
            "standby", 0x2, "unavailable", 0x3, "transitioning", 0xF);
    private final Cluster cluster;
    private final San san;

    public AluaSteps(Cluster cluster) {
        this.cluster = cluster;
        this.san = cluster.san();
    }

    /** What VPD page 0x83 says about the target port a command went through. */
    record TargetPortDesignators(Wwn wwpn, int relativePort, int group) {
    }

    @Then("through {word} port {word}, {port} finds LUN {lun} {word} in the target port group of {word}'s ports")
    public void accessState(String node, String port, PortRef host, Integer lun, String state, String groupNode) {
        Integer expected = STATES.get(state);
        assertThat(expected).as("an asymmetric access state (one of %s)", STATES.keySet()).isNotNull();
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        FcpResult vpd = retrying(host, node, port, "INQUIRY VPD 0x83",
                at -> ini.read(at, lun, new byte[] {0x12, 0x01, (byte) 0x83, 0x04, 0x00, 0x00}, 1024));
        assertThat(vpd.status()).as("INQUIRY VPD 0x83 of LUN %s through %s port %s", lun, node, port)
                .isEqualTo(ScsiStatus.GOOD);
        TargetPortDesignators d = designators(vpd.data());
        assertThat(d.wwpn()).as("target port name in VPD 0x83").isEqualTo(wwpn(node, port));
        int group = cluster.node(groupNode).targetPortGroup();
        assertThat(d.group()).as("target port group of %s port %s in VPD 0x83 (the group of %s's ports)", node,
                port, groupNode).isEqualTo(group);
        byte[] rtpgCdb = {(byte) 0xA3, 0x0A, 0, 0, 0, 0, 0, 0, 0x04, 0x00, 0, 0};
        FcpResult rtpg = retrying(host, node, port, "REPORT TARGET PORT GROUPS", at -> ini.read(at, lun, rtpgCdb,
                1024));
        assertThat(rtpg.status()).as("REPORT TARGET PORT GROUPS of LUN %s through %s port %s", lun, node, port)
                .isEqualTo(ScsiStatus.GOOD);
        byte[] b = rtpg.data();
        int length = (int) u32(b, 0);
        boolean found = false;
        for (int p = 4; p + 8 <= Math.min(b.length, 4 + length); ) {
            int id = u16(b, p + 2);
            int count = b[p + 7] & 0xFF;
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ports.add(u16(b, p + 8 + 4 * i + 2));
            }
            if (id == group) {
                found = true;
                assertThat(b[p] & 0x0F).as("asymmetric access state of target port group %s for LUN %s (%s)", id,
                        lun, HexFormat.of().formatHex(b)).isEqualTo(expected);
                assertThat(ports).as("relative target ports of group %s", id).contains(d.relativePort());
            } else {
                assertThat(ports).as("relative target ports of group %s", id).doesNotContain(d.relativePort());
            }
            p += 8 + 4 * count;
        }
        assertThat(found).as("REPORT TARGET PORT GROUPS lists group %s", group).isTrue();
    }

    @Then("{port} is told through {word} port {word} that the asymmetric access state of LUN {lun} changed")
    public void toldOfChange(PortRef host, String node, String port, Integer lun) {
        FcId at = at(host, node, port);
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        List<String> attentions = new ArrayList<>();
        FcpResult r = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            r = san.complete(host + " TEST UNIT READY", ini.command(at, lun, new byte[6]), DEADLINE);
            if (!Sense.isUnitAttention(r.status(), r.sense())) {
                break;
            }
            attentions.add(Sense.ascName(Sense.of(r.sense()).orElseThrow().ascAscq()));
        }
        assertThat(r.status()).as("TEST UNIT READY once the unit attentions are reported").isEqualTo(ScsiStatus.GOOD);
        assertThat(attentions).as("unit attentions (ASC/ASCQ) of LUN %s through %s port %s", lun, node, port)
                .contains(Sense.ascName(Sense.asc("ASYMMETRIC ACCESS STATE CHANGED")));
    }

    /**
     * Sends a command on a path as a host's SCSI layer does: a unit attention is reported and the command
     * retried; a session the target ended meanwhile (a port logged out and in again around a takeover or
     * giveback) is logged in again and the command retried.
     */
    private FcpResult retrying(PortRef host, String node, String port, String what,
                               Function<FcId, CompletableFuture<FcpResult>> command) {
        FcpResult r = null;
        String failure = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            CompletableFuture<FcpResult> f = command.apply(at(host, node, port));
            san.await(host + " " + what, f::isDone, DEADLINE);
            if (f.isCompletedExceptionally()) {
                failure = f.handle((x, e) -> String.valueOf(e)).join();
                continue;
            }
            r = f.join();
            if (!Sense.isUnitAttention(r.status(), r.sense())) {
                return r;
            }
        }
        assertThat(r).as("%s through %s port %s completed (last failure: %s)", what, node, port, failure)
                .isNotNull();
        return r;
    }

    private Wwn wwpn(String node, String port) {
        return cluster.node(node).physicalPort(port).portName();
    }

    /** Where the port name is logged in now (its own port, or the survivor's after a takeover), logged in to. */
    private FcId at(PortRef host, String node, String port) {
        Wwn wwpn = wwpn(node, port);
        FabricSwitch sw = san.switchState(cluster.fabricOf(new dev.fcspec.emulator.bench.Endpoint(node, port)));
        san.await(wwpn + " in the name server", () -> sw.loginByPortName(wwpn).isPresent(), San.PROMPTLY);
        FcId at = sw.loginByPortName(wwpn).orElseThrow().fcId();
        NPort h = san.nPort(host);
        RemotePort r = san.complete(host + " PLOGI and PRLI to " + wwpn, h.login(at), San.PROMPTLY);
        assertThat(r.imagePair(FcType.FCP)).as("FCP image pair with %s", wwpn).isPresent();
        return at;
    }

    /** The target port designators (association 1) of a VPD page 0x83. */
    static TargetPortDesignators designators(byte[] page) {
        assertThat(page.length).as("VPD 0x83 length").isGreaterThanOrEqualTo(4);
        assertThat(page[1] & 0xFF).as("page code").isEqualTo(0x83);
        int end = Math.min(page.length, 4 + u16(page, 2));
        Wwn wwpn = null;
        int rel = -1;
        int group = -1;
        for (int p = 4; p + 4 <= end; ) {
            int association = (page[p + 1] >>> 4) & 0x3;
            int type = page[p + 1] & 0x0F;
            int len = page[p + 3] & 0xFF;
            if (association == 1) {
                if (type == 3 && len == 8) {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v = v << 8 | (page[p + 4 + i] & 0xFF);
                    }
                    wwpn = Wwn.of(v);
                } else if (type == 4) {
                    rel = u16(page, p + 6);
                } else if (type == 5) {
                    group = u16(page, p + 6);
                }
            }
            p += 4 + len;
        }
        assertThat(rel).as("relative target port designator in VPD 0x83").isPositive();
        assertThat(group).as("target port group designator in VPD 0x83").isPositive();
        return new TargetPortDesignators(wwpn, rel, group);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
