package dev.fcspec.steps.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.bench.Endpoint;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.port.LportState;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.VirtualPort;
import dev.fcspec.emulator.port.VportState;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.FcId;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import dev.fcspec.steps.support.Sense;
import dev.fcspec.steps.scsi.Cdbs;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Hosts reading and writing through virtual (NPIV) proxy ports of the appliance nodes. */
public class HostIoSteps {
    private static final int BLOCK = 512;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final Cluster cluster;
    private final San san;
    private final Map<Wwn, VirtualPort> vports = new HashMap<>();
    private final Map<String, FcpResult> last = new HashMap<>();

    public HostIoSteps(Cluster cluster) {
        this.cluster = cluster;
        this.san = cluster.san();
    }

    @Given("{word} has a virtual proxy port {wwn} on its port {word}, logged in to the fabric")
    public void virtualProxyPort(String node, Wwn wwpn, String port) {
        NPort physical = san.bench().nPort(new Endpoint(node, port));
        VirtualPort v = cluster.node(node).addVirtualPort(physical, wwpn, physical.nodeName(), true);
        v.enable();
        san.await("virtual port " + wwpn + " of " + node + " active", () -> v.vportState() == VportState.ACTIVE,
                San.PROMPTLY);
        vports.put(wwpn, v);
    }

    @Given("{port} has scanned the LUNs of the virtual port {wwn}")
    public void scanned(PortRef host, Wwn wwpn) {
        loggedIn(host, wwpn);
        var ini = san.bench().fcpInitiator(san.endpoint(host));
        FcId at = vport(wwpn).fcId();
        byte[] cdb = new byte[12];
        cdb[0] = (byte) 0xA0;
        cdb[8] = 0x10;
        FcpResult luns = san.complete("REPORT LUNS", ini.read(at, 0, cdb, 4096), DEADLINE);
        assertThat(luns.status()).as("REPORT LUNS through the virtual port").isEqualTo(ScsiStatus.GOOD);
        byte[] d = luns.data();
        for (int i = 8; i + 8 <= d.length; i += 8) {
            long lun = ((d[i] & 0x3F) << 8) | (d[i + 1] & 0xFF);
            FcpResult tur = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                tur = san.complete("TEST UNIT READY", ini.command(at, lun, new byte[6]), DEADLINE);
                if (tur.status() == ScsiStatus.GOOD) {
                    break;
                }
            }
            assertThat(tur.status()).as("TEST UNIT READY of LUN %s through the virtual port", lun)
                    .isEqualTo(ScsiStatus.GOOD);
        }
    }

    @Given("{port} has logged in to the virtual port {wwn} for SCSI")
    public void loggedIn(PortRef host, Wwn wwpn) {
        NPort h = san.nPort(host);
        if (h.state() != LportState.READY) {
            san.bringUp(host);
        }
        RemotePort r = san.complete(host + " PLOGI and PRLI to " + wwpn, h.login(vport(wwpn).fcId()), San.PROMPTLY);
        assertThat(r.imagePair(FcType.FCP)).as("FCP image pair with the virtual port").isPresent();
    }

    @When("{port} writes {int} blocks of pattern {word} at LBA {long} of LUN {lun} through the virtual port {wwn}")
    public void write(PortRef host, int blocks, String pattern, long lba, Integer lun, Wwn wwpn) {
        run(host, () -> san.bench().fcpInitiator(san.endpoint(host)).write(vport(wwpn).fcId(), lun,
                Cdbs.write16(lba, blocks), pattern(pattern, blocks * BLOCK)));
    }

    @When("{port} reads {int} blocks at LBA {long} of LUN {lun} through the virtual port {wwn}")
    public void read(PortRef host, int blocks, long lba, Integer lun, Wwn wwpn) {
        run(host, () -> san.bench().fcpInitiator(san.endpoint(host)).read(vport(wwpn).fcId(), lun,
                Cdbs.read16(lba, blocks), blocks * BLOCK));
    }

    @Then("{port} reads back pattern {word} through the virtual port")
    public void readsBack(PortRef host, String pattern) {
        FcpResult r = result(host);
        assertThat(r.status()).as("status").isEqualTo(ScsiStatus.GOOD);
        assertThat(r.data().length).isPositive();
        assertThat(Arrays.equals(r.data(), pattern(pattern, r.data().length))).as("data read back is pattern %s",
                pattern).isTrue();
    }

    @Then("the command of {port} through the virtual port completes with status GOOD")
    public void good(PortRef host) {
        assertThat(result(host).status()).as("status").isEqualTo(ScsiStatus.GOOD);
    }

    private void run(PortRef host, java.util.function.Supplier<java.util.concurrent.CompletableFuture<FcpResult>> f) {
        FcpResult r = san.complete(host + " command", f.get(), DEADLINE);
        if (Sense.isUnitAttention(r.status(), r.sense())) {
            // UNIT ATTENTION (a logical unit that moved to another node): the host's SCSI layer retries once.
            r = san.complete(host + " command, retried after UNIT ATTENTION", f.get(), DEADLINE);
        }
        last.put(host.toString(), r);
    }

    private FcpResult result(PortRef host) {
        FcpResult r = last.get(host.toString());
        if (r == null) {
            throw new IllegalStateException(host + " sent no command through a virtual port");
        }
        return r;
    }

    private VirtualPort vport(Wwn wwpn) {
        VirtualPort v = vports.get(wwpn);
        if (v == null) {
            throw new IllegalStateException("no virtual proxy port " + wwpn + " was created in this scenario");
        }
        return v;
    }

    /** The same bytes the SCSI block I/O steps use for a named pattern. */
    static byte[] pattern(String name, int length) {
        byte[] b = new byte[length];
        int seed = name.hashCode();
        for (int i = 0; i < length; i++) {
            seed = seed * 1103515245 + 12345;
            b[i] = (byte) (seed >>> 16);
        }
        return b;
    }
}
