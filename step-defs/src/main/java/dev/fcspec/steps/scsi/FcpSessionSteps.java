package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.port.NPort;
import dev.fcspec.emulator.port.RemotePort;
import dev.fcspec.emulator.port.els.ServiceParameterPage;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.FcType;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.san.San;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;

/** A host's FCP session with a storage port: login, process login, LUN scan. */
public class FcpSessionSteps {
    private final ScsiHosts hosts;
    private final San san;

    public FcpSessionSteps(ScsiHosts hosts) {
        this.hosts = hosts;
        this.san = hosts.san();
    }

    @Given("{port} has logged in to {port} for SCSI")
    public void loggedInForScsi(PortRef host, PortRef array) {
        NPort h = readyPort(host);
        NPort a = readyPort(array);
        RemotePort target = san.complete(host + " PLOGI and PRLI to " + array, h.login(a.fcId()), San.PROMPTLY);
        assertThat(target.imagePair(FcType.FCP)).as("FCP image pair of %s with %s", host, array).isPresent();
        assertThat(target.isFcpTarget()).as("%s offers the FCP target function", array).isTrue();
    }

    @Given("{port} has scanned the LUNs of {port}")
    public void scanned(PortRef host, PortRef array) {
        loggedInForScsi(host, array);
        // As a host's SCSI mid-layer does: REPORT LUNS on LUN 0, then TEST UNIT READY on each LUN until the
        // power-on unit attention has been reported.
        FcpResult luns = hosts.run(host, "REPORT LUNS", hosts.initiator(host)
                .read(hosts.addressOf(array), 0, Cdbs.reportLuns(4096), 4096));
        if (luns.status() == ScsiStatus.CHECK_CONDITION) {
            luns = hosts.run(host, "REPORT LUNS", hosts.initiator(host)
                    .read(hosts.addressOf(array), 0, Cdbs.reportLuns(4096), 4096));
        }
        assertThat(luns.status()).as("REPORT LUNS status").isEqualTo(ScsiStatus.GOOD);
        for (long lun : reportedLuns(luns.data())) {
            FcpResult tur = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                tur = hosts.run(host, "TEST UNIT READY", hosts.initiator(host)
                        .command(hosts.addressOf(array), lun, Cdbs.testUnitReady()));
                if (tur.status() == ScsiStatus.GOOD) {
                    break;
                }
            }
            assertThat(tur.status()).as("LUN %d ready", lun).isEqualTo(ScsiStatus.GOOD);
        }
    }

    @Then("{port} has an FCP image pair with {port} as initiator and target")
    public void imagePair(PortRef host, PortRef array) {
        RemotePort target = san.nPort(host).remotePort(hosts.addressOf(array)).orElseThrow(
                () -> new AssertionError(host + " has no session with " + array));
        ServiceParameterPage page = target.imagePair(FcType.FCP).orElseThrow(
                () -> new AssertionError(host + " has no FCP image pair with " + array));
        assertThat(page).isNotNull();
        assertThat(target.isFcpTarget()).isTrue();
        RemotePort initiator = san.nPort(array).remotePort(san.nPort(host).fcId()).orElseThrow();
        assertThat(initiator.isFcpInitiator()).as("%s sees %s as an FCP initiator", array, host).isTrue();
    }

    static List<Long> reportedLuns(byte[] data) {
        List<Long> out = new ArrayList<>();
        if (data.length < 8) {
            return out;
        }
        int length = (data[0] & 0xFF) << 24 | (data[1] & 0xFF) << 16 | (data[2] & 0xFF) << 8 | data[3] & 0xFF;
        for (int at = 8; at + 8 <= Math.min(data.length, 8 + length); at += 8) {
            int method = (data[at] & 0xC0) >>> 6;
            out.add(method == 1 ? ((data[at] & 0x3FL) << 8 | data[at + 1] & 0xFF) : data[at + 1] & 0xFFL);
        }
        return out;
    }

    private NPort readyPort(PortRef ref) {
        NPort p = san.nPort(ref);
        if (p.state() != dev.fcspec.emulator.port.LportState.READY) {
            p = san.bringUp(ref);
        }
        assertThat(p.state()).as("%s logged in", ref).isEqualTo(dev.fcspec.emulator.port.LportState.READY);
        return p;
    }
}
