package dev.fcspec.steps.scsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fcspec.emulator.fcp.FcpResult;
import dev.fcspec.emulator.scsi.ScsiStatus;
import dev.fcspec.emulator.scsi.SenseData;
import dev.fcspec.steps.san.PortRef;
import dev.fcspec.steps.support.Sense;
import io.cucumber.java.en.Then;

/** What the target answered: status, sense, residuals. */
public class ScsiStatusSteps {
    private final ScsiHosts hosts;

    public ScsiStatusSteps(ScsiHosts hosts) {
        this.hosts = hosts;
    }

    @Then("the command of {port} completes with status {status}")
    public void status(PortRef host, Integer status) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).as("SCSI status of %s's last command (sense: %s)", host,
                Sense.of(r.sense()).map(Sense::describe).orElse("none")).isEqualTo(status);
    }

    @Then("{port} gets CHECK CONDITION with sense key {senseKey} and {asc}")
    public void checkCondition(PortRef host, Integer key, Integer asc) {
        FcpResult r = hosts.last(host);
        assertThat(r.status()).as("status").isEqualTo(ScsiStatus.CHECK_CONDITION);
        SenseData sense = Sense.of(r.sense())
                .orElseThrow(() -> new AssertionError("FCP_RSP carries no sense (FCP_SNS_LEN_VALID clear)"));
        assertThat(Sense.keyName(sense.senseKey())).as("sense key (%s)", sense).isEqualTo(Sense.keyName(key));
        assertThat(Sense.ascName(sense.ascAscq())).as("ASC/ASCQ (%s)", sense).isEqualTo(Sense.ascName(asc));
    }

    @Then("the FCP_RSP to {port} reports an underrun of {int} bytes")
    public void underrun(PortRef host, int bytes) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().residUnder()).as("FCP_RESID_UNDER").isTrue();
        assertThat(r.response().residual()).as("FCP_RESID").isEqualTo(bytes);
    }

    @Then("the FCP_RSP to {port} reports no residual")
    public void noResidual(PortRef host) {
        FcpResult r = hosts.last(host);
        assertThat(r.response().residUnder() || r.response().residOver()).as("residual flags").isFalse();
    }
}
