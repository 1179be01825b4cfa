package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpCmnd;
import dev.fcspec.emulator.fcp.FcpConstants;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.scsi.TaskAttribute;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** Commands a target must refuse, and how it refuses them. */
public class BadCommandSteps {
    private final ScsiHosts hosts;

    public BadCommandSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @When("{port} sends a command with the unsupported operation code {word} to LUN {lun} through {port}")
    public void unsupportedOpcode(PortRef host, String opcode, Integer lun, PortRef array) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) Integer.decode(opcode).intValue();
        hosts.run(host, "command " + opcode, hosts.initiator(host).command(hosts.addressOf(array), lun, cdb));
    }

    @When("{port} sends a READ\\(16) with a reserved bit set in byte 1 to LUN {lun} through {port}")
    public void reservedBit(PortRef host, Integer lun, PortRef array) {
        byte[] cdb = Cdbs.read16(0, 1);
        cdb[1] = 0x01;
        hosts.run(host, "READ(16)", hosts.initiator(host).read(hosts.addressOf(array), lun, cdb, 512));
    }

    @When("{port} sends an FCP_CMND with a reserved task attribute to LUN {lun} through {port}")
    public void reservedTaskAttribute(PortRef host, Integer lun, PortRef array) {
        byte[] cmnd = FcpCmnd.command(lun, Cdbs.read16(0, 1), TaskAttribute.SIMPLE, true, false, 512).encode();
        cmnd[9] = 3;
        hosts.run(host, "FCP_CMND", hosts.initiator(host).sendRaw(hosts.addressOf(array), cmnd, 512, null));
    }

    @Then("{port} gets an FCP_RSP saying the FCP_CMND fields are invalid")
    public void cmndFieldsInvalid(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().rspCode()).as("RSP_CODE").hasValue(FcpConstants.RSP_CODE_CMND_FIELDS_INVALID);
    }
}
