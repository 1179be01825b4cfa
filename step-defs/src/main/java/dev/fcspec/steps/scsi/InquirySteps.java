package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.wire.Wwn;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Identifying logical units: INQUIRY, VPD pages, REPORT LUNS, READ CAPACITY. */
public class InquirySteps {
    private final ScsiHosts hosts;

    public InquirySteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @When("{port} sends INQUIRY to LUN {lun} through {port}")
    public void inquiry(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "INQUIRY", hosts.initiator(host).read(hosts.addressOf(array), lun,
                Cdbs.inquiry(false, 0, 96), 96));
    }

    @When("{port} asks LUN {lun} through {port} for its device identification page")
    public void deviceIdentification(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "INQUIRY VPD 0x83", hosts.initiator(host).read(hosts.addressOf(array), lun,
                Cdbs.inquiry(true, 0x83, 512), 512));
    }

    @When("{port} sends REPORT LUNS through {port}")
    public void reportLuns(PortRef host, PortRef array) {
        hosts.run(host, "REPORT LUNS", hosts.initiator(host).read(hosts.addressOf(array), 0,
                Cdbs.reportLuns(4096), 4096));
    }

    @When("{port} reads the capacity of LUN {lun} through {port}")
    public void readCapacity(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "READ CAPACITY(16)", hosts.initiator(host).read(hosts.addressOf(array), lun,
                Cdbs.readCapacity16(), 32));
    }

    @Then("{port} sees a direct-access block device from vendor {string}")
    public void directAccess(PortRef host, String vendor) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        byte[] d = r.data();
        assertThat(d.length).as("standard INQUIRY data").isGreaterThanOrEqualTo(36);
        assertThat(d[0] & 0x1F).as("peripheral device type").isZero();
        assertThat(d[2] & 0xFF).as("VERSION (SPC-4 or later)").isGreaterThanOrEqualTo(0x06);
        assertThat(new String(d, 8, 8, StandardCharsets.US_ASCII).trim()).as("T10 VENDOR IDENTIFICATION")
                .isEqualTo(vendor);
    }

    @Then("the page names the logical unit with an NAA identifier and {port} as the target port")
    public void namesTargetPort(PortRef array) {
        FcpResult r = hosts.last(hostOf());
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        byte[] d = r.data();
        assertThat(d[1] & 0xFF).as("page code").isEqualTo(0x83);
        boolean luNaa = false;
        boolean relativePort = false;
        List<String> targetPortNames = new ArrayList<>();
        int end = Math.min(d.length, 4 + ((d[2] & 0xFF) << 8 | d[3] & 0xFF));
        for (int at = 4; at + 4 <= end; at += 4 + (d[at + 3] & 0xFF)) {
            int codeSet = d[at] & 0x0F;
            int association = (d[at + 1] & 0x30) >>> 4;
            int type = d[at + 1] & 0x0F;
            int len = d[at + 3] & 0xFF;
            if (association == 0 && type == 3) {
                luNaa = true;
            }
            if (association == 1 && type == 4) {
                relativePort = true;
            }
            if (association == 1 && type == 3 && codeSet == 1 && len == 8) {
                targetPortNames.add(Wwn.readFrom(d, at + 4).toString());
            }
            if (association == 1 && type == 8) {
                targetPortNames.add(new String(d, at + 4, len, StandardCharsets.UTF_8).trim().replace("\0", ""));
            }
        }
        assertThat(luNaa).as("logical unit NAA designator").isTrue();
        assertThat(relativePort).as("relative target port designator").isTrue();
        String wwpn = hosts.san().nPort(array).portName().toString();
        assertThat(targetPortNames).as("target port designators").anyMatch(n -> n.equalsIgnoreCase(wwpn)
                || n.replace(":", "").toLowerCase().contains(wwpn.replace(":", "")));
    }

    @Then("{port} sees LUNs {lunList}")
    public void seesLuns(PortRef host, List<Long> luns) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        assertThat(FcpSessionSteps.reportedLuns(r.data())).containsExactlyInAnyOrderElementsOf(luns);
    }

    @Then("{port} sees a capacity of {long} blocks of {int} bytes")
    public void capacity(PortRef host, long blocks, int blockSize) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).isEqualTo(ScsiStatus.GOOD);
        byte[] d = r.data();
        long last = 0;
        for (int i = 0; i < 8; i++) {
            last = last << 8 | (d[i] & 0xFF);
        }
        int size = (d[8] & 0xFF) << 24 | (d[9] & 0xFF) << 16 | (d[10] & 0xFF) << 8 | d[11] & 0xFF;
        assertThat(last + 1).as("blocks").isEqualTo(blocks);
        assertThat(size).as("LOGICAL BLOCK LENGTH").isEqualTo(blockSize);
    }

    @io.cucumber.java.ParameterType(name = "lunList", value = "\\d+(?:(?:, | and )\\d+)*")
    public List<Long> lunList(String text) {
        List<Long> out = new ArrayList<>();
        for (String p : text.split(",| and ")) {
            if (!p.isBlank()) {
                out.add(Long.parseLong(p.trim()));
            }
        }
        return out;
    }

    private PortRef hostOf() {
        return hosts.lastAsker();
    }
}
