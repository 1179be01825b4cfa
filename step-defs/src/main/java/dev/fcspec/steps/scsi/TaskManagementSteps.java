package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpConstants;
import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.steps.san.PortRef;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

/** Task management functions carried in FCP_CMND and answered in FCP_RSP_INFO. */
public class TaskManagementSteps {
    private final ScsiHosts hosts;

    public TaskManagementSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @When("{port} resets LUN {lun} through {port}")
    public void lunReset(PortRef host, Integer lun, PortRef array) {
        hosts.run(host, "LOGICAL UNIT RESET", hosts.initiator(host).taskManagement(hosts.addressOf(array), lun,
                FcpConstants.TMF_LUN_RESET));
    }

    @Then("the task management function of {port} completes")
    public void tmfComplete(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().rspCode()).as("FCP_RSP_INFO RSP_CODE").hasValue(FcpConstants.RSP_CODE_TMF_COMPLETE);
    }

    @Then("the task management function of {port} is refused for an incorrect LUN")
    public void tmfIncorrectLun(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().rspCode()).as("FCP_RSP_INFO RSP_CODE").hasValue(FcpConstants.RSP_CODE_TMF_INCORRECT_LUN);
    }
}
